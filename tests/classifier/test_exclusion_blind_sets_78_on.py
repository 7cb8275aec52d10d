"""Exclusion (p. 20) on the wordings of blind sets 78 to 105 (tests/data/README.md): the general rules
written from their errors, and the look-alikes each rule must leave alone."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier

from classifier.normalize import normalize


def _excluded(text: str) -> str | None:
    return default_classifier().classify(text).excluded


def test_a_zero_written_for_the_letter_o_is_read_as_the_letter() -> None:
    assert normalize("Этот к0зёл опять 0поздал").tokens == ("этот", "козел", "опять", "опоздал")
    assert normalize("в 2000 году, 10км, 0,5 литра").tokens == ("в", "2000", "году", "10км", "0", "5", "литра")


@pytest.mark.parametrize(("text", "excluded"), [
    # a whole insult disguised: letters set apart by dots, a zero for «о», Latin look-alikes
    ("у Устьевого вратарь д.е.г.е.н.е.р.а.т полный, по ногам лупит", "insult"),
    ("ну и ч.м.о этот прораб, в глаза врёт", "insult"),
    ("0лухи царя небесного, кто вам приёмку доверил??", "insult"),
    ("Этот к0зёл в судейской форме опять не засчитал гол", "insult"),
    # a dot for a missing space is no disguise, nor a word's hyphenated half
    ("Это признак идиотизма.Ты бы почитал сначала", None),
    ("Наша лайка-сука ощенилась, шесть щенков, отдам охотникам", None),
])
def test_a_disguised_insult_and_what_only_looks_disguised(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # names for a vice read from the morphological dictionary, said of someone
    ("Нянька эта оказалась профурсеткой, телефон и мальчики", "insult"),
    ("а вы помолчите, сплетница старая, сами участок продали", "insult"),
    ("Этот эко-предприниматель просто мурло наглое", "insult"),
    ("Этот тиктокер — нахлебник, живёт у чужих людей бесплатно", "insult"),
    # the mild ones, used fondly, stay clean
    ("зануда ты, Паша, но по делу сказал 👍", None),
    ("Галка, ну ты и хитрюга! 😂 Сказала, что пирог сама пекла", None),
])
def test_a_name_for_a_vice_said_of_someone(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Серый, я тебя убью, если не придёшь на мою днюху в субботу 😂", None),
    ("[id553|Дима] в субботу шашлык, убью если не придёшь 😂 без тебя не то", None),
    ("подруга, я тебя задушу в объятиях, если скинешь пароль от вайфая 😘", None),
    ("Мы их просто закопаем в полуфинале, вот увидите ⚽", None),
    ("«Убью, если ещё раз придёшь» — это нам прораб сказал. Записали на видео и отнесли в полицию", None),
    # a summons or a threat that only looks like an invitation stays a threat
    ("убью если не придёшь поговорить про долг", "threat"),
    ("я тебя убью, если ещё раз придёшь", "threat"),
])
def test_a_mock_threat_to_a_friend_and_a_real_one(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("В сарае у нас крыса завелась, здоровая. Чем травить?", None),
    ("в классе крыса завелась, и это ты", "insult"),
    ("Кто-то из наших сдал, где сети стоят. Крыса завелась в посёлке", "insult"),
    ("Я сам себе идиот, продал участок за копейки", None),
    ("завхоз ваш ленивая туша, зал открывает когда вздумается", "insult"),
    ("Команда ветеранов у нас — пузатые алкаши, а не спортсмены", "insult"),
    ("Соседка, гадюка подколодная, опять про меня сплетни носит", "insult"),
    ("Глава района у нас настоящий пень с ушами", "insult"),
    ("Дятлы из жилотдела, сколько можно одно и то же", "insult"),
])
def test_the_insults_of_blind_sets_78_to_81(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("а машину главы кто-нибудь гвоздиком случайно не поцарапает?", "threat"),
    ("Я пришлю к тебе ребят, они объяснят. Руками объяснят", "threat"),
    ("У меня нож в машине лежит, хочешь проверить острый или нет?", "threat"),
    ("пусть приходят с проверкой, у меня для них топор наточен 🙂", "threat"),
    ("строителей в бочку и в реку, пусть поплавают", "threat"),
    ("подрядчику лодку пропорю, будет знать", "threat"),
    ("Инспектору совет: больше не приезжай. Отсюда не все уезжают", "threat"),
    ("кто ставит машины на тротуаре — буду бить вам стёкла", "threat"),
    ("Найду, будешь платить зубами", "threat"),
    ("я вашу турбазу по брёвнышку раскатаю", "threat"),
    ("подожду тебя вечером у ФАПа, там фонарей нет", "threat"),
    ("капитан, помни об этом, когда домой пойдёшь", "threat"),
    # the look-alikes: a scratched car reported, a talk about the lights, an axe for the firewood
    ("Машину поцарапали во дворе, кто видел, напишите", None),
    ("Фонарей нет у ФАПа, подожду до весны, может поставят", None),
    ("топор наточен, дрова колоть пора", None),
])
def test_the_threats_of_blind_sets_78_to_81(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # a beast said of a person named with a phrase: a genitive, a place, an office (insult_aim.predicated)
    ("Секретарь лиги овца тупая, нашу заявку второй раз теряет", "insult"),
    ("продавщица в магазине на Комсомольской курица тупая", "insult"),
    ("начальник ЖКХ хорёк, подвал открытым оставил", "insult"),
    ("охранники на рыбзаводе гоблины, пацанов с берега гоняют", "insult"),
    # an owner, a number, a verb that reads as a beast, a demonstrative: no one is called anything
    ("Хозяйка у магазина коза белая привязана, чья она?", None),
    ("фото мужчины лет сорока, может кто знает его", None),
    ("доски проваливаются, рыбаки уже падали в воду", None),
    ("это самое в подвале у нас крыса огромная завелась", None),
])
def test_a_beast_said_of_a_person_named_with_a_phrase(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # someone else's threat quoted, with who said it (classifier/quoted_speech.py)
    ("«Урою тебя» — это мне Вовка пишет каждый раз, когда я его в нарды обыгрываю 😂", None),
    ("Мне сосед заявил: «урою всех, кто за Набережную голосовал». Я отнесла участковому", None),
    ("В прошлом году кто-то написал главе «сожжём твой дом» — нашли, был суд", None),
    # the writer's own words quoted, a threat passed on, a threat of one's own beside the quote
    ("Я ему так и сказал: «ещё раз придёшь — урою»", "threat"),
    ("Передайте главе: «сожжём дом»", "threat"),
    ("«Урою тебя» — это мне Вовка пишет, а я тебя, Вовка, и правда урою", "threat"),
    # an obscene word is one wherever it stands
    ("Сосед написал мне «урою, бля» — скрин у меня", "obscene"),
    # an insult quoted is reported too; one of the writer's own beside the quote is not
    ("Заказчик мне сказал «вы тут все идиоты и ворюги». Я вежливо ответил, что жду оплату", None),
    ("Губернатор постоял на камеру, сказал «разберёмся» и улетел. Клоун, по-другому не скажешь", "insult"),
])
def test_someone_elses_words_quoted(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("в администрации сидят одни д@рмоеды, бумажки перекладывают", "insult"),
    ("Кто этот деб1л который трубу без утепления закопал?", "insult"),
    ("пр1дурки с городскими номерами опять застряли в тундре", "insult"),
    # a hashtag's «#» hides no letter
    ("Кто колеблется, за какой двор голосовать — макеты в альбоме #благоустройство", None),
    ("#пиздец опять свет отключили", "obscene"),
    # an invitation to a friend in any word order; an office's «вы» is no friend
    ("Сань, я тебя убью если в субботу на шашлыки не придёшь 😄", None),
    ("главврачу: если и в этот четверг не приедете в Устьевое, ваш уазик сгорит", "threat"),
])
def test_masked_whole_insults_hashtags_and_invitations(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # an insult set off as an address: closing the message, or right after an order (insult_aim.called_out)
    ("операторские шестерки только отписки шлют, клоуны", "insult"),
    ("Иди проспись, алкаш, прежде чем про туризм рассуждать", "insult"),
    # the last of a list, an animal called, a word in the middle of a sentence
    ("На ёлке будут конкурсы, песни, клоуны", None),
    ("Привезли сено, а потом пришли соседские козлы", None),
    ("Смотрели цирк, клоуны были отличные", None),
])
def test_an_insult_set_off_as_an_address(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # blind sets 86-89: a contest won, a fish caught, time killed; a friend who should pick you up
    ("Порвём устьевских в следующем году на конкурсе снежных фигур 💪", None),
    ("Парни, кто на рыбалку в выходные? Хариуса пойдём убивать на Большую 🎣", None),
    ("Пойду убивать время в очереди, чай в термосе 😂", None),
    ("Серёга, я тебя убью, если опять утром за мной не заедешь 😄", None),
    # but a player beaten on the legs, a host torn apart, are threats
    ("В следующем матче будем бить не по мячу, а по ногам вашему нападающему", "threat"),
    ("Ведущего этого за такие конкурсы на части порвать мало, попадётся мне — порву", "threat"),
    # insults spelt apart, masked, or of a new word
    ("Организатор у-р-о-д, кто так салют ставит", "insult"),
    ("Алк@ш несчастный, протрезвей.", "insult"),
    ("Толстопузы из района приедут, попарятся бесплатно и уедут", "insult"),
    ("Девки в Крутогоровском сплошь кошёлки размалёванные", "insult"),
    ("Кто вчера наблевал на крыльце бани — скотина, других слов нет", "insult"),
    # veiled threats
    ("Ничего, ребята, до выборов доживут не все.", "threat"),
    ("твой гараж следующий, и не надейся что не найду", "threat"),
    ("звуковику скажите пусть шею бережёт", "threat"),
    ("разнесём эту заправку по кирпичику, я серьёзно", "threat"),
    ("Прострелю колёса бензовозу, если опять всё своим раздадут", "threat"),
    ("Дима, последнее предупреждение. Не отстанешь — месяц в больнице отлежишься", "threat"),
    ("Руки-ноги у всех одинаково ломаются", "threat"),
    ("Гуляй пока, Ромео. Скоро гулять будет нечем", "threat"),
    # safety advice stays clean
    ("Берегите голову: с крыш падают сосульки", None),
])
def test_the_wordings_of_blind_sets_86_to_89(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # a friend dared with a mock threat: «если не» + «ты», with laughter or love (classifier/mock_threat.py)
    ("[id2211|Маринка] я тебя убью если не пойдёшь со мной голосовать, одна я не пойду 😂", None),
    ("[id2211|Света] я тебя убью если не оставишь мне два пирожка с капустой 😄", None),
    # a wink, an office or a debt make no joke of it; nor does a third person's failure
    ("Петрович, я тебя убью если не вернёшь деньги до пятницы 😂", "threat"),
    ("Если капитан снова не дождётся людей, его катер ночью утонет 😉", "threat"),
    ("я тебя убью если не уберёшь машину от ворот 😉", "threat"),
    # someone's words in single quotes, reported with «писал»
    ("Кто-то в прошлом посте писал, что пекаря надо 'урыть' за сырой хлеб. Ребят, ну вы чего", None),
])
def test_a_mock_threat_dared_to_a_friend(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Ну вы и крыса, Ольга Петровна. Стучать начальству на подростков", "insult"),
    ("Какие же свиньи у нас живут, до полигона довезти лень", "insult"),
    ("Ну и кто тот балбес, который решил закрывать пекарню на обед???", "insult"),
    ("хозяйка ваша жлобиха, подняла цену два раза за месяц", "insult"),
    ("Передайте Наталье: собачка её без поводка гуляет. Пока гуляет.", "threat"),
    ("Не уберёте его из списка кандидатов — мы его сами уберём. Насовсем.", "threat"),
    ("Гладкова, думаешь людей купила? Скоро себе венок купишь", "threat"),
    ("я тебя предупреждал, Серёга. теперь не обижайся если гараж сгорит", "threat"),
    ("Колёса вашей газели в следующий раз сами себя не проколют, ага 😉", "threat"),
    ("бригадира я лично встречу, и на ногах он после этого стоять не будет", "threat"),
    # gulls over the dump are no people; a dog that is out for a walk is just that
    ("Чаек этих перестрелять бы, весь мусор со свалки разносят", None),
    ("Собака соседская весь день гуляет, пока хозяин на работе", None),
])
def test_the_wordings_of_blind_sets_90_to_93(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # sports trash talk, even to «тебя» or «вас», is no threat; a blow to the legs is
    ("Ну всё Серёга, в финале разорву тебя по щукам, готовь шапку 😁", None),
    ("В командном зачёте мы вас в следующем году порвём, готовьтесь крутогоровские 😎", None),
    # a word named, not used
    ("Употреблять слово «урод» в адрес мастера — последнее дело. Модераторы, удаляйте", None),
    ("Я такой балбес, оставил пиджак в ресторане", None),
    ("родители тоже хороши, напились хуже детей. свиньи, а не родители", "insult"),
    ("Половина зрителей — синяки местные, к обеду уже никакие были", "insult"),
    ("приезжал. ну чистый баран, в печах не понимает ничего", "insult"),
    ("Довыёбывались на снегоходах, один уже под лёд ушёл", "obscene"),
    ("А творец знает, что руки у творцов тоже ломаются? 😏", "threat"),
    ("Армен, ты ж понимаешь, на Камчатке прятаться негде. Найдём", "threat"),
    ("Смотри Оксана, как бы салон твой ночью не вспыхнул, проводка то старая 😏", "threat"),
    ("Семье этого организатора передайте привет. Пока только привет.", "threat"),
    ("Машину его у клуба видел. Интересно долго она целой простоит?", "threat"),
    ("Пусть глава знает: сгорим мы — сгорит и его коттедж", "threat"),
    # a fuse that might blow, an old house described
    ("Как бы проводка не сгорела, у нас всё на одной розетке", None),
    ("Дом у нас деревянный, старый, крыша течёт уже третий год", None),
])
def test_the_wordings_of_blind_sets_94_to_97(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("[id5567|Люба] я тебя убью если опять забудешь мне капли из города привезти 😂😂", None),
    ("Убила бы себя за то, что ключ в замке зажигания оставила 🤦‍♀️", None),
    ("Порежу цены на свои старые запчасти: кому надо на Буран — пишите", None),
    ("Мне на ярмарке женщина крикнула «чтоб ты сдохла со своим мёдом», я аж растерялась", None),
    ("Я сам уже старый пень, ничего в этих интернет-аптеках не понимаю", None),
    ("Нас тут всех за дураков держат? Обещали мост, дали паром", None),
    ("Они там в районе все ч*мо на ч*ме, ни одного нормального человека", "insult"),
    ("Заведующая выдра крашеная, на людей смотрит как на грязь", "insult"),
    ("Водитель самосвала ослина упрямая, через закрытый мост попёр", "insult"),
    ("Крысы, самые настоящие крысы. У ребёнка велосипед со двора увели", "insult"),
    ("Шакальё. Пока хозяин в больнице лежал, у него весь гараж вынесли", "insult"),
    ("Вечером с мужиками идём к ним домой, биты уже взяли", "threat"),
    ("Мы этих пацанов сами выловим, и отвечать они будут не перед судом", "threat"),
    ("Адрес сами найдём, а там посмотрим кого лечить придётся", "threat"),
    ("Приезжай в Крутогоровский, поговорим. Один приезжай. Лопату захвати", "threat"),
    ("Закроете аптеку - закроем вас. Навсегда.", "threat"),
    ("Не решите вопрос до конца месяца - окна в вашем здании будут выбиты, обещаю лично", "threat"),
    ("Я бы этих подрядчиков к этим сваям привязал и на паводок оставил", "threat"),
    # a real threat with a laugh is still one: «если ещё раз придёшь» is no favour asked
    ("я тебя убью, если ещё раз придёшь к моей жене 😂", "threat"),
])
def test_the_wordings_of_blind_sets_98_to_101(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Порвём зал на отчётном! Билеты в кассе ДК по 200 рублей", None),
    ("Спорим, кто больше банок сдаст за месяц. Порву его на следующей неделе", None),
    ("Сидят там, рыла свиные, в сухом кабинете и рассуждают про эвакуацию", "insult"),
    ("пугало огородное, кто тебе вообще разрешил в этом сарафане на сцену выходить", "insult"),
    ("раздатчица — тюлениха ленивая, еле половником шевелит", "insult"),
    ("Те, кто это меню утверждал, — у ш л ё п к и, по-другому не скажешь", "insult"),
    ("Лодку твою продырявлю, будешь вплавь до Устьевого добираться", "threat"),
    ("а собачку свою директриса пусть на цепи держит, а то вдруг отравится чем-нибудь", "threat"),
    ("Повариху выведем за гаражи, пусть потом жалуется кому хочет", "threat"),
    ("машину свою у школы больше не ставь, сгорит ненароком 🔥", "threat"),
    ("будешь и дальше штрафы выписывать, смотри по сторонам когда домой идёшь", "threat"),
    ("кто мне бак погнул, я найду. Отвечать будешь здоровьем", "threat"),
    # advice stays advice
    ("Держите собаку на поводке, а то вдруг потеряется", None),
    ("Гололёд, смотрите по сторонам, когда переходите дорогу", None),
])
def test_the_wordings_of_blind_sets_102_to_105(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize("text", [
    # the veiled-threat phrases of sets 94-105 stay narrow: legal recourse, a flower wreath, an invitation,
    # a volunteer, a stove, errands (each once matched a phrase or a sum of weak ones)
    "Они ответят не перед судом, а перед избирателями на выборах",
    "Если не по суду, так через прокуратуру добьёмся",
    "Купила себе венок на Ивана Купалу",
    "Приходи в субботу, узнаешь зачем",
    "Пойдём толпой на субботник, я начну первый",
    "Раньше печи дровами топили, и сейчас можно",
    "Доберусь до магазина и так и сделаю",
    # «мусора» is also the rubbish's genitive
    "Мусора как всегда полно у контейнеров, не вывозят",
])
def test_the_narrow_phrases_leave_civic_wording_alone(text: str) -> None:
    assert _excluded(text) is None
