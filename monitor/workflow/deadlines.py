"""Pure computation of every stage's due instant from a start instant, the policy and a calendar.

No clock and no database: the service passes the instants in and stores the results
(stage_deadlines.due_at); the SLA watch only compares them with the time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from monitor.core.sections.workflow import Span
from monitor.workflow.policy import DeadlinePolicy


class WorkingCalendar(Protocol):
    """The part of monitor.workcal.WorkCalendar the workflow uses."""

    def add_working(self, start: datetime, delta: timedelta) -> datetime: ...
    def add_working_days(self, start: datetime, days: int) -> datetime: ...
    def working_between(self, a: datetime, b: datetime) -> timedelta: ...
    def add(self, start: datetime, delta: timedelta, working: bool) -> datetime: ...


def _whole_minutes(delta: timedelta) -> timedelta:
    return timedelta(minutes=int(delta.total_seconds() // 60))


class DeadlineCalculator:
    """Due instants for each stage of the regulation (pp. 8-17)."""

    def __init__(self, calendar: WorkingCalendar, policy: DeadlinePolicy) -> None:
        self.calendar = calendar
        self.policy = policy

    def due(self, start: datetime, span: Span) -> datetime:
        """``start`` plus ``span``: working days close at the end of the D-th working day."""
        if span.days:
            if span.working:
                return self.calendar.add_working_days(start, span.days)
            return start + timedelta(days=span.days)
        return self.calendar.add(start, timedelta(minutes=span.minutes), span.working)

    def route(self, detected_at: datetime) -> datetime:
        return self.due(detected_at, self.policy.route)

    def return_window(self, assigned_at: datetime) -> datetime:
        return self.due(assigned_at, self.policy.return_)

    def reply(self, detected_at: datetime, *, official: bool, importance: str | None,
              minutes_set: int | None = None) -> datetime:
        """The reply deadline: the regulation's (4 h official, else 8 h), or a shortening when earlier.

        A shortening (by importance, or the curator's, pp. 8, 16) wins only if it ends earlier:
        the instants are compared, not the spans, so a span in working hours can never outrun one
        in whole working days (or the official 4 hours) and lengthen the deadline.
        """
        base = self.policy.reply_official if official else self.policy.reply
        due = self.due(detected_at, base)
        for span in self.policy.shortenings(importance=importance, minutes_set=minutes_set, base=base):
            due = min(due, self.due(detected_at, span))
        return due

    def draft(self, detected_at: datetime, reply_due: datetime) -> datetime:
        """The draft is due ``draft_before_reply`` before the reply deadline (p. 11).

        When the reply budget is shorter than twice that lead (a 4-hour official reply, a
        shortened card), the lead is cut to half the budget: the executor keeps half the time and
        the curator's review and the publication keep the other half.
        """
        lead = self.policy.draft_before_reply
        lead_delta = lead.delta if not lead.days else timedelta(hours=24 * lead.days)
        available = self.calendar.working_between(detected_at, reply_due) if lead.working else reply_due - detected_at
        lead_delta = min(lead_delta, _whole_minutes(available / 2))
        if lead.working:
            return self.calendar.add_working(detected_at, available - lead_delta)
        return reply_due - lead_delta

    def review(self, submitted_at: datetime) -> datetime:
        return self.due(submitted_at, self.policy.review)

    def rework(self, sent_back_at: datetime) -> datetime:
        return self.due(sent_back_at, self.policy.rework)

    def publish(self, approved_at: datetime) -> datetime:
        return self.due(approved_at, self.policy.publish)

    def contribution(self, assigned_at: datetime) -> datetime:
        return self.due(assigned_at, self.policy.contribution)

    def final(self, interim_published_at: datetime) -> datetime:
        return self.due(interim_published_at, self.policy.final_after_interim)

    def replacement(self, left_at: datetime) -> datetime:
        """A unit's executor left: the head appoints another within 3 calendar days (p. 7)."""
        return self.due(left_at, self.policy.replace_executor)
