"""OK (Odnoklassniki): signed calls, topics and comments from a cursor, replies by hand."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest
import responses

from connectors.base import AuthError, PermanentError, Reply, ReplyTarget, TransientError
from connectors.ok import OkConfig, OkConnector, OkSource
from connectors.ok.client import sign
from monitor.core.clock import FrozenClock
from monitor.sandbox import SandboxServer
from monitor.sandbox.control import inject, plan_errors

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
GID = "70000000000001"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer("127.0.0.1", 0, clock=FrozenClock(NOW)).start()
    yield server
    server.stop()


def sandboxed(server: SandboxServer, **changes: object) -> OkConnector:
    source = OkSource(name="ok-groups", platform="ok", application_key="CBAOKSANDBOX", groups=[GID], group_id=GID)
    config = dataclasses.replace(source.connector_config(server.base_url), **changes)  # type: ignore[arg-type]
    return OkConnector(config, clock=FrozenClock(NOW))


def test_the_signature_is_the_documented_one() -> None:
    """Sorted key=value pairs without separators, the token left out, md5(token + app secret) appended."""
    params = {"method": "mediatopic.getTopics", "gid": "1", "application_key": "K", "format": "json",
              "access_token": "tok"}
    secret = hashlib.md5(b"tok" + b"S").hexdigest()
    plain = "application_key=K" + "format=json" + "gid=1" + "method=mediatopic.getTopics" + secret
    assert sign(params, application_secret_key="S", access_token="tok") == hashlib.md5(plain.encode()).hexdigest()
    assert sign(params, application_secret_key="S", session_secret_key="ss") == hashlib.md5(
        b"application_key=K" b"format=json" b"gid=1" b"method=mediatopic.getTopics" b"ss").hexdigest()


def test_topics_and_comments_come_through_the_signed_sandbox(sandbox: SandboxServer) -> None:
    """A resident's topic and a comment under it arrive, threaded; the group's own topic is ours."""
    topic = inject(sandbox.state, {"network": "ok", "text": "Когда починят фонарь на Лесной?",
                                   "author": "Ольга Петрова"}, sandbox.base_url)[1]
    inject(sandbox.state, {"network": "ok", "text": "Сегодня с 10 до 12 приём граждан", "author": "group"},
           sandbox.base_url)
    inject(sandbox.state, {"network": "ok", "topic_id": topic["post_id"], "text": "Присоединяюсь",
                           "author": "Иван Сидоров"}, sandbox.base_url)
    result = sandboxed(sandbox).fetch(None)
    by_text = {m.text: m for m in result.messages}
    comment = by_text["Присоединяюсь"]
    assert comment.kind == "comment" and comment.parent_external_id == f"{GID}_{topic['post_id']}"
    assert comment.author_name == "Иван Сидоров" and comment.url == f"https://ok.ru/group/{GID}/topic/{topic['post_id']}"
    assert by_text["Когда починят фонарь на Лесной?"].author_name == "Ольга Петрова"
    own = by_text["Сегодня с 10 до 12 приём граждан"].author_id
    assert own in OkSource(name="o", platform="ok", group_id=GID).own_author_ids()


def test_a_wrong_signature_is_refused_with_104(sandbox: SandboxServer) -> None:
    """The sandbox recomputes the signature: a wrong application secret is error 104, an AuthError."""
    with pytest.raises(AuthError, match="104"):
        sandboxed(sandbox, application_secret_key="not-the-secret").fetch(None)
    with pytest.raises(AuthError, match="101"):
        sandboxed(sandbox, application_key="UNKNOWN").fetch(None)


def test_throttling_is_transient(sandbox: SandboxServer) -> None:
    """Error 8 (FLOOD_BLOCKED) planned on the sandbox: retry later."""
    plan_errors(sandbox.state, {"method": "mediatopic.getTopics", "error_code": 8})
    with pytest.raises(TransientError, match="OK error 8"):
        sandboxed(sandbox).fetch(None)


def test_replies_go_to_manual_publication_with_the_reason() -> None:
    """OK has no public way to comment: the reply is refused with a reason shown to the executor."""
    connector = OkConnector(OkConfig(name="o", application_key="k", application_secret_key="s", access_token="t"))
    assert connector.capabilities.replies is False
    with pytest.raises(PermanentError, match="вручную"):
        connector.post_reply(ReplyTarget(platform="ok", owner_id=GID, post_id="1"), Reply(text="x", guid="g"))


TOPICS = {  # recorded shape (public client code; values invented)
    "media_topics": [{"id": "155000000000002", "created_ms": 1772400000000, "author_ref": "user:575000000001",
                      "owner_ref": f"group:{GID}", "media": [{"type": "text", "text": "Нет воды на Школьной"}],
                      "discussion_summary": {"comments_count": 1}}],
    "entities": {"users": [{"uid": "575000000001", "first_name": "Мария", "last_name": "Иванова"}]},
    "anchor": "LTE1NTAwMDAwMDAwMDAwMg", "has_more": False,
}
COMMENTS = {"comments": [{"id": "MTc3MjQwMDA2MDAwMDo1", "author_id": "575000000002", "author_name": "Пётр Козлов",
                          "text": "И у нас тоже", "date": "2026-03-02 00:41:00", "type": "GROUP_TOPIC"}],
            "anchor": "MTc3MjQwMDA2MDAwMDo1", "has_more": False}


def test_recorded_answers_are_read_and_the_cursor_moves() -> None:
    """Recorded getTopics/getComments answers: a Moscow-time date string, names from entities, and
    the next poll asks for comments from the stored anchor and gets nothing twice."""
    connector = OkConnector(OkConfig(name="o", application_key="k", application_secret_key="s", access_token="t",
                                     groups=(GID,)), clock=FrozenClock(NOW))
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, "https://api.ok.ru/fb.do", json=TOPICS)
        rsps.add(responses.POST, "https://api.ok.ru/fb.do", json=COMMENTS)
        first = connector.fetch(None)
        sent = [parse_qs(str(call.request.body)) for call in rsps.calls]
    topic, comment = first.messages
    assert topic.author_name == "Мария Иванова" and topic.created_at == datetime(2026, 3, 1, 21, 20, tzinfo=UTC)
    assert comment.created_at == datetime(2026, 3, 1, 21, 41, tzinfo=UTC) and comment.text == "И у нас тоже"
    assert all(s["sig"] and s["application_key"] == ["k"] for s in sent)
    assert first.cursor["groups"][GID]["topics"]["155000000000002"] == {"count": 1, "anchor": COMMENTS["anchor"]}
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, "https://api.ok.ru/fb.do", json=TOPICS)
        again = connector.fetch(first.cursor)
        assert len(rsps.calls) == 1, "the comment count did not move: no comments call"
    assert again.messages == []
    assert json.loads(json.dumps(again.cursor)) == again.cursor


def test_marks_comments_and_reshares_are_read_again_for_topics_only(sandbox: SandboxServer) -> None:
    """mediatopic.getByIds through the signed sandbox: a topic's counts as they are now; a
    comment's id is not asked about; the counts seen at first sight come with the topic."""
    topic = inject(sandbox.state, {"network": "ok", "text": "Когда починят фонарь на Лесной?"}, sandbox.base_url)[1]
    inject(sandbox.state, {"network": "ok", "topic_id": topic["post_id"], "text": "+1"}, sandbox.base_url)
    connector = sandboxed(sandbox)
    first = {m.external_id: m for m in connector.fetch(None).messages}
    topic_id = f"{GID}_{topic['post_id']}"
    assert (first[topic_id].likes, first[topic_id].comments, first[topic_id].reposts) == (0, 1, 0)
    sandbox.state.ok.topic(topic["post_id"]).likes = 12
    sandbox.state.ok.topic(topic["post_id"]).reshares = 2
    comment_id = next(i for i in first if i != topic_id)
    result = connector.refresh_reactions([comment_id, topic_id, f"{GID}_999"], max_requests=1)
    assert result.requests == 1
    assert {k: (v.likes, v.comments, v.reposts) for k, v in result.counts.items()} == {topic_id: (12, 1, 2)}
    assert connector.capabilities.reactions and not connector.capabilities.replies


