"""Working-time arithmetic: the organization's week, the production calendar and its time zone.

Each date gets its working periods once (wall-clock times of the schedule turned into instants
with zoneinfo, so a DST change is handled per boundary) and they are cached; every operation
walks day by day over those periods in UTC, never minute by minute.

Conventions (issue 4): periods are half-open, so 18:00 and 13:00 are not working moments; a
clock started outside working time starts at the next working moment; a duration that ends
exactly at the end of a period is due at that end (09:00 + 4 h = 13:00); D working days from an
instant are due at the close of the D-th working day after that instant's day; a shortened day
loses its last working hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from monitor.workcal.production import ProductionCalendar

if TYPE_CHECKING:
    from monitor.core.settings import Organization, Schedule

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHORTENED_BY = 60  # minutes: art. 95 of the Labour Code
MAX_DAYS_WITHOUT_WORK = 3 * 366  # a calendar with no working day this long is misconfigured
_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)
Period = tuple[datetime, datetime]


class DayKind(StrEnum):
    """What a date is for this organization."""

    WORKING = "working"
    SHORT = "short"
    OFF = "off"


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class WeeklySchedule:
    """The organization's ordinary week: working weekdays and the day's periods in minutes."""

    weekdays: frozenset[int] = frozenset(range(5))  # 0 = Monday
    periods: tuple[tuple[int, int], ...] = ((9 * 60, 13 * 60), (14 * 60, 18 * 60))

    @classmethod
    def from_settings(cls, schedule: Schedule) -> WeeklySchedule:
        """From ``organization.schedule`` of the settings (already validated there)."""
        start, end = _minutes(schedule.start), _minutes(schedule.end)
        periods: tuple[tuple[int, int], ...]
        if schedule.lunch_start and schedule.lunch_end:
            periods = ((start, _minutes(schedule.lunch_start)), (_minutes(schedule.lunch_end), end))
        else:
            periods = ((start, end),)
        return cls(frozenset(WEEKDAY_NAMES.index(d) for d in schedule.weekdays), periods)

    def day_periods(self, shortened: bool) -> tuple[tuple[int, int], ...]:
        """The day's periods; a shortened day gives up its last hour of work."""
        if not shortened:
            return self.periods
        cut = SHORTENED_BY
        kept: list[tuple[int, int]] = []
        for start, end in reversed(self.periods):
            length = end - start
            if cut >= length:
                cut -= length
                continue
            kept.append((start, end - cut))
            cut = 0
        return tuple(reversed(kept))


def _parse_dates(values: Iterable[str | date], key: str) -> frozenset[date]:
    days = set()
    for i, value in enumerate(values):
        if isinstance(value, date):
            days.add(value)
            continue
        try:
            days.add(date.fromisoformat(str(value)))
        except ValueError:
            from monitor.core.settings import SettingsError

            raise SettingsError(f"organization.{key}[{i}]: must be an ISO date like 2026-06-01") from None
    return frozenset(days)


