"""VK error codes and library exceptions translated into the connector errors of ``base``.

The daemon and the publisher act on three outcomes only (retry later, stop and alert, give up),
so every VK failure is sorted here, once. Permanent posting failures carry a Russian reason,
because it is shown on the card that asks a person to publish by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import requests
import vk_api.exceptions as vk_exc

from connectors.base import (
    AuthError,
    CaptchaError,
    ConnectorError,
    PermanentError,
    TransientError,
)

__all__ = [
    "AUTH_CODES",
    "PERMANENT_CODES",
    "PLATFORM_ERRORS",
    "TRANSIENT_CODES",
    "error_for_code",
    "translate_exception",
]

# What VK, the library or the network can raise: only these are translated. Anything else (a
# KeyError, a TypeError) is a bug of ours and propagates with its traceback.
PLATFORM_ERRORS: tuple[type[BaseException], ...] = (vk_exc.VkApiError, requests.RequestException, ConnectorError)

TRANSIENT_CODES = frozenset({1, 6, 9, 10, 29, 223})
AUTH_CODES = frozenset({5, 17})
CAPTCHA_CODE = 14
PERMANENT_CODES = frozenset({7, 12, 13, 15, 18, 30, 100, 203, 210, 211, 212, 213, 222})

# Reasons a person reads on the card when a reply has to be published by hand.
_HUMAN_REASONS: dict[int, str] = {
    7: "у ключа ВКонтакте нет нужного права",
    15: "нет доступа к записи или сообществу ВКонтакте",
    18: "страница автора удалена или заблокирована",
    30: "профиль закрыт",
    100: "ВКонтакте отклонил параметры запроса",
    203: "нет доступа к сообществу ВКонтакте",
    210: "нет доступа к записи: она удалена или скрыта",
    211: "нет доступа к комментарию: он удалён или скрыт",
    212: "комментарии под записью закрыты",
    213: "сообществу запрещено комментировать эту запись",
    222: "в комментариях этого сообщества запрещены ссылки",
}

# VK daily method quotas (error 29) reset at midnight Moscow time [unconfirmed]; waiting until then is safe.
_QUOTA_RESET_TZ = timezone(timedelta(hours=3))


def human_reason(code: int) -> str | None:
    return _HUMAN_REASONS.get(code)


def seconds_until_quota_reset(now: datetime) -> float:
    """Seconds from ``now`` to the next midnight in Moscow, when VK's daily quotas refill."""
    local = now.astimezone(_QUOTA_RESET_TZ)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(60.0, (midnight - local).total_seconds())


def error_for_code(
    code: int,
    message: str,
    *,
    method: str = "",
    now: datetime | None = None,
    captcha_sid: str | None = None,
    captcha_img: str | None = None,
) -> ConnectorError:
    """The connector error for a VK ``error_code`` (from a plain call or an ``execute_errors`` entry)."""
    where = f"{method}: " if method else ""
    text = f"{where}VK error {code}: {message}"
    if code == CAPTCHA_CODE:
        return CaptchaError(text, sid=captcha_sid, img=captcha_img)
    if code in AUTH_CODES:
        return AuthError(text)
    if code == 29:
        return TransientError(text, retry_after=seconds_until_quota_reset(now) if now else 3600.0)
    if code in TRANSIENT_CODES:
        return TransientError(text)
    if code in PERMANENT_CODES:
        reason = human_reason(code)
        return PermanentError(f"{reason} ({text})" if reason else text)
    # An unknown code is most often a passing server-side condition; the caller's backoff bounds it.
    return TransientError(text)


def _error_dict(exc: vk_exc.ApiError) -> dict[str, Any]:
    return exc.error if isinstance(exc.error, dict) else {}


def translate_exception(exc: BaseException, *, now: datetime | None = None) -> ConnectorError:
    """Map what vk_api or requests raised (``PLATFORM_ERRORS``) to one of our errors (already ours:
    unchanged). Callers catch ``PLATFORM_ERRORS`` only, so our own bugs are never retried as
    network trouble."""
    if isinstance(exc, ConnectorError):
        return exc
    if isinstance(exc, vk_exc.Captcha):
        return CaptchaError("VK asks for a captcha", sid=str(exc.sid) if exc.sid else None, img=exc.url)
    if isinstance(exc, vk_exc.ApiError):
        error = _error_dict(exc)
        return error_for_code(
            int(exc.code),
            str(error.get("error_msg", "")),
            method=str(exc.method or ""),
            now=now,
            captcha_sid=error.get("captcha_sid"),
            captcha_img=error.get("captcha_img"),
        )
    if isinstance(exc, vk_exc.ApiHttpError):
        status = exc.response.status_code
        return TransientError(f"{exc.method}: VK answered HTTP {status}")
    if isinstance(exc, vk_exc.VkRequestsPoolException):
        error = exc.error if isinstance(exc.error, dict) else {}
        return error_for_code(int(error.get("error_code", 1)), str(error.get("error_msg", "")), now=now)
    if isinstance(exc, requests.RequestException):
        return TransientError(f"VK unreachable: {type(exc).__name__}")
    if isinstance(exc, ValueError):  # a body that is not JSON (proxy error page, truncated reply)
        return TransientError(f"VK sent an unreadable reply: {type(exc).__name__}")
    if isinstance(exc, vk_exc.AuthError):
        return AuthError(f"VK authorization failed: {type(exc).__name__}")
    return TransientError(f"VK call failed: {type(exc).__name__}")
