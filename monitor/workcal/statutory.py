"""Art. 112 and 95 of the Labour Code: the last resort for a year nobody has a calendar of.

Art. 112 lists the non-working holidays; when one falls on a Saturday or Sunday the day off moves
to the next working day, except the January ones (the Government moves those by a yearly decree
we cannot foresee). Art. 95 shortens by one hour the working day immediately before a holiday;
``shortened_days`` applies it to decreed years too. Decreed transfers are unknown here, which is
why the service warns until an administrator loads the official calendar.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from monitor.workcal.yeardata import YearCalendar

# (month, day) of the non-working holidays of art. 112 (January 1-6 and 8: New Year holidays,
# January 7: Christmas).
STATUTORY_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8),
    (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4),
)
_NOT_MOVED_MONTH = 1  # January holidays on a weekend are not moved by the Code itself
_ONE_DAY = timedelta(days=1)


def _is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def statutory_year(year: int) -> YearCalendar:
    """The calendar of ``year`` as the Labour Code alone defines it."""
    holidays = [date(year, m, d) for m, d in STATUTORY_HOLIDAYS]
    days_off = set(holidays)
    for holiday in holidays:
        if holiday.month == _NOT_MOVED_MONTH or not _is_weekend(holiday):
            continue
        moved = holiday + _ONE_DAY
        while _is_weekend(moved) or moved in days_off:
            moved += _ONE_DAY
        days_off.add(moved)
    return YearCalendar(
        year=year,
        days_off=frozenset(days_off),
        short=shortened_days(year, frozenset(days_off)),
        origin="statutory",
        source="ст. 112 ТК РФ",
    )


def shortened_days(
    year: int,
    days_off: frozenset[date],
    working_weekends: frozenset[date] = frozenset(),
    stands_in_for: Mapping[date, date] | None = None,
) -> frozenset[date]:
    """The pre-holiday days of ``year`` shortened by art. 95, as the official calendars apply it.

    A working day right before a holiday of art. 112 (1 January of the next year included) is
    shortened. A working weekend day that stands in for a transferred day off (``stands_in_for``:
    working weekend day -> the weekday it pays for) is shortened when that weekday was such an
    eve: Sat 20 Feb 2021 was worked for Mon 22 Feb, the eve of 23 Feb, so it was shortened; Sat
    27 Apr 2024 was worked for Mon 29 Apr, no eve, so it was not.
    """
    holidays = {date(year, m, d) for m, d in STATUTORY_HOLIDAYS} | {date(year + 1, 1, 1)}

    def working(day: date) -> bool:
        return day not in days_off and (not _is_weekend(day) or day in working_weekends)

    eves = {holiday - _ONE_DAY for holiday in holidays}
    short = {eve for eve in eves if eve.year == year and working(eve)}
    short |= {
        weekend_day
        for weekend_day, weekday in (stands_in_for or {}).items()
        if weekday in eves and weekend_day.year == year and working(weekend_day)
    }
    return frozenset(short)


def missing_statutory_holidays(calendar: YearCalendar) -> list[date]:
    """Holidays of art. 112 a calendar leaves as working days: a sign of a wrong year or file."""
    return sorted(
        day
        for day in (date(calendar.year, m, d) for m, d in STATUTORY_HOLIDAYS)
        if day not in calendar.days_off and (day.weekday() < 5 or day in calendar.working_weekends)
    )
