"""A bug of ours in a connector (KeyError, TypeError) is logged with its traceback and shown on
/health as a failing source; it is never retried forever in silence."""

from __future__ import annotations

from sqlalchemy import select
from structlog.testing import capture_logs

from db.models import Source
from monitor.core.clock import FrozenClock
from monitor.ingest.pipeline import IngestPipeline
from monitor.ingest.polling import SourcePoller
from monitor.ingest.relevance import KeywordLabeler
from monitor.web.health import health

from .fakes import T0, ScriptedConnector, open_cards_simple


def test_a_connector_bug_stops_the_source_loudly(session_factory) -> None:  # type: ignore[no-untyped-def]
    conn = ScriptedConnector(KeyError("id"), KeyError("id"))
    clock = FrozenClock(T0)
    poller = SourcePoller("vk-walls", "vk", conn, IngestPipeline(session_factory, KeywordLabeler(), clock, open_cards_simple),
                          session_factory, clock, interval=60)
    with capture_logs() as logs:
        assert poller.poll() is None
    clock.advance(minutes=10)
    poller.poll()
    assert len(conn.cursors) == 1, "a bug is not retried on every interval"
    failed = [e for e in logs if e["event"] == "source.failed"]
    assert failed and failed[0].get("exc_info") and "KeyError" in failed[0]["error"]
    with session_factory() as s:
        src = s.scalars(select(Source)).one()
        assert src.status == "stopped" and src.last_error.startswith("bug: KeyError")
    state = health(session_factory)
    assert state["ok"] is False and state["sources"][0]["last_error"].startswith("bug: KeyError")
