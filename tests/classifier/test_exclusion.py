"""Exclusion (p. 20): obscene words, insults aimed at people and threats never become work."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier


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
