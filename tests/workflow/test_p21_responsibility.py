"""p. 21: the executor answers for the draft's accuracy and for its timely delivery to the curator;
the card records who wrote what and each stage's deadline against the responsible person."""

from __future__ import annotations

from .helpers import Desk, local


def test_late_draft_is_recorded_against_the_unit_and_executor(desk: Desk) -> None:
    """A draft sent at 16:00 against a 15:00 deadline is late for gkh and exec_gkh."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.now("2026-03-02", "16:00")
    desk.do("submit_draft", card, actor="exec_gkh", text="Ответ")
    stage = desk.stage(card, "draft", "gkh")
    assert (stage.unit_id, stage.user_id) == (desk.unit_id("gkh"), desk.user_id("exec_gkh"))
    assert local(stage.due_at) == "2026-03-02 15:00" and stage.done_at > stage.due_at
    shown = next(s for s in desk.view(card).stages if s.stage == "draft")
    assert shown.unit == "gkh" and shown.late(desk.clock.now())


def test_draft_author_is_kept(desk: Desk) -> None:
    """Every draft version names its author and unit, and the history names the actor."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text="Ответ")
    draft = desk.view(card).drafts[0]
    assert (draft.author, draft.unit) == ("exec_gkh", "gkh")
    event = desk.events(card)[-1]
    assert (event.actor, event.after["unit"]) == ("exec_gkh", "gkh")


def test_executor_sees_only_cards_of_their_unit(desk: Desk) -> None:
    """An executor of another unit cannot open the card."""
    import pytest

    from monitor.workflow.errors import AccessError

    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    assert desk.view(card, viewer="exec_gkh").id == card
    with pytest.raises(AccessError):
        desk.view(card, viewer="exec_education")
