"""The workflow's settings sections: defaults from the regulation, one-line errors naming the key."""

from __future__ import annotations

import pytest

from monitor.core.sections.workflow import Span, parse_span
from monitor.core.settings import SettingsError, load_settings, parse_settings
from monitor.workflow.policy import DeadlinePolicy


def test_defaults_are_the_regulations() -> None:
    """The shipped settings give the DESIGN.md deadlines, each on working time."""
    policy = DeadlinePolicy.from_settings(load_settings())
    assert policy == DeadlinePolicy()
    assert (policy.route, policy.reply, policy.reply_official) == (Span(30), Span(480), Span(240))
    assert policy.final_after_interim == Span(days=7)
    assert dict(policy.shorten_by_importance) == {}


def test_default_units_and_demo_users() -> None:
    """Nine units (six departments, three settlements) and one demo executor for each."""
    cfg = load_settings()
    assert len(cfg.units) == 9
    executors = {u.unit for u in cfg.users if u.role == "executor"}
    assert executors == {u.code for u in cfg.units}
    assert {u.login for u in cfg.users} >= {"curator", "head", "admin", "exec_gkh"}


@pytest.mark.parametrize(("text", "expected"), [
    ("30m", Span(30)), ("8h", Span(480)), ("1h30m", Span(90)), ("7d", Span(days=7)), ("45min", Span(45)),
])
def test_duration_forms(text: str, expected: Span) -> None:
    """Durations are written 30m, 8h, 1h30m or 7d."""
    assert parse_span(text) == expected


@pytest.mark.parametrize(("data", "message"), [
    ({"deadlines": {"reply": {"duration": "8 hours"}}},
     "deadlines.reply: duration must look like 30m, 8h, 1h30m or 7d"),
    ({"deadlines": {"return": {"duration": "0m"}}}, "deadlines.return: duration must be positive"),
    ({"deadlines": {"answer": {"duration": "1h"}}}, "deadlines.answer: unknown setting"),
    ({"deadlines": {"shorten_by_importance": {"urgent": "2h"}}}, "deadlines.shorten_by_importance: unknown importance"),
    ({"workflow": {"auto_route": "perhaps"}}, "workflow.auto_route:"),
    ({"units": [{"code": "x", "name": "X", "topics": ["roadz"]}]}, "units[0].topics: unknown topic 'roadz'"),
    ({"users": [{"login": "e", "name": "E", "role": "executor"}]}, "users[0]: an executor needs a unit"),
    ({"users": [{"login": "e", "name": "E", "role": "executor", "unit": "nowhere"}]}, "unknown unit 'nowhere'"),
])
def test_bad_settings_stop_with_one_line(data: dict, message: str) -> None:  # type: ignore[type-arg]
    """A wrong workflow setting is reported in one line that names the key."""
    with pytest.raises(SettingsError) as err:
        parse_settings(data)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_calendar_time_setting() -> None:
    """A deadline may run on calendar time instead of working time."""
    cfg = parse_settings({"deadlines": {"route": {"duration": "30m", "working": False}}})
    assert DeadlinePolicy.from_config(cfg.deadlines).route == Span(30, working=False)
