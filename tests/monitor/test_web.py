"""The service's port answers /health with the sources' status, for supervisors."""

from __future__ import annotations

import requests

from db.models import Source
from monitor.web import WebServer


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
        assert requests.get(f"{web.url}/cards/1", timeout=5).status_code == 404
    finally:
        web.stop()
