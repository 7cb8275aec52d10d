"""The RSS/Atom connector: a read-only source fetched with conditional GETs.

We do the HTTP ourselves with ``requests`` (ETag / Last-Modified from the cursor; a 304 costs no
parsing) and hand the body to ``feedparser``. A malformed feed never stops the daemon: it is
logged, and whatever entries feedparser still recovered are used. Posting is impossible; the
workflow marks such replies for manual publication.

The monitor maps ``monitor.core.settings.RssSource`` onto ``RssConfig`` (``name``, ``url``).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import feedparser
import requests
import structlog

from connectors.base import (
    AuthError,
    FetchResult,
    NetworkMessage,
    PermanentError,
    ReadOnlyConnector,
    TransientError,
)
from connectors.clock import Clock
from connectors.html_text import html_to_text

__all__ = ["RssConfig", "RssConnector", "entry_key"]

DEFAULT_USER_AGENT = "otklik/0.1 (municipal appeals monitor; +feed reader)"
log = structlog.get_logger()


@dataclass(frozen=True, slots=True)
class RssConfig:
    platform: ClassVar[str] = "rss"
    name: str
    url: str
    timeout: float = 20.0
    user_agent: str = DEFAULT_USER_AGENT
    max_seen: int = 500  # entry keys remembered, newest last


def entry_key(entry: Mapping[str, Any]) -> str:
    """Dedupe key of a feed entry: its id, else its link, else a hash of title and date."""
    for field in ("id", "link"):
        value = str(entry.get(field) or "").strip()
        if value:
            return value
    basis = f"{entry.get('title', '')}\n{entry.get('published') or entry.get('updated') or ''}"
    return "sha1:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()


def _globally_unique(key: str) -> bool:
    return key.startswith(("http://", "https://", "tag:", "urn:"))


def _struct_time_to_utc(value: Any) -> datetime | None:
    try:
        year, month, day, hour, minute, second = (int(part) for part in value[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _retry_after(response: requests.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


class RssConnector(ReadOnlyConnector):
    platform = "rss"
    manual_reason = "лента RSS только для чтения — опубликуйте ответ вручную (RSS is read-only: publish by hand)"

    def __init__(
        self,
        config: RssConfig,
        *,
        session: requests.Session | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.config = config
        self.http = session or requests.Session()
        self._clock = clock

    def _now(self) -> datetime:
        return self._clock.now() if self._clock is not None else datetime.now(UTC)

    # -- HTTP -----------------------------------------------------------------------------------

    def _url(self, cursor: Mapping[str, Any]) -> str:
        """The feed's address, or where it permanently moved (301/308) while configured so."""
        if cursor.get("moved_from") == self.config.url and cursor.get("url"):
            return str(cursor["url"])
        return self.config.url

    def _get(self, url: str, cursor: Mapping[str, Any]) -> requests.Response:
        headers = {"User-Agent": self.config.user_agent,
                   "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
        if cursor.get("etag"):
            headers["If-None-Match"] = str(cursor["etag"])
        if cursor.get("modified"):
            headers["If-Modified-Since"] = str(cursor["modified"])
        try:
            return self.http.get(url, headers=headers, timeout=self.config.timeout, allow_redirects=True)
        except requests.RequestException as exc:
            raise TransientError(f"feed unreachable: {type(exc).__name__}") from exc

    # -- Connector protocol ---------------------------------------------------------------------

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        old = dict(cursor or {})
        url = self._url(old)
        response = self._get(url, old)
        spent = 1 + len(response.history)
        status = response.status_code
        if status == 304:
            log.info("feed.not_modified", source=self.config.name)
            return FetchResult(messages=[], cursor=old, requests=spent)
        if status in (401, 403):
            raise AuthError(f"feed {url} answered HTTP {status}: it wants credentials we do not have")
        if status in (404, 410):
            raise PermanentError(f"feed {url} answered HTTP {status}: it is gone")
        if status == 429 or status >= 500:
            raise TransientError(f"feed {url} answered HTTP {status}", retry_after=_retry_after(response))
        if status >= 400:
            raise PermanentError(f"feed {url} answered HTTP {status}")
        if status != 200:
            raise TransientError(f"feed {url} answered HTTP {status}")

        new = dict(old)
        moved = next((r for r in response.history if r.status_code in (301, 308)), None)
        if moved is not None and response.url != url:
            log.warning("feed.moved", source=self.config.name, old_url=url, new_url=response.url)
            new.update(moved_from=self.config.url, url=response.url)

        parsed = self._parse(response)
        entries = list(parsed.get("entries") or [])
        if parsed.get("bozo"):
            log.warning(
                "feed.malformed",
                source=self.config.name,
                error=str(parsed.get("bozo_exception") or "")[:300],
                entries=len(entries),
            )
            if not entries:
                return FetchResult(messages=[], cursor=old, requests=spent)

        seen: list[str] = list(old.get("seen") or [])
        known = set(seen)
        messages: list[NetworkMessage] = []
        for entry in reversed(entries):  # feeds list newest first; remember oldest first
            key = entry_key(entry)
            if key in known:
                continue
            known.add(key)
            seen.append(key)
            messages.append(self._message(entry, key, parsed.get("feed") or {}))
        new["seen"] = seen[-self.config.max_seen :]
        new["etag"] = response.headers.get("ETag") or None
        new["modified"] = response.headers.get("Last-Modified") or None
        log.info("feed.polled", source=self.config.name, entries=len(entries), new=len(messages))
        return FetchResult(messages=messages, cursor=new, requests=spent)

    def _parse(self, response: requests.Response) -> Any:
        headers = {k.lower(): v for k, v in response.headers.items()}
        headers.setdefault("content-location", response.url)
        try:
            return feedparser.parse(io.BytesIO(response.content), response_headers=headers)
        except Exception as exc:
            return {"bozo": True, "bozo_exception": exc, "entries": []}

    def _message(self, entry: Mapping[str, Any], key: str, feed: Mapping[str, Any]) -> NetworkMessage:
        title = html_to_text(str(entry.get("title") or ""))
        summary = str(entry.get("summary") or "")
        if not summary and entry.get("content"):
            summary = str((entry["content"][0] or {}).get("value") or "")
        body = html_to_text(summary)
        if title and body and body != title:
            text = f"{title}{' ' if title.endswith(('.', '!', '?', '…')) else '. '}{body}"
        else:
            text = title or body
        created = None
        for field in ("published_parsed", "updated_parsed"):
            created = _struct_time_to_utc(entry.get(field))
            if created:
                break
        link = str(entry.get("link") or feed.get("link") or self.config.url)
        return NetworkMessage(
            platform=self.platform,
            external_id=key if _globally_unique(key) else f"{self.config.url}#{key}",
            kind="entry",
            text=text,
            url=link,
            created_at=created or self._now(),
            author_name=str(entry.get("author")) if entry.get("author") else None,
            owner_id=self.config.url,
            raw=_plain(entry),
        )

    def check(self) -> list[str]:
        if not self.config.url.startswith(("http://", "https://")):
            return ["url: must be an http(s) URL"]
        return []


def _plain(value: Any) -> Any:
    """feedparser's dict subclasses and struct_times as plain JSON-ready values (for ``raw``)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if not str(k).endswith("_parsed")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
