"""The project's own production-calendar file agrees with the shared official data."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from workcal_support import shared_calendar_file, shared_year

from monitor.core.settings import Organization
from monitor.workcal import WorkCalendar, builtin_years
from monitor.workcal.production import BUILTIN_DATA

YEARS = range(2020, 2028)


@pytest.fixture(scope="module")
def shared() -> dict[str, Any]:
    path = shared_calendar_file()
    if path is None:
        pytest.skip("shared/data/ru-production-calendar.json is not available")
    return json.loads(path.read_text(encoding="utf-8"))["years"]


def _dates(values: list[str]) -> set[date]:
    return {date.fromisoformat(v) for v in values}


def test_same_years_as_shared_data(shared: dict[str, Any]) -> None:
    """The service knows the calendar for exactly the years 2020-2027."""
    assert sorted(builtin_years()) == sorted(int(y) for y in shared) == list(YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_days_agree_with_shared_data(shared: dict[str, Any], year: int) -> None:
    """Holidays, working weekend days and shortened days are the official ones, year by year."""
    official = shared[str(year)]
    ours = builtin_years()[year]
    assert set(ours.holidays_on_weekdays()) == _dates(official["holidays"])
    assert set(ours.working_weekends) == _dates(official["workdays"])
    assert set(ours.short) == _dates(official["short"])
    assert set(ours.days_off) == _dates(official["holidays"]) | {
        date.fromisoformat(d["date"]) for d in official["nonworking_all"]
    }
    assert ours == shared_year(year, official)


def test_provisional_2027_says_so() -> None:
    """2027 is derived from the decree, not published: the data and `calendar show` say to replace it."""
    data = json.loads(BUILTIN_DATA.read_text(encoding="utf-8"))
    assert any("2027 is provisional" in note and "Replace it with the official calendar" in note
               for note in data["notes"])
    assert "заменить официальным" in builtin_years()[2027].source
    assert "xmlcalendar" in builtin_years()[2026].source


@pytest.mark.parametrize("year", YEARS)
def test_monthly_norms_match_official_totals(shared: dict[str, Any], year: int) -> None:
    """With the default schedule each month has the official count of working days and hours."""
    cal = WorkCalendar.from_settings(Organization())
    official = shared[str(year)]
    for month in range(1, 13):
        day, days, worked = date(year, month, 1), 0, timedelta(0)
        while day.month == month:
            on_day = cal.working_time_on(day)
            days += bool(on_day)
            worked += on_day
            day += timedelta(days=1)
        assert days == official["working_days_per_month"][month - 1], (year, month)
        assert worked == timedelta(hours=official["working_hours_40h_per_month"][month - 1]), (year, month)
