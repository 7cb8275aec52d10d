"""The transition table is the single source of truth: a step that would lead a card somewhere
its action does not declare is refused by the one transition helper, and nothing is written."""

from __future__ import annotations

from dataclasses import replace

import pytest

from db.event_names import EventName
from db.statuses import CardState
from monitor.notify.workflow_events import WorkflowNotifier
from monitor.workflow import states
from monitor.workflow.render import ACTIONS
from monitor.workflow.states import UndeclaredTransitionError

from .helpers import Desk, route_and_draft


def test_a_move_the_table_does_not_declare_cannot_happen(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were approval declared to lead to ``rework`` only, approving (which leads to ``approved``)
    is refused by the helper: the card, its version and its history stay as they were."""
    card = route_and_draft(desk)
    before = (desk.card(card).state, desk.card(card).version, desk.actions(card))
    approve = states.BY_ACTION["approve"]
    monkeypatch.setitem(states.BY_ACTION, "approve", replace(approve, targets=frozenset({CardState.REWORK})))
    with pytest.raises(UndeclaredTransitionError):
        desk.do("approve", card, actor="curator")
    assert (desk.card(card).state, desk.card(card).version, desk.actions(card)) == before


def test_a_correction_may_not_move_the_card(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """An action with no targets keeps the state: declared so, a dismissal is refused."""
    card = desk.open()
    dismiss = states.BY_ACTION["dismiss"]
    monkeypatch.setitem(states.BY_ACTION, "dismiss", replace(dismiss, targets=frozenset()))
    with pytest.raises(UndeclaredTransitionError):
        desk.do("dismiss", card, actor="curator", reason="Реагирование не требуется")
    assert desk.card(card).state == CardState.NEW.value
    assert desk.actions(card) == [EventName.OPENED]


def test_every_event_name_is_shown_in_the_history() -> None:
    """Each event of the one list has its Russian words in the card's history."""
    assert set(ACTIONS) == set(EventName)


def test_notifications_subscribe_to_named_events() -> None:
    """The notifier listens to names from the one list, not to strings of its own."""
    assert all(isinstance(name, EventName) for name in WorkflowNotifier()._handlers)
