"""Exclusion (p. 20): obscene words, insults aimed at people and threats never become work."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from _default_classifier import default_classifier

from classifier.exclusion import ExclusionRules
from classifier.lexicon import Lexicon
from classifier.normalize import lemmatize, normalize
from classifier.rules import RulesError


def _excluded(text: str) -> str | None:
    return default_classifier().classify(text).excluded


@pytest.mark.parametrize("text", [
    "это пиздец а не дорога",
    "опять свет вырубили блять",
    "х*й вам а не ремонт",
    "бл@ть сколько можно",
    "п№здец какой-то",
    "пи3дец полный",
    "пиzдец с водой",
    "xyйня а не работа",
    "администрация вообще oxуела",
    "б л я т ь опять нет воды",
    "х у й пройдёшь мимо магазина",
    "п и з д е ц",
    "заеб@ли уже",
    "ёб@ный стыд",
    "нихуя не делают",
    "еп твою мать сколько можно",
    "х.у.й знает когда дадут",
    "бл*дская работа",
    "6лять опять",
    "ну nahuy такое",
])
def test_obscene_roots_in_disguise(text: str) -> None:
    """Masked, look-alike, digit, dotted, spaced and latin spellings of obscene roots are caught."""
    assert _excluded(text) == "obscene"


@pytest.mark.parametrize("text", [
    "не надо оскорблять людей",
    "хлебать эту воду невозможно",
    "употреблять такое нельзя",
    "корабль с продуктами пришёл",
    "цена сто рублей",
    "ребята помогите",
    "психолог в школе раз в месяц",
    "страхуйте дома от пожара",
    "колебаться нечего",
    "себя не жалеют",
    "мандарины привезли",
    "учебный год начался",
    "ансамбль выступил",
    "блин опять света нет",
    "хрен кто вывозит мусор",
    "безобразие, позор, бардак, достали уже",
    "соседский козёл залез в огород",
    "медведя надо отстрелить",
    "сабля на гербе",
    "на небе ни облачка",
    "я в восторге!удачи всем",
])
def test_look_alikes_and_civic_anger_are_not_excluded(text: str) -> None:
    """Words that only contain obscene-looking letters, and strong civic words, are not excluded."""
    assert _excluded(text) is None


@pytest.mark.parametrize("text", [
    "в администрации сидят одни идиоты",
    "глава района дебил",
    "продавщица тупая корова",
    "вы там все клоуны",
    "ты козёл а не начальник",
    "на ДЭС сидят одни бараны",
    "д.бил ты а не водитель",
    "кассирша неряха, халат грязный, сдачу кидает",
    "опять бичи у магазина клянчат на опохмел, участковый где",
])
def test_insults_aimed_at_people(text: str) -> None:
    """Insulting words aimed at people are `insult`."""
    assert _excluded(text) == "insult"


def test_insulting_adjective_about_a_situation_is_not_an_insult() -> None:
    """«идиотская ситуация» is about a situation, not a person."""
    assert _excluded("идиотская ситуация с водой") is None


@pytest.mark.parametrize("text", [
    "найду и ноги переломаю",
    "сожжём дом главы если опять ничего не сделают",
    "мы знаем где ты живёшь",
    "если ещё раз обвесит, я его магазин подожгу",
    "урою эту фельдшерицу",
    "его машина сгорит, а там посмотрим",
    "придём к начальнику домой и разберёмся по-мужски, мало не покажется",
    "Я человек терпеливый, но после третьего раза за себя не отвечаю",
    "[id2290|Виталий Олегович] готовь себе гроб",
    "Моли бога, электрик, чтобы мы с тобой не встретились",
])
def test_threats(text: str) -> None:
    """A threat to an official or the writer's intent to harm someone is `threat`."""
    assert _excluded(text) == "threat"


