"""p. 10: the reply is published within 8 working hours of detection, on the working calendar."""

from __future__ import annotations

import pytest

from .helpers import Desk, at, local


@pytest.mark.parametrize(("detected", "due"), [
    (("2026-03-02", "10:00"), "2026-03-03 10:00"),   # over the lunch hour and the night
    (("2026-03-02", "09:00"), "2026-03-02 18:00"),   # a whole working day
    (("2026-03-13", "16:00"), "2026-03-16 16:00"),   # Friday afternoon into Monday
    (("2026-03-14", "11:00"), "2026-03-16 18:00"),   # Saturday: the clock starts on Monday morning
    (("2026-03-06", "15:00"), "2026-03-10 15:00"),   # over Monday 9 March, the 8 March holiday moved
])
def test_reply_due_in_eight_working_hours(desk: Desk, detected: tuple[str, str], due: str) -> None:
    """The card shows the reply deadline 8 working hours after detection."""
    desk.now(*detected)
    card = desk.open()
    assert local(desk.card(card).reply_due_at) == due
    assert local(desk.stage(card, "reply").due_at) == due


def test_publication_completes_the_reply_stage(desk: Desk) -> None:
    """Publishing the approved reply marks the reply deadline met at that instant."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text="Отремонтируем до 10 марта.")
    desk.do("approve", card, actor="curator")
    desk.now("2026-03-02", "15:30")
    desk.do("mark_published", card, actor="system", external_id="-1_99", url="https://vk.com/wall-1_1?reply=99")
    reply = desk.stage(card, "reply")
    assert local(reply.done_at) == "2026-03-02 15:30"
    assert reply.done_at <= reply.due_at
    assert desk.card(card).state == "published"


def test_detection_time_not_opening_time_starts_the_clock(desk: Desk) -> None:
    """A message found at 10:00 but carded at 11:00 is still due 8 working hours after 10:00."""
    message_time = at("2026-03-02", "10:00")
    desk.now("2026-03-02", "11:00")
    card = desk.open(detected=message_time)
    assert local(desk.card(card).reply_due_at) == "2026-03-03 10:00"
