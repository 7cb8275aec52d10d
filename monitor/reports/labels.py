"""The Russian words the reports show, from the UI glossary (codes stay in the data)."""

from __future__ import annotations

from db.statuses import CardState
from monitor.workflow.service import OUTCOMES
from monitor.workflow.stages import STAGE_LABELS
from monitor.workflow.states import STATE_LABELS
from monitor.workflow.words import IMPORTANCE_WORDS, PLATFORM_WORDS, TOPIC_WORDS

IMPORTANCE_RANK: dict[str, int] = {"critical": 0, "high": 1, "normal": 2, "low": 3}
CURATOR_UNIT = "Куратор"  # the curator's own stages (pp. 8, 12) are shown as this «unit»
NO_UNIT = "Не направлено"
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")
MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                   "октября", "ноября", "декабря")


def topic(code: str | None) -> str:
    return TOPIC_WORDS.get(code or "", code or "Не указана")


def importance(code: str | None) -> str:
    return IMPORTANCE_WORDS.get(code or "", code or "Не указана")


def network(code: str | None) -> str:
    return PLATFORM_WORDS.get(code or "", code or "—")


def stage(code: str) -> str:
    """«направление исполнителю (п. 8)» with a capital letter, as a table row reads."""
    text = STAGE_LABELS.get(code, code)
    return text[:1].upper() + text[1:]


def outcome(code: str | None) -> str:
    return OUTCOMES.get(code or "", "")


def state(code: str) -> str:
    try:
        text = STATE_LABELS[CardState(code)]
    except ValueError:
        return code
    return text[:1].upper() + text[1:]


def card_result(state_code: str, outcome_code: str | None) -> str:
    """What became of a card: the outcome when closed, else its state."""
    if state_code == CardState.CLOSED.value and outcome_code:
        return f"Закрыта: {outcome(outcome_code)}"
    return state(state_code)
