"""RSS/Atom: conditional GETs, tolerant parsing, stable keys, read-only replies."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from connector_fakes import FIXTURES, SHARED_FEEDS
from structlog.testing import capture_logs

from connectors.base import PermanentError, Reply, ReplyTarget, TransientError
from connectors.rss import RssConfig, RssConnector, entry_key

FEED_URL = "https://sobolevomr.ru/rss/news.xml"
XML = "application/rss+xml; charset=utf-8"


def feed(name: str) -> bytes:
    return (FIXTURES / "rss" / name).read_bytes()


def rss(clock: Any, url: str = FEED_URL) -> RssConnector:
    return RssConnector(RssConfig(name="rss-news", url=url), clock=clock)


class TestFetch:
    def test_entries_become_messages_with_text_link_and_time(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """A news feed's items arrive as messages: title and summary without HTML, link, publication time."""
        rsps.get(FEED_URL, body=feed("sobolevo_news.xml"), content_type=XML, headers={"ETag": '"v1"', "Last-Modified": "Wed, 12 Jun 2024 00:00:00 GMT"})
        result = rss(clock).fetch(None)
        assert result.requests == 1
        by_url = {m.url: m for m in result.messages}
        outage = by_url["https://sobolevomr.ru/news/2024/06/otklyuchenie-ustevoe/"]
        assert outage.platform == "rss" and outage.kind == "entry"
        assert outage.text == (
            "Отключение электроэнергии в с. Устьевое. 12 июня с 10:00 до 16:00 в с. Устьевое плановое "
            "отключение электроэнергии: ремонт ДЭС.\n\nПриносим извинения за неудобства."
        )
        assert outage.created_at == datetime(2024, 6, 11, 21, 30, tzinfo=UTC)
        assert outage.external_id == f"{FEED_URL}#news-2024-0612"  # a bare guid is scoped by its feed
        water = by_url["https://sobolevomr.ru/news/2024/06/voda-sobolevo/"]
        assert water.external_id == "https://sobolevomr.ru/news/2024/06/voda-sobolevo/"
        assert result.cursor["etag"] == '"v1"'
        assert result.cursor["modified"] == "Wed, 12 Jun 2024 00:00:00 GMT"

    def test_an_entry_without_a_date_gets_the_time_it_was_seen(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """An undated, unlinked item still gets a time (now) and a stable key from its title."""
        rsps.get(FEED_URL, body=feed("sobolevo_news.xml"), content_type=XML)
        result = rss(clock).fetch(None)
        notice = next(m for m in result.messages if m.text.startswith("Объявление"))
        assert notice.created_at == clock.now()
        assert notice.external_id.startswith(f"{FEED_URL}#sha1:")
        assert notice.url == "https://sobolevomr.ru/news/"  # the feed's own page

    def test_a_windows_1251_feed_is_read_correctly(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """Regional sites still serve windows-1251; the Russian text arrives intact."""
        rsps.get(FEED_URL, body=feed("sobolevo_news_cp1251.xml"), content_type="application/xml")
        texts = [m.text for m in rss(clock).fetch(None).messages]
        assert any(t.startswith("Подвоз питьевой воды в Соболево") for t in texts)

    def test_conditional_headers_are_sent_and_304_costs_no_parsing(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """An unchanged feed answers 304: no messages, the cursor is kept, nothing is parsed."""
        first = rsps.get(FEED_URL, body=feed("sobolevo_news.xml"), content_type=XML, headers={"ETag": '"v1"', "Last-Modified": "Wed, 12 Jun 2024 00:00:00 GMT"})
        connector = rss(clock)
        cursor = connector.fetch(None).cursor
        rsps.remove(first)
        second = rsps.get(FEED_URL, status=304)
        with capture_logs() as logs:
            result = connector.fetch(cursor)
        sent = second.calls[0].request.headers
        assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == "Wed, 12 Jun 2024 00:00:00 GMT"
        assert "otklik" in sent["User-Agent"]
        assert result.messages == [] and result.cursor == cursor
        assert [e["event"] for e in logs] == ["feed.not_modified"]

    def test_entries_seen_before_are_not_returned_again(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """A feed that changed only partly yields only its new entries."""
        rsps.get(FEED_URL, body=feed("sobolevo_news.xml"), content_type=XML)
        connector = rss(clock)
        cursor = connector.fetch(None).cursor
        assert connector.fetch(cursor).messages == []

    def test_seen_keys_are_bounded(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """The cursor remembers a bounded number of entries, newest kept."""
        rsps.get(FEED_URL, body=feed("sobolevo_news.xml"), content_type=XML)
        connector = RssConnector(RssConfig(name="r", url=FEED_URL, max_seen=2), clock=clock)
        seen = connector.fetch({"seen": ["old-1", "old-2"]}).cursor["seen"]
        assert len(seen) == 2 and "old-1" not in seen

    def test_permanent_redirect_is_followed_and_remembered(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """A feed that moved (301) is read at its new address now and on later polls."""
        new_url = "https://sobolevomr.ru/feeds/news.rss"
        rsps.get(FEED_URL, status=301, headers={"Location": new_url})
        rsps.get(new_url, body=feed("example-rss20.xml"), content_type=XML)
        connector = rss(clock)
        result = connector.fetch(None)
        assert result.requests == 2 and len(result.messages) == 1
        assert result.cursor["url"] == new_url and result.cursor["moved_from"] == FEED_URL
        connector.fetch(result.cursor)
        assert rsps.calls[-1].request.url == new_url

    @pytest.mark.parametrize("status", [404, 410])
    def test_a_gone_feed_fails_permanently(self, rsps: responses.RequestsMock, clock: Any, status: int) -> None:
        """A feed that no longer exists is not retried forever."""
        rsps.get(FEED_URL, status=status)
        with pytest.raises(PermanentError):
            rss(clock).fetch(None)

    @pytest.mark.parametrize("status", [500, 503, 429])
    def test_server_trouble_is_transient(self, rsps: responses.RequestsMock, clock: Any, status: int) -> None:
        """Server errors and throttling mean: try again at the next poll."""
        rsps.get(FEED_URL, status=status, headers={"Retry-After": "120"})
        with pytest.raises(TransientError) as caught:
            rss(clock).fetch(None)
        assert caught.value.retry_after == 120.0

    def test_network_failure_is_transient(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """No connection to the site is a transient failure."""
        rsps.get(FEED_URL, body=requests.ConnectionError("refused"))
        with pytest.raises(TransientError):
            rss(clock).fetch(None)


class TestMalformed:
    def test_malformed_feed_with_entries_is_logged_and_used(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """A broken feed whose items are still readable yields them, with a warning in the log."""
        rsps.get(FEED_URL, body=feed("rss_item_link_corrupted_ampersands.xml"), content_type=XML)
        with capture_logs() as logs:
            result = rss(clock).fetch(None)
        assert len(result.messages) == 1
        warning = next(e for e in logs if e["event"] == "feed.malformed")
        assert warning["error"] and warning["entries"] == 1

    def test_unreadable_feed_yields_nothing_and_keeps_the_cursor(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """A feed with nothing recoverable is skipped; the old cursor stays so nothing is lost."""
        rsps.get(FEED_URL, body=feed("aaa_illformed.xml"), content_type=XML, headers={"ETag": '"broken"'})
        old = {"etag": '"v1"', "seen": ["a"]}
        with capture_logs() as logs:
            result = rss(clock).fetch(old)
        assert result.messages == [] and result.cursor == old
        assert any(e["event"] == "feed.malformed" for e in logs)

    def test_an_html_page_instead_of_a_feed_does_not_raise(self, rsps: responses.RequestsMock, clock: Any) -> None:
        """A site that answers with an HTML page is skipped, not a crash."""
        rsps.get(FEED_URL, body=b"<html><body><h1>Site maintenance</h1></body></html>", content_type="text/html")
        assert rss(clock).fetch(None).messages == []


def _shared_feeds(kind: str) -> list[Path]:
    folder = SHARED_FEEDS / kind
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.skipif(not SHARED_FEEDS.is_dir(), reason="shared feed corpus not present")
class TestSharedFeedCorpus:
    @pytest.mark.parametrize("path", _shared_feeds("illformed"), ids=lambda p: p.name)
    def test_no_ill_formed_feed_raises(self, rsps: responses.RequestsMock, clock: Any, path: Path) -> None:
        """Every real ill-formed feed is survived: fetch returns, whatever the body."""
        rsps.get(FEED_URL, body=path.read_bytes(), content_type="application/xml")
        result = rss(clock).fetch(None)
        assert isinstance(result.messages, list)

    @pytest.mark.parametrize("path", _shared_feeds("wellformed"), ids=lambda p: p.name)
    def test_well_formed_feeds_yield_their_entries(self, rsps: responses.RequestsMock, clock: Any, path: Path) -> None:
        """Every well-formed feed with items yields them, each with a key and a timezone-aware time."""
        body = path.read_bytes()
        rsps.get(FEED_URL, body=body, content_type="application/xml")
        with capture_logs() as logs:
            result = rss(clock).fetch(None)
        assert not any(e["event"] == "feed.malformed" for e in logs)
        has_items = any(tag in body.replace(b"\x00", b"") for tag in (b"<item", b"<entry"))
        assert bool(result.messages) == has_items
        assert all(m.external_id and m.created_at.tzinfo for m in result.messages)


class TestMisc:
    def test_posting_to_a_feed_is_impossible(self, clock: Any) -> None:
        """RSS is read-only: the workflow is told to publish by hand."""
        with pytest.raises(PermanentError, match="publish by hand"):
            rss(clock).post_reply(ReplyTarget(platform="rss", owner_id=FEED_URL, post_id="x"), Reply(text="t", guid="g"))

    def test_entry_key_prefers_id_then_link_then_hash(self) -> None:
        """Entries are recognised by id, else link, else title and date."""
        assert entry_key({"id": "tag:a,2024:1", "link": "http://x"}) == "tag:a,2024:1"
        assert entry_key({"link": "http://x/1"}) == "http://x/1"
        hashed = entry_key({"title": "Новость", "published": "Tue, 11 Jun 2024"})
        assert hashed.startswith("sha1:") and hashed == entry_key({"title": "Новость", "published": "Tue, 11 Jun 2024"})
        assert hashed != entry_key({"title": "Другая", "published": "Tue, 11 Jun 2024"})