def test_report_of_someone_elses_threat_is_not_excluded() -> None:
    """Reporting a drunk neighbour's threats is a safety complaint, not the writer's threat."""
    assert _excluded("пьяный сын соседки орёт что перережет всю семью, вызовите полицию") is None


def test_precedence_threat_over_obscene_over_insult() -> None:
    """With several reasons: threat > obscene > insult."""
    assert _excluded("бл@ть, идиоты, найду и ноги переломаю") == "threat"
    assert _excluded("идиоты бл@ть") == "obscene"


def test_excluded_message_still_gets_other_labels() -> None:
    """An excluded message is still labelled with its civic problem."""
    labels = default_classifier().classify("на Заречной дорога пиздец, ямы по колено")
    assert labels.excluded == "obscene"
    assert labels.topic == "roads"
    assert labels.location == "sobolevo"
    assert any(r.startswith("excluded:obscene:") for r in labels.rules)


# --- threat constructions generated from rules/threats.yaml word lists -----------------------------

def _threat_rules(**threat: list[str]):  # type: ignore[no-untyped-def]
    """A classifier-free check: only the given threat lists, compiled the way the service does."""
    lex = Lexicon()
    rules = ExclusionRules.compile({"obscene": {}, "threat": dict(threat)}, lex, lemmatize)

    def excluded(text: str) -> str | None:
        norm = normalize(text)
        return rules.decide(text, lex.match(norm.tokens, norm.lemmas), None, norm.tokens, norm.lemmas).excluded
    return excluded


@pytest.mark.parametrize(("threat", "message"), [
    ({"harm_verbs": ["сжечь"], "thing_verbs": ["спалить"]}, "threat.thing_verbs: 'спалить' is not in harm_verbs"),
    ({"wish_verbs": ["сгореть"], "wish_to": ["мы"]}, "threat.wish_to: 'мы' is not one of"),
    ({"veiled_kin": ["дети"]}, "threat.veiled_kin: used with veiled_warnings, which is empty"),
    ({"harm_aimed_at": ["тебя"]}, "threat.harm_aimed_at: used with harm_verbs, which is empty"),
    ({"consequence_verbs": "поплакать"}, "threat.consequence_verbs: must be a list of non-empty strings"),
    ({"harm_verbs": ["сжечь"], "harm_objects": ["принтер*"]},
     "threat.harm_objects: 'принтер*' must be one word as written (no stem*, no phrase)"),
])
def test_threat_lists_are_checked(threat: dict[str, object], message: str) -> None:
    """A threat list that cannot work stops start-up with one line naming the key."""
    with pytest.raises(RulesError, match=re.escape(f"threats.yaml: {message}")):
        _threat_rules(**threat)  # type: ignore[arg-type]


def test_thing_verb_wish_and_aimed_harm() -> None:
    """«сжечь бы эту свалку» is about rubbish, «сжечь бы их» is not; «я тебя сожгу» beside rubbish still is."""
    excluded = _threat_rules(harm_verbs=["сжечь"], thing_verbs=["сжечь"], persons=["их", "эту"],
                             harm_unless=["мусор"], harm_aimed_at=["тебя"])
    assert excluded("сжечь бы эту свалку") is None
    assert excluded("сжечь бы их всех") == "threat"
    assert excluded("мусор привёз опять, сам сожгу") is None
    assert excluded("мусор привёз опять, я тебя сожгу") == "threat"


def test_curse_agrees_with_the_person() -> None:
    """«чтоб ты сгорел» curses the reader; «чтобы вы знали, дом сгорел» is news; «чтоб не сгорел» a wish."""
    excluded = _threat_rules(wish_verbs=["сгореть", "передохли"], wish_to=["ты", "вы"])
    assert excluded("чтоб ты сгорел со своей конторой") == "threat"
    assert excluded("чтоб вы все передохли") == "threat"
    assert excluded("чтобы вы знали, вчера дом сгорел") is None
    assert excluded("берегите себя, чтобы ты не сгорел на работе") is None


