"""The X connector (API v2): posts matching a search (mentions of the administration, replies to
it) in, replies as the administration's account out.

``GET /2/tweets/search/recent`` with ``since_id`` = the newest id read (the cursor), paged with
``next_token``; an app-only bearer token reads, a user-context token (OAuth 2.0) posts
``POST /2/tweets`` with ``reply.in_reply_to_tweet_id``. Errors are problem JSON (``title``,
``detail``); 429 carries ``x-rate-limit-reset``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import requests
import structlog

from connectors.base import (
    AuthError,
    Capabilities,
    ConnectorError,
    FetchResult,
    NetworkMessage,
    PermanentError,
    PostedReply,
    Reply,
    ReplyTarget,
    TransientError,
)
from connectors.jsonshape import as_dict, as_list

__all__ = ["XConfig", "XConnector"]

log = structlog.get_logger()
X_API = "https://api.x.com"
MAX_PAGES = 5
QUERY_FIELDS = {"tweet.fields": "created_at,author_id,conversation_id,referenced_tweets", "expansions": "author_id",
          "user.fields": "name,username"}


@dataclass(frozen=True, slots=True)
class XConfig:
    platform: ClassVar[str] = "x"
    name: str
    query: str
    bearer_token: str | None
    user_token: str | None = None
    account_id: str | None = None  # the administration's own account
    api_base: str | None = None
    timeout: float = 30.0


def _error(response: requests.Response, what: str, now: datetime) -> ConnectorError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = as_dict(body)
    text = f"{what}: X {response.status_code}: {body.get('detail') or body.get('title') or 'error'}"
    if response.status_code == 429:
        reset = response.headers.get("x-rate-limit-reset", "")
        wait = float(reset) - now.timestamp() if reset.isdigit() else None
        return TransientError(text, retry_after=max(wait, 1.0) if wait is not None else None)
    if response.status_code >= 500:
        return TransientError(text)
    if response.status_code == 401:
        return AuthError(text)
    return PermanentError(text)


class XConnector:
    platform = "x"

    def __init__(self, config: XConfig, *, session: requests.Session | None = None, clock: Any = None) -> None:
        self.config = config
        self.http = session or requests.Session()
        self._now: Callable[[], datetime] = clock.now if clock is not None else (lambda: datetime.now(UTC))
        self.base = (config.api_base or X_API).rstrip("/")

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(replies=bool(self.config.user_token))

    def _request(self, method: str, path: str, token: str | None, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.http.request(method, f"{self.base}{path}", timeout=self.config.timeout,
                                         headers={"Authorization": f"Bearer {token}"}, **kwargs)
        except requests.RequestException as exc:
            raise TransientError(f"{path}: X unreachable: {type(exc).__name__}") from exc
        if response.status_code not in (200, 201):
            raise _error(response, path, self._now())
        try:
            body = response.json()
        except ValueError as exc:
            raise TransientError(f"{path}: X sent an unreadable reply") from exc
        if not isinstance(body, dict):
            raise TransientError(f"{path}: X sent an unreadable reply")
        return body

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        since = str(cursor.get("since_id") or "") if isinstance(cursor, dict) else ""
        params: dict[str, Any] = {"query": self.config.query, "max_results": 100, **QUERY_FIELDS}
        if since:
            params["since_id"] = since
        out: dict[str, NetworkMessage] = {}
        newest = since
        spent = 0
        for _ in range(MAX_PAGES if since else 1):
            body = self._request("GET", "/2/tweets/search/recent", self.config.bearer_token, params=params)
            spent += 1
            meta = as_dict(body.get("meta"))
            if meta.get("newest_id") and int(meta["newest_id"]) > int(newest or 0):
                newest = str(meta["newest_id"])
            users = {str(u.get("id")): u for u in (body.get("includes") or {}).get("users") or ()
                     if isinstance(u, dict)} if isinstance(body.get("includes"), dict) else {}
            for tweet in body.get("data") or ():
                if not isinstance(tweet, dict) or not str(tweet.get("id") or "").isdigit():
                    log.warning("x.item_skipped", source=self.config.name, reason="ill-formed post")
                    continue
                message = self._message(tweet, users)
                out.setdefault(message.external_id, message)
            if not meta.get("next_token"):
                break
            params["next_token"] = meta["next_token"]
        else:
            if since:
                log.warning("x.search_truncated", source=self.config.name, pages=MAX_PAGES)
        log.info("x.polled", source=self.config.name, messages=len(out), requests=spent)
        return FetchResult(messages=sorted(out.values(), key=lambda m: (m.created_at, int(m.external_id))),
                           cursor={"since_id": newest}, requests=spent)

    def _message(self, tweet: dict[str, Any], users: dict[str, Any]) -> NetworkMessage:
        author = users.get(str(tweet.get("author_id"))) or {}
        refs = as_list(tweet.get("referenced_tweets"))
        parent = next((str(r.get("id")) for r in refs if isinstance(r, dict) and r.get("type") == "replied_to"), None)
        try:
            created = datetime.fromisoformat(str(tweet.get("created_at")).replace("Z", "+00:00"))
        except ValueError:
            created = self._now()
        username = author.get("username") or "i"
        return NetworkMessage(platform="x", external_id=str(tweet["id"]), kind="comment" if parent else "post",
                              text=str(tweet.get("text") or ""), url=f"https://x.com/{username}/status/{tweet['id']}",
                              created_at=created, author_id=str(tweet.get("author_id") or "") or None,
                              author_name=author.get("name"), parent_external_id=parent,
                              owner_id=str(tweet.get("conversation_id") or tweet["id"]), post_id=str(tweet["id"]),
                              raw=tweet)

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        if not self.config.user_token:
            raise PermanentError("не задан ключ пользователя X (user_token) — опубликуйте ответ вручную")
        body = self._request("POST", "/2/tweets", self.config.user_token,
                             json={"text": reply.text, "reply": {"in_reply_to_tweet_id": target.post_id}})
        posted = as_dict(body.get("data"))
        if not posted.get("id"):
            raise TransientError("/2/tweets: X sent no id")
        return PostedReply(external_id=str(posted["id"]), url=f"https://x.com/i/web/status/{posted['id']}")

    def find_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply | None:
        return None

    def check(self) -> list[str]:
        problems = []
        if not self.config.bearer_token:
            problems.append("bearer_token: an app bearer token is needed to search")
        if not self.config.user_token:
            problems.append("user_token: no user-context token, replies cannot be posted (publish by hand)")
        return problems
