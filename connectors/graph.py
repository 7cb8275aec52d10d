"""What the Facebook Page and Instagram connectors share: a small Graph API client with its
errors sorted, Graph's time format, and the connector's common part (the client, the clock,
a list's well-formed items, the reply capability).

``GET/POST https://graph.facebook.com/v<NN>.0/<path>`` with the Page (or Instagram) token;
errors come as ``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``.
Throttling (4, 17, 32, 341, 613) and server trouble (1, 2, HTTP 5xx) are retried later; an
expired or invalid token (190, 102) or a missing permission (10, 200-299) stops the source;
a policy block (368), a duplicate (506) or a bad parameter (100) gives up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

import requests
import structlog

from connectors.base import (
    AuthError,
    Capabilities,
    ConnectorError,
    PermanentError,
    PostedReply,
    Reply,
    ReplyTarget,
    TransientError,
)
from connectors.jsonshape import as_dict

__all__ = ["GRAPH_API", "GRAPH_VERSION", "GraphClient", "GraphConnector", "error_for", "graph_time"]

log = structlog.get_logger()

GRAPH_API = "https://graph.facebook.com"
GRAPH_VERSION = "v21.0"
TRANSIENT = frozenset({1, 2, 4, 17, 32, 341, 613})


def error_for(status: int, body: Any, what: str) -> ConnectorError:
    error = as_dict(as_dict(body).get("error"))
    code = int(error.get("code") or 0)
    text = f"{what}: Graph API {code or status}: {error.get('message') or 'HTTP ' + str(status)}"
    if code in TRANSIENT or status == 429 or status >= 500:
        return TransientError(text)
    if code in (102, 190) or code == 10 or 200 <= code <= 299:
        return AuthError(text)
    return PermanentError(text)


class GraphClient:
    def __init__(self, token: str | None, *, api_base: str | None = None, version: str = GRAPH_VERSION,
                 session: requests.Session | None = None, timeout: float = 30.0) -> None:
        self._token = token
        self.base = f"{(api_base or GRAPH_API).rstrip('/')}/{version}"
        self.http = session or requests.Session()
        self.timeout = timeout
        self.requests = 0

    def call(self, method: str, path: str, **params: Any) -> Any:
        self.requests += 1
        url = path if path.startswith("http") else f"{self.base}/{path.lstrip('/')}"
        values = {k: v for k, v in params.items() if v is not None}
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        try:
            if method == "GET":
                response = self.http.get(url, params=values, headers=headers, timeout=self.timeout)
            else:
                response = self.http.post(url, data=values, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise TransientError(f"{path}: Graph API unreachable: {type(exc).__name__}") from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code != 200 or not isinstance(body, dict) or "error" in body:
            if response.status_code == 200 and not isinstance(body, dict):
                raise TransientError(f"{path}: Graph API sent an unreadable reply")
            raise error_for(response.status_code, body, path.split("?")[0])
        return body

    def pages(self, path: str, *, limit_pages: int = 5, **params: Any) -> list[dict[str, Any]]:
        """The ``data`` items of a list and its following pages (``paging.next``), at most ``limit_pages``."""
        items: list[dict[str, Any]] = []
        body = self.call("GET", path, **params)
        for page in range(limit_pages):
            items += [i for i in body.get("data") or () if isinstance(i, dict)]
            next_url = (body.get("paging") or {}).get("next") if isinstance(body.get("paging"), dict) else None
            if not next_url or page == limit_pages - 1:
                break
            body = self.call("GET", str(next_url))
        return items

    def __repr__(self) -> str:
        return f"GraphClient({self.base!r})"


def graph_time(value: Any) -> datetime | None:
    """Graph's ``2026-03-02T04:00:00+0000``."""
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z").astimezone(UTC)
    except ValueError:
        return None


class _Clock(Protocol):
    def now(self) -> datetime: ...


class GraphConnector:
    """The common part of a Graph API connector; a subclass names its ``platform`` and reads."""

    platform: str  # set by each subclass (the Connector protocol reads it per instance)

    def __init__(self, source: str, token: str | None, *, api_base: str | None, api_version: str,
                 timeout: float, session: requests.Session | None, clock: _Clock | None) -> None:
        self._source = source
        self._token = token
        self._now: Callable[[], datetime] = clock.now if clock is not None else (lambda: datetime.now(UTC))
        self.graph = GraphClient(token, api_base=api_base, version=api_version, session=session, timeout=timeout)

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(replies=bool(self._token))

    def _items(self, body: Any, where: str) -> list[dict[str, Any]]:
        """A list's items that have an id; an ill-formed one is logged and skipped."""
        items = []
        for item in (body.get("data") if isinstance(body, dict) else None) or ():
            if isinstance(item, dict) and item.get("id"):
                items.append(item)
            else:
                log.warning(f"{self.platform}.item_skipped", source=self._source, where=where,
                            reason="ill-formed item")
        return items

    def find_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply | None:
        """Graph offers no search by our guid: an earlier reply is not looked for."""
        return None
