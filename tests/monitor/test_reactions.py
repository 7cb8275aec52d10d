"""Reactions counted as they grow (issue 13 item 2): the poller re-reads likes, comments and
reposts of recent posts from the network (here the sandbox's VK, through the real connector),
stores the latest counts, and the analytical note (p. 24) ranks by them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import select

from connectors.vk import VkConfig, VkConnector
from db.models import Message
from monitor.core.clock import FrozenClock
from monitor.ingest.pipeline import IngestPipeline
from monitor.ingest.polling import SourcePoller
from monitor.ingest.reactions import ReactionsPolicy, ReactionsRefresher
from monitor.ingest.relevance import KeywordLabeler, WatchTerms
from monitor.reports import note, queries
from monitor.reports.period import month
from monitor.sandbox import SandboxServer

from .fakes import T0, ScriptedConnector, open_cards_simple

WALL = -100001
WATCH = WatchTerms.of(["администрация"], ["соболево", "устьевое"])
POLICY = ReactionsPolicy(days=3, every=timedelta(minutes=30), max_requests=2)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
def sandbox(clock: FrozenClock) -> Iterator[SandboxServer]:
    server = SandboxServer("127.0.0.1", 0, clock=clock).start()
    server.state.options.requests_per_second = 0
    yield server
    server.stop()


def _post(sandbox: SandboxServer, text: str) -> int:
    made = requests.post(f"{sandbox.base_url}/_sandbox/posts", json={"network": "vk", "text": text}, timeout=10)
    assert made.status_code == 201, made.text
    return int(made.json()["post_id"])


def _react(sandbox: SandboxServer, post_id: int, **counts: int) -> dict[str, Any]:
    answer = requests.post(f"{sandbox.base_url}/_sandbox/reactions", json={"post_id": post_id, **counts}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _poller(session_factory, clock: FrozenClock, connector: Any) -> SourcePoller:  # type: ignore[no-untyped-def]
    pipeline = IngestPipeline(session_factory, KeywordLabeler(), clock, open_cards_simple)
    return SourcePoller("vk-walls", "vk", connector, pipeline, session_factory, clock, interval=60, watch=WATCH,
                        reactions=ReactionsRefresher(session_factory, POLICY))


def _vk(sandbox: SandboxServer, clock: FrozenClock) -> VkConnector:
    return VkConnector(VkConfig(name="vk-walls", token="svc.tests", walls=(WALL,), comments_posts=0,
                                api_base=f"{sandbox.base_url}/vk", min_request_interval=0.0), clock=clock)


def _counts(session_factory, post_id: int) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with session_factory() as s:
        m = s.scalars(select(Message).where(Message.external_id == f"{WALL}_{post_id}")).one()
        return m.likes, m.comments, m.reposts


def test_likes_reposts_and_comments_grow_on_the_stored_message(sandbox, clock, session_factory) -> None:  # type: ignore[no-untyped-def]
    post = _post(sandbox, "В Соболево третий день нет воды")
    poller = _poller(session_factory, clock, _vk(sandbox, clock))
    poller.poll()
    assert _counts(session_factory, post) == (0, 0, 0)
    _react(sandbox, post, likes=25, reposts=3)
    requests.post(f"{sandbox.base_url}/_sandbox/posts", json={"network": "vk", "post_id": post,
                                                               "text": "И у нас тоже"}, timeout=10)
    poller.poll()  # within the interval: not read again yet
    assert _counts(session_factory, post) == (0, 0, 0)
    clock.advance(minutes=31)
    poller.poll()
    assert _counts(session_factory, post) == (25, 1, 3)
    _react(sandbox, post, likes=5)
    clock.advance(minutes=31)
    poller.poll()
    assert _counts(session_factory, post) == (30, 1, 3)


def _ids(session_factory, *posts: int) -> set[int]:  # type: ignore[no-untyped-def]
    with session_factory() as s:
        return set(s.scalars(select(Message.id).where(Message.external_id.in_([f"{WALL}_{p}" for p in posts]))))


def test_posts_older_than_the_window_are_not_read_again(sandbox, clock, session_factory) -> None:  # type: ignore[no-untyped-def]
    post = _post(sandbox, "В Соболево нет света")
    poller = _poller(session_factory, clock, _vk(sandbox, clock))
    poller.poll()
    _react(sandbox, post, likes=7)
    clock.advance(days=POLICY.days, minutes=1)
    poller.poll()
    assert _counts(session_factory, post) == (0, 0, 0)


def test_the_note_ranks_by_the_latest_counts(sandbox, clock, session_factory) -> None:  # type: ignore[no-untyped-def]
    quiet = _post(sandbox, "В Соболево нет света на улице Речной")
    clock.advance(minutes=1)
    loud = _post(sandbox, "В Соболево нет света на улице Лесной")
    poller = _poller(session_factory, clock, _vk(sandbox, clock))
    poller.poll()
    _react(sandbox, quiet, likes=120, reposts=15)
    clock.advance(minutes=31)
    poller.poll()
    with session_factory() as s:
        period = month(2026, 11, ZoneInfo("Asia/Kamchatka"))
        data = queries.load_period(s, period, clock.now(), compare=False)
    top = note.compute(data, 10).top
    ours = [t.message for t in top if t.message.id in _ids(session_factory, quiet, loud)]
    assert [(m.likes, m.reposts) for m in ours] == [(120, 15), (0, 0)]  # the quiet post now leads


def test_a_connector_that_cannot_refresh_is_never_asked(clock, session_factory) -> None:  # type: ignore[no-untyped-def]
    from connectors.base import FetchResult

    class Refuses(ScriptedConnector):
        def refresh_reactions(self, external_ids: list[str], max_requests: int) -> Any:
            raise AssertionError("asked although it declared no reactions")

    poller = _poller(session_factory, clock, Refuses(FetchResult([], {}), FetchResult([], {})))
    poller.poll()
    clock.advance(hours=1)
    poller.poll()


def test_ok_marks_and_reshares_grow_on_the_stored_topic(sandbox, clock, session_factory) -> None:  # type: ignore[no-untyped-def]
    """OK's «Класс!» marks, comments and reshares are read again too (mediatopic.getByIds)."""
    from connectors.ok import OkConnector, OkSource
    from monitor.sandbox.ok import DEMO_GROUP

    made = requests.post(f"{sandbox.base_url}/_sandbox/posts", json={"network": "ok", "text": "В Соболево нет воды, "
                                                                     "администрация молчит"}, timeout=10).json()
    source = OkSource(name="ok-groups", platform="ok", application_key="CBAOKSANDBOX", groups=[DEMO_GROUP])
    connector = OkConnector(source.connector_config(sandbox.base_url), clock=clock)
    pipeline = IngestPipeline(session_factory, KeywordLabeler(), clock, open_cards_simple)
    poller = SourcePoller("ok-groups", "ok", connector, pipeline, session_factory, clock, interval=60, watch=WATCH,
                          reactions=ReactionsRefresher(session_factory, POLICY))
    poller.poll()
    answer = requests.post(f"{sandbox.base_url}/_sandbox/reactions",
                           json={"network": "ok", "topic_id": made["post_id"], "likes": 40, "reposts": 6}, timeout=10)
    assert answer.status_code == 200, answer.text
    clock.advance(minutes=31)
    poller.poll()
    with session_factory() as s:
        m = s.scalars(select(Message).where(Message.external_id == f"{DEMO_GROUP}_{made['post_id']}")).one()
        assert (m.likes, m.comments, m.reposts) == (40, 0, 6)
