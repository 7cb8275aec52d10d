"""Telegram Bot API ``sendMessage`` over HTTPS (requests); the API base is configurable."""

from __future__ import annotations

from typing import Any

import requests

from connectors.base import PermanentError, TransientError
from monitor.core.sections.notifications import TelegramSettings
from monitor.core.settings import resolve_secret
from monitor.notify.templates import RenderedNotification

TEXT_LIMIT = 4096


class TelegramSender:
    """Writes to a user's chat with the bot; raises only TransientError or PermanentError (connectors.base).

    The token lives in the URL path, so no URL or requests exception text is ever used as a
    reason: reasons are built here from the status and Telegram's description.
    """

    channel = "telegram"

    def __init__(self, config: TelegramSettings, token: str | None, session: requests.Session | None = None) -> None:
        self.config = config
        self._token = token
        self._http = session or requests.Session()

    @classmethod
    def from_settings(cls, config: TelegramSettings) -> TelegramSender:
        return cls(config, resolve_secret(config.token))

    def send(self, chat_id: str, note: RenderedNotification, idempotency_key: str) -> None:
        if not self._token:
            raise TransientError("Telegram bot token is not set")
        text = note.as_message()
        if len(text) > TEXT_LIMIT:
            text = text[: TEXT_LIMIT - 1] + "…"
        payload: dict[str, Any] = {"chat_id": chat_id, "text": text, "link_preview_options": {"is_disabled": True}}
        url = f"{self.config.api_base}/bot{self._token}/sendMessage"
        try:
            response = self._http.post(url, json=payload, timeout=self.config.timeout)
        except requests.RequestException as exc:
            raise TransientError(f"Telegram unavailable: {type(exc).__name__}") from None
        body = _json(response)
        if response.status_code == 200 and body.get("ok") is True:
            return
        raise _error(response.status_code, body)


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _error(status: int, body: dict[str, Any]) -> TransientError | PermanentError:
    code = int(body.get("error_code") or status)
    description = str(body.get("description") or f"HTTP {status}")[:300]
    if code == 429:
        params = body.get("parameters") or {}
        retry_after = params.get("retry_after") if isinstance(params, dict) else None
        return TransientError(f"Telegram rate limit: {description}",
                                      retry_after=float(retry_after) if retry_after is not None else None)
    if code in (400, 403):
        # 403: the user blocked the bot or never started it; 400: no such chat. Both are final.
        return PermanentError(f"Telegram {code}: {description}")
    # 401/404 (a wrong token: fixable by an administrator), 5xx and the rest: retry later.
    return TransientError(f"Telegram {code}: {description}")
