"""Deadlines against the official production calendar of 2024-2026, derived by hand.

Default organization: Mon-Fri 09:00-13:00 and 14:00-18:00 (17:00 on a shortened day),
Asia/Kamchatka (UTC+12). Each expected value was worked out on paper from the official calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from workcal_support import kam

from monitor.workcal import WorkCalendar

H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        # New Year: Sat 2024-12-28 was a working day; 30-31 Dec and 1-8 Jan are off.
        ("2024-12-27 17:00", 2, "2024-12-28 10:00"),
        ("2024-12-28 17:00", 2, "2025-01-09 10:00"),
        ("2025-12-30 17:00", 1, "2025-12-30 18:00"),
        ("2025-12-30 17:00", 2, "2026-01-12 10:00"),  # 31 Dec 2025 and 1-11 Jan 2026 are off
        # Shortened pre-holiday days end at 17:00.
        ("2025-03-07 16:00", 1, "2025-03-07 17:00"),
        ("2025-03-07 16:00", 2, "2025-03-10 10:00"),
        ("2025-04-30 14:00", 4, "2025-05-05 10:00"),  # 1-4 May off
        ("2025-06-11 16:30", 1, "2025-06-16 09:30"),  # 12-15 June off
        ("2026-05-08 16:00", 2, "2026-05-12 10:00"),  # 9-11 May 2026 off
        ("2026-11-03 16:00", 2, "2026-11-05 10:00"),  # 4 Nov holiday
        # Sat 2025-11-01: a working Saturday, and shortened; 3-4 Nov off.
        ("2025-10-31 17:00", 2, "2025-11-01 10:00"),
        ("2025-11-01 15:00", 3, "2025-11-05 10:00"),
        # Transferred days off: 2 May and 8 May 2025; 7 May is a full day (8 May is no holiday).
        ("2025-04-30 16:00", 1, "2025-04-30 17:00"),
        ("2025-05-07 17:00", 1, "2025-05-07 18:00"),
        ("2025-05-07 17:00", 2, "2025-05-12 10:00"),
        # 2026: 23 Feb (Mon) and 9 Mar (Mon, for Sun 8 Mar) off, the Fridays before are full days.
        ("2026-02-20 17:00", 1, "2026-02-20 18:00"),
        ("2026-02-20 17:00", 2, "2026-02-24 10:00"),
        ("2026-03-06 17:30", 1, "2026-03-10 09:30"),
        # Lunch.
        ("2025-04-15 12:00", 2, "2025-04-15 15:00"),
        ("2025-04-15 13:30", 1, "2025-04-15 15:00"),
        ("2025-04-15 13:00", 1, "2025-04-15 15:00"),
        ("2025-04-15 09:00", 4, "2025-04-15 13:00"),
        ("2025-04-15 10:00", 3, "2025-04-15 13:00"),
        ("2025-04-15 10:00", 8, "2025-04-16 10:00"),
        # Night, evening and the close of the day.
        ("2025-04-15 03:00", 1, "2025-04-15 10:00"),
        ("2025-04-15 22:00", 0.5, "2025-04-16 09:30"),
        ("2025-04-18 18:00", 1, "2025-04-21 10:00"),
        ("2025-04-18 17:00", 1, "2025-04-18 18:00"),
        # 8 working hours from Friday 15:00 (the reply deadline of p. 10).
        ("2025-04-18 15:00", 8, "2025-04-21 15:00"),
        ("2025-03-07 15:00", 8, "2025-03-10 16:00"),  # 2 h of a short Friday, then 6 h on Monday
    ],
)
def test_working_hours_against_official_calendar(cal: WorkCalendar, start: str, hours: float, due: str) -> None:
    """A deadline in working hours lands where the official calendar puts it, to the minute."""
    assert cal.add_working(kam(start), timedelta(hours=hours)) == kam(due)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2025-12-26 11:00", 7, "2026-01-16 18:00"),  # 29, 30 Dec; 12-16 Jan
        ("2024-12-27 10:00", 7, "2025-01-16 18:00"),  # Sat 28 Dec; 9, 10, 13-16 Jan
        ("2025-03-05 10:00", 2, "2025-03-07 17:00"),  # ends on a shortened day
        ("2025-05-03 12:00", 1, "2025-05-05 18:00"),  # from a day off
        ("2025-04-15 20:00", 1, "2025-04-16 18:00"),  # after the close: still the next day
        ("2025-10-31 09:00", 1, "2025-11-01 17:00"),  # the working, shortened Saturday
        ("2025-04-28 09:00", 7, "2025-05-13 18:00"),  # 29, 30 Apr; 5, 6, 7, 12, 13 May
    ],
)
def test_working_days_against_official_calendar(cal: WorkCalendar, start: str, days: int, due: str) -> None:
    """D working days are due at the close of the D-th working day after the start's day."""
    assert cal.add_working_days(kam(start), days) == kam(due)


@pytest.mark.parametrize(
    ("day", "periods"),
    [
        ("2025-03-07", [("09:00", "13:00"), ("14:00", "17:00")]),
        ("2025-04-30", [("09:00", "13:00"), ("14:00", "17:00")]),
        ("2025-06-11", [("09:00", "13:00"), ("14:00", "17:00")]),
        ("2025-11-01", [("09:00", "13:00"), ("14:00", "17:00")]),
        ("2025-05-07", [("09:00", "13:00"), ("14:00", "18:00")]),
        ("2025-12-30", [("09:00", "13:00"), ("14:00", "18:00")]),
        ("2024-12-28", [("09:00", "13:00"), ("14:00", "18:00")]),
        ("2026-04-30", [("09:00", "13:00"), ("14:00", "17:00")]),
        ("2025-05-02", []),
        ("2025-05-08", []),
        ("2025-06-13", []),
        ("2025-11-03", []),
        ("2025-12-31", []),
        ("2026-01-09", []),
        ("2026-03-09", []),
        ("2026-12-31", []),
        ("2025-03-08", []),
        ("2025-04-19", []),
    ],
)
def test_day_periods_follow_official_calendar(cal: WorkCalendar, day: str, periods: list[tuple[str, str]]) -> None:
    """Each day's working hours match the official calendar: full, shortened or off."""
    d = date.fromisoformat(day)
    expected = tuple((kam(f"{day} {s}"), kam(f"{day} {e}")) for s, e in periods)
    assert cal.working_periods(d) == expected


def test_working_saturday_counts_seven_hours(cal: WorkCalendar) -> None:
    """Sat 1 Nov 2025 has 7 working hours; the holiday weekend after it has none."""
    assert cal.working_between(kam("2025-11-01 00:00"), kam("2025-11-02 00:00")) == 7 * H
    assert cal.working_between(kam("2025-11-02 00:00"), kam("2025-11-05 00:00")) == timedelta(0)


def test_new_year_holidays_have_no_working_time(cal: WorkCalendar) -> None:
    """From the close of 30 Dec 2025 to the morning of 12 Jan 2026 no working time passes."""
    assert cal.working_between(kam("2025-12-30 18:00"), kam("2026-01-12 09:00")) == timedelta(0)
    assert not cal.is_working(kam("2026-01-09 10:00"))
    assert cal.next_working_moment(kam("2025-12-31 10:00")) == kam("2026-01-12 09:00")
