"""p. 9: an executor returns a card that is not in the administration's competence to the curator
within 30 minutes, and the reason is recorded in the card."""

from __future__ import annotations

import pytest

from monitor.workflow.errors import AccessError, InputError, TransitionError

from .helpers import Desk, local


def _routed(desk: Desk, unit: str = "gkh") -> int:
    card = desk.open()
    desk.do("route", card, [unit], actor="curator")
    return card


def test_return_goes_back_to_the_curator_with_the_reason(desk: Desk) -> None:
    """A return within 30 minutes puts the card in «возвращена куратору» with the reason, on time."""
    card = _routed(desk)
    desk.now("2026-03-02", "10:20")
    desk.do("return_card", card, actor="exec_gkh", reason="Дорога региональная, не наша компетенция")
    view = desk.view(card)
    assert view.state_label == "возвращена куратору"
    assert view.units[0].return_reason == "Дорога региональная, не наша компетенция"
    event = desk.events(card)[-1]
    assert (event.action, event.actor, event.after["state"], event.after["late"]) == (
        "returned", "exec_gkh", "returned", False)
    returned = desk.stage(card, "return", "gkh")
    assert local(returned.due_at) == "2026-03-02 10:30" and returned.breached_at is None


def test_late_return_is_recorded_as_breach(desk: Desk) -> None:
    """A return 45 minutes after assignment is marked late against the 30-minute limit."""
    card = _routed(desk)
    desk.now("2026-03-02", "10:45")
    desk.do("return_card", card, actor="exec_gkh", reason="Не наша компетенция")
    returned = desk.stage(card, "return", "gkh")
    assert local(returned.breached_at) == "2026-03-02 10:30"
    assert desk.events(card)[-1].after["late"] is True


def test_returned_card_restarts_the_curators_route_deadline(desk: Desk) -> None:
    """After a return the curator has another 30 minutes to route the card again."""
    card = _routed(desk)
    desk.now("2026-03-02", "11:00")
    desk.do("return_card", card, actor="exec_gkh", reason="Вопрос поселения")
    assert local(desk.stage(card, "route").due_at) == "2026-03-02 11:30"
    assert desk.stage(card, "draft", "gkh").done_at is not None
    desk.do("route", card, ["sobolevo_sp"], actor="curator")
    assert desk.card(card).state == "assigned"
    assignments = desk.assignments(card)
    assert [(a.cycle, a.active) for a in assignments] == [(1, False), (2, True)]


def test_return_needs_a_reason(desk: Desk) -> None:
    """A return without a reason is refused: the card must say why."""
    card = _routed(desk)
    with pytest.raises(InputError, match="Укажите причину возврата"):
        desk.do("return_card", card, actor="exec_gkh", reason="  ")
    assert desk.card(card).state == "assigned"


def test_only_the_routed_unit_returns(desk: Desk) -> None:
    """An executor of another unit cannot return the card, nor can the curator."""
    card = _routed(desk)
    with pytest.raises(AccessError, match="не направлена в ваше подразделение"):
        desk.do("return_card", card, actor="exec_education", reason="x")
    with pytest.raises(AccessError):
        desk.do("return_card", card, actor="curator", reason="x")


def test_return_only_while_assigned(desk: Desk) -> None:
    """A card with a submitted draft can no longer be returned."""
    card = _routed(desk)
    desk.do("submit_draft", card, actor="exec_gkh", text="Ответ")
    with pytest.raises(TransitionError, match="Нельзя вернуть куратору: карточка в состоянии «проект на согласовании»"):
        desk.do("return_card", card, actor="exec_gkh", reason="x")
