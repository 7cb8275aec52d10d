"""The fallback for a year with no official calendar: art. 112 and 95 of the Labour Code.

Art. 112 lists the non-working holidays; when one falls on a Saturday or Sunday the day off moves
to the next working day, except the January ones (the Government moves those by a yearly decree
we cannot foresee). Art. 95 shortens by one hour the working day immediately before a holiday.
Decreed transfers of a real year are unknown here, which is why the service warns until an
administrator loads the official calendar.
"""

from __future__ import annotations

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
    next_new_year = date(year + 1, 1, 1)
    short: set[date] = set()
    for holiday in [*holidays, next_new_year]:
        eve = holiday - _ONE_DAY
        if eve.year == year and not _is_weekend(eve) and eve not in days_off:
            short.add(eve)
    return YearCalendar(
        year=year,
        days_off=frozenset(days_off),
        short=frozenset(short),
        origin="statutory",
        source="ст. 112 ТК РФ",
    )


def missing_statutory_holidays(calendar: YearCalendar) -> list[date]:
    """Holidays of art. 112 a calendar leaves as working days: a sign of a wrong year or file."""
    return sorted(
        day
        for day in (date(calendar.year, m, d) for m, d in STATUTORY_HOLIDAYS)
        if day not in calendar.days_off and (day.weekday() < 5 or day in calendar.working_weekends)
    )
