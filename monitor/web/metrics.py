"""/metrics in the Prometheus text format: HTTP latency, and the database's figures at scrape time.

The database figures come from a custom collector that runs a handful of GROUP BY queries when
Prometheus scrapes (no counters kept in the process, so several workers agree and a restart
loses nothing): messages ingested per source, cards per state, open stages past their due time,
publications that failed, the notification backlog, sources' poll errors. HTTP latency is a
histogram per route template (bounded labels), filled by a middleware.

Who may read it (web settings): a scraper with ``Authorization: Bearer <web.metrics_token>``
(an ``${ENV}`` reference), or, when ``web.metrics_from_loopback`` (default), a request from this
machine (127.0.0.1, ::1) without credentials. Everyone else gets 403. The figures carry no text
of messages and no person's name.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from connectors.settings import resolve_secret
from db.models import Incident, Message, Notification, Publication, Source, StageDeadline
from db.statuses import CardState
from monitor.core.clock import Clock
from monitor.core.logs import get_logger
from monitor.notify.outbox import INBOX

if TYPE_CHECKING:
    from monitor.web.app import WebDeps

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class DatabaseCollector(Collector):
    """The database's gauges, computed by aggregate queries each time /metrics is read."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("otklik_database_up", "1 if the figures below could be read from the database")
        try:
            with self.sessions() as session:
                families = list(self._families(session))
        except Exception as exc:  # a scrape must answer even when the database does not
            get_logger().warning("metrics.database_failed", error=type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self, session: Session) -> Iterator[Metric]:
        now = self.clock.now()
        ingested = CounterMetricFamily("otklik_messages_ingested", "Messages stored, per source", labels=["source"])
        names = dict(session.execute(select(Source.id, Source.name)).all())
        per_source: dict[str, int] = {}
        for source_id, count in session.execute(  # an index-only scan of ix_messages_source_id
                select(Message.source_id, func.count()).group_by(Message.source_id)):
            name = names.get(source_id, "-") if source_id is not None else "-"  # "-": entered by hand
            per_source[name] = per_source.get(name, 0) + count
        for name, count in sorted(per_source.items()):
            ingested.add_metric([name], count)
        yield ingested

        cards = GaugeMetricFamily("otklik_cards", "Cards per state", labels=["state"])
        by_state = dict(session.execute(select(Incident.state, func.count()).group_by(Incident.state)).all())
        for state in CardState:
            cards.add_metric([state.value], by_state.get(state.value, 0))
        yield cards

        overdue = GaugeMetricFamily("otklik_stages_overdue", "Open stages past their due time, per stage",
                                    labels=["stage"])
        for stage, count in session.execute(
                select(StageDeadline.stage, func.count()).where(StageDeadline.done_at.is_(None),
                                                                StageDeadline.due_at < now)
                .group_by(StageDeadline.stage)):
            overdue.add_metric([stage], count)
        yield overdue

        failures = GaugeMetricFamily(
            "otklik_publication_failures",
            "Replies not posted: gave_up (left for manual publication), retrying (pending after an error)",
            labels=["state"])
        gave_up = session.scalar(select(func.count()).select_from(Publication).where(Publication.status == "manual"))
        retrying = session.scalar(select(func.count()).select_from(Publication).where(
            Publication.status.in_(("pending", "sending")), Publication.last_error.is_not(None)))
        failures.add_metric(["gave_up"], gave_up or 0)
        failures.add_metric(["retrying"], retrying or 0)
        yield failures

        backlog = GaugeMetricFamily("otklik_notifications_backlog", "Notifications waiting to be sent, per channel",
                                    labels=["channel"])
        failed = GaugeMetricFamily("otklik_notifications_failed", "Notifications given up on, per channel",
                                   labels=["channel"])
        for channel, status, count in session.execute(
                select(Notification.channel, Notification.status, func.count())
                .where(Notification.channel != INBOX, Notification.status.in_(("pending", "failed")))
                .group_by(Notification.channel, Notification.status)):
            (backlog if status == "pending" else failed).add_metric([channel], count)
        yield backlog
        yield failed

        errors = GaugeMetricFamily("otklik_source_poll_errors", "Consecutive failed polls of a source",
                                   labels=["source"])
        polling = GaugeMetricFamily("otklik_source_status", "A source's polling state (1 for its current one)",
                                    labels=["source", "status"])
        for name, current, count in session.execute(select(Source.name, Source.status, Source.failures)):
            errors.add_metric([name], count or 0)
            polling.add_metric([name, current or "ok"], 1)
        yield errors
        yield polling


def allowed(request: Request, deps: WebDeps) -> bool:
    expected = resolve_secret(deps.settings.web.metrics_token)
    sent = request.headers.get("authorization", "")
    if expected and sent.lower().startswith("bearer "):
        return hmac.compare_digest(sent[7:].strip().encode(), expected.encode())
    host = request.client.host if request.client else ""
    return bool(deps.settings.web.metrics_from_loopback and host in LOOPBACK and not sent)


def install(app: FastAPI, deps: WebDeps) -> None:
    """The registry (one per app: tests build many), the latency middleware and /metrics."""
    registry = CollectorRegistry()
    latency = Histogram("otklik_http_request_duration_seconds", "Time to answer an HTTP request",
                        ["method", "route", "status"], registry=registry, buckets=BUCKETS)
    registry.register(DatabaseCollector(deps.sessions, deps.clock))

    @app.middleware("http")
    async def _timed(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            route: Any = request.scope.get("route")
            path = getattr(route, "path", None) or ("/static" if request.url.path.startswith("/static/")
                                                    else "unmatched")
            method = request.method if request.method in METHODS else "other"
            latency.labels(method, path, str(status)).observe(time.perf_counter() - started)

    @app.get("/metrics", include_in_schema=False)
    def _metrics(request: Request) -> Response:
        if not allowed(request, deps):
            return PlainTextResponse("Доступ к метрикам запрещён\n", status_code=403)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
