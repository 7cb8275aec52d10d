"""A small Graph API client (Facebook Pages, Instagram professional accounts), errors sorted.

``GET/POST https://graph.facebook.com/v<NN>.0/<path>`` with the Page (or Instagram) token;
errors come as ``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``.
Throttling (4, 17, 32, 341, 613) and server trouble (1, 2, HTTP 5xx) are retried later; an
expired or invalid token (190, 102) or a missing permission (10, 200-299) stops the source;
a policy block (368), a duplicate (506) or a bad parameter (100) gives up.
"""

from __future__ import annotations

from typing import Any

import requests

from connectors.base import AuthError, ConnectorError, PermanentError, TransientError
from connectors.jsonshape import as_dict

__all__ = ["GRAPH_API", "GRAPH_VERSION", "GraphClient", "error_for"]

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
