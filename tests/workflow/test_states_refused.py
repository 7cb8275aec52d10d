"""Every action × every state, through the real workflow service: an action the transition table
does not allow from a state is refused there, and the refusal changes nothing (state, version,
history, stages, drafts, routing). Approval in particular is possible from ``draft`` only (p. 12)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from db.models import Assignment, Draft, Event, Incident, StageDeadline
from db.statuses import CardState
from monitor.workflow.errors import TransitionError
from monitor.workflow.states import BY_ACTION

from .helpers import Desk

# One real call per action of the table, by a role the table lets perform it.
ACTIONS: dict[str, Callable[[Desk, int], Any]] = {
    "route": lambda d, c: d.do("route", c, ["gkh"], actor="curator"),
    "return": lambda d, c: d.do("return_card", c, actor="exec_gkh", reason="Не наша компетенция"),
    "contribute": lambda d, c: d.do("contribute", c, actor="exec_gkh", text="Наша часть"),
    "draft": lambda d, c: d.do("submit_draft", c, actor="exec_gkh", text="Отремонтируем до пятницы."),
    "approve": lambda d, c: d.do("approve", c, actor="curator"),
    "rework": lambda d, c: d.do("request_rework", c, actor="curator", reason="Укажите сроки"),
    "publish": lambda d, c: d.do("mark_published", c, actor="system", external_id="-1_9",
                                 url="https://vk.com/wall-1_1?reply=9"),
    "close": lambda d, c: d.do("close", c, actor="curator", outcome="resolved"),
    "dismiss": lambda d, c: d.do("dismiss", c, actor="curator", reason="Реагирование не требуется"),
    "exclude": lambda d, c: d.do("exclude", c, actor="curator", reason="Оскорбления"),
    "set_labels": lambda d, c: d.do("correct_labels", c, actor="curator", importance="high", reason="уточнено"),
    "shorten": lambda d, c: d.do("shorten_deadline", c, actor="curator", minutes=60, reason="срочно"),
    "restore": lambda d, c: d.do("restore", c, actor="curator", reason="исключено ошибочно"),
    "attach": lambda d, c: d.do("add_attachment", c, actor="curator", kind="video", name="видео",
                                url="https://vk.com/video-1_2"),
}


def _card_in(desk: Desk, state: CardState) -> int:
    """A card brought to ``state`` by the real transitions."""
    card = desk.open()
    steps: dict[CardState, list[str]] = {
        CardState.NEW: [],
        CardState.ASSIGNED: ["route"],
        CardState.RETURNED: ["route", "return"],
        CardState.DRAFT: ["route", "draft"],
        CardState.REWORK: ["route", "draft", "rework"],
        CardState.APPROVED: ["route", "draft", "approve"],
        CardState.PUBLISHED: ["route", "draft", "approve", "publish"],
        CardState.CLOSED: ["route", "draft", "approve", "publish", "close"],
        CardState.DISMISSED: ["dismiss"],
        CardState.EXCLUDED: ["exclude"],
    }
    if state is CardState.INTERIM:
        ACTIONS["route"](desk, card)
        desk.do("submit_draft", card, actor="exec_gkh", text="Выясняем, ответим позже.", kind="interim")
        ACTIONS["approve"](desk, card)
        ACTIONS["publish"](desk, card)
    else:
        for step in steps[state]:
            ACTIONS[step](desk, card)
    assert desk.card(card).state == state.value
    return card


def _snapshot(desk: Desk, card: int) -> tuple[Any, ...]:
    with desk.sessions() as s:
        row = s.get(Incident, card)
        assert row is not None
        return (
            row.state, row.version, row.reply_due_at, row.importance_set, row.reply_minutes_set, row.outcome,
            [(e.id, e.action) for e in s.scalars(select(Event).where(Event.incident_id == card).order_by(Event.id))],
            [(r.id, r.stage, r.due_at, r.done_at) for r in s.scalars(
                select(StageDeadline).where(StageDeadline.incident_id == card).order_by(StageDeadline.id))],
            [(d.id, d.decision, d.published_at) for d in s.scalars(select(Draft).where(Draft.incident_id == card))],
            [(a.id, a.active, a.contributed_at) for a in s.scalars(
                select(Assignment).where(Assignment.incident_id == card))],
        )


_BEFORE_REPLY = {CardState.NEW, CardState.ASSIGNED, CardState.RETURNED, CardState.DRAFT, CardState.REWORK, CardState.APPROVED}
# Where each action may start (DESIGN.md «Incident states», pp. 8-20): the table must say the same.
EXPECTED_SOURCES: dict[str, set[CardState]] = {
    "route": {CardState.NEW, CardState.RETURNED, CardState.ASSIGNED},
    "return": {CardState.ASSIGNED},
    "contribute": {CardState.ASSIGNED},
    "draft": {CardState.ASSIGNED, CardState.REWORK, CardState.INTERIM},
    "approve": {CardState.DRAFT},
    "rework": {CardState.DRAFT},
    "publish": {CardState.APPROVED},
    "close": {CardState.PUBLISHED, CardState.INTERIM},
    "dismiss": {CardState.NEW, CardState.RETURNED, CardState.ASSIGNED},
    "exclude": {CardState.NEW, CardState.RETURNED, CardState.ASSIGNED},
    "set_labels": _BEFORE_REPLY | {CardState.PUBLISHED, CardState.INTERIM},
    "shorten": _BEFORE_REPLY,
    "restore": {CardState.EXCLUDED, CardState.DISMISSED},  # p. 20: a wrong exclusion (or dismissal) is undone
    "attach": {CardState.ASSIGNED, CardState.REWORK, CardState.INTERIM},  # p. 19: while a draft is being written
}


def test_every_action_of_the_table_is_exercised() -> None:
    """A new action in the table must get its call here, so no action escapes this test."""
    assert set(ACTIONS) == set(BY_ACTION)


def test_table_allows_what_the_regulation_allows() -> None:
    """Each action starts only where the regulation lets it; approval (p. 12) only from ``draft``."""
    assert BY_ACTION["approve"].sources == {CardState.DRAFT}
    assert {action: set(t.sources) for action, t in BY_ACTION.items()} == EXPECTED_SOURCES


@pytest.mark.parametrize("state", list(CardState), ids=lambda s: s.value)
def test_actions_the_table_forbids_are_refused_and_change_nothing(desk: Desk, state: CardState) -> None:
    """From each state, each action outside the table is refused with the state named, and nothing moves."""
    card = _card_in(desk, state)
    before = _snapshot(desk, card)
    forbidden = [a for a, t in BY_ACTION.items() if state not in t.sources]
    if state is not CardState.DRAFT:
        assert "approve" in forbidden
    for action in forbidden:
        with pytest.raises(TransitionError) as refused:
            ACTIONS[action](desk, card)
        assert (refused.value.action, refused.value.state) == (action, state.value)
        assert _snapshot(desk, card) == before, f"{action} from {state.value} changed the card"


@pytest.mark.parametrize("state", list(CardState), ids=lambda s: s.value)
def test_actions_the_table_allows_pass_the_state_check(desk: Desk, state: CardState) -> None:
    """The other side: from each state, an action the table allows is not refused for the state."""
    for action, transition in BY_ACTION.items():
        if state not in transition.sources:
            continue
        card = _card_in(desk, state)
        try:
            ACTIONS[action](desk, card)
        except TransitionError as exc:  # pragma: no cover - the failure message says what broke
            pytest.fail(f"{action} from {state.value} refused: {exc}")
        except Exception:  # a refusal for another reason (one unit cannot contribute) is fine here
            pass
