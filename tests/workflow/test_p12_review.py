"""p. 12: within an hour of receiving a draft the curator approves it or sends it back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Event
from monitor.workflow.service import WorkflowListeners

from .helpers import Desk, local, route_and_draft


def test_review_due_one_working_hour_after_submission(desk: Desk) -> None:
    """A draft submitted at 12:30 is due for review at 14:30, after the lunch hour."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.now("2026-03-02", "12:30")
    desk.do("submit_draft", card, actor="exec_gkh", text="Ответ")
    assert local(desk.stage(card, "review").due_at) == "2026-03-02 14:30"


def test_approval_moves_the_card_on_and_starts_publication(desk: Desk) -> None:
    """Approval closes the review, marks the draft approved and gives the executor an hour to publish."""
    card = route_and_draft(desk)
    desk.now("2026-03-02", "10:40")
    desk.do("approve", card, actor="curator")
    view = desk.view(card)
    assert view.state_label == "ответ согласован"
    assert view.drafts[-1].decision == "approved"
    assert local(desk.stage(card, "review").done_at) == "2026-03-02 10:40"
    publish = desk.stage(card, "publish", "gkh")
    assert local(publish.due_at) == "2026-03-02 11:40"
    assert publish.user_id == desk.user_id("exec_gkh")


def test_approval_calls_the_publisher_in_the_same_transaction(make_desk) -> None:  # type: ignore[no-untyped-def]
    """The publisher's hook sees the approved draft and, if it fails, the approval is not saved."""
    calls: list[tuple[int, str]] = []

    def on_approved(session, card, draft):  # type: ignore[no-untyped-def]
        calls.append((draft.version, card.state))
        assert session.scalars(select(Event).where(Event.incident_id == card.id, Event.action == "approved")).one()

    desk = make_desk(listeners=WorkflowListeners(on_approved=on_approved))
    card = route_and_draft(desk)
    desk.do("approve", card, actor="curator")
    assert calls == [(1, "approved")]

    def broken(session, card, draft):  # type: ignore[no-untyped-def]
        raise RuntimeError("outbox unavailable")

    failing = make_desk(listeners=WorkflowListeners(on_approved=broken))
    other = route_and_draft(failing)
    with pytest.raises(RuntimeError):
        failing.do("approve", other, actor="curator")
    assert failing.card(other).state == "draft"
    assert "approved" not in failing.actions(other)


def test_history_shows_who_decided(desk: Desk) -> None:
    """The history records the curator's approval with the version approved."""
    card = route_and_draft(desk)
    desk.do("approve", card, actor="curator")
    event = desk.events(card)[-1]
    assert (event.action, event.actor, event.before, event.after["state"], event.after["version"]) == (
        "approved", "curator", {"state": "draft"}, "approved", 1)
