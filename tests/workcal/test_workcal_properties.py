"""Properties of working-time arithmetic for random starts and durations."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workcal_support import BERLIN, KAMCHATKA

from monitor.core.settings import Organization
from monitor.workcal import WorkCalendar

CAL = WorkCalendar.from_settings(Organization())
BERLIN_CAL = WorkCalendar.from_settings(Organization(timezone="Europe/Berlin"))
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Starts over the official years and into the art. 112 fallback on both sides, to the second.
starts = st.datetimes(min_value=datetime(2019, 12, 1), max_value=datetime(2027, 12, 31))
durations = st.integers(min_value=0, max_value=400 * 60).map(lambda m: timedelta(minutes=m))
small = st.integers(min_value=1, max_value=30 * 60).map(lambda m: timedelta(minutes=m))


def _at(naive: datetime, cal: WorkCalendar) -> datetime:
    return naive.replace(tzinfo=cal.tz)


@PROPERTY_SETTINGS
@given(start=starts, delta=durations)
def test_adding_then_measuring_round_trips(start: datetime, delta: timedelta) -> None:
    """The working time from the clock's start to the deadline is exactly the duration asked."""
    s = _at(start, CAL)
    due = CAL.add_working(s, delta)
    assert due >= s and due.tzinfo is KAMCHATKA
    assert CAL.working_between(CAL.next_working_moment(s), due) == delta
    assert CAL.working_between(s, due) == delta


@PROPERTY_SETTINGS
@given(start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31)), delta=durations)
def test_round_trip_in_a_zone_with_dst(start: datetime, delta: timedelta) -> None:
    """The round trip also holds in Europe/Berlin, across its DST changes."""
    s = _at(start, BERLIN_CAL)
    due = BERLIN_CAL.add_working(s, delta)
    assert due.tzinfo is BERLIN
    assert BERLIN_CAL.working_between(BERLIN_CAL.next_working_moment(s), due) == delta


@PROPERTY_SETTINGS
@given(start=starts, d1=durations, d2=durations)
def test_longer_durations_are_never_due_earlier(start: datetime, d1: timedelta, d2: timedelta) -> None:
    """A longer duration never gives an earlier deadline."""
    s = _at(start, CAL)
    short, long_ = sorted((d1, d2))
    assert CAL.add_working(s, short) <= CAL.add_working(s, long_)


@PROPERTY_SETTINGS
@given(a=starts, b=starts, delta=durations)
def test_later_starts_are_never_due_earlier(a: datetime, b: datetime, delta: timedelta) -> None:
    """A later start never gives an earlier deadline."""
    early, late = sorted((_at(a, CAL), _at(b, CAL)))
    assert CAL.add_working(early, delta) <= CAL.add_working(late, delta)


@PROPERTY_SETTINGS
@given(start=starts, first=durations, second=small)
def test_durations_add_up(start: datetime, first: timedelta, second: timedelta) -> None:
    """Adding two durations one after the other equals adding their sum."""
    s = _at(start, CAL)
    assert CAL.add_working(CAL.add_working(s, first), second) == CAL.add_working(s, first + second)


@PROPERTY_SETTINGS
@given(end=starts, delta=durations)
def test_subtracting_then_measuring_round_trips(end: datetime, delta: timedelta) -> None:
    """Counting back from a deadline leaves exactly the duration of working time before it."""
    e = _at(end, CAL)
    begin = CAL.subtract_working(e, delta)
    assert begin <= e
    assert CAL.working_between(begin, e) == delta


@PROPERTY_SETTINGS
@given(start=starts, days=st.integers(min_value=1, max_value=30))
def test_working_days_end_at_a_close(start: datetime, days: int) -> None:
    """D working days end at the close of a working day, with D working days after the start's day."""
    s = _at(start, CAL)
    due = CAL.add_working_days(s, days)
    assert not CAL.is_working(due) and CAL.is_working(due - timedelta(minutes=1))
    next_day = datetime.combine(s.date() + timedelta(days=1), datetime.min.time(), tzinfo=KAMCHATKA)
    counted = sum(
        1 for n in range((due.date() - next_day.date()).days + 1)
        if CAL.working_time_on(next_day.date() + timedelta(days=n))
    )
    assert counted == days