class WorkCalendar:
    """Working time of one organization; all instants are aware and returned in its zone."""

    def __init__(
        self,
        tz: ZoneInfo | str = "Asia/Kamchatka",
        schedule: WeeklySchedule | None = None,
        production: ProductionCalendar | None = None,
        extra_days_off: Iterable[str | date] = (),
        extra_workdays: Iterable[str | date] = (),
    ) -> None:
        self._tz = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        self._schedule = schedule or WeeklySchedule()
        self._production = production or ProductionCalendar()
        self._extra_off = _parse_dates(extra_days_off, "extra_days_off")
        self._extra_work = _parse_dates(extra_workdays, "extra_workdays")
        both = self._extra_off & self._extra_work
        if both:
            from monitor.core.settings import SettingsError

            raise SettingsError(
                f"organization.extra_workdays: {min(both).isoformat()} is also in extra_days_off"
            )
        self._periods: dict[date, tuple[Period, ...]] = {}

    @classmethod
    def from_settings(cls, organization: Organization, loaded_dir: Path | None = None) -> WorkCalendar:
        """The calendar of ``settings.organization``, with years loaded into ``loaded_dir``."""
        return cls(
            tz=organization.timezone,
            schedule=WeeklySchedule.from_settings(organization.schedule),
            production=ProductionCalendar.from_directory(loaded_dir),
            extra_days_off=organization.extra_days_off,
            extra_workdays=organization.extra_workdays,
        )

    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    @property
    def production(self) -> ProductionCalendar:
        return self._production

    # --- days -------------------------------------------------------------------------------

    def day_kind(self, day: date) -> DayKind:
        """Whether ``day`` is an ordinary working day, a shortened one or a day off."""
        production = self._production.year(day.year)
        if day in self._extra_off:
            return DayKind.OFF
        if day in self._extra_work:
            return DayKind.SHORT if day in production.short else DayKind.WORKING
        if day in production.days_off:
            return DayKind.OFF
        if day in production.working_weekends or day.weekday() in self._schedule.weekdays:
            return DayKind.SHORT if day in production.short else DayKind.WORKING
        return DayKind.OFF

    def working_periods(self, day: date) -> tuple[Period, ...]:
        """The day's working periods as aware instants in the organization's zone.

        Subtracting two of them gives wall-clock time (Python's rule for one tzinfo); use
        ``working_time_on`` or ``working_between`` for elapsed working time.
        """
        return tuple((s.astimezone(self._tz), e.astimezone(self._tz)) for s, e in self._utc_periods(day))

    def working_time_on(self, day: date) -> timedelta:
        """How much working time ``day`` has (zero on a day off)."""
        return sum((end - start for start, end in self._utc_periods(day)), _ZERO)

    def _utc_periods(self, day: date) -> tuple[Period, ...]:
        cached = self._periods.get(day)
        if cached is not None:
            return cached
        kind = self.day_kind(day)
        periods: tuple[Period, ...] = ()
        if kind is not DayKind.OFF:
            periods = tuple(
                (self._instant(day, start), self._instant(day, end))
                for start, end in self._schedule.day_periods(kind is DayKind.SHORT)
                if end > start
            )
        self._periods[day] = periods
        return periods

    def _instant(self, day: date, minute_of_day: int) -> datetime:
        wall = datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60), tzinfo=self._tz)
        return wall.astimezone(UTC)

    def _days_from(self, first: date, step: timedelta = _ONE_DAY) -> Iterator[date]:
        day, idle = first, 0
        while True:
            yield day
            idle = 0 if self._utc_periods(day) else idle + 1
            if idle > MAX_DAYS_WITHOUT_WORK:
                raise ValueError(f"no working time for {MAX_DAYS_WITHOUT_WORK} days from {first}")
            day += step

    # --- instants ---------------------------------------------------------------------------

    @staticmethod
    def _utc(at: datetime, name: str = "instant") -> datetime:
        if not isinstance(at, datetime):
            raise TypeError(f"{name} must be a datetime, not {type(at).__name__}")
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware, got naive {at.isoformat()}")
        return at.astimezone(UTC)

    def _local(self, at: datetime) -> datetime:
        return at.astimezone(self._tz)

    def _local_date(self, utc_at: datetime) -> date:
        return utc_at.astimezone(self._tz).date()

    def is_working(self, at: datetime) -> bool:
        """Whether ``at`` lies inside a working period."""
        t = self._utc(at)
        return any(start <= t < end for start, end in self._utc_periods(self._local_date(t)))

    def next_working_moment(self, at: datetime) -> datetime:
        """``at`` itself when working, else the start of the next working period."""
        t = self._utc(at)
        for day in self._days_from(self._local_date(t)):
            for start, end in self._utc_periods(day):
                if end > t:
                    return self._local(max(start, t))
        raise AssertionError("unreachable")  # pragma: no cover

    def add_working(self, start: datetime, delta: timedelta) -> datetime:
        """The instant ``delta`` of working time after ``start`` (before it, if negative)."""
        t = self._utc(start, "start")
        if delta < _ZERO:
            return self.subtract_working(start, -delta)
        if delta == _ZERO:
            return self.next_working_moment(start)
        remaining = delta
        for day in self._days_from(self._local_date(t)):
            for period_start, period_end in self._utc_periods(day):
                if period_end <= t:
                    continue
                begin = max(period_start, t)
                available = period_end - begin
                if remaining <= available:
                    return self._local(begin + remaining)
                remaining -= available
        raise AssertionError("unreachable")  # pragma: no cover

    def subtract_working(self, end: datetime, delta: timedelta) -> datetime:
        """The latest instant with ``delta`` of working time between it and ``end``.

        Used for "4 h before the reply deadline": counting back from 10:00 on a Monday by 4 h
        gives 14:00 on Friday (the start of a period, not the end of the one before it).
        """
        t = self._utc(end, "end")
        if delta < _ZERO:
            return self.add_working(end, -delta)
        if delta == _ZERO:
            return self._local(t)
        remaining = delta
        for day in self._days_from(self._local_date(t), -_ONE_DAY):
            for period_start, period_end in reversed(self._utc_periods(day)):
                if period_start >= t:
                    continue
                finish = min(period_end, t)
                available = finish - period_start
                if remaining <= available:
                    return self._local(finish - remaining)
                remaining -= available
        raise AssertionError("unreachable")  # pragma: no cover

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The close of the ``days``-th working day after the day of ``start``.

        ``days=0`` means the close of the working day in which the clock starts (the next
        working moment's day).
        """
        t = self._utc(start, "start")
        if days < 0:
            raise ValueError(f"working days must not be negative, got {days}")
        if days == 0:
            first = self._local_date(self._utc(self.next_working_moment(start)))
            return self._local(self._utc_periods(first)[-1][1])
        counted = 0
        for day in self._days_from(self._local_date(t) + _ONE_DAY):
            periods = self._utc_periods(day)
            if periods:
                counted += 1
                if counted == days:
                    return self._local(periods[-1][1])
        raise AssertionError("unreachable")  # pragma: no cover

    def working_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time in ``[a, b)``; zero when ``b`` is not after ``a``."""
        ta, tb = self._utc(a, "a"), self._utc(b, "b")
        total = _ZERO
        if tb <= ta:
            return total
        last = self._local_date(tb)
        day = self._local_date(ta)
        while day <= last:
            for start, end in self._utc_periods(day):
                overlap = min(end, tb) - max(start, ta)
                if overlap > _ZERO:
                    total += overlap
            day += _ONE_DAY
        return total

    def add(self, start: datetime, delta: timedelta, working: bool) -> datetime:
        """``start`` plus ``delta`` of working time, or of elapsed (calendar) time."""
        if working:
            return self.add_working(start, delta)
        return self._local(self._utc(start, "start") + delta)
