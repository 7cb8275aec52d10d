"""Public pages without a feed (a district news site, a settlement's page), read-only.

The list page is fetched with a conditional GET (ETag / Last-Modified from the cursor: a 304
costs nothing); its items are found with the CSS selectors of settings; each new item's page is
fetched and its text extracted. The cursor remembers the item links read (newest last); an
article that fails for a passing reason is tried again at the next poll.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

import requests
import structlog

from connectors.base import AuthError, FetchResult, NetworkMessage, PermanentError, ReadOnlyConnector, TransientError
from connectors.web.page import UNPARSEABLE, ListItem, article_text, parse_list

__all__ = ["WebConfig", "WebConnector"]

log = structlog.get_logger()
MAX_ARTICLES = 20  # per poll; the rest at the next one


@dataclass(frozen=True, slots=True)
class WebConfig:
    platform: ClassVar[str] = "web"
    name: str
    url: str
    item: str
    link: str = "a"
    title: str | None = None
    date: str | None = None
    text: str | None = None  # the article text's selector; None: readability extracts it
    utc_offset_hours: int = 12  # naive dates on the page are in this zone (Kamchatka)
    timeout: float = 20.0
    user_agent: str = "otklik/0.1 (municipal appeals monitor; +page reader)"
    max_seen: int = 500


def _status_error(url: str, response: requests.Response) -> Exception | None:
    status = response.status_code
    if status == 429 or status >= 500:
        return TransientError(f"{url} answered HTTP {status}")
    if status in (401, 403):
        return AuthError(f"{url} answered HTTP {status}: it wants credentials we do not have")
    if status >= 400:
        return PermanentError(f"{url} answered HTTP {status}")
    return None


class WebConnector(ReadOnlyConnector):
    platform = "web"
    manual_reason = "публичная страница только для чтения — опубликуйте ответ вручную на сайте"

    def __init__(self, config: WebConfig, *, session: requests.Session | None = None, clock: Any = None) -> None:
        self.config = config
        self.http = session or requests.Session()
        self._now: Callable[[], datetime] = clock.now if clock is not None else (lambda: datetime.now(UTC))
        self._tz = timezone(timedelta(hours=config.utc_offset_hours))

    def _get(self, url: str, headers: Mapping[str, str] | None = None) -> requests.Response:
        try:
            return self.http.get(url, timeout=self.config.timeout, allow_redirects=True,
                                 headers={"User-Agent": self.config.user_agent, **(headers or {})})
        except requests.RequestException as exc:
            raise TransientError(f"{url} unreachable: {type(exc).__name__}") from exc

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        old = dict(cursor or {}) if isinstance(cursor, dict) else {}
        headers = {}
        if old.get("etag"):
            headers["If-None-Match"] = str(old["etag"])
        if old.get("modified"):
            headers["If-Modified-Since"] = str(old["modified"])
        response = self._get(self.config.url, headers)
        spent = 1
        if response.status_code == 304:
            return FetchResult(messages=[], cursor=old, requests=spent)
        error = _status_error(self.config.url, response)
        if error is not None:
            raise error
        items, broken = parse_list(response.text, response.url, item=self.config.item, link=self.config.link,
                                   title=self.config.title, date=self.config.date, tz=self._tz)
        if broken or not items:
            log.warning("web.items_unreadable", source=self.config.name, found=len(items), without_link=broken,
                        reason="no item matched the selectors" if not items else "items without a link")
        seen = [str(s) for s in old.get("seen") or []]
        known = set(seen)
        unread = [i for i in dict.fromkeys(items) if i.url not in known]
        fresh = unread[:MAX_ARTICLES]
        messages: list[NetworkMessage] = []
        complete = len(unread) == len(fresh)
        for item in reversed(fresh):  # list pages show the newest first
            text, spent = self._article(item, spent)
            if text is None:
                complete = False
                continue
            seen.append(item.url)
            known.add(item.url)
            messages.append(self._message(item, text))
        new = {**old, "seen": seen[-self.config.max_seen:]}
        if complete:  # only a list page read whole may be skipped next time when unchanged
            new["etag"] = response.headers.get("ETag") or None
            new["modified"] = response.headers.get("Last-Modified") or None
        log.info("web.polled", source=self.config.name, items=len(items), new=len(messages), requests=spent)
        return FetchResult(messages=messages, cursor=new, requests=spent)

    def _article(self, item: ListItem, spent: int) -> tuple[str | None, int]:
        """The article's text (None: try again next poll); a page that is gone keeps its title only."""
        response = self._get(item.url)
        spent += 1 + len(response.history)
        error = _status_error(item.url, response)
        if isinstance(error, TransientError):
            log.warning("web.article_unavailable", source=self.config.name, url=item.url, error=str(error))
            return None, spent
        if error is not None:
            log.warning("web.article_gone", source=self.config.name, url=item.url, error=str(error))
            return "", spent
        try:
            return article_text(response.text, self.config.text), spent
        except UNPARSEABLE as exc:  # a page readability cannot parse: the title alone will do
            log.warning("web.article_unreadable", source=self.config.name, url=item.url, error=type(exc).__name__)
            return "", spent

    def _message(self, item: ListItem, body: str) -> NetworkMessage:
        title = item.title
        if title and body.startswith(title):
            body = body[len(title):].lstrip(" .\n")
        joint = " " if title.endswith((".", "!", "?", "…")) else ". "
        text = f"{title}{joint}{body}" if title and body else title or body
        return NetworkMessage(platform="web", external_id=item.url, kind="entry", text=text, url=item.url,
                              created_at=item.date or self._now(), owner_id=self.config.url)

    def check(self) -> list[str]:
        problems = []
        if not self.config.url.startswith(("http://", "https://")):
            problems.append("url: must be an http(s) URL")
        if not self.config.item.strip():
            problems.append("item: a CSS selector of one news item on the list page is needed")
        return problems
