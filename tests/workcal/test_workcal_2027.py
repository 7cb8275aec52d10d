"""Deadlines of 2027 around each holiday and each transfer of the decree, to the minute.

Default organization: Mon-Fri 09:00-13:00 and 14:00-18:00 (17:00 on a shortened day),
Asia/Kamchatka. The decree on 2027 makes Sat 20 Feb a working (shortened) day and moves days off
to Mon 22 Feb, Fri 5 Nov and Fri 31 Dec; the Labour Code alone knows none of that, so the cases
marked "decree" came out wrong while the built-in calendar ended with 2026. Each expected value
was worked out by hand and is cross-checked against the shared production calendar.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from workcal_support import shared_calendar_file, shared_year

from monitor.cli.deadline import parse_start
from monitor.core.settings import Organization
from monitor.workcal import ProductionCalendar, WorkCalendar

Run = Callable[..., tuple[int, str, str]]

CASES = [
    # New Year: 31 Dec 2026 and 1-10 Jan 2027 are off.
    (["--start", "2026-12-30T17:00", "--hours", "2"], "2027-01-11T10:00:00+12:00"),
    # decree: Sat 20 Feb is a working day, shortened (it stands in for Mon 22 Feb, the eve of 23 Feb).
    (["--start", "2027-02-19T17:00", "--hours", "2"], "2027-02-20T10:00:00+12:00"),
    (["--start", "2027-02-20T16:00", "--hours", "2"], "2027-02-24T10:00:00+12:00"),  # decree: 22 Feb off
    # 8 March is a Monday: Friday 5 March is a full day.
    (["--start", "2027-03-05T17:00", "--hours", "2"], "2027-03-09T10:00:00+12:00"),
    # 1 May is a Saturday: Fri 30 Apr is shortened, Mon 3 May off.
    (["--start", "2027-04-30T16:00", "--hours", "2"], "2027-05-04T10:00:00+12:00"),
    # 9 May is a Sunday: Mon 10 May off, Fri 7 May a full day.
    (["--start", "2027-05-07T17:00", "--hours", "2"], "2027-05-11T10:00:00+12:00"),
    # 12 June is a Saturday: Fri 11 June shortened, Mon 14 June off.
    (["--start", "2027-06-11T15:00", "--hours", "3"], "2027-06-15T10:00:00+12:00"),
    # decree: 4 Nov (Thu) and 5 Nov (Fri) off; Wed 3 Nov shortened.
    (["--start", "2027-11-03T16:00", "--hours", "2"], "2027-11-08T10:00:00+12:00"),
    (["--start", "2027-11-02T10:00", "--working-days", "2"], "2027-11-08T18:00:00+12:00"),
    # decree: 31 Dec (Fri) off, so 30 Dec is a full day and the clock resumes after 1-9 Jan 2028.
    (["--start", "2027-12-30T17:00", "--hours", "2"], "2028-01-10T10:00:00+12:00"),
]


@pytest.fixture(scope="module")
def shared_calendar() -> WorkCalendar:
    """The default organization's calendar built from the shared file alone."""
    path = shared_calendar_file()
    if path is None:
        pytest.skip("shared/data/ru-production-calendar.json is not available")
    years = json.loads(path.read_text(encoding="utf-8"))["years"]
    production = ProductionCalendar(builtin={int(y): shared_year(int(y), body) for y, body in years.items()})
    return WorkCalendar(tz=Organization().timezone, production=production)


def _due(calendar: WorkCalendar, args: list[str]) -> str:
    """The same request asked of ``calendar`` directly."""
    start = parse_start(args[1], calendar.tz)
    if args[2] == "--working-days":
        return calendar.add_working_days(start, int(args[3])).isoformat()
    return calendar.add_working(start, timedelta(hours=float(args[3]))).isoformat()


@pytest.mark.parametrize(("args", "due"), CASES)
def test_2027_deadline_from_the_command_line(otklik: Run, tmp_path: Path, args: list[str], due: str) -> None:
    """`otklik deadline` in 2027, with nothing loaded, follows the decree's transfers."""
    code, out, err = otklik("deadline", *args, "--dir", str(tmp_path / "none"))
    assert (code, out) == (0, due + "\n"), err


@pytest.mark.parametrize(("args", "due"), CASES)
def test_expected_values_agree_with_the_shared_calendar(shared_calendar: WorkCalendar, args: list[str],
                                                        due: str) -> None:
    """The hand-worked values are what the shared production calendar gives as well."""
    assert _due(shared_calendar, args) == due
