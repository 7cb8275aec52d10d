"""One contract every connector keeps, whatever its network (issue 14 item 7).

Each test runs once per network, against the sandbox (real HTTP on loopback) or, for failures
and ill-formed answers, against recorded answers (``responses``): resume from the cursor after a
restart, pagination, no duplicates, errors mapped to transient / auth / permanent, a reply
posted once or handed to manual publication with a reason, ill-formed input skipped with a log
line naming the source.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import responses
from structlog.testing import capture_logs

from connectors.base import AuthError, FetchResult, PermanentError, PostedReply, Reply, TransientError
from monitor.core.clock import FrozenClock
from monitor.sandbox import SandboxServer

from .harness import HARNESSES, Harness

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.fixture(params=HARNESSES, ids=lambda h: h.label or h.network)
def net(request: pytest.FixtureRequest) -> Harness:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def sandbox(clock: FrozenClock) -> Iterator[SandboxServer]:
    server = SandboxServer("127.0.0.1", 0, clock=clock, default_owner_id=-100001).start()
    server.state.options.requests_per_second = 0
    yield server
    server.stop()


def texts(result: FetchResult) -> list[str]:
    return [m.text for m in result.messages]


def mine(result: FetchResult, marker: str) -> list[str]:
    return [t for t in texts(result) if marker in t]


def test_a_restart_resumes_from_the_stored_cursor(net: Harness, sandbox: SandboxServer, clock: FrozenClock) -> None:
    """A new connector given the stored cursor reads only what came after it, once."""
    first = net.connector(sandbox, clock).fetch(None)
    clock.advance(minutes=1)
    net.post(sandbox, "после перезапуска: новая запись")
    restarted = net.connector(sandbox, clock)
    second = restarted.fetch(first.cursor)
    assert mine(second, "после перезапуска") == ["после перезапуска: новая запись"]
    assert not mine(restarted.fetch(second.cursor), "после перезапуска")


def test_more_than_a_page_arrives_whole(net: Harness, sandbox: SandboxServer, clock: FrozenClock) -> None:
    """More new items than one page of the network holds all arrive, each once, within a few polls."""
    connector = net.connector(sandbox, clock)
    parent = net.post(sandbox, "запись с обсуждением")
    cursor = connector.fetch(None).cursor
    wanted = {f"страница {i:03d}" for i in range(net.page + 20)}
    for text in sorted(wanted):
        clock.advance(seconds=1)
        net.comment(sandbox, parent, text)
    seen: list[str] = []
    for _ in range(4):
        result = connector.fetch(cursor)
        seen += mine(result, "страница")
        cursor = result.cursor
    assert sorted(seen) == sorted(wanted)


def test_nothing_is_read_twice(net: Harness, sandbox: SandboxServer, clock: FrozenClock) -> None:
    """Within one poll every message is there once; the next poll from its cursor repeats none."""
    connector = net.connector(sandbox, clock)
    cursor = connector.fetch(None).cursor
    parent = net.post(sandbox, "дубли: запись")
    net.comment(sandbox, parent, "дубли: отклик")
    result = connector.fetch(cursor)
    ids = [m.external_id for m in result.messages]
    assert len(ids) == len(set(ids))
    assert sorted(mine(result, "дубли")) == ["дубли: запись", "дубли: отклик"]
    assert not mine(connector.fetch(result.cursor), "дубли")


@pytest.mark.parametrize("kind", ["transient", "auth", "permanent"])
def test_errors_are_mapped(net: Harness, sandbox: SandboxServer, clock: FrozenClock, kind: str) -> None:
    """A recorded failure of the network becomes retry-later, stop-and-alert, or give-up (the
    place is skipped with a log line, or the source stops); never anything else."""
    connector = net.connector(sandbox, clock)
    status, body = net.errors[kind]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps, capture_logs() as logs:
        rsps.add(responses.Response(method="GET", url=re.compile(".*"), status=status, body=body))
        rsps.add(responses.Response(method="POST", url=re.compile(".*"), status=status, body=body))
        expected = {"transient": TransientError, "auth": AuthError, "permanent": PermanentError}[kind]
        if kind != "permanent":
            with pytest.raises(expected):
                connector.fetch(None)
            return
        try:
            result = connector.fetch(None)
        except PermanentError:
            return
    assert result.messages == []
    assert any(e.get("source") == net.name and e["log_level"] == "warning" for e in logs), logs


def test_ill_formed_input_is_skipped_with_a_log_line(net: Harness, sandbox: SandboxServer, clock: FrozenClock) -> None:
    """Broken HTML, JSON or feed: skipped with a warning naming the source; the source is never
    stopped for it (at worst this poll is retried later)."""
    connector = net.connector(sandbox, clock)
    status, body = net.ill_formed
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps, capture_logs() as logs:
        rsps.add(responses.Response(method="GET", url=re.compile(".*"), status=status, body=body))
        rsps.add(responses.Response(method="POST", url=re.compile(".*"), status=status, body=body))
        with contextlib.suppress(TransientError):
            connector.fetch(None)
    assert any(e.get("source") == net.name and e["log_level"] == "warning" for e in logs), logs


def test_a_reply_is_posted_once_or_handed_to_a_person(net: Harness, sandbox: SandboxServer, clock: FrozenClock) -> None:
    """Where the network takes replies, the reply lands once under the comment it answers; where
    it does not, the connector says so with a reason a person reads (Russian), posting nothing."""
    connector = net.connector(sandbox, clock)
    cursor = connector.fetch(None).cursor
    parent = net.post(sandbox, "ответ: вопрос жителя")
    net.comment(sandbox, parent, "ответ: уточнение жителя")
    result = connector.fetch(cursor)
    message = next(m for m in result.messages if m.text == "ответ: уточнение жителя")
    reply = Reply(text="Здравствуйте! Работы начнутся в понедельник.", guid="contract-1")
    if not connector.capabilities.replies:
        with pytest.raises(PermanentError) as refused:
            connector.post_reply(net.target(message), reply)
        assert re.search("[а-яё]{4}", str(refused.value)), "the reason is for a person"
        assert net.replies(sandbox) == []
        return
    posted = connector.post_reply(net.target(message), reply)
    assert isinstance(posted, PostedReply) and posted.url
    replies = net.replies(sandbox)
    assert [r["text"] for r in replies] == [reply.text]
    _assert_threaded(net, replies[0], message)


def _assert_threaded(net: Harness, reply: dict[str, Any], message: Any) -> None:
    if message.comment_id:
        assert str(reply.get("reply_to_comment") or reply.get("reply_to_message_id")) == str(message.comment_id)