def test_consequence_needs_the_writer() -> None:
    """«ты у меня ещё поплачешь» is a promise; «у меня дети плачут» is a complaint."""
    excluded = _threat_rules(consequence_verbs=["поплакать"])
    assert excluded("ты у меня ещё поплачешь") == "threat"
    assert excluded("этот мастер у меня ещё поплачет") == "threat"
    assert excluded("у меня дети плачут от холода") is None


def test_body_part_aimed_at_someone_survives_a_road_complaint() -> None:
    """A fall word vetoes «голову сломаю», not «тебе, глава, голову откручу» in a long complaint."""
    excluded = _threat_rules(body_parts=["голова", "нога"], body_verbs=["открутить", "сломать"],
                             body_unless=["дорога", "лед"], body_aimed_at=["тебе"])
    assert excluded("на этой дороге голову сломаю") is None
    assert excluded("Дорога вся в ямах, лёд не чистят. Ещё раз так, и я тебе, глава, голову откручу") == "threat"


def test_veiled_family_warning_but_not_empathy() -> None:
    """«у главы дети в школу ходят, пусть подумает об этом» warns; «у главы тоже дети …» appeals."""
    excluded = _threat_rules(veiled_owners=["у ... главы", "твой"], veiled_kin=["дети"],
                             veiled_warnings=["!подумает !об !этом", "!береги"], veiled_unless=["у ... !тоже"])
    assert excluded("У главы дети в школу ходят, пусть подумает об этом") == "threat"
    assert excluded("детей твоих береги, мастер") == "threat"
    assert excluded("у главы тоже дети, пусть подумает об этом") is None
    assert excluded("у главы дети в школу ходят по темноте") is None


@pytest.mark.parametrize("text", [
    "<p>Хотелось бы что бы появилось расписание автобусов и название остановки а также урна.&nbsp;</p>",
    "<p>Старая дорога не ремонтировалась более 20 лет, вся дорога в ямах.&nbsp;</p>",
    "Когда починят фонари &quot;у школы&quot;? Темно же &amp; скользко",
])
def test_html_entities_and_tags_are_not_disguised_words(text: str) -> None:
    """Appeal portals and feeds send HTML: «&nbsp;» after a word is a space, not a masked letter."""
    assert _excluded(text) is None


def test_an_insult_inside_html_is_still_excluded() -> None:
    assert _excluded("<p>вы&nbsp;дебилы, когда дорогу почистите?</p>") == "insult"


@pytest.mark.parametrize("text", [
    "Учительница регулярно оскорбляет детей, называет их “дураками”, “дебилами”, примите меры",
    "Водитель автобуса обозвал мою дочь дурой при всех, разберитесь пожалуйста",
    "сосед кричит на детей идиоты и бездари, а участковый не приходит",
])
def test_an_insult_someone_else_is_reported_to_use_is_a_complaint(text: str) -> None:
    """«называет их “дураками”»: the writer complains about the name-caller and must be answered."""
    assert _excluded(text) is None


@pytest.mark.parametrize("text", [
    "называет их дураками, а вы дебилы молчите",
    "Учительница обзывает детей, а директор просто дурак и бездарь",
])
def test_the_writer_s_own_insult_next_to_a_reported_one_still_counts(text: str) -> None:
    assert _excluded(text) == "insult"


@pytest.mark.parametrize(("text", "excluded"), [
    ("Лицемеры, на Дне посёлка руки жмёте, а после выборов трубку не берёте", "insult"),
    ("Взяточники, а не комиссия. Дом признали пригодным, а стена в трещинах", "insult"),
    ("Лицемеры на Дне посёлка были, а трубку так никто и не взял", None),
    ("Комиссия: лицемеры, взяточники, кто там ещё был", None),
])
def test_a_word_that_may_insult_opening_the_message_as_an_address_is_aimed(text: str, excluded: str | None) -> None:
    """«Лицемеры, …» addresses the reader; the same word elsewhere still needs a person near it."""
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("брехуны из РЭС сказали свет дадут в шесть, уже одиннадцать", "insult"),
    ("Полудурки с рыбокомбината вываливают отходы прямо на берег", "insult"),
    ("козел из соседнего двора опять залез в огород", None),
    ("Мошенники, представляясь сотрудниками банка, звонят пенсионерам", None),
])
def test_a_word_that_may_insult_said_of_where_people_are_from_is_aimed(text: str, excluded: str | None) -> None:
    """«брехуны из РЭС» are the people of a service; an animal or an offender named so is not an insult."""
    assert _excluded(text) == excluded


