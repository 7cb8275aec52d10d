"""Working minutes between instants, fast: a cumulative index over the calendar's working periods.

A month's report measures hundreds of thousands of spans (lateness, time to reply). The
calendar's ``working_between`` walks day by day; here the working periods of the span of days
that matter are read once from the same calendar, with the working time before each period
summed, so each measurement is two binary searches. The figures equal ``working_between``.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol


class Calendar(Protocol):
    """The part of monitor.workcal.WorkCalendar the index reads."""

    def working_periods(self, day: date) -> tuple[tuple[datetime, datetime], ...]: ...
    def working_between(self, a: datetime, b: datetime) -> timedelta: ...


class WorkingClock:
    """Working seconds elapsed since a fixed origin, for any instant of the covered days.

    Days outside ``[first, last]`` fall back to the calendar itself (correct, only slower).
    """

    def __init__(self, calendar: Calendar, first: date, last: date) -> None:
        self.calendar = calendar
        self.first, self.last = first, last
        self._starts: list[float] = []
        self._ends: list[float] = []
        self._before: list[float] = []  # working seconds before each period
        total = 0.0
        day = first
        while day <= last:
            for start, end in calendar.working_periods(day):
                s, e = start.timestamp(), end.timestamp()
                self._starts.append(s)
                self._ends.append(e)
                self._before.append(total)
                total += e - s
            day += timedelta(days=1)
        self._low = self._starts[0] if self._starts else 0.0
        self._high = self._ends[-1] if self._ends else 0.0
        # Instants from the start of the second day to the start of the last one (UTC days): a
        # day's margin for time zones. Compared as timestamps, read once per instant.
        self._covered_from = datetime.combine(first + timedelta(days=1), time(0), UTC).timestamp()
        self._covered_to = datetime.combine(last, time(0), UTC).timestamp()

    def _elapsed(self, ts: float) -> float:
        i = bisect_right(self._starts, ts) - 1
        if i < 0:
            return 0.0
        return self._before[i] + min(ts, self._ends[i]) - self._starts[i]

    def seconds(self, a: datetime, b: datetime) -> float:
        """Working seconds in ``[a, b)``; zero when ``b`` is not after ``a``."""
        if b <= a:
            return 0.0
        ta, tb = a.timestamp(), b.timestamp()
        if not (self._covered_from <= ta < self._covered_to and self._covered_from <= tb < self._covered_to):
            return self.calendar.working_between(a, b).total_seconds()
        return self._elapsed(tb) - self._elapsed(ta)

    def minutes(self, a: datetime, b: datetime) -> float:
        return self.seconds(a, b) / 60.0
