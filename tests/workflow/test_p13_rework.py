"""p. 13: a draft sent back is reworked and resubmitted within an hour."""

from __future__ import annotations

import pytest

from monitor.workflow.errors import AccessError, InputError

from .helpers import Desk, local, route_and_draft


def test_rework_gives_the_executor_an_hour(desk: Desk) -> None:
    """Sent back at 11:00 with a reason, the draft is due again at 12:00."""
    card = route_and_draft(desk)
    desk.now("2026-03-02", "11:00")
    desk.do("request_rework", card, actor="curator", reason="Укажите срок ремонта")
    view = desk.view(card)
    assert view.state_label == "на доработке"
    assert (view.drafts[0].decision, view.drafts[0].decision_note) == ("rework", "Укажите срок ремонта")
    rework = desk.stage(card, "rework", "gkh")
    assert local(rework.due_at) == "2026-03-02 12:00"
    assert desk.events(card)[-1].note == "Укажите срок ремонта"


def test_resubmission_is_a_new_version_and_a_new_review(desk: Desk) -> None:
    """The reworked draft is version 2; the rework stage is done and a second review starts."""
    card = route_and_draft(desk)
    desk.do("request_rework", card, actor="curator", reason="Укажите срок")
    desk.now("2026-03-02", "11:30")
    desk.do("submit_draft", card, actor="exec_gkh", text="Яму засыплем до 6 марта.")
    assert [d.version for d in desk.drafts(card)] == [1, 2]
    assert desk.drafts(card)[0].text == "Яму засыплем до пятницы."
    assert local(desk.stage(card, "rework", "gkh").done_at) == "2026-03-02 11:30"
    review = desk.stage(card, "review")
    assert (review.cycle, local(review.due_at)) == (2, "2026-03-02 12:30")


def test_late_rework_is_visible(desk: Desk) -> None:
    """A rework resubmitted after its hour shows as late on the card."""
    card = route_and_draft(desk)
    desk.do("request_rework", card, actor="curator", reason="Укажите срок")
    desk.now("2026-03-02", "11:30")
    desk.do("submit_draft", card, actor="exec_gkh", text="До 6 марта.")
    stage = next(s for s in desk.view(card).stages if s.stage == "rework")
    assert stage.late(desk.clock.now())


def test_rework_needs_a_reason_and_the_right_unit(desk: Desk) -> None:
    """The curator must say what to change; only the draft's unit resubmits."""
    card = route_and_draft(desk)
    with pytest.raises(InputError):
        desk.do("request_rework", card, actor="curator", reason="")
    desk.do("request_rework", card, actor="curator", reason="Укажите срок")
    with pytest.raises(AccessError):
        desk.do("submit_draft", card, actor="exec_education", text="x")
    assert desk.card(card).state == "rework"
