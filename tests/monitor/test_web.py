"""The service's port answers /health with the sources' status, for supervisors."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

import requests

from db.models import Source
from monitor.core.clock import FrozenClock
from monitor.core.settings import Organization
from monitor.web.server import WebServer
from monitor.workcal import WorkCalendar, live_warnings


def test_health_reports_a_stopped_source(session_factory) -> None:  # type: ignore[no-untyped-def]
    """A source stopped by a bad token makes the service unhealthy, and says which one."""
    with session_factory() as s, s.begin():
        s.add_all([Source(name="vk-walls", platform="vk", status="stopped", failures=0, last_error="auth: error 5"),
                   Source(name="rss", platform="rss", status="ok", failures=0)])
    web = WebServer("127.0.0.1", 0, session_factory).start()
    try:
        body = requests.get(f"{web.url}/health", timeout=5).json()
        assert body["ok"] is False
        assert {s["name"]: s["status"] for s in body["sources"]} == {"vk-walls": "stopped", "rss": "ok"}
        card = requests.get(f"{web.url}/cards/1", timeout=5, allow_redirects=False)
        assert card.status_code == 303 and card.headers["location"].startswith("/login")  # cards need sign-in
    finally:
        web.stop()


def test_health_shows_the_calendar_warning_from_60_days_ahead(session_factory) -> None:  # type: ignore[no-untyped-def]
    """/health lists the missing-calendar warning from 60 days before the year, without a restart."""
    calendar = WorkCalendar.from_settings(Organization())
    uncovered = next(year for year in count(2027) if not calendar.production.covers(year))
    clock = FrozenClock(datetime(uncovered - 1, 11, 1, 11, 59, tzinfo=UTC))  # 1 Nov 23:59 in Kamchatka
    web = WebServer("127.0.0.1", 0, session_factory, live_warnings(calendar, clock)).start()
    try:
        assert requests.get(f"{web.url}/health", timeout=5).json()["warnings"] == []
        clock.advance(minutes=1)  # 2 Nov: 60 days before 1 Jan
        body = requests.get(f"{web.url}/health", timeout=5).json()
        (warning,) = body["warnings"]
        assert f"на {uncovered} год" in warning and "otklik calendar load" in warning
        assert body["ok"] is True  # a warning, not an outage
    finally:
        web.stop()
