"""A small Bot API client (``https://api.telegram.org/bot<token>/<method>``) and its errors sorted.

Answers are ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code", "description",
"parameters": {"retry_after"}}``; 429 and 5xx are retried later, 401 stops the source, 409 (a
webhook is set, or another poller runs) and the other 4xx give up with the description.
"""

from __future__ import annotations

import json
from typing import Any

import requests

from connectors.base import AuthError, ConnectorError, PermanentError, TransientError

__all__ = ["BOT_API", "BotClient", "bot_id", "error_for"]

BOT_API = "https://api.telegram.org"


def bot_id(token: str | None) -> str | None:
    """The bot's own user id: the number before the colon of its token."""
    head = (token or "").split(":", 1)[0]
    return head if head.isdigit() else None


def error_for(status: int, body: Any, method: str) -> ConnectorError:
    body = body if isinstance(body, dict) else {}
    code = int(body.get("error_code") or status)
    text = f"{method}: Telegram {code}: {body.get('description') or 'HTTP ' + str(status)}"
    params = body.get("parameters") if isinstance(body.get("parameters"), dict) else {}
    if code == 429 or code >= 500:
        retry = params.get("retry_after")
        return TransientError(text, retry_after=float(retry) if isinstance(retry, (int, float)) else None)
    if code == 401:
        return AuthError(text)
    return PermanentError(text)


class BotClient:
    def __init__(self, token: str, *, api_base: str | None = None, session: requests.Session | None = None,
                 timeout: float = 30.0) -> None:
        self._token = token
        self.api_base = (api_base or BOT_API).rstrip("/")
        self.http = session or requests.Session()
        self.timeout = timeout
        self.requests = 0

    def call(self, method: str, **params: Any) -> Any:
        """The ``result`` of one call (JSON body), or one of our errors."""
        self.requests += 1
        try:
            response = self.http.post(f"{self.api_base}/bot{self._token}/{method}", json=params, timeout=self.timeout)
        except requests.RequestException as exc:
            raise TransientError(f"{method}: Telegram unreachable: {type(exc).__name__}") from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code != 200 or not isinstance(body, dict) or body.get("ok") is not True:
            if response.status_code == 200 and not isinstance(body, dict):
                raise TransientError(f"{method}: Telegram sent an unreadable reply")
            raise error_for(response.status_code, body, method)
        return body.get("result")

    def __repr__(self) -> str:  # never the token
        return f"BotClient({self.api_base!r})"


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
