"""Kind (complaint, question, suggestion, gratitude, info) and importance (critical … low)."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier


def _kind(text: str) -> str:
    return default_classifier().classify(text).kind


@pytest.mark.parametrize(("text", "kind"), [
    ("Третий день нет воды, сколько можно терпеть", "complaint"),
    ("Когда уже починят дорогу на Заречной?", "complaint"),
    ("Подскажите пожалуйста когда будет рейс на Петропавловск", "question"),
    ("Кто знает, почта сегодня работает?", "question"),
    ("Предлагаю поставить лавочки у остановки", "suggestion"),
    ("Было бы хорошо сделать каток у школы", "suggestion"),
    ("Спасибо кочегарам, в мороз дома тепло!", "gratitude"),
    ("Благодарим администрацию за расчистку дорог", "gratitude"),
    ("Уважаемые жители! 12 июня состоится концерт на площади", "info"),
    ("Нашлась связка ключей у магазина, заберите", "info"),
])
def test_kind(text: str, kind: str) -> None:
    """Each kind is recognised from what the writer mainly does."""
    assert _kind(text) == kind


def test_rhetorical_question_reporting_a_problem_is_a_complaint() -> None:
    """«когда уже…?» about a problem is a complaint, despite the question mark."""
    assert _kind("когда уже вывезут мусор? Две недели стоит") == "complaint"


def test_thanks_in_advance_does_not_make_a_question_gratitude() -> None:
    """«заранее спасибо» closes a question; it is not gratitude."""
    assert _kind("Подскажите где купить газовый баллон, заранее спасибо") == "question"


@pytest.mark.parametrize(("text", "kind"), [
    ("Спасибо, а инсулин когда будет?", "question"),
    ("Спасибо большое, а где теперь записаться на прививку?", "question"),
    ("Спасибо за ответ, а когда дорогу починят?", "question"),  # when: information wanted
    ("Спасибо кочегарам, а то замёрзли бы совсем!", "gratitude"),  # «а то»: still thanks
])
def test_thanks_and_then_the_question_it_is_about(text: str, kind: str) -> None:
    """The thanks opens; the question after «а» is what the message is for (and not low importance)."""
    assert _kind(text) == kind


def _importance(text: str, **kwargs: object) -> str:
    return default_classifier().classify(text, **kwargs).importance  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [
    "Горит дом на Строительной, пожарные ещё не приехали!",
    "На улице минус 30, а отопления нет со вчерашнего дня",
    "Медведь ходит по Лесной у домов, дети на улице",
    "Весь посёлок без света с ночи",
    "Провод оборвался и лежит на дороге, искрит",
    "Ребёнок провалился под лёд у моста",
])
def test_danger_to_life_is_critical(text: str) -> None:
    """Fire, no heating in frost, a bear in the village, an outage for a whole settlement: critical."""
    assert _importance(text) == "critical"


def test_repeat_and_many_people_are_high() -> None:
    """A repeated appeal or a collective letter is high."""
    assert _importance("Третий раз пишем про яму на Заречной") == "high"
    assert _importance("Направляли коллективное обращение, 56 подписей, ответа нет") == "high"


def test_recurring_problem_alone_is_not_a_repeat() -> None:
    """«опять» about a recurring problem does not make a message high on its own."""
    assert _importance("опять яма на дороге") == "normal"


def test_official_account_is_high() -> None:
    """A message to an official regional-government account is high (p. 8)."""
    assert _importance("Яма на дороге у школы", official=True) == "high"
    assert _importance("[club7700|Правительство Камчатского края] яма на дороге у школы") == "high"


def test_many_reactions_are_high() -> None:
    """A message many people reacted to is high."""
    assert _importance("Яма на дороге у школы", likes=120) == "high"
    assert _importance("Яма на дороге у школы", likes=3) == "normal"


def test_gratitude_and_suggestions_are_low_even_to_officials() -> None:
    """Gratitude and suggestions are low, even on an official account."""
    assert _importance("Спасибо за расчистку дорог!", official=True) == "low"
    assert _importance("Предлагаю поставить лавочки у остановки") == "low"


def test_information_is_low_unless_it_reports_present_danger() -> None:
    """An announcement is low; an announcement of a present danger is critical."""
    assert _importance("Уважаемые жители! 12 июня состоится концерт на площади") == "low"
    assert _importance("Внимание! На Заречной прорыв теплотрассы, кипяток бьёт из-под земли") == "critical"


def test_ordinary_complaint_is_normal() -> None:
    """An ordinary complaint is normal, and says so in its rules."""
    labels = default_classifier().classify("В магазине хлеба нет")
    assert labels.importance == "normal"
    assert "importance:normal:default" in labels.rules
