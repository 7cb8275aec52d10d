"""Exclusion (p. 20) on the wordings of blind sets 106 to 137 (tests/data/README.md): a bare «убью»
told laughing, an insult called out with an adjective, the phrases written from their misses, and
the look-alikes each must leave alone."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier


def _excluded(text: str) -> str | None:
    return default_classifier().classify(text).excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # a joke with a bare «убью» and laughter or love (classifier/mock_threat.py: mock_harm)
    ("Сашка убью тебя 😂😂 опять мой зарядник унёс", None),
    ("Убью за такой пирог с рыбой 😍 Галя, рецепт скинь", None),
    ("я этот принтер в бухгалтерии когда-нибудь прибью 😂", None),
    # an office, a wink or any other threat beside it keep the threat
    ("Глава, убью тебя 😂 если дорогу не почистишь", "threat"),
    ("прибью тебя, если ещё раз подойдёшь к моей машине 😉", "threat"),
    ("Председателя прикопаем за гаражами, весной найдут 😂", "threat"),
])
def test_a_bare_threat_told_laughing_is_a_joke(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Иди проспись, алкаш несчастный, хватит в группу писать", "insult"),
    ("Олень ты, а не водитель, весь проезд перегородил", "insult"),
    ("Бараны, вы хоть читали что подписали?", "insult"),
    ("Опять вы как курица кудахчете, а по делу ни слова", "insult"),
    ("Директор клуба — пустое место в галстуке", "insult"),
    # deer on the road, a kind address with an adjective, a gap in the car park
    ("Олени вышли к трассе, водители, будьте внимательны", None),
    ("Иди отдохни, сосед дорогой, завтра доделаем", None),
    ("Где стоял гараж, теперь просто пустое место", None),
])
def test_insults_of_blind_sets_106_to_109(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Трактористу голову в сугроб засуну, будет знать как снег к воротам сгребать", "threat"),
    ("Приходи разбираться, биту с собой возьму", "threat"),
    ("Вернёшь деньги за лодку или я тебе лицо переделаю", "threat"),
    ("Прячься лучше, я уже выехал", "threat"),
    ("Его джип сгорит, если он ещё раз встанет у моих ворот", "threat"),
    ("Каждому, кто голосовал, в глаза посмотрю. И не только посмотрю", "threat"),
    # pests trapped, the weather, a hiding game
    ("Мыши в подполе, поставил мышеловки, всех прибью", None),
    ("Задушил бы я эту пургу голыми руками, третий день метёт", None),
    ("Дети играют в прятки: прячьтесь, я считаю до десяти", None),
])
def test_threats_of_blind_sets_106_to_109(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Завхоз у нас ноль без палочки, третий год обещает", "insult"),
    ("Опять этот дятел за рулём встал поперёк дороги", "insult"),
    ("Охрана на проходной сплошь бараны, пропуск найти не могут", "insult"),
    ("Это не бригадир, а овощ, линия стоит, а он смотрит", "insult"),
    ("Кто мою лодку угнал, прощайтесь с зубами", "threat"),
    ("Выйди вечером к клубу, потолкуем по мужски", "threat"),
    ("Приходи разбираться, только скорую заранее вызови", "threat"),
    ("Пальцы отрублю тому, кто ещё раз полезет в мой шкафчик", "threat"),
    # a lynching warned against, a card game, a crab for supper
    ("Не надо самосуд устраивать, пусть участковый разбирается", None),
    ("В субботу турнир по дураку в общежитии, приходите", None),
    ("Пойдём краба убивать на ужин, вода уже кипит", None),
])
def test_the_wordings_of_blind_sets_110_to_113(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("у председателя машина новая, гореть хорошо будет 🔥", "threat"),
    ("кто мою лодку продырявил, того по косточке разберу", "threat"),
    ("Ещё раз так сделаешь — с постели не встанешь до весны", "threat"),
    ("Скажи адресок, заедем побеседуем", "threat"),
    ("Сосед сверху, бери больничный заранее, вечером зайду", "threat"),
    ("Этого завхоза об голову поленом расколю", "threat"),
    ("Андрей, ты мешок с картошкой, а не водитель", "insult"),
    ("Вы не человек, а пила ржавая", "insult"),
    ("Завхоз у нас как таракан: днём не видно", "insult"),
    # a crab, insects, a log for the stove: no one is meant
    ("Убить бы всех этих комаров, спать не дают", None),
    ("Убью за кусок пирога с брусникой 😋", None),
    ("Расколю полено об колоду и затоплю печку", None),
])
def test_the_wordings_of_blind_sets_114_to_117(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Участковый, который всё знал, спи теперь вполглаза", "threat"),
    ("Объясню тебе про пьяных водителей кулаками в субботу 👊", "threat"),
    ("Ты его друг. Будешь следующим, обещаю", "threat"),
    ("Скажите этому заму, что у него ночь будет длинная", "threat"),
    ("у вас мозг как у воробья", "insult"),
    ("Кто это писал, у вас вместо головы тыква?", "insult"),
    # a litter, an advice, an explanation in words
    ("Соседская сука ощенится через неделю, кому щенка?", None),
    ("Будешь следующим в очереди, талон не теряй", None),
    ("Объясню на пальцах, как записаться к врачу", None),
])
def test_the_wordings_of_blind_sets_118_to_121(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # an insult or a crowd of beasts opening the message as its address (insult_aim.addressed)
    ("Козлы, когда снег уберёте?", "insult"),
    ("Опять снег не убран. Козлы, когда почистите?", "insult"),
    ("Свиньи, опять мусор у подъезда бросаете?", "insult"),
    # a news site's name, a list of animals, a warning about them
    ("Медуза, у вас ссылка не открывается", None),
    ("Коровы, козы, овцы — всё есть на нашей ферме", None),
    ("Олени, лоси и медведи выходят к трассе, будьте осторожны", None),
    ("Новости района. Олени, лоси и медведи выходят к трассе, будьте осторожны", None),
])
def test_an_insult_opening_the_message_as_its_address(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # time killed is the verb's object next to it or with «весь», «целый»; not a circumstance further on
    ("урою мастера, полдня без воды сидим", "threat"),
    ("пристрелю Петьку, третий день гуляет", "threat"),
    ("Убью сегодня весь вечер на эти справки", None),
    ("полдня убили в очереди за талоном", None),
    ("Кто мачту ставит, тот под ней и ляжет", "threat"),
    ("Скотина этот завхоз, ни стыда ни совести", "insult"),
])
def test_the_wordings_of_blind_sets_122_to_125(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Кто это придумал, до весны не доживёт", "threat"),
    ("выходи к клубу, посмотрим какой ты смелый без телефона", "threat"),
    ("Закрыли раньше времени? Кто-то из вас до дома не дойдёт", "threat"),
    ("я тебе бошку разнесу, если ещё раз сунешься", "threat"),
    ("Буду ждать председателя с ружьём у конторы", "threat"),
    ("Интересно, чья баня первой загорится", "threat"),
    ("У этой кассирши мозги куриные", "insult"),
    # a dog's trial, ice, a fire feared for children
    ("Приду с ружьём на испытания, это проверка собаки на выстрел", None),
    ("Убить бы этот гололёд, опять упала у почты", None),
    ("Боимся, что он сгорит вместе с детьми, снесите его", None),
])
def test_the_wordings_of_blind_sets_126_to_129(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    # a crowd of beasts closing a message that speaks to its reader (insult_aim.addressed)
    ("Прочитайте сначала закон, а потом пишите, бараны", "insult"),
    ("Вы там в конторе совсем ослепли, козлы", "insult"),
    # not a list of animals for sale, not a farm report with no reader
    ("У вас на ферме есть утки, бараны", None),
    ("На ферме остались только куры, гуси, бараны", None),
])
def test_a_crowd_of_beasts_closing_the_message_addresses_its_reader(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Кто мои сети порезал, молись заранее", "threat"),
    ("Недолго тебе осталось, председатель, считай дни", "threat"),
    ("Пусть бухгалтер каску наденет, когда за зарплатой придём", "threat"),
    ("За мой огород он ещё кровью заплатит", "threat"),
    ("От этого участкового мокрое место останется", "threat"),
    ("Кто поднял цены, пусть детей своих бережёт", "threat"),
    ("на охоте всякое бывает, лодка перевернулась и нет начальника", "threat"),
    ("Ну ты и шланг, Колян, опять весло утопил", "insult"),
    ("Оборотни в погонах, а не полиция", "insult"),
    # a motor «killed», an idea «strangled in the bud», a bet lost among friends, an election «torn»
    ("Этот мотор я убью, опять заглох посреди реки", None),
    ("Такую идею надо задушить в зародыше", None),
    ("Ну всё, Серый, ты труп 😂 проспорил, с тебя пицца", None),
    ("Порвём всех на выборах, голосуйте за нашего кандидата", None),
    # blind set dev-33: a heating word the speller must not read as an insult, a danger told as «никого не убило»
    ("Перерасчёт за недотоп в декабре кто-нибудь получал?", None),
    ("Провод висит над дорогой, пока никого не убило, надо срочно снимать", None),
])
def test_the_wordings_of_blind_sets_130_to_133(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Таких фельдшеров стрелять надо, третий час ждём", "threat"),
    ("Тебе так не повезёт, как твоей собаке", "threat"),
    ("Ещё раз тронешь моего сына, и никакая полиция уже не понадобится", "threat"),
    ("Хоть бы кто прибил его наконец", "threat"),
    ("Бригадиру передайте: рыбам на корм пойдёт", "threat"),
    ("Вы ещё вспомните этот день, когда в реанимации лежать будете", "threat"),
    ("Комендант как цепная собака, только лаять и умеет", "insult"),
    # a bear to be shot, a leg nearly broken, a joke at a match, a real goat, fondness
    ("медведица с медвежатами у школы, охотники выручайте, стрелять надо", None),
    ("Медсестра провалилась ногой в гнилой пол, ещё чуть и ногу бы сломала", None),
    ("В субботу хоккей, мы вас порвём и закопаем 😆", None),
    ("Сам бы взял лопату и закопал эту яму у магазина", None),
    ("Соседский козёл опять в огороде, паразит рогатый", None),
    ("Ленка, коза ты моя, опять первая фотки выложила 😘", None),
])
def test_the_wordings_of_blind_sets_134_to_137(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded
