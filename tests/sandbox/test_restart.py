"""No message lost when the sandbox restarts: `otklik run`'s own pieces (the database claim,
the sandbox numbered from the database, the real pollers and pipeline) across a restart."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from sqlalchemy import select
from structlog.testing import capture_logs

from db.models import Incident, Message, Source
from monitor.app.context import AppContext
from monitor.app.sandbox_db import prepare
from monitor.app.sandbox_mode import default_owner_id
from monitor.app.scheduler import make_pipeline
from monitor.app.sources import build_pollers
from monitor.app.wiring import sync_staff
from monitor.core.clock import SystemClock
from monitor.core.settings import Database, load_settings
from monitor.ingest.polling import SourcePoller
from monitor.sandbox import SandboxServer
from tests.short_waits import short_long_polls

BEFORE = "В Соболево на улице Заречной третий день нет воды, когда дадут?"
AFTER = "В Устьевом опять нет света с утра, дизельная станция стоит, когда починят?"
FEED_BEFORE = "Соболево: отключение электроэнергии на Набережной в четверг"
FEED_AFTER = "Устьевое: график вывоза мусора изменится с понедельника"


@pytest.fixture
def ctx(db_url: str) -> Iterator[AppContext]:
    settings = short_long_polls(load_settings().model_copy(update={"database": Database(url=db_url)}))
    context = AppContext(settings, SystemClock())
    sync_staff(context)
    yield context
    context.close()


def start_sandbox(ctx: AppContext, port: int = 0) -> SandboxServer:
    """What `otklik run --sandbox` does before it polls: claim the database, number from it."""
    sources = {s.name: s.platform for s in ctx.settings.sources if s.enabled}
    numbering = prepare(ctx.sessions, ctx.settings.database.url, True, sources)
    server = SandboxServer("127.0.0.1", port, default_owner_id=default_owner_id(ctx.settings),
                           numbering=numbering).start()
    server.state.options.requests_per_second = 0
    return server


def poll_all(ctx: AppContext, sandbox: SandboxServer) -> list[SourcePoller]:
    pollers = build_pollers(ctx, make_pipeline(ctx), sandbox.base_url)
    for poller in pollers:
        assert poller.poll() is not None, poller.name
    return pollers


def inject(sandbox: SandboxServer, **body: Any) -> dict[str, Any]:
    answer = requests.post(f"{sandbox.base_url}/_sandbox/posts", json=body, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()


def stored(ctx: AppContext, text: str) -> Message | None:
    with ctx.sessions() as s:
        return s.scalars(select(Message).where(Message.text.contains(text))).one_or_none()


def card_for(ctx: AppContext, message: Message) -> Incident | None:
    with ctx.sessions() as s:
        return s.get(Incident, message.incident_id) if message.incident_id else None


def test_a_post_injected_after_a_restart_becomes_a_card(ctx: AppContext) -> None:
    """`make run`, a post, Ctrl-C, `make run` again, another post: the second post (and a feed
    entry) is stored and opens its card, though the restarted sandbox rebuilt its world."""
    first = start_sandbox(ctx)
    port = first.port
    try:
        poll_all(ctx, first)
        before = inject(first, network="vk", text=BEFORE)
        inject(first, network="rss", text=FEED_BEFORE)
        poll_all(ctx, first)
    finally:
        first.stop()
    message = stored(ctx, BEFORE)
    assert message is not None and card_for(ctx, message) is not None

    second = start_sandbox(ctx, port)  # the same address, as `make run` always uses 8700
    try:
        inject(second, network="rss", text=FEED_AFTER)  # before the first poll: the feed changed since
        with capture_logs() as logs:
            poll_all(ctx, second)  # the earlier post is gone from the wall: read again, nothing lost
        assert [e for e in logs if e["event"] == "source.cursor_ahead"], "the poller says the wall went back"
        after = inject(second, network="vk", text=AFTER)
        poll_all(ctx, second)
    finally:
        second.stop()

    assert after["post_id"] > before["post_id"], "a restarted sandbox never hands out an id again"
    message = stored(ctx, AFTER)
    assert message is not None, "the post injected after the restart was dropped"
    card = card_for(ctx, message)
    assert card is not None and card.url == after["url"]
    assert stored(ctx, FEED_AFTER) is not None, "the feed entry injected after the restart was dropped"
    with ctx.sessions() as s:
        assert all(s.scalars(select(Source.sandbox))), "the sources polled from the sandbox are marked"


def test_a_reset_keeps_the_numbering(ctx: AppContext) -> None:
    """POST /_sandbox/reset goes back to the scenario, but a post after it gets a new id."""
    sandbox = start_sandbox(ctx)
    try:
        before = inject(sandbox, network="vk", text=BEFORE)
        assert requests.post(f"{sandbox.base_url}/_sandbox/reset", timeout=10).status_code == 200
        after = inject(sandbox, network="vk", text=AFTER)
        feed = [inject(sandbox, network="rss", text=text)["guid"] for text in (FEED_BEFORE, FEED_AFTER)]
    finally:
        sandbox.stop()
    assert after["post_id"] > before["post_id"] and feed[0] != feed[1]


def test_a_cursor_beyond_the_wall_is_logged_and_the_wall_read_again(ctx: AppContext) -> None:
    """The poller of a source whose stored cursor is beyond the wall's newest post (a network
    reset, posts deleted, a database from elsewhere) warns naming the source and reads the wall
    again: a post below the cursor is stored and opens its card."""
    sandbox = start_sandbox(ctx)
    try:
        [vk_poller] = [p for p in poll_all(ctx, sandbox) if p.name == "vk-walls"]
        with ctx.sessions() as s, s.begin():
            row = s.scalars(select(Source).where(Source.name == "vk-walls")).one()
            cursor = dict(row.cursor)
            wall = cursor["walls"]["-100001"]
            cursor["walls"] = {**cursor["walls"], "-100001": {**wall, "max_post_id": wall["max_post_id"] + 1000}}
            row.cursor = cursor
        post = inject(sandbox, network="vk", text=AFTER)
        with capture_logs() as logs:
            stats = vk_poller.poll()
    finally:
        sandbox.stop()
    [warning] = [e for e in logs if e["event"] == "source.cursor_ahead"]
    assert warning["source"] == "vk-walls" and warning["wall"] == -100001
    assert warning["newest_id"] == post["post_id"] and warning["log_level"] == "warning"
    assert stats is not None and stats.stored == 1, "only the new post: the rest is already stored"
    message = stored(ctx, AFTER)
    assert message is not None and card_for(ctx, message) is not None
