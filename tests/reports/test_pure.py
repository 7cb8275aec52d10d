"""The pure helpers behind the figures: working minutes, percentiles, surges."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from monitor.core.settings import load_settings
from monitor.reports.note import surge_keys
from monitor.reports.rows import MessageRow
from monitor.reports.stats import median, minutes_text, percent, percentile, plural
from monitor.reports.workminutes import WorkingClock
from monitor.workcal import WorkCalendar


def test_working_clock_equals_the_calendar() -> None:
    """The fast index gives the calendar's own working time, across a holiday and a shortened day."""
    calendar = WorkCalendar.from_settings(load_settings().organization)
    clock = WorkingClock(calendar, date(2026, 10, 25), date(2026, 12, 5))
    rng = random.Random(7)
    base = datetime(2026, 10, 31, tzinfo=UTC)
    for _ in range(300):
        a = base + timedelta(minutes=rng.randrange(0, 60 * 24 * 30))
        b = a + timedelta(minutes=rng.randrange(-600, 60 * 24 * 6))
        assert clock.seconds(a, b) == calendar.working_between(a, b).total_seconds()
    far = datetime(2027, 3, 1, tzinfo=UTC)  # outside the index: the calendar answers
    assert clock.seconds(base, far) == calendar.working_between(base, far).total_seconds()


def test_percentiles_and_texts() -> None:
    assert median([60, 5460]) == 2760 and percentile([60, 5460], 0.9) == 5460
    assert percentile(list(range(1, 11)), 0.9) == 9 and percentile([], 0.9) is None
    assert percent(5 / 6) == "83,3 %" and percent(None) == "—"
    assert minutes_text(65) == "1 ч 05 мин" and minutes_text(40) == "40 мин"
    forms = ("репост", "репоста", "репостов")
    assert [plural(n, *forms) for n in (1, 2, 5, 11, 21, 112)] == [
        "1 репост", "2 репоста", "5 репостов", "11 репостов", "21 репост", "112 репостов"]


def _msg(i: int, at: datetime, topic: str = "heating", location: str = "sobolevo") -> MessageRow:
    return MessageRow(i, i, "vk", at, topic, location, "normal", 0, 0, 0, 0)


def test_surge_hour_against_the_previous_week() -> None:
    """Six messages in one hour of a quiet topic are a surge; spread over six hours, or in a topic
    that has three an hour all week, they are not."""
    start = datetime(2026, 11, 1, tzinfo=UTC)
    hour = start + timedelta(days=3, hours=5)
    burst = [_msg(i, hour + timedelta(minutes=5 * i)) for i in range(6)]
    spread = [_msg(10 + i, hour + timedelta(hours=i + 2), topic="roads") for i in range(6)]
    flagged = surge_keys(burst + spread, start, start + timedelta(days=30))
    assert flagged == {("heating", "sobolevo", hour)}
    usual = [_msg(100 + i, hour - timedelta(hours=i // 3 + 1) + timedelta(minutes=i % 3)) for i in range(3 * 168)]
    assert surge_keys(burst + usual, start - timedelta(days=7), start + timedelta(days=30)) == set()
