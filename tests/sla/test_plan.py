"""When a reminder is due: shares of the stage in its own (working or calendar) time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from monitor.core.settings import load_settings
from monitor.watch.plan import (
    SlaPolicy,
    StageTiming,
    is_breached,
    plan_reminder,
    reminder_at,
)
from monitor.workcal import WorkCalendar

from .helpers import at

CAL = WorkCalendar.from_settings(load_settings().organization, loaded_dir=None)
# The reply deadline of a message detected on Monday at 10:00: 8 working hours, Tuesday 10:00.
REPLY = StageTiming(at("2026-03-02", "10:00"), at("2026-03-03", "10:00"), working=True)
ROUTE = StageTiming(at("2026-03-02", "17:50"), at("2026-03-02", "18:20"), working=False)


def test_working_stage_is_measured_in_working_time() -> None:
    """Half of an 8-hour working stage is reached after 4 working hours, past lunch, not at midnight."""
    assert reminder_at(REPLY, 50, CAL) == at("2026-03-02", "15:00")
    assert reminder_at(REPLY, 80, CAL) == at("2026-03-02", "17:24")


def test_calendar_stage_is_measured_in_elapsed_time() -> None:
    """A stage on calendar time is reminded at the share of elapsed minutes, after hours too."""
    assert reminder_at(ROUTE, 50, CAL) == at("2026-03-02", "18:05")


def test_working_stage_over_a_weekend() -> None:
    """A stage started late on Friday reaches its half on Monday morning, not on Saturday."""
    friday = StageTiming(at("2026-03-06", "17:00"), at("2026-03-10", "11:00"), working=True)
    # Fri 17:00-18:00 (1 h), then Mon 9 March is the transferred holiday of 8 March, Tue 09:00-11:00 (2 h).
    assert CAL.working_between(friday.started_at, friday.due_at) == timedelta(hours=3)
    assert reminder_at(friday, 50, CAL) == at("2026-03-10", "09:30")


def test_empty_stage_has_no_reminders() -> None:
    """A stage with no time in it (due when it starts) is never reminded."""
    assert reminder_at(StageTiming(REPLY.started_at, REPLY.started_at, True), 50, CAL) is None


@pytest.mark.parametrize(
    ("hhmm", "handled", "send", "skip"),
    [
        ("14:59", [], None, ()),
        ("15:00", [], 50, ()),
        ("16:00", [50], None, ()),
        ("17:24", [50], 80, ()),
        ("17:30", [], 80, (50,)),  # the watch was down at 15:00: one reminder, not two
        ("17:30", [50, 80], None, ()),
    ],
)
def test_plan(hhmm: str, handled: list[int], send: int | None, skip: tuple[int, ...]) -> None:
    """The latest reached point not yet handled is sent; earlier ones it overtook are only marked."""
    plan = plan_reminder(REPLY, at("2026-03-02", hhmm), (50, 80), handled, CAL)
    assert (plan.send, plan.skip) == (send, skip)


def test_no_reminder_after_the_deadline() -> None:
    """Past the deadline the escalation speaks, not a reminder."""
    assert plan_reminder(REPLY, at("2026-03-03", "10:00"), (50, 80), [], CAL).send is None


def test_breach_boundary() -> None:
    """Finishing at the due minute is on time; a minute later is a breach."""
    due = at("2026-03-02", "15:00")
    assert not is_breached(due, due, due + timedelta(hours=1))
    assert is_breached(due, due + timedelta(minutes=1), due)
    assert not is_breached(due, None, due)
    assert is_breached(due, None, due + timedelta(minutes=1))


def test_policy_rejects_points_outside_the_stage() -> None:
    """A reminder point must lie strictly inside the stage."""
    with pytest.raises(ValueError, match="between 0 and 1"):
        SlaPolicy(calendar=CAL, reminder_points=(0.5, 1.0))
    assert SlaPolicy(calendar=CAL, reminder_points=(0.8, 0.5)).percents == (50, 80)