def test_recorded_by_ids_answer_and_a_refused_token() -> None:
    """A recorded getByIds answer (summaries missing or odd count as 0); an expired session is
    an authorization error, not retried as if the network were down."""
    connector = OkConnector(OkConfig(name="o", application_key="k", application_secret_key="s", access_token="t",
                                     groups=(GID,)), clock=FrozenClock(NOW))
    answer = {"media_topics": [
        {"id": "155000000000002", "like_summary": {"count": 7, "self": False},
         "discussion_summary": {"comments_count": 3}, "reshare_summary": {"count": 1}},
        {"id": "155000000000003", "like_summary": {"count": "много"}},
        {"no_id": True}]}
    ids = [f"{GID}_155000000000002", f"{GID}_155000000000003"]
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, "https://api.ok.ru/fb.do", json=answer)
        result = connector.refresh_reactions(ids, max_requests=3)
        sent = parse_qs(str(rsps.calls[0].request.body))
    assert sent["method"] == ["mediatopic.getByIds"]
    assert sent["topic_ids"] == ["155000000000002,155000000000003"]
    assert {k: (v.likes, v.comments, v.reposts) for k, v in result.counts.items()} == {
        ids[0]: (7, 3, 1), ids[1]: (0, 0, 0)}
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, "https://api.ok.ru/fb.do",
                 json={"error_code": 102, "error_msg": "PARAM_SESSION_EXPIRED : session expired", "error_data": None})
        with pytest.raises(AuthError):
            connector.refresh_reactions(ids, max_requests=1)