def test_a_learned_threat_outranks_an_insult_in_the_same_message() -> None:
    """threat > obscene > insult holds for the learned weights too: the label decides who is told (p. 20)."""
    labels = default_classifier().classify("подожди, дойдут руки и до тебя, гнида")
    assert labels.excluded == "threat"
    assert any(rule.startswith("exclusion:threat:model=") for rule in labels.rules)


@pytest.mark.parametrize(("text", "excluded"), [
    ("Я дура, забыла квитанцию за воду дома, можно оплатить без неё?", None),
    ("Вот я лопух, оплатил свет за соседа по ошибке. Можно вернуть платёж?", None),
    ("я конечно идиот, что поверил подрядчику на слово, теперь крыша течёт", None),
    ("Я же дура, отдала паспорт в окошко и ушла без расписки", None),
    ("Комментатор опять учит всех жить, а сам нищеброд, который дрова у соседей таскает", "insult"),
    ("я считаю, что ты дура и бездарь", "insult"),
])
def test_the_writer_calling_themselves_a_name_is_not_an_insult(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("бараны из отдела ЖКХ который месяц водокачку починить не могут", "insult"),
    ("свиньи из администрации опять бумажки перекладывают", "insult"),
    ("соседский козел из соседнего двора опять залез в огород", None),
    ("В дурака в клубе мужики каждый вечер играют, а в спортзале холодно", None),
    ("шкуру медвежью сдал, мясо соседям раздал, где теперь приёмка пушнины?", None),
    ("ты шкура продажная, а не депутат", "insult"),
])
def test_an_animal_from_an_office_is_an_insult_and_a_game_or_a_hide_is_not(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("машины носятся без тормозов, уже писали директору школы, тишина", None),
    ("Вы там все в администрации тормоза или прикидываетесь?", "insult"),
    ("ты тормоз, директор, третий месяц не можешь трубу поменять", "insult"),
])
def test_brakes_are_not_a_slow_person(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("ппииииздец с этими рейсами, билеты не купить", "obscene"),
    ("бляяяять опять свет вырубили", "obscene"),
    ("ооочень долго ждём автобус, дааа", None),
    ("ссссылка на расписание не открывается", None),
])
def test_letters_held_for_emphasis_do_not_hide_an_obscene_word(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize("name", ["exclusion-examples.csv", "exclusion-dev.csv", "exclusion-dev-11.csv",
                                  "exclusion-examples-12.csv", "exclusion-examples-13.csv",
                                  *(f"exclusion-examples-{n}.csv" for n in range(15, 146))])
def test_comments_written_blind_meet_the_exclusion_targets(name: str) -> None:
    """Development sets written blind (tests/data/README.md): blind sets 4 and 5 (320 comments, a
    quarter each threats, obscene, insults and clean look-alikes), 7 to 10 (780 comments) and 11
    (200 comments, mostly veiled threats and rare insults) and 12 (220 comments, insults of a wide
    vocabulary and their look-alikes) and 13 (150 comments: terse and veiled threats, insults, violent
    idioms of games and sports) and 15 (160 comments: threats in slang, proverbs and jokes, games,
    films and lawful anger as look-alikes), 16 (150 terse thread replies: veiled threats and their
    heated look-alikes), 17 (160 civic messages, 40 of each class, no abusive word twice), 18 (140
    long formal letters of older residents), 19 (160 comments from fishing and hunting settlements)
    20 (160 complaints with the abuse woven in), 21 (160 civic messages, 40 of each class), 22 (150
    heated thread replies, slang and emoji), 23 (160, surnames like «Козлов» beside insults), 24
    (160 civic messages, 40 of each class), 25 (160, 60 veiled threats in as many framings), 26 (160
    complaints with the abuse woven in), 27 (160 terse thread replies), 28 (160 civic messages, 40 of
    each class), 29 (160 neighbours' disputes), 30 (160 older residents' posts), 31 (160 young
    residents' replies in slang), 32 (160 replies under the administration's posts), 33 (160
    messages of a settlement's work chat), 34 (160 women's posts on Odnoklassniki), 35 (160
    one-line reactions), 36 (160 comments of a regional news channel), 37 (160 anonymous
    «Подслушано» posts), 38 (160 election comments), 39 (160 hunters' and fishermen's posts),
    40 (160 replies to the emergency dispatch), 41 (160 comments on the housing company's posts)
    42 (160 comments on the school and the kindergarten), 43 (160 long letters that turn angry),
    44 (160 comments written as heard), 45 (160 relatives' comments from far away), 46 (160 comments on
    the House of Culture's and the sports committee's posts), 47 (160 passengers' comments), 48 (160
    comments of a village marketplace group), 49 (160 voice messages turned into text), 50 (160 comments
    on the hospital's notices), 51 (160 lines of a fish-factory workers' chat), 52 (160 comments on
    winter roads), 53 (160 comments on local politics and money), 54 (160 comments on pensions and
    subsidies), 55 (teenagers), 56 (stray dogs, bears, cattle), 57 (power and heating in winter), 58-61
    (garages, a dacha partnership, the crime chronicle, hot springs), 62-65 (a rubbish tariff, fleet
    veterans, a block of flats, a parish), 66-69 (volunteer firemen, the district paper, the library and
    the museum, shift workers), 70-73 (pet owners, a fish fair, taxi drivers, the head's report), 74-77 (a
    wedding, the cemetery, gamers, mobile outages), 78-81 (an amateur sports league, resettlement from
    dilapidated houses, young mothers, newcomers building guest houses), 82-85 (builders for hire, a playground
    vote, former classmates, search and rescue), 86-89 (a bathhouse, a New Year celebration, a petrol station,
    a dating group), 90-93 (a youth labour brigade, a village elder's election, rubbish in the forest, a
    bakery), 94-97 (a graduation ball, a hairdresser, a winter fishing contest, a barrack house), 98-101
    (stolen bicycles, beekeepers, a pharmacy closing, a bridge repair), 102-105 (a spring flood, a school
    canteen, a choir and theatre, recycling bins), 106-109 (a street's snow and parking chat, hunters and
    fishermen, the village council's meeting, a buy-and-sell group), 110-113 (older residents on the heating
    season, a school parents' chat, the police officer's posts, a fish factory's dormitory), 114-117 (sled-dog
    drivers, the river crossing's fare, rooms to rent, volunteers for old people), 118-121 (football fans
    after a lost match, catching stray dogs, mothers at the clinic, a drunk driver's crash on the winter
    road), 122-125 (pensioners, the village shop's debts, a phone tower by the school, a shared septic
    tank), 126-129 (a school play's roles, hunting dogs, the post office, snow ploughs at night), 130-133 (a
    rubbish fee, salmon fishermen, a settlement's election, a youth club and a skate park), 134-137 (the
    hospital and the ambulance, a dog that bit a child, a fish plant's seasonal workers, the governor's
    visit), 138-145 (a winter road closed, neighbours, pensions, poaching raids, firewood permits, the school,
    coal heating, a drunk driver's court case): recall >= 0.95 at precision >= 0.90."""
    path = Path(__file__).resolve().parents[1] / "data" / name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(row["text"], row["excluded"] or None) for row in csv.DictReader(handle)]
    said = [(_excluded(text), gold) for text, gold in rows]
    caught = sum(1 for got, gold in said if got and gold)
    alarms = sum(1 for got, gold in said if got and not gold)
    assert caught / sum(1 for _, gold in said if gold) >= 0.95
    assert caught / (caught + alarms) >= 0.90
    assert sum(1 for got, gold in said if got == gold) >= 0.95 * len(rows)


