"""A year the built-in data lacks takes the decree's transfers from the ``holidays`` package.

The fallback is trusted only because python-holidays agrees with the official calendars day for
day (days off, working weekend days and, by art. 95, shortened days) on 2022-2026; 2020 and 2021
differ by the COVID non-working days of presidential decrees, which the package does not carry.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from structlog.testing import capture_logs
from workcal_support import kam

from monitor.core.settings import Organization
from monitor.workcal import ProductionCalendar, WorkCalendar, builtin_years, decreed_year, statutory_year
from monitor.workcal.statutory import shortened_days

H = timedelta(hours=1)
FAR = 2040  # no decree on 2040 exists yet: only art. 112 knows that year


@pytest.mark.parametrize("year", range(2022, 2027))
def test_holidays_agrees_with_the_official_calendar(year: int) -> None:
    """Days off, working weekend days and shortened days by the package equal the official year's."""
    decreed, official = decreed_year(year), builtin_years()[year]
    assert decreed is not None
    assert decreed.days_off == official.days_off
    assert decreed.working_weekends == official.working_weekends
    assert decreed.short == official.short


def test_holidays_gives_the_provisional_2027() -> None:
    """The built-in 2027 is exactly what the package and art. 95 give (that is how it was derived)."""
    assert decreed_year(2027) == builtin_years()[2027]


def test_year_beyond_the_data_comes_from_the_decree() -> None:
    """With the built-in data ending in 2026, 2027 comes from the package, not from art. 112 alone."""
    production = ProductionCalendar(builtin={y: c for y, c in builtin_years().items() if y <= 2026})
    cal = WorkCalendar(tz=Organization().timezone, production=production)
    with capture_logs() as logs:
        assert cal.add_working(kam("2027-02-19 17:00"), 2 * H) == kam("2027-02-20 10:00")  # Sat 20 Feb worked
        assert cal.add_working(kam("2027-02-20 16:00"), 2 * H) == kam("2027-02-24 10:00")  # Mon 22 Feb off
        assert cal.add_working(kam("2027-11-03 16:00"), 2 * H) == kam("2027-11-08 10:00")  # Fri 5 Nov off
        assert not cal.is_working(kam("2027-12-31 10:00"))
    assert production.year(2027).origin == "decreed"
    assert production.covers(2027)
    assert [e["event"] for e in logs if e["event"].startswith("calendar.")] == ["calendar.year_decreed"]


def test_year_without_a_decree_falls_back_to_the_code() -> None:
    """A year the package has no decree for is not passed off as one: art. 112 and a warning."""
    assert decreed_year(FAR) is None
    production = ProductionCalendar()
    assert not production.covers(FAR)
    with capture_logs() as logs:
        assert production.year(FAR) == statutory_year(FAR)
    assert [(e["event"], e["year"]) for e in logs] == [("calendar.year_missing", FAR)]


def test_shortened_days_follow_the_day_a_working_weekend_stands_in_for() -> None:
    """Art. 95 as applied: Sat 27 Apr 2024 (worked for Mon 29 Apr) is full, Sat 2 Nov (for Tue 30 Apr) short."""
    official = builtin_years()[2024]
    pairs = {date(2024, 4, 27): date(2024, 4, 29), date(2024, 11, 2): date(2024, 4, 30),
             date(2024, 12, 28): date(2024, 12, 30)}
    short = shortened_days(2024, official.days_off, official.working_weekends, pairs)
    assert short == official.short
    assert date(2024, 11, 2) in short and date(2024, 4, 27) not in short and date(2024, 12, 28) not in short
    unpaired = shortened_days(2024, official.days_off, official.working_weekends)
    assert unpaired == official.short - {date(2024, 11, 2)}
