"""What every emulated VK method shares: errors, tokens and parameter parsing.

Parameters arrive as form strings (or, inside ``execute``, as JSON values); both are turned
into strings the way VK sees them, so one parser serves both paths.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitor.sandbox.state import NetworkState

ERROR_MESSAGES = {
    1: "Unknown error occurred",
    3: "Unknown method passed",
    5: "User authorization failed",
    6: "Too many requests per second",
    7: "Permission to perform this action is denied",
    8: "Invalid request: v (version) is required",
    9: "Flood control",
    10: "Internal server error",
    12: "Unable to compile code",
    13: "Runtime error occurred during code invocation",
    14: "Captcha needed",
    15: "Access denied",
    17: "Validation required",
    18: "User was deleted or banned",
    27: "Group authorization failed: method is unavailable with group auth.",
    28: "Application authorization failed: method is unavailable with service token.",
    29: "Rate limit reached",
    30: "This profile is private",
    100: "One of the parameters specified was missing or invalid",
    113: "Invalid user id",
    121: "Invalid hash",
    203: "Access to group denied",
    210: "Access to wall's post denied",
    211: "Access to wall's comment denied",
    212: "Access to post comments denied",
    213: "Access to status replies denied",
    222: "Hyperlinks are forbidden",
    223: "Too many replies",
}

TOKEN_KINDS = ("service", "user", "group")
READ_KINDS = frozenset({"service", "user"})
ALL_KINDS = frozenset(TOKEN_KINDS)


class VkError(Exception):
    """A VK API error, answered with HTTP 200 in VK's ``error`` envelope."""

    def __init__(self, code: int, detail: str | None = None, **extra: Any) -> None:
        base = ERROR_MESSAGES.get(code, "Unknown error occurred")
        self.code = code
        self.message = f"{base}: {detail}" if detail else base
        self.extra = extra
        super().__init__(self.message)


class HttpFault(Exception):
    """Answer the whole HTTP request with this status instead of a VK envelope."""

    def __init__(self, status: int) -> None:
        self.status = status
        super().__init__(f"HTTP {status}")


def param_error(detail: str) -> VkError:
    return VkError(100, detail)


@dataclass(frozen=True)
class Token:
    """A parsed sandbox token: ``svc.*``, ``usr.[<user_id>.]*`` or ``grp.<group_id>.*``."""

    raw: str
    kind: str
    group_id: int | None = None
    user_id: int | None = None


TOKEN_PATTERN = re.compile(r"^(svc|usr|grp)\.(.+)$")


def parse_token(raw: str | None, operator_user_id: int) -> Token | None:
    """The token's kind and identity, or None when it is not a sandbox token."""
    if not raw:
        return None
    match = TOKEN_PATTERN.match(raw)
    if not match:
        return None
    prefix, rest = match.groups()
    if prefix == "svc":
        return Token(raw, "service")
    head = rest.split(".", 1)[0]
    if prefix == "grp":
        return Token(raw, "group", group_id=int(head)) if head.isdigit() and int(head) > 0 else None
    user_id = int(head) if head.isdigit() and "." in rest else operator_user_id
    return Token(raw, "user", user_id=user_id)


def _as_form_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(v for v in (_as_form_value(x) for x in value) if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class Params:
    """One call's parameters as VK sees them: strings, with typed getters raising error 100."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values: dict[str, str] = {}
        for key, value in values.items():
            text = _as_form_value(value)
            if text is not None:
                self.values[str(key)] = text

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        return default if value is None or value == "" else value

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise param_error(f"{name} is undefined")
        return value

    def integer(self, name: str) -> int | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise param_error(f"{name} not integer") from None

    def integer_or(self, name: str, default: int) -> int:
        value = self.integer(name)
        return default if value is None else value

    def required_integer(self, name: str) -> int:
        value = self.integer(name)
        if value is None:
            raise param_error(f"{name} is undefined")
        return value

    def flag(self, name: str) -> bool:
        return bool(self.integer_or(name, 0))

    def bounded(self, name: str, default: int, low: int, high: int) -> int:
        """An integer clamped into [low, high], as VK quietly does for count and offset."""
        return max(low, min(high, self.integer_or(name, default)))

    def items(self, name: str) -> list[str]:
        value = self.text(name)
        return [part.strip() for part in value.split(",") if part.strip()] if value else []

    def request_params(self, method: str) -> list[dict[str, str]]:
        """VK's ``request_params`` echo (never the token)."""
        echo = [{"key": "method", "value": method}, {"key": "oauth", "value": "1"}]
        for key, value in self.values.items():
            if key not in ("access_token", "method"):
                echo.append({"key": key, "value": value})
        return echo


@dataclass
class CallContext:
    """What a method handler may use: the network, the caller's token, the public base URL."""

    state: NetworkState
    token: Token
    base_url: str


Handler = Callable[[CallContext, Params], Any]


@dataclass(frozen=True)
class MethodSpec:
    handler: Handler
    token_kinds: frozenset[str]


def kinds(names: Iterable[str]) -> frozenset[str]:
    return frozenset(names)
