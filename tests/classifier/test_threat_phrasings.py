"""Threats in other words (p. 20) and the messages whose same words threaten nobody: the writer's
own harm promised however it is phrased is excluded; a reported, quoted, played or lawful one is not."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier


def _excluded(text: str) -> str | None:
    return default_classifier().classify(text).excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Напряжение 180, холодильник гудит. Соседи тоже жалуются. Кто будет компенсировать, если что сгорит?", None),
    ("Сосед, если что, дом твой сгорит, я предупредил", "threat"),
])
def test_appliances_burnt_by_the_voltage_are_a_complaint_not_a_threat(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize(("text", "excluded"), [
    ("Собирай вещи и уезжай отсюда, пока ноги целы", "threat"),
    ("Ещё раз сунешься к нашим сетям — без зубов оставим", "threat"),
    ("Это не угроза, это прогноз: туманы на реке, лодки переворачиваются, а ты один ездишь", "threat"),
    ("Это не угроза, а предупреждение: не сделаете дорогу — пойдём в прокуратуру", None),
    ("Пока цела ещё старая школа, её надо ремонтировать, а не строить новую", None),
])
def test_a_threat_in_other_slang_or_one_that_calls_itself_none(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded


@pytest.mark.parametrize("text", [
    "Сосед грозится поджечь мне сарай из-за забора, говорит «спалю всё к чертям». Участковый не реагирует. "
    "Примите меры пожалуйста",
    "Сосед пообещал мне голову оторвать за то что собака лает. Это нормально вообще? Куда писать заявление?",
    "порвём их в субботу, приходите болеть в спортзал",
    "Советую замок покрепче повесить на гараж, а то вдруг ночью кто залезет, у нас воруют",
    "Взорвём этот матч! Приходите в субботу болеть за наших",
    "Пацаны во дворе опять играют в войнушку, на всю улицу орут «застрелю!» — весело у нас",
    "Отец в детстве говорил: «потеряешь ключи — убью», так и живу с тремя связками",
    "Младший до ночи в танках сидит и орёт «всех перестреляю, прикрывай!», соседи уже стучат",
    "Муж опять цитирует «Бумер»: «я тебя урою», а сам кран на кухне третий месяц не починит",
    "Вы ещё попляшете: заявление уже в прокуратуре, за каждый день без отопления ответите по закону",
    "Сосед по пьяни кричал что спалит нам баню, вызвали полицию, а толку ноль. Что делать?",
])
def test_a_message_a_rule_clears_stays_clean_and_says_why(text: str) -> None:
    """Someone else's threat told with a plea for help or shouted in the street, a sports taunt,
    advice against thieves, children's and video games, a parent's saying remembered, a line quoted
    from a film, a comeuppance by law: no threat by the writer, and the learned weights are not
    asked to overrule that; the card's explanation names the rule."""
    labels = default_classifier().classify(text)
    assert labels.excluded is None
    assert any(rule.startswith("exclusion:cleared:combo=") for rule in labels.rules)


@pytest.mark.parametrize("text", [
    "Узнаю кто машину поцарапал — колени прострелю",
    "Кто лодку мою продырявил, найду и сделаю с тобой то же самое",
    "Ещё раз к лодке подойдёшь, я тебе коленки прострелю, понял?",
    "Продал протухшую рыбу — я тебе её в глотку запихаю, пока не подавишься",
    "Кто у бабки дрова таскает, тот на перо сядет, так и передайте",
    "Не уберёте свалку к пятнице — начальник там же окажется, по кусочкам",
    "Ещё раз лодку мою тронешь — в реке и останешься, никто не отыщет",
    "Паша, забыл как после прошлого раза в травматологии лежал? могу напомнить",
    "Ещё раз у моего забора машину бросишь — тормоза могут и отказать, дорога у нас скользкая",
    "Кто сети мои снимает, тот под водой окажется, я не шучу",
    "Поговорим после схода по-своему, без протокола, зубы потом вставлять будешь",
    "Кто квоты себе в карман делил, тот кровью умоется, попомните",
    "Мастеру с котельной передайте: вломлю так, что неделю не встанет",
    "Лодка его у причала без присмотра стоит, а лодки горят быстро. Намёк понял?",
    "Депутату: дочь твоя по Лесной в садик ходит, мы всё видим",
    "Уважаемый директор! Ещё раз обсчитаете пенсионеров — от магазина вы пойдёте уже хромая",
    "Если приедут межевать наши огороды, встретим их дрекольем, так и передайте",
    "Не уберёте свалку от речки — отходим вас батогами всем селом",
    "Повар столовой, подсыплю я вам в компот кое-что, сами попробуете своей стряпни",
])
def test_harm_promised_in_other_words_is_a_threat(text: str) -> None:
    """A shot at the knees, the same harm done back, choking, knifing in slang, «по кусочкам», an
    «accident» arranged, a stay in hospital recalled, the reader's kin watched, a blunt tool, poison:
    the writer's own threat, however it is worded."""
    assert _excluded(text) == "threat"


@pytest.mark.parametrize("text", [
    "Задушу в объятиях нашего водителя школьного автобуса, ни одного опоздания за зиму!",
    "Зимой на льду не стойте у промоин: провалишься — в реке и останешься",
    "Серёга, тебе конец: мой спиннинг в реке утопил, с тебя пиво",
    "Запишитесь в больнице заранее, я могу напомнить номер регистратуры",
    "На четвёртую ночь мужики его выследили и добыли, медведь больше не ходит к помойке",
    "Прошу привести в порядок его могилу на кладбище, отец воевал, а оградка упала",
    "Благодарю участкового, что нашёл нашего сына в тайге. Дай Бог здоровья вам и вашим детям",
])
def test_the_look_alikes_of_those_words_are_no_threat(text: str) -> None:
    """A hug, a care warning, banter, a reminder, an ordinal, a grave, a blessing: the same words,
    no harm promised to anyone."""
    assert _excluded(text) is None


@pytest.mark.parametrize("text", [
    "Ты мне за всё ответишь. Лично мне, а не по закону",
    "Придёт время, и за всё ответите, только не перед судом, а перед нами, и разговор будет совсем другой.",
])
def test_answering_not_in_court_is_the_writers_threat(text: str) -> None:
    """«ответишь … суд / закон» is legal recourse, unless the writer says not in court."""
    assert _excluded(text) == "threat"
