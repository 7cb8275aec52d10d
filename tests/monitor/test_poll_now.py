"""An administrator's «Опросить сейчас» (web desk) reaches the service that runs the poller: the request is
persisted, taken once, and the source's poll runs within seconds instead of at its next interval."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from db.models import Source
from monitor.app.context import AppContext
from monitor.app.scheduler import POLL_REQUESTS_S, Service
from monitor.ingest.source_switch import request_poll, take_poll_requests
from tests.publisher.test_e2e_sandbox import app_context


class _Poller:
    """A source polled once an hour, counting its polls."""

    def __init__(self, name: str, streaming: bool = False) -> None:
        self.name, self.streaming, self.interval, self.jitter = name, streaming, 3600, None
        self.polls = 0
        self.polled = threading.Event()

    def poll(self) -> int:
        self.polls += 1
        self.polled.set()
        return 0

    def interrupt(self) -> None:
        pass


@pytest.fixture
def ctx(db_url: str) -> Iterator[AppContext]:
    context = app_context(db_url)
    yield context
    context.close()


def _ask(ctx: AppContext, name: str) -> None:
    with ctx.sessions() as session, session.begin():
        request_poll(session, name, "vk", datetime.now(UTC))


def test_a_requested_poll_runs_within_seconds_and_the_request_is_taken_once(ctx: AppContext) -> None:
    poller = _Poller("vk-walls")
    service = Service(ctx, [poller])  # type: ignore[list-item]
    service.start()
    try:
        assert poller.polled.wait(5)  # the first poll, at start
        poller.polled.clear()
        time.sleep(POLL_REQUESTS_S + 0.5)
        assert poller.polls == 1  # an hour to the next one
        _ask(ctx, "vk-walls")
        assert poller.polled.wait(POLL_REQUESTS_S * 3), "the requested poll did not run"
        assert poller.polls == 2
    finally:
        service.stop()
    with ctx.sessions() as session:
        assert session.scalars(select(Source.poll_requested_at).where(Source.name == "vk-walls")).one() is None


def test_a_request_is_taken_by_one_look_only(ctx: AppContext) -> None:
    _ask(ctx, "vk-walls")
    _ask(ctx, "ok-group")
    with ctx.sessions() as session, session.begin():
        assert take_poll_requests(session, ["vk-walls", "ok-group", "rss-news"]) == ["ok-group", "vk-walls"]
    with ctx.sessions() as session, session.begin():
        assert take_poll_requests(session, ["vk-walls", "ok-group"]) == []


def test_a_poll_under_way_keeps_the_request_for_when_it_ends(ctx: AppContext) -> None:
    """A run asked for while the poll still runs would be skipped as a second instance: the request waits."""
    poller = _Poller("vk-walls")
    release = threading.Event()
    first_poll = poller.poll

    def slow_poll() -> int:
        first_poll()
        release.wait(10)
        return 0

    poller.poll = slow_poll  # type: ignore[method-assign]
    service = Service(ctx, [poller])  # type: ignore[list-item]
    service.start()
    try:
        assert poller.polled.wait(5)
        poller.polled.clear()
        _ask(ctx, "vk-walls")
        assert service.poll_requested() == []  # under way: left for the next look
        release.set()
        assert poller.polled.wait(POLL_REQUESTS_S * 3), "the request was lost while the poll ran"
        assert poller.polls == 2
    finally:
        release.set()
        service.stop()


def test_a_long_poll_request_is_taken_and_not_hurried_and_another_process_sources_are_left(ctx: AppContext) -> None:
    service = Service(ctx, [_Poller("vk-walls"), _Poller("tg-stream", streaming=True)])  # type: ignore[list-item]
    service.scheduler.add_job(lambda: None, "interval", seconds=3600, id="poll:vk-walls")
    for name in ("vk-walls", "tg-stream", "rss-news"):  # rss-news: polled by another worker
        _ask(ctx, name)
    assert service.poll_requested() == ["vk-walls"]
    with ctx.sessions() as session:
        asked = session.scalars(select(Source.name).where(Source.poll_requested_at.is_not(None))).all()
    assert asked == ["rss-news"]
