"""Importance read from what a curator reads (issue 15 item 1): how long a problem has lasted, a
repeated appeal, how many people it touches, vulnerable people at risk, a settlement cut off, a
present danger, a warning, and the network's reactions; each reason named in the explanation."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier


def _labels(text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return default_classifier().classify(text, **kwargs)  # type: ignore[arg-type]


def _reasons(text: str, **kwargs: object) -> set[str]:
    return {r.split(":")[2] for r in _labels(text, **kwargs).rules if r.startswith("importance:")}


@pytest.mark.parametrize(("text", "reason"), [
    ("Интернет в Соболево третий день не работает вообще", "duration"),
    ("Фонари на Школьной не горят с осени, темень", "duration"),
    ("Вода из крана ржавая который месяц", "duration"),
    ("Контейнеры на Набережной не вывозили три недели", "duration"),
    ("Уже третий раз пишем про яму на Заречной", "repetition"),
    ("Сколько можно писать про эту канализацию во дворе", "repetition"),
    ("Крыша течёт, управляйка отписывается, пишем уже не первый раз", "repetition"),
    ("На Рыбацкой нет света с утра, вся улица сидит без света", "scale"),
    ("Во всех домах по Лесной вода ржавая", "scale"),
    ("Весь посёлок стоит, бензина на заправке нет", "scale"),
    ("Бабушка-инвалид живёт одна, соцработник не приходит, продукты носить некому", "vulnerable"),
    ("Стая собак у магазина кидается на детей, страшно", "vulnerable"),
    ("Дорогу замело, посёлок отрезан, до магазина не доехать", "isolation"),
])
def test_each_reason_makes_a_complaint_high_and_is_named(text: str, reason: str) -> None:
    labels = _labels(text)
    assert labels.importance == "high", labels.rules
    assert reason in _reasons(text)


def test_a_weak_hint_beside_a_reason_that_decides_is_not_named() -> None:
    text = ("Люди добрые, кто знает почему в Соболево на Советской батареи еле теплые? Звонили в котельную, "
            "говорят всё по графику. А дома +17, ребенок болеет")
    assert _labels(text).importance == "high"
    assert _reasons(text) == {"vulnerable"}  # not «люди» as a scale, nor a call to the boiler house as a repeat
    # without the child the same hints do not make it high, so they were never its reasons
    assert _labels(text.replace(", ребенок болеет", "")).importance == "normal"


def test_a_repeated_complaint_is_at_least_high_even_phrased_as_a_question() -> None:
    for text in ("Когда уберут мусор у клуба? Пишем уже третий раз", "Сколько раз можно просить скосить траву?"):
        assert _labels(text).importance in ("high", "critical"), text


def test_a_risk_to_children_is_at_least_high() -> None:
    for text in ("Фонари у школы не горят, дети идут в темноте", "На площадке торчат болты, дети могут упасть"):
        assert _labels(text).importance in ("high", "critical"), text


@pytest.mark.parametrize("text", [
    "Сыну в школе задали проект, где купить ватман?",
    "В больнице в Соболево поменяли часы приёма терапевта",
    "Ребёнок просит кружок рисования, есть такой в ДК?",
    "Опять яма на дороге у магазина",
])
def test_merely_mentioning_a_child_or_a_hospital_is_not_critical_nor_high(text: str) -> None:
    """Critical stays rare, and «опять» about a recurring problem is no repeated appeal."""
    assert _labels(text).importance in ("normal", "low"), _labels(text).rules


@pytest.mark.parametrize("text", [
    "Котельная в Устьевом встала, на улице минус 30, в квартирах холодно, дети мёрзнут",
    "Лёд на реке тонкий, а пацаны на снегоходах гоняют",
    "Свет вырубили по всему Соболево, холодильники текут",
    "Пропала девочка 7 лет, Катя, в красной куртке, последний раз видели у магазина. Кто видел, звоните",
    # blind set dev-31: a shed on fire, through the ice, a sagging wire, a floor fallen in, a near miss
    "На Лесной загорелся сарай, дым валит, огонь к забору подходит",
    "У Крутогоровского вчера мужик под лёд провалился, вытащили синего",
    "На Мира провода провисли до земли, ребятня под ними бегает",
    "у деда в доме пол провалился, он на костылях, один живёт",
    "С крыши на Набережной глыба льда сошла, чуть не накрыло бабушку",
    "Воды нет во всём Устьевом с самого утра",
    # blind set dev-33: a life-support machine without power, a near miss under a truck, a whole settlement dry
    "У Крутом свет отрубили, у тёти аппарат ИВЛ на аккумуляторе, а он садится",
    "На Рыбацкой нет света с ночи, у деда кислородный концентратор не работает",
    "Сегодня на перекрёстке Садовой грузовик чуть не переехал мальчика на санках",
    "Крутогоровский целиком без воды, трубы перемёрзли",
])
def test_present_danger_is_critical_and_named(text: str) -> None:
    labels = _labels(text)
    assert labels.importance == "critical", labels.rules
    assert "danger" in _reasons(text)


@pytest.mark.parametrize("text", [
    "Кто знает как дрова сложить, чтобы от печи не загорелись? Сарай рядом с домом",
    "если котельная рядом загорится, пожарка не успеет, проверьте её наконец",
])
def test_a_fire_feared_or_supposed_is_not_present_danger(text: str) -> None:
    assert _labels(text).importance != "critical", _labels(text).rules


@pytest.mark.parametrize("text", [
    # blind sets dev-32 to -35: appliances and papers «горят», a cow nearly hit on the road
    "Напряжение скачет каждый вечер, холодильники горят, кто будет платить?",
    "МФЦ закрыт третий день, а у меня документы на субсидию горят",
    "Коровы опять на трассе, вчера чуть не сбил одну",
])
def test_what_burns_out_or_runs_late_and_an_animal_nearly_hit_are_not_critical(text: str) -> None:
    assert _labels(text).importance != "critical", _labels(text).rules


def test_a_warning_notice_is_high_and_an_ordinary_notice_low() -> None:
    """Information is low, unless it warns of a present hazard to many («кипятите воду»)."""
    warning = _labels("Водоканал сообщает: в Устьевом превышение по бактериям, кипятите воду.")
    notice = _labels("Школа Соболево: родительское собрание 9-х классов 18 ноября в 18:00, кабинет 14.")
    assert (warning.kind, warning.importance) == ("info", "high")
    assert "warning" in {r.split(":")[2] for r in warning.rules if r.startswith("importance:")}
    assert (notice.kind, notice.importance) == ("info", "low")


def test_reactions_in_the_api_raise_importance_with_the_rule_named() -> None:
    text = "Яма у школы на Заречной"
    assert _labels(text).importance == "normal"
    labels = _labels(text, reactions={"likes": 3, "comments": 40, "reposts": 0})
    assert labels.importance == "high"
    assert "importance:high:engagement:comments=40" in labels.rules
