"""p. 11: the executor prepares a draft reply (or an interim reply, or a clarification request) and
sends it to the curator no later than 4 hours before the reply deadline."""

from __future__ import annotations

import pytest

from monitor.workflow.errors import AccessError, InputError

from .helpers import Desk, local


def test_draft_due_four_working_hours_before_the_reply(desk: Desk) -> None:
    """Detected 10:00 Monday, reply due 10:00 Tuesday: the draft is due 15:00 Monday."""
    card = desk.open()
    desk.now("2026-03-02", "10:10")
    desk.do("route", card, ["gkh"], actor="curator")
    draft = desk.stage(card, "draft", "gkh")
    assert local(draft.due_at) == "2026-03-02 15:00"
    assert draft.user_id == desk.user_id("exec_gkh")


def test_draft_on_a_four_hour_card_keeps_half_the_time(desk: Desk) -> None:
    """With a 4-hour official deadline the draft is due halfway, leaving time for review and publication."""
    card = desk.open(official=True)
    desk.do("route", card, ["gkh"], actor="curator")
    assert local(desk.card(card).reply_due_at) == "2026-03-02 15:00"
    assert local(desk.stage(card, "draft", "gkh").due_at) == "2026-03-02 12:00"


def test_submitted_draft_goes_to_the_curator(desk: Desk) -> None:
    """Submitting the draft moves the card to review, closes the draft stage and starts the curator's hour."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.now("2026-03-02", "11:00")
    desk.do("submit_draft", card, actor="exec_gkh", text="Яму засыплем до пятницы.")
    view = desk.view(card)
    assert view.state_label == "проект на согласовании"
    assert (view.drafts[0].version, view.drafts[0].kind, view.drafts[0].unit) == (1, "final", "gkh")
    assert local(desk.stage(card, "draft", "gkh").done_at) == "2026-03-02 11:00"
    assert local(desk.stage(card, "review").due_at) == "2026-03-02 12:00"
    assert desk.actions(card)[-1] == "draft_submitted"


@pytest.mark.parametrize("kind", ["interim", "clarification"])
def test_interim_reply_and_clarification_are_drafts_too(desk: Desk, kind: str) -> None:
    """An interim reply or a clarification request goes to the curator the same way."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text="Вопрос изучается.", kind=kind)
    assert desk.drafts(card)[0].kind == kind
    assert desk.events(card)[-1].after["kind"] == kind


def test_wrong_kind_or_author_is_refused(desk: Desk) -> None:
    """An unknown draft kind, or a draft by the curator, is refused."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    with pytest.raises(InputError, match="Неизвестный вид проекта"):
        desk.do("submit_draft", card, actor="exec_gkh", text="x", kind="memo")
    with pytest.raises(AccessError):
        desk.do("submit_draft", card, actor="curator", text="x")
    assert desk.drafts(card) == []
