"""VK in real time for the own community: Bots Long Poll through the sandbox (issue 14 item 3)."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from structlog.testing import capture_logs

from connectors.base import PermanentError, Reply, ReplyTarget
from connectors.vk import VkConnector, VkSource
from monitor.core.clock import FrozenClock
from monitor.sandbox import SandboxServer
from monitor.sandbox.control import inject, plan_errors

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
WALL = -100001


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer("127.0.0.1", 0, clock=FrozenClock(NOW), default_owner_id=WALL).start()
    server.state.options.requests_per_second = 0
    yield server
    server.stop()


def live(server: SandboxServer, wait: int = 1) -> VkConnector:
    source = VkSource(name="vk-own-live", platform="vk", longpoll=True, longpoll_wait=wait,
                      reply_token="${VK_GROUP_TOKEN}", group_id=100001)
    config = dataclasses.replace(source.connector_config(server.base_url), min_request_interval=0.0)
    return VkConnector(config, clock=FrozenClock(NOW))


def put(server: SandboxServer, **body: object) -> dict[str, object]:
    status, answer = inject(server.state, {"network": "vk", **body}, server.base_url)
    assert status == 201, answer
    return answer  # type: ignore[no-any-return]


def test_wall_posts_comments_board_posts_and_photo_comments_arrive(sandbox: SandboxServer) -> None:
    """Each kind of event becomes its message, with the author's name; the first check starts at now."""
    connector = live(sandbox)
    assert connector.capabilities.streaming
    start = connector.fetch(None)
    assert start.messages == [] and start.cursor["ts"]
    post = put(sandbox, text="Пост жителя на стене", author="Ольга Петрова")
    put(sandbox, post_id=post["post_id"], text="Комментарий к посту", author="Иван Сидоров")
    put(sandbox, topic_id=41, text="Вопрос в обсуждении", author="Мария Иванова")
    put(sandbox, photo_id=457239001, text="Под фотографией", author="Пётр Козлов")
    result = connector.fetch(start.cursor)
    by_text = {m.text: m for m in result.messages}
    assert by_text["Пост жителя на стене"].kind == "post"
    comment = by_text["Комментарий к посту"]
    assert comment.kind == "comment" and comment.author_name == "Иван Сидоров"
    assert comment.external_id == f"{WALL}_{post['post_id']}_c{comment.comment_id}", "the wall poller's ids"
    board = by_text["Вопрос в обсуждении"]
    assert board.kind == "board" and board.post_id == "topic41" and board.url.startswith(f"https://vk.com/topic{WALL}_41")
    assert by_text["Под фотографией"].post_id == "photo457239001"
    assert connector.fetch(result.cursor).messages == [], "nothing twice"


def test_a_restart_from_the_stored_ts_loses_and_repeats_nothing(sandbox: SandboxServer) -> None:
    """Events that came while the service was down are read by the restarted connector, once."""
    first = live(sandbox).fetch(None)
    put(sandbox, text="Пока сервис лежал, 1")
    put(sandbox, text="Пока сервис лежал, 2")
    restarted = live(sandbox)
    again = restarted.fetch(first.cursor)
    assert sorted(m.text for m in again.messages) == ["Пока сервис лежал, 1", "Пока сервис лежал, 2"]
    assert restarted.fetch(again.cursor).messages == []


@pytest.mark.parametrize("failed", [1, 2, 3])
def test_failed_answers_are_handled(sandbox: SandboxServer, failed: int) -> None:
    """failed 2: a new key, our ts kept, nothing lost; 1 and 3: a new ts, with a warning."""
    connector = live(sandbox)
    cursor = connector.fetch(None).cursor
    put(sandbox, text="событие до сбоя")
    plan_errors(sandbox.state, {"method": "a_check", "error_code": failed})
    with capture_logs() as logs:
        result = connector.fetch(cursor)
    if failed == 2:
        assert [m.text for m in result.messages] == ["событие до сбоя"]
        return
    assert result.messages == [] and result.cursor["ts"] != cursor["ts"]
    event = {1: "vk.longpoll_history_lost", 3: "vk.longpoll_restarted"}[failed]
    assert any(e["event"] == event and e["source"] == "vk-own-live" for e in logs)
    put(sandbox, text="событие после сбоя")
    assert [m.text for m in connector.fetch(result.cursor).messages] == ["событие после сбоя"]


def test_a_check_answers_as_soon_as_a_comment_is_written(sandbox: SandboxServer) -> None:
    """The request waits on the network and returns within a fraction of a second of the event."""
    cursor = live(sandbox).fetch(None).cursor  # the first check waits its whole wait: a short one
    connector = live(sandbox, wait=10)
    post = put(sandbox, text="Объявление", author="group")
    cursor = connector.fetch(cursor).cursor
    timer = threading.Timer(0.3, lambda: put(sandbox, post_id=post["post_id"], text="Срочно: прорыв трубы",
                                             author="Иван Сидоров"))
    started = time.monotonic()
    timer.start()
    result = connector.fetch(cursor)
    took = time.monotonic() - started
    assert [m.text for m in result.messages] == ["Срочно: прорыв трубы"]
    assert 0.25 < took < 3.0, took


def test_a_stopping_service_ends_a_waiting_check_at_once_and_loses_nothing(sandbox: SandboxServer) -> None:
    """interrupt() during a 10-second wait: the fetch returns within a fraction of a second with
    no messages and the cursor it was given; what is written meanwhile is read after the restart."""
    cursor = live(sandbox).fetch(None).cursor
    connector = live(sandbox, wait=10)
    timer = threading.Timer(0.3, connector.interrupt)
    started = time.monotonic()
    timer.start()
    result = connector.fetch(cursor)
    took = time.monotonic() - started
    assert (result.messages, result.cursor) == ([], cursor)
    assert 0.25 < took < 3.0, took
    assert connector.fetch(cursor).messages == [], "a stopped connector waits no more"
    put(sandbox, text="Написано, пока сервис перезапускался")
    assert [m.text for m in live(sandbox).fetch(cursor).messages] == ["Написано, пока сервис перезапускался"]


def test_board_posts_are_answered_in_their_topic_and_photo_comments_by_hand(sandbox: SandboxServer) -> None:
    """A board post's reply goes to board.createComment (a user token's job: without one, by hand);
    a photo comment's reply is published by hand."""
    connector = live(sandbox)
    with pytest.raises(PermanentError):
        connector.post_reply(ReplyTarget(platform="vk", owner_id=str(WALL), post_id="topic41", comment_id="3"),
                             Reply(text="Ответ", guid="b1"))
    with pytest.raises(PermanentError, match="фотографии"):
        connector.post_reply(ReplyTarget(platform="vk", owner_id=str(WALL), post_id="photo1", comment_id="2"),
                             Reply(text="Ответ", guid="p1"))
