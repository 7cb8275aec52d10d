"""A small signed client for the OK (Odnoklassniki) REST API, and its error codes sorted.

Every call is signed as apiok.ru describes: the secret is ``session_secret_key`` when given,
else ``md5(access_token + application_secret_key)``; the parameters except ``access_token``,
``session_key`` and ``sig`` are sorted by name, joined as ``key=value`` without separators,
the secret appended, and ``sig = md5(...)`` in lower-case hex. The PyPI wrappers are dormant,
so this is ours. Errors come as ``{"error_code", "error_msg"}`` in the body, whatever the HTTP
status, and are mapped here once to the connector errors of ``connectors.base``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import requests

from connectors.base import AuthError, ConnectorError, PermanentError, TransientError

__all__ = ["OK_API", "OkClient", "error_for_code", "sign"]

OK_API = "https://api.ok.ru"
TRANSIENT_CODES = frozenset({1, 2, 8, 9, 11})  # unknown, service, flood, ip blocked, limit reached
AUTH_CODES = frozenset({101, 102, 103, 104, 105, 110, 210})  # app key, session, signature, app disabled
# 3 METHOD, 4 REQUEST, 7 ACTION_BLOCKED, 10 PERMISSION_DENIED, 50 NOT_ADMIN, 100 PARAM,
# 141 PARAM_COMMENT_ID, 160 PARAM_GROUP_ID, 200 PARAM_PERMISSION, 300 NOT_FOUND: retrying cannot help.


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()  # OK signs with md5 by definition


def sign(params: dict[str, str], *, application_secret_key: str, access_token: str | None = None,
         session_secret_key: str | None = None) -> str:
    """The ``sig`` of a call's parameters (see the module docstring)."""
    if session_secret_key:
        secret = session_secret_key
    elif access_token:
        secret = _md5(access_token + application_secret_key)
    else:
        secret = application_secret_key
    signed = "".join(f"{k}={params[k]}" for k in sorted(params) if k not in ("access_token", "session_key", "sig"))
    return _md5(signed + secret)


def error_for_code(code: int, message: str, method: str = "") -> ConnectorError:
    text = f"{method + ': ' if method else ''}OK error {code}: {message}"
    if code in TRANSIENT_CODES:
        return TransientError(text)
    if code in AUTH_CODES:
        return AuthError(text)
    return PermanentError(text)


class OkClient:
    """``call(method, **params)`` → the decoded JSON answer, or one of our errors."""

    def __init__(self, *, application_key: str, application_secret_key: str, access_token: str | None,
                 session_secret_key: str | None = None, api_base: str | None = None,
                 session: requests.Session | None = None, timeout: float = 30.0) -> None:
        self.application_key = application_key
        self.application_secret_key = application_secret_key
        self.access_token = access_token
        self.session_secret_key = session_secret_key
        self.api_base = (api_base or OK_API).rstrip("/")
        self.http = session or requests.Session()
        self.timeout = timeout
        self.requests = 0

    def call(self, method: str, **params: Any) -> Any:
        values = {k: str(v) for k, v in params.items() if v is not None}
        values.update(application_key=self.application_key, format="json", method=method)
        values["sig"] = sign(values, application_secret_key=self.application_secret_key,
                             access_token=self.access_token, session_secret_key=self.session_secret_key)
        if self.access_token:
            values["access_token"] = self.access_token
        self.requests += 1
        try:
            response = self.http.post(f"{self.api_base}/fb.do", data=values, timeout=self.timeout)
        except requests.RequestException as exc:
            raise TransientError(f"{method}: OK unreachable: {type(exc).__name__}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientError(f"{method}: OK answered HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise TransientError(f"{method}: OK sent an unreadable reply (HTTP {response.status_code})") from exc
        if isinstance(body, dict) and "error_code" in body:
            try:
                code = int(body["error_code"])
            except (TypeError, ValueError):
                code = 1
            raise error_for_code(code, str(body.get("error_msg") or ""), method)
        if response.status_code >= 400:
            raise PermanentError(f"{method}: OK answered HTTP {response.status_code}")
        return body
