"""Conventions of working-time arithmetic: boundaries, zones, DST, overrides, schedules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from workcal_support import BERLIN, KAMCHATKA, berlin, kam

from monitor.core.settings import Organization, Schedule, SettingsError
from monitor.workcal import (
    DayKind,
    ProductionCalendar,
    WeeklySchedule,
    WorkCalendar,
    YearCalendar,
)

H = timedelta(hours=1)
M = timedelta(minutes=1)


def _org(**schedule: object) -> Organization:
    return Organization(schedule=Schedule(**schedule)) if schedule else Organization()


def _no_holidays(*years: int) -> ProductionCalendar:
    return ProductionCalendar(builtin={y: YearCalendar(y, frozenset()) for y in years})


class TestBoundaries:
    @pytest.mark.parametrize(
        ("at", "working"),
        [
            ("2025-04-15 08:59", False), ("2025-04-15 09:00", True), ("2025-04-15 12:59:59", True),
            ("2025-04-15 13:00", False), ("2025-04-15 13:59", False), ("2025-04-15 14:00", True),
            ("2025-04-15 17:59:59", True), ("2025-04-15 18:00", False), ("2025-04-19 10:00", False),
        ],
    )
    def test_is_working(self, cal: WorkCalendar, at: str, working: bool) -> None:
        """Working periods include their start and exclude their end (13:00 and 18:00 are off)."""
        assert cal.is_working(kam(at)) is working

    @pytest.mark.parametrize(
        ("at", "moment"),
        [
            ("2025-04-15 10:17", "2025-04-15 10:17"), ("2025-04-15 13:00", "2025-04-15 14:00"),
            ("2025-04-15 05:00", "2025-04-15 09:00"), ("2025-04-18 18:00", "2025-04-21 09:00"),
            ("2025-04-30 17:00", "2025-05-05 09:00"),
        ],
    )
    def test_next_working_moment(self, cal: WorkCalendar, at: str, moment: str) -> None:
        """The clock starts at once in working time, else at the start of the next period."""
        assert cal.next_working_moment(kam(at)) == kam(moment)

    def test_duration_ending_at_period_end_is_due_then(self, cal: WorkCalendar) -> None:
        """09:00 + 4 h is 13:00, not 14:00; 14:00 + 4 h is 18:00, not 09:00 next day."""
        assert cal.add_working(kam("2025-04-15 09:00"), 4 * H) == kam("2025-04-15 13:00")
        assert cal.add_working(kam("2025-04-15 14:00"), 4 * H) == kam("2025-04-15 18:00")

    def test_zero_duration_is_the_next_working_moment(self, cal: WorkCalendar) -> None:
        """A zero duration started at lunch is due when work resumes."""
        assert cal.add_working(kam("2025-04-15 13:10"), timedelta(0)) == kam("2025-04-15 14:00")

    def test_seconds_are_kept(self, cal: WorkCalendar) -> None:
        """Starts with seconds give deadlines exact to the second."""
        assert cal.add_working(kam("2025-04-15 12:59:30"), 2 * M) == kam("2025-04-15 14:01:30")

    def test_working_between_counts_only_working_time(self, cal: WorkCalendar) -> None:
        """Friday 15:00 to Monday 15:00 holds 8 working hours; a reversed interval holds none."""
        assert cal.working_between(kam("2025-04-18 15:00"), kam("2025-04-21 15:00")) == 8 * H
        assert cal.working_between(kam("2025-04-21 15:00"), kam("2025-04-18 15:00")) == timedelta(0)

    def test_subtract_counts_back_to_the_latest_instant(self, cal: WorkCalendar) -> None:
        """4 h before Monday 10:00 is Friday 15:00; 4 h before 18:00 is 14:00, not 13:00."""
        assert cal.subtract_working(kam("2025-04-21 10:00"), 4 * H) == kam("2025-04-18 15:00")
        assert cal.subtract_working(kam("2025-04-21 18:00"), 4 * H) == kam("2025-04-21 14:00")
        assert cal.subtract_working(kam("2025-03-10 10:00"), 4 * H) == kam("2025-03-07 14:00")  # short Friday
        assert cal.add_working(kam("2025-04-21 10:00"), -4 * H) == kam("2025-04-18 15:00")

    def test_working_days_zero_and_negative(self, cal: WorkCalendar) -> None:
        """0 working days is the close of the current working day; a negative count is refused."""
        assert cal.add_working_days(kam("2025-04-15 10:00"), 0) == kam("2025-04-15 18:00")
        assert cal.add_working_days(kam("2025-04-15 19:00"), 0) == kam("2025-04-16 18:00")
        with pytest.raises(ValueError, match="negative"):
            cal.add_working_days(kam("2025-04-15 10:00"), -1)


class TestZones:
    def test_naive_instants_are_refused(self, cal: WorkCalendar) -> None:
        """Every operation refuses a datetime without a zone."""
        naive = datetime(2025, 4, 15, 10, 0)
        for call in (
            lambda: cal.add_working(naive, H), lambda: cal.add_working_days(naive, 1),
            lambda: cal.working_between(naive, kam("2025-04-16 10:00")), lambda: cal.is_working(naive),
            lambda: cal.next_working_moment(naive), lambda: cal.add(naive, H, working=False),
        ):
            with pytest.raises(ValueError, match="timezone-aware"):
                call()

    def test_results_are_in_the_organization_zone(self, cal: WorkCalendar) -> None:
        """A UTC start gives a deadline expressed in Kamchatka time."""
        due = cal.add_working(datetime(2025, 4, 14, 21, 0, tzinfo=UTC), H)  # 09:00 Kamchatka
        assert due == kam("2025-04-15 10:00") and due.utcoffset() == 12 * H
        assert cal.tz == KAMCHATKA

    def test_calendar_time_is_elapsed_time(self, cal: WorkCalendar) -> None:
        """With working=False a duration is plain elapsed time, weekends and nights included."""
        assert cal.add(kam("2025-04-18 17:00"), 4 * H, working=False) == kam("2025-04-18 21:00")
        assert cal.add(kam("2025-04-18 17:00"), 4 * H, working=True) == kam("2025-04-21 12:00")

    def test_dst_change_over_a_weekend_in_berlin(self) -> None:
        """In Berlin 8 h from Friday 15:00 CET end on Monday 15:00 CEST, measured as 8 h."""
        cal = WorkCalendar.from_settings(Organization(timezone="Europe/Berlin"))
        due = cal.add_working(berlin("2025-03-28 15:00"), 8 * H)
        assert due == berlin("2025-03-31 15:00") and due.utcoffset() == 2 * H
        assert cal.working_between(berlin("2025-03-28 15:00"), due) == 8 * H

    def test_calendar_time_across_dst_counts_real_hours(self) -> None:
        """24 calendar hours from Saturday noon in Berlin end at 13:00 on the DST Sunday."""
        cal = WorkCalendar.from_settings(Organization(timezone="Europe/Berlin"))
        assert cal.add(berlin("2025-03-29 12:00"), 24 * H, working=False) == berlin("2025-03-30 13:00")

    def test_dst_inside_working_hours(self) -> None:
        """A round-the-clock schedule loses an hour in spring and gains one in autumn."""
        cal = WorkCalendar(
            tz=BERLIN,
            schedule=WeeklySchedule(frozenset(range(7)), ((0, 23 * 60 + 59),)),
            production=_no_holidays(2025),
        )
        assert cal.working_between(berlin("2025-03-30 00:00"), berlin("2025-03-30 23:59")) == 22 * H + 59 * M
        assert cal.working_between(berlin("2025-10-26 00:00"), berlin("2025-10-26 23:59")) == 24 * H + 59 * M
        assert cal.add_working(berlin("2025-03-30 01:30"), H) == berlin("2025-03-30 03:30")
        due = cal.add_working(berlin("2025-10-26 01:30"), 2 * H)
        assert due.isoformat() == "2025-10-26T02:30:00+01:00"

    def test_kamchatka_historical_dst(self) -> None:
        """Kamchatka moved from UTC+11 to UTC+12 on 27 March 2011; working time stays exact."""
        cal = WorkCalendar(tz=KAMCHATKA, production=_no_holidays(2011))
        due = cal.add_working(kam("2011-03-25 15:00"), 8 * H)
        assert due.isoformat() == "2011-03-28T15:00:00+12:00"
        assert kam("2011-03-25 15:00").utcoffset() == 11 * H
        assert cal.working_between(kam("2011-03-25 15:00"), due) == 8 * H


class TestOverridesAndSchedules:
    def test_extra_day_off(self) -> None:
        """A day declared off locally has no working time."""
        cal = WorkCalendar.from_settings(Organization(extra_days_off=["2025-04-15"]))
        assert cal.add_working(kam("2025-04-14 17:00"), 2 * H) == kam("2025-04-16 10:00")
        assert cal.day_kind(date(2025, 4, 15)) is DayKind.OFF

    def test_extra_workday_on_a_saturday_and_a_holiday(self) -> None:
        """A Saturday or a holiday declared working locally has the normal schedule."""
        cal = WorkCalendar.from_settings(Organization(extra_workdays=["2025-04-19", "2025-06-12"]))
        assert cal.add_working(kam("2025-04-18 17:00"), 2 * H) == kam("2025-04-19 10:00")
        assert cal.working_time_on(date(2025, 6, 12)) == 8 * H
        assert cal.working_time_on(date(2025, 6, 13)) == timedelta(0)

    def test_bad_override_names_the_setting(self) -> None:
        """A wrong date in the overrides is a settings error naming the key."""
        with pytest.raises(SettingsError, match=r"organization\.extra_days_off\[1\]"):
            WorkCalendar.from_settings(Organization(extra_days_off=["2025-04-15", "15.04.2025"]))
        with pytest.raises(SettingsError, match="also in extra_days_off"):
            WorkCalendar.from_settings(Organization(extra_days_off=["2025-04-15"], extra_workdays=["2025-04-15"]))

    def test_six_day_week(self) -> None:
        """A Monday-Saturday week works on Saturdays except on a Saturday holiday."""
        cal = WorkCalendar.from_settings(_org(weekdays=["mon", "tue", "wed", "thu", "fri", "sat"]))
        assert cal.is_working(kam("2025-04-19 10:00"))
        assert not cal.is_working(kam("2025-03-08 10:00"))  # Women's Day, a Saturday
        assert not cal.is_working(kam("2025-04-20 10:00"))

    def test_schedule_without_lunch_and_its_short_day(self) -> None:
        """08:00-17:00 without lunch; the shortened 7 March ends at 16:00."""
        cal = WorkCalendar.from_settings(_org(start="08:00", end="17:00", lunch_start=None, lunch_end=None))
        assert cal.add_working(kam("2025-04-15 12:00"), 2 * H) == kam("2025-04-15 14:00")
        assert cal.working_periods(date(2025, 3, 7)) == ((kam("2025-03-07 08:00"), kam("2025-03-07 16:00")),)

    def test_short_day_takes_the_last_working_hour_across_lunch(self) -> None:
        """With a 30-minute afternoon, the shortened day ends 30 minutes before lunch."""
        cal = WorkCalendar.from_settings(_org(start="09:00", end="14:30", lunch_start="13:00", lunch_end="14:00"))
        assert cal.working_periods(date(2025, 3, 7)) == ((kam("2025-03-07 09:00"), kam("2025-03-07 12:30")),)

    def test_no_working_days_at_all_is_an_error(self) -> None:
        """A schedule with no working weekday fails instead of looping forever."""
        cal = WorkCalendar(tz=KAMCHATKA, schedule=WeeklySchedule(frozenset(), ((540, 1080),)), production=_no_holidays(*range(2025, 2030)))
        with pytest.raises(ValueError, match="no working time"):
            cal.add_working(kam("2025-04-15 10:00"), H)
