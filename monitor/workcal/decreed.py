"""A year's calendar from the Government decree on transfers, as the ``holidays`` package keeps it.

For a year neither loaded nor built in, python-holidays (a maintained library that follows each
yearly decree; it agrees with the official calendars day for day on 2022-2026, see
tests/workcal/test_workcal_decreed.py) gives the days off, the observed shifts of weekend holidays
and the working weekend days. Shortened days are not in it: they follow art. 95
(``statutory.shortened_days``), for which each working weekend day must be paired with the day off
it pays for; the package names that pair only in the day off's label ("substituted from ..."),
read here in a fixed language.

A year the package knows no decree for comes back as None: every year's decree moves the New Year
holidays that fall on a weekend to weekdays, so a decreed year always has a weekday off that art.
112 alone does not give, and a year without one is just the package's copy of art. 112.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

from monitor.workcal.statutory import shortened_days, statutory_year
from monitor.workcal.yeardata import YearCalendar

_COUNTRY = "RU"
_LANGUAGE = "en_US"  # the language the substitution labels are matched in
SOURCE = f"постановление Правительства о переносах выходных дней (пакет holidays {holidays.__version__})"


def _stands_in_for(known: holidays.HolidayBase, working_weekends: frozenset[date]) -> dict[date, date]:
    """Each working weekend day -> the day off it was transferred to, from the package's labels."""
    label = known.tr(known.substituted_label)
    date_format = known.tr(known.substituted_date_format)
    pairs: dict[date, date] = {}
    for weekend_day in working_weekends:
        wanted = label % weekend_day.strftime(date_format)
        for day_off in known:
            if wanted in known.get_list(day_off):
                pairs[weekend_day] = day_off
    return pairs


@lru_cache(maxsize=64)
def decreed_year(year: int) -> YearCalendar | None:
    """The calendar of ``year`` by the decree python-holidays knows, or None when it knows none."""
    known = holidays.country_holidays(_COUNTRY, years=year, language=_LANGUAGE, observed=True)
    days_off = frozenset(day for day in known if day.year == year)
    by_code_alone = statutory_year(year).days_off
    if not any(day.weekday() < 5 and day not in by_code_alone for day in days_off):
        return None
    working_weekends = frozenset(day for day in known.weekend_workdays if day.year == year)
    return YearCalendar(
        year=year,
        days_off=days_off,
        working_weekends=working_weekends,
        short=shortened_days(year, days_off, working_weekends, _stands_in_for(known, working_weekends)),
        origin="decreed",
        source=SOURCE,
    )
