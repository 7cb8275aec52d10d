"""From 60 days before a year nobody has a calendar of, start-up and check-config say so.

"Nobody": neither loaded, nor built in, nor in the ``holidays`` package. The year is found rather
than written down, so the tests keep working when a new python-holidays learns the next decree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from itertools import count
from pathlib import Path

import pytest

from monitor.app.startup import validate
from monitor.core.clock import FrozenClock, SystemClock
from monitor.core.settings import DEFAULT_SETTINGS, load_settings
from monitor.workcal import ProductionCalendar, dumps_years, statutory_year

Run = Callable[..., tuple[int, str, str]]
UNCOVERED = next(year for year in count(2027) if not ProductionCalendar().covers(year))
# 2 Nov is 60 days before 1 Jan. 12:00 UTC on 1 Nov is already 2 Nov in Kamchatka (UTC+12).
WINDOW_OPENS = datetime(UNCOVERED - 1, 11, 1, 12, 0, tzinfo=UTC)
JUST_BEFORE = datetime(UNCOVERED - 1, 11, 1, 11, 59, tzinfo=UTC)


def _settings_file(folder: Path) -> Path:
    path = folder / "settings.yaml"
    rules = DEFAULT_SETTINGS.parent / "rules"
    path.write_text(f"rules_dir: {rules}\norganization:\n  timezone: Asia/Kamchatka\n", encoding="utf-8")
    return path


def _calendar_lines(warnings: list[str]) -> list[str]:
    return [w for w in warnings if "производственного календаря" in w]


def _validate(folder: Path, at: datetime) -> list[str]:
    return _calendar_lines(validate(load_settings(_settings_file(folder)), lambda: None, FrozenClock(at)))


def test_startup_warns_from_60_days_before_the_year(tmp_path: Path) -> None:
    """The warning starts on 2 Nov in the organization's zone and names the year and the command."""
    assert _validate(tmp_path, JUST_BEFORE) == []
    (line,) = _validate(tmp_path, WINDOW_OPENS)
    assert f"на {UNCOVERED} год" in line and "otklik calendar load" in line


def test_startup_keeps_warning_inside_the_year(tmp_path: Path) -> None:
    """A year that has started without a calendar is still warned about."""
    (line,) = _validate(tmp_path, datetime(UNCOVERED, 3, 1, tzinfo=UTC))
    assert f"на {UNCOVERED} год" in line


def test_covered_years_do_not_warn(tmp_path: Path) -> None:
    """Late 2026, with 2027 built in, there is nothing to warn about."""
    assert _validate(tmp_path, datetime(2026, 12, 6, tzinfo=UTC)) == []


def test_loading_the_year_ends_the_warning(otklik: Run, tmp_path: Path) -> None:
    """`otklik calendar load` for the year (into var/calendar beside the settings) silences it."""
    _settings_file(tmp_path)
    official = tmp_path / f"{UNCOVERED}.json"
    official.write_text(dumps_years([statutory_year(UNCOVERED)]), encoding="utf-8")
    code, _, err = otklik("calendar", "load", str(official))
    assert code == 0, err
    assert _validate(tmp_path, WINDOW_OPENS) == []


def test_check_config_prints_the_warning(otklik: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`otklik check-config` on the real clock, set to the day the window opens, prints the warning."""
    _settings_file(tmp_path)
    monkeypatch.setattr(SystemClock, "now", lambda self: JUST_BEFORE)
    code, _, err = otklik("check-config")
    assert code == 0 and "otklik calendar load" not in err
    monkeypatch.setattr(SystemClock, "now", lambda self: WINDOW_OPENS)
    code, out, err = otklik("check-config")
    assert code == 0 and "Настройки в порядке" in out
    (line,) = [line for line in err.splitlines() if "otklik calendar load" in line]
    assert line.startswith("предупреждение: ") and f"на {UNCOVERED} год" in line


def test_check_config_reports_a_damaged_loaded_calendar(otklik: Run, tmp_path: Path) -> None:
    """A broken file in var/calendar is one line naming it, not a traceback."""
    _settings_file(tmp_path)
    (tmp_path / "var" / "calendar").mkdir(parents=True)
    (tmp_path / "var" / "calendar" / "2027.json").write_text("{broken", encoding="utf-8")
    code, _, err = otklik("check-config")
    assert code == 2
    assert err.strip().splitlines() == [err.strip()] and "2027.json" in err and "Traceback" not in err
