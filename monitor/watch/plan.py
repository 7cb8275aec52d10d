"""What the SLA watch should do about one stage at one instant: pure, no database, no clock.

A reminder point is a share of the stage's duration, measured in the stage's own time: working
time (the calendar's ``working_between``) for stages that run on working time, elapsed time for
the rest. Of the points already reached, only the latest is sent: after an outage of the watch
the executor gets one reminder, not a burst; the earlier points are marked handled unsent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

# Stages the curator owns (p. 8 routing, p. 12 review); the rest are the executors', except the
# card-wide reply deadline (p. 10), whose breach goes to the head.
REPLY_STAGE = "reply"


class WorkingTime(Protocol):
    """The part of monitor.workcal.WorkCalendar the watch uses."""

    def working_between(self, a: datetime, b: datetime) -> timedelta: ...
    def add_working(self, start: datetime, delta: timedelta) -> datetime: ...


@dataclass(frozen=True)
class SlaPolicy:
    """How the watch reminds: at these shares of each stage, counted on this calendar."""

    calendar: WorkingTime
    reminder_points: tuple[float, ...] = (0.5, 0.8)

    def __post_init__(self) -> None:
        for point in self.reminder_points:
            if not 0 < point < 1:
                raise ValueError(f"reminder point {point} must lie between 0 and 1")

    @property
    def percents(self) -> tuple[int, ...]:
        return tuple(sorted({percent_point(p) for p in self.reminder_points}))


@dataclass(frozen=True)
class StageTiming:
    started_at: datetime
    due_at: datetime
    working: bool  # runs on working time


@dataclass(frozen=True)
class ReminderPlan:
    send: int | None  # the percent to remind at now, if any
    skip: tuple[int, ...] = ()  # reached earlier points overtaken by ``send``: marked, not sent


NOTHING = ReminderPlan(None)


def percent_point(point: float) -> int:
    return round(point * 100)


def _whole_minutes(delta: timedelta) -> timedelta:
    return timedelta(minutes=int(delta.total_seconds() // 60))


def reminder_at(timing: StageTiming, share: int, calendar: WorkingTime) -> datetime | None:
    """The instant ``share`` percent of the stage has run (whole minutes); None for an empty stage."""
    if timing.working:
        total = calendar.working_between(timing.started_at, timing.due_at)
        if total <= timedelta(0):
            return None
        return calendar.add_working(timing.started_at, _whole_minutes(total * share / 100))
    total = timing.due_at - timing.started_at
    if total <= timedelta(0):
        return None
    return timing.started_at + _whole_minutes(total * share / 100)


def plan_reminder(timing: StageTiming, now: datetime, percents: Sequence[int], handled: Iterable[int],
                  calendar: WorkingTime) -> ReminderPlan:
    """The reminder due at ``now`` for an open stage, given the points already handled."""
    if now >= timing.due_at:
        return NOTHING  # past the deadline: the breach escalation speaks instead
    done = set(handled)
    reached = [p for p in sorted(percents) if (at := reminder_at(timing, p, calendar)) is not None and at <= now]
    if not reached or reached[-1] in done:
        return NOTHING
    return ReminderPlan(send=reached[-1], skip=tuple(p for p in reached[:-1] if p not in done))


def is_breached(due_at: datetime, done_at: datetime | None, now: datetime) -> bool:
    """Open past its deadline, or finished after it (finishing at the due minute is on time)."""
    if done_at is not None:
        return done_at > due_at
    return now > due_at
