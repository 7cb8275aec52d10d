"""RSS 2.0 feeds with the conditional-GET headers a polite poller relies on.

The ETag changes with every change to the feed; Last-Modified is the time of the last change.
A matching If-None-Match (or, without one, an If-Modified-Since not older than the last
change) is answered 304 with no body.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import format_datetime, formatdate, parsedate_to_datetime
from xml.sax.saxutils import escape

from monitor.sandbox.state import Feed, NetworkState

Response = tuple[int, dict[str, str], bytes]


def etag(feed: Feed) -> str:
    return f'"{feed.name}-v{feed.version}"'


def etag_version(feed: str, tag: str) -> int | None:
    """The feed version in an ETag this sandbox gave out for ``feed`` (None: not one of ours)."""
    match = re.fullmatch(rf'(?:W/)?"{re.escape(feed)}-v(\d{{1,18}})"', tag.strip())
    return int(match.group(1)) if match else None


def render(feed: Feed) -> bytes:
    """The feed as RSS 2.0, newest entry first."""
    def rfc822(ts: int) -> str:
        return format_datetime(datetime.fromtimestamp(ts, UTC), usegmt=True)

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        f"<title>{escape(feed.title)}</title>",
        f"<link>{escape(feed.link)}</link>",
        f"<description>{escape(feed.description)}</description>",
        "<language>ru</language>",
        f"<lastBuildDate>{rfc822(feed.changed)}</lastBuildDate>",
    ]
    for item in reversed(feed.items):
        lines += [
            "<item>",
            f"<title>{escape(item.title)}</title>",
            f"<link>{escape(item.link)}</link>",
            f'<guid isPermaLink="false">{escape(item.guid)}</guid>',
            f"<description>{escape(item.description)}</description>",
            f"<pubDate>{rfc822(item.pub_date)}</pubDate>",
        ]
        if item.author:
            lines.append(f"<dc:creator>{escape(item.author)}</dc:creator>")
        lines.append("</item>")
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines).encode("utf-8")


def _not_modified(feed: Feed, if_none_match: str | None, if_modified_since: str | None) -> bool:
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag(feed) in tags
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
        return feed.changed <= since
    return False


def serve_feed(state: NetworkState, name: str, if_none_match: str | None,
               if_modified_since: str | None) -> Response:
    with state.lock:
        state.stats.http["rss"] += 1
        feed = state.feeds.get(name)
        if feed is None:
            return 404, {"Content-Type": "text/plain; charset=utf-8"}, f"no feed {name}\n".encode()
        headers = {"ETag": etag(feed), "Last-Modified": formatdate(feed.changed, usegmt=True)}
        if _not_modified(feed, if_none_match, if_modified_since):
            return 304, headers, b""
        headers["Content-Type"] = "application/rss+xml; charset=utf-8"
        return 200, headers, render(feed)
