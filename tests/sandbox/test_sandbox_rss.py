"""RSS feeds: well-formed RSS 2.0, conditional GET, injected entries."""

from __future__ import annotations

from typing import Any

import feedparser
import requests

from monitor.sandbox import SandboxServer

FEED = "/rss/rss-district-news.xml"


def _get(sandbox: SandboxServer, path: str = FEED, **headers: str) -> requests.Response:
    return requests.get(sandbox.base_url + path, headers=headers, timeout=10)


def test_district_news_is_rss_feedparser_reads(sandbox: SandboxServer) -> None:
    """The district news feed parses cleanly with guid, link, title, description and date per entry."""
    response = _get(sandbox)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/rss+xml")
    headers = {name.lower(): value for name, value in response.headers.items()}  # feedparser wants lower case
    parsed = feedparser.parse(response.content, response_headers=headers)
    assert not parsed.bozo and parsed.version == "rss20"
    assert len(parsed.entries) >= 10
    for entry in parsed.entries:
        assert entry.id and entry.link.startswith("https://") and entry.title and entry.summary
        assert entry.published_parsed is not None
    dates = [entry.published_parsed for entry in parsed.entries]
    assert dates == sorted(dates, reverse=True)


def test_etag_gives_304_until_the_feed_changes(sandbox: SandboxServer, inject: Any) -> None:
    """A matching If-None-Match is answered 304 with no body; after an injection the feed is new."""
    first = _get(sandbox)
    unchanged = _get(sandbox, **{"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    made = inject(network="rss", text="В Соболево открыт новый пункт выдачи гуманитарной помощи.",
                  title="Новый пункт выдачи")
    changed = _get(sandbox, **{"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    entry = feedparser.parse(changed.content).entries[0]
    assert (entry.id, entry.link, entry.title) == (made["guid"], made["url"], "Новый пункт выдачи")


def test_if_modified_since_gives_304(sandbox: SandboxServer, clock: Any, inject: Any) -> None:
    """If-Modified-Since equal to Last-Modified is 304; a later injection makes it 200 again."""
    first = _get(sandbox)
    assert _get(sandbox, **{"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    clock.advance(minutes=5)
    inject(network="rss", text="Новая запись")
    assert _get(sandbox, **{"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 200


def test_same_second_change_still_moves_last_modified(sandbox: SandboxServer, inject: Any) -> None:
    """Two changes within one second (frozen clock) still give a newer Last-Modified."""
    first = _get(sandbox)
    inject(network="rss", text="Запись в ту же секунду")
    assert _get(sandbox, **{"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 200


def test_inject_creates_a_new_feed(sandbox: SandboxServer, inject: Any) -> None:
    """Injecting into an unknown feed name creates that feed at /rss/<name>.xml."""
    assert _get(sandbox, "/rss/ust-news.xml").status_code == 404
    made = inject(network="rss", feed="ust-news", text="Устьевое: сход граждан в клубе в субботу.\nПриходите!")
    assert made["url"].startswith(sandbox.base_url)
    parsed = feedparser.parse(_get(sandbox, "/rss/ust-news.xml").content)
    assert [e.title for e in parsed.entries] == ["Устьевое: сход граждан в клубе в субботу."]


def test_feedparser_conditional_fetch_over_http(sandbox: SandboxServer) -> None:
    """feedparser's own conditional fetch (urllib) gets 304 from the sandbox with the stored ETag."""
    first = feedparser.parse(sandbox.base_url + FEED)
    again = feedparser.parse(sandbox.base_url + FEED, etag=first.etag)
    assert first.status == 200 and again.status == 304 and again.entries == []
