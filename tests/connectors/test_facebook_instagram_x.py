"""Facebook Page, Instagram and X: their official APIs on recorded answers (off by default)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import responses

from connectors.base import AuthError, Reply, ReplyTarget, TransientError
from connectors.facebook import FacebookConfig, FacebookConnector
from connectors.instagram import InstagramConfig, InstagramConnector
from connectors.x import XConfig, XConnector
from monitor.core.clock import FrozenClock
from monitor.core.settings import parse_settings

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
GRAPH = "https://graph.facebook.com/v21.0"

FEED = {"data": [{"id": "1001_2002", "message": "Отключение воды 5 марта", "created_time": "2026-03-02T03:00:00+0000",
                  "permalink_url": "https://www.facebook.com/1001/posts/2002", "from": {"id": "1001", "name": "Адм"},
                  "comments": {"data": [], "summary": {"order": "ranked", "total_count": 1, "can_comment": True}}}],
        "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}}}
COMMENTS = {"data": [{"id": "2002_3003", "message": "А подвоз воды будет?", "created_time": "2026-03-02T03:30:00+0000",
                      "from": {"id": "555", "name": "Мария Иванова"}}],
            "paging": {"cursors": {"before": "MQZDZD", "after": "MgZDZD"}}}


def test_a_page_post_and_its_comment_are_read_and_the_reply_threads_under_it() -> None:
    fb = FacebookConnector(FacebookConfig(name="fb", page_id="1001", page_token="t"), clock=FrozenClock(NOW))
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, f"{GRAPH}/1001/feed", json=FEED)
        rsps.add(responses.GET, f"{GRAPH}/1001_2002/comments", json=COMMENTS)
        result = fb.fetch(None)
        assert rsps.calls[0].request.headers["Authorization"] == "Bearer t"
    _, comment = result.messages
    assert comment.comment_id == "2002_3003" and comment.author_name == "Мария Иванова"
    assert comment.created_at == datetime(2026, 3, 2, 3, 30, tzinfo=UTC)
    assert result.cursor["posts"]["1001_2002"] == {"count": 1, "after": "MgZDZD"}
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, f"{GRAPH}/2002_3003/comments", json={"id": "2002_3004"})
        posted = fb.post_reply(ReplyTarget(platform="facebook", owner_id="1001", post_id="1001_2002",
                                           comment_id="2002_3003"), Reply(text="Да, с 10:00", guid="g"))
        assert "message=" in str(rsps.calls[0].request.body)
    assert posted.external_id == "2002_3004"


def test_an_expired_page_token_stops_the_source() -> None:
    fb = FacebookConnector(FacebookConfig(name="fb", page_id="1001", page_token="t"))
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, f"{GRAPH}/1001/feed", status=400, json={"error": {
            "message": "Error validating access token: Session has expired", "type": "OAuthException",
            "code": 190, "error_subcode": 463, "fbtrace_id": "A1"}})
        with pytest.raises(AuthError, match="190"):
            fb.fetch(None)


def test_instagram_replies_to_replies_join_the_top_level_thread() -> None:
    ig = InstagramConnector(InstagramConfig(name="ig", ig_user_id="178", token="t"), clock=FrozenClock(NOW))
    media = {"data": [{"id": "m1", "caption": "Субботник", "timestamp": "2026-03-01T10:00:00+0000",
                       "permalink": "https://www.instagram.com/p/X1/", "comments_count": 2, "username": "adm"}]}
    comments = {"data": [{"id": "c1", "text": "Во сколько?", "timestamp": "2026-03-01T11:00:00+0000",
                          "username": "masha", "replies": {"data": [{"id": "c2", "text": "И где?",
                                                                     "timestamp": "2026-03-01T11:05:00+0000",
                                                                     "username": "petya"}]}}]}
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, f"{GRAPH}/178/media", json=media)
        rsps.add(responses.GET, f"{GRAPH}/m1/comments", json=comments)
        result = ig.fetch(None)
    first, second = result.messages
    assert (first.comment_id, second.comment_id) == ("c1", "c1") and second.author_name == "petya"
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, f"{GRAPH}/c1/replies", json={"id": "c3"})
        ig.post_reply(ReplyTarget(platform="instagram", owner_id="178", post_id="m1", comment_id="c1"),
                      Reply(text="В 10:00 у школы", guid="g"))


SEARCH = {"data": [{"id": "1890000000000000002", "text": "@adm_district когда починят дорогу?",
                    "author_id": "42", "conversation_id": "1890000000000000001",
                    "created_at": "2026-03-02T03:00:00.000Z", "edit_history_tweet_ids": ["1890000000000000002"],
                    "referenced_tweets": [{"type": "replied_to", "id": "1890000000000000001"}]}],
          "includes": {"users": [{"id": "42", "name": "Иван", "username": "ivan"}]},
          "meta": {"newest_id": "1890000000000000002", "oldest_id": "1890000000000000002", "result_count": 1}}


def test_x_search_from_since_id_and_a_reply_to_the_post() -> None:
    xc = XConnector(XConfig(name="x", query="@adm_district", bearer_token="b", user_token="u"), clock=FrozenClock(NOW))
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, "https://api.x.com/2/tweets/search/recent", json=SEARCH)
        result = xc.fetch(None)
        rsps.add(responses.GET, "https://api.x.com/2/tweets/search/recent", json={"meta": {"result_count": 0}})
        again = xc.fetch(result.cursor)
        assert "since_id=1890000000000000002" in str(rsps.calls[1].request.url)
    [message] = result.messages
    assert message.kind == "comment" and message.url == "https://x.com/ivan/status/1890000000000000002"
    assert again.messages == [] and again.cursor == result.cursor
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, "https://api.x.com/2/tweets", status=201,
                 json={"data": {"id": "1890000000000000003", "text": "Отремонтируем в мае"}})
        xc.post_reply(ReplyTarget(platform="x", owner_id="1", post_id=message.post_id or ""),
                      Reply(text="Отремонтируем в мае", guid="g"))
        sent = json.loads(rsps.calls[0].request.body)
        assert sent == {"text": "Отремонтируем в мае", "reply": {"in_reply_to_tweet_id": "1890000000000000002"}}
        assert rsps.calls[0].request.headers["Authorization"] == "Bearer u"


def test_x_rate_limit_waits_until_the_window_resets() -> None:
    xc = XConnector(XConfig(name="x", query="q", bearer_token="b"), clock=FrozenClock(NOW))
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, "https://api.x.com/2/tweets/search/recent", status=429,
                 json={"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429},
                 headers={"x-rate-limit-reset": str(int(NOW.timestamp()) + 600)})
        with pytest.raises(TransientError) as busy:
            xc.fetch(None)
    assert busy.value.retry_after == 600


def test_the_three_are_off_by_default() -> None:
    settings = parse_settings({"sources": [
        {"name": "f", "platform": "facebook", "page_id": "1"},
        {"name": "i", "platform": "instagram", "ig_user_id": "2"},
        {"name": "x", "platform": "x", "query": "@a"},
    ]})
    assert [s.enabled for s in settings.sources] == [False, False, False]