def test_comments_never_tuned_on_are_mostly_excluded_without_false_alarms() -> None:
    """tests/data/exclusion-holdout.csv was written blind and is never read by rules work or
    training: a floor under the measured recall, 0.911 at 0.976 precision at first, 0.967 at 0.978
    with the threat weights trained on blind sets 15 to 25 (the issue's target is 0.95), against
    regressions."""
    path = Path(__file__).resolve().parents[1] / "data" / "exclusion-holdout.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(row["text"], row["excluded"] or None) for row in csv.DictReader(handle)]
    said = [(_excluded(text), gold) for text, gold in rows]
    caught = sum(1 for got, gold in said if got and gold)
    assert caught >= 0.95 * sum(1 for _, gold in said if gold)
    assert sum(1 for got, gold in said if got and not gold) <= 3


@pytest.mark.parametrize(("text", "excluded"), [
    ("Х..ня полная, почему нельзя было летом", "obscene"),
    ("Б...ь, у нас река под окнами", "obscene"),
    ("пи🤬дец, дождёмся трагедии", "obscene"),
    ("Gbpltw, ну хоть объявление повесьте", "obscene"),
    ("йобаный зимник опять закрыли", "obscene"),
    ("т.е. свет дадут к вечеру, и.о. главы сказал", None),
    ("Нашли на берегу бляху от ремня с якорем, кто потерял?", None),
    ("wifi в библиотеке не работает, online запись тоже", None),
])
def test_words_hidden_by_dots_emoji_or_the_english_layout(text: str, excluded: str | None) -> None:
    """Dots stand for letters only when a whole obscene word fits («х..ня», «б...ь»); an emoji
    inside a word is a mask; a word typed with the English layout is read as Russian."""
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("е(б)ать какие цены на солярку", "obscene"),
    ("о}{уеть, хлеб по 150 уже", "obscene"),
    ("опять на х_ю послали в администрации", "obscene"),
    ("у меня (в) доме холодно, приходите", None),
    ("о наших маршрутках узнает вся Россия", None),
])
def test_letters_in_brackets_or_drawn_with_brackets(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("встречу у магазина вечером зарежу, отвечаю", "threat"),
    ("убью весь вечер на эту очередь в больнице", None),
    ("весь день убьём в очереди за талоном", None),
])
def test_time_is_a_harmless_object_but_not_a_harmless_circumstance(text: str, excluded: str | None) -> None:
    """«убить вечер» wastes time; «вечером зарежу» is a threat."""
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("ты ненормальный? какие медведи в январе", "insult"),
    ("Это ненормально, чтобы вам не сообщала управляющая компания", None),
])
def test_an_adjective_insult_counts_addressed_not_as_an_adverb(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("всё та же х...ня, свет по часам", "obscene"),
    ("бл€, ну проверит это кто-нибудь", "obscene"),
    ("Продаю козлы для пилки дров, крепкие, из лиственницы", None),
    ("У нас свинья опоросилась, двенадцать поросят, отдам недорого", None),
    ("Петух на ферме у соседей орёт в четыре утра, может ферму сдвинуть?", None),
    ("Мою маму обозвали старой дурой, она пришла домой в слезах, разберитесь", None),
    ("Хлыщ столичный приехал учить нас, езжай обратно, без тебя разберёмся", "insult"),
    ("козлы из районки обещали дорогу ещё весной", "insult"),
])
def test_animals_and_things_named_like_insults_and_other_look_alikes(text: str, excluded: str | None) -> None:
    """Sawhorses and a farrowing sow are no insults; «пришла домой» is no visit promised; ellipsis
    dots may hide a whole obscene word; «€» is the «я» of broken encodings."""
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Совет по дружбе начальнику ЖКХ: не ходите ночью мимо котельной, у нас народ нервный и злой", "threat"),
    ("Вы, господа из энергосбыта, играете с огнём, кончится терпение у людей и пеняйте на себя", "threat"),
    ("Мастер с участка, ты мне ещё попадёшься на узкой дороге", "threat"),
    ("Номер вашей машины запомнили, мы тут рядом живём, подумайте", "threat"),
    ("Сосед, твой сарай сгорит сам собой, если собак травить не перестанешь", "threat"),
    ("Передайте директору что придём к нему, и не с жалобой", "threat"),
    ("Совет по дружбе: берите тёплые вещи на рейс, в аэропорту холодно", None),
    ("В пятницу к вам придут из водоканала менять счётчики, будьте дома", None),
    ("Не ходите вечером через мост, перила гнилые, скорее бы починили", None),
    ("Сарай у соседей сгорел сам собой, проводка старая, хорошо никто не пострадал", None),
    ("Играете с огнём, оставляя детей одних у печки, берегите себя", None),
    ("Бесплатный совет всем: не ходите ночью по льду, лёд тонкий", None),
    ("Советую замок покрепче повесить на гараж, а то вдруг ночью кто залезет, у нас воруют", None),
    ("Поскользнёшься у крыльца и упадёшь неудачно, почистите лёд у аптеки", None),
    ("Помните что случилось в прошлом году с паводком? не доводите до повторения, почистите русло", None),
    ("у нас народ злой стал, цены растут, терпение скоро кончится, услышьте нас", None),
    ("Придём на приём не с жалобой, а с благодарностью", None),
    ("Власть играет с огнём, терпение у людей скоро кончится", None),
    ("Встретим как положено гостей фестиваля, но автобусов мало, не все уедут", None),
])
def test_a_veiled_threat_dressed_as_advice_needs_two_hints(text: str, excluded: str | None) -> None:
    """«совет по дружбе», «не ходите ночью», «народ злой»: each alone is advice or news; together,
    or with a person's property that «сгорит сам собой», they menace someone."""
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Тот кто принимал работу на крыше пентюх и рохля, течёт в трёх подъездах", "insult"),
    ("Заведующий складом настоящий шаромыжник и мироед, продаёт уголь налево", "insult"),
    ("ну ты и ид.иот, опять перепутал адреса", "insult"),
    ("Наш завхоз лоботряс и трепач, обещал дров к зиме и пропал", "insult"),
    ("Директор школы рукожоп, парты сломаны третий год", "insult"),
    ("Наш кот Дурак опять залез на крышу сарая, снять не можем, помогите", None),
    ("Кто знает, дубина для колки дров где продаётся, топорище сломалось", None),
])
def test_rare_insults_in_any_form_and_pets_named_like_insults(text: str, excluded: str | None) -> None:
    """Old words for a person (stems, as the morphology does not know «рохлей», «лахудрой»), a dot
    put inside a whole insult; a pet's name is no insult."""
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Чьи коровы опять гуляют по улице? Хозяин, заберите скотину, мы их выгоняем, а они обратно", None),
    ("Скотина бродит по дороге без пастуха, машины объезжают", None),
    ("Глава района скотина последняя, полгода не отвечает", "insult"),
    ("главврач — бездушная скотина, отказал бабушке в направлении", "insult"),
    ("ты скотина, а не начальник", "insult"),
])
def test_livestock_is_not_an_insult_a_person_called_so_is(text: str, excluded: str | None) -> None:
    """«скотина» is the village's word for cows and goats first; it insults only said of a person."""
    assert _excluded(text) == excluded
