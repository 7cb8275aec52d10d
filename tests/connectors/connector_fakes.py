"""Helpers for connector tests: recorded payloads and a `responses`-backed fake of the VK API.

The fake answers ``/method/<name>`` like VK does (HTTP 200 with ``response`` or ``error``) and
understands ``execute`` only in the VKScript form the connector must send:
``return [API.a.b({...}),API.c.d({...})];``. Any other script fails the test.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import responses

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_FEEDS = Path(__file__).resolve().parents[3] / "shared" / "data" / "feeds"
VK_HOST = "https://api.vk.ru"
JSON = {"Content-Type": "application/json; charset=utf-8"}
SANDBOX_BASE = "http://127.0.0.1:9/vk"


def load_vk(name: str) -> Any:
    return json.loads((FIXTURES / "vk" / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class VkError:
    """An API error to answer with (HTTP 200, ``{"error": ...}``)."""

    code: int
    msg: str = "error"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class HttpFailure:
    """A transport-level failure: an HTTP status without a VK body, or an exception."""

    status: int = 500
    exception: BaseException | None = None


_CALL = re.compile(r"API\.([A-Za-z]+\.[A-Za-z]+)\(")


def parse_vkscript(code: str) -> list[tuple[str, dict[str, Any]]]:
    """The calls of ``return [API.m({json}),...];``; AssertionError on any other script."""
    code = code.strip()
    assert code.startswith("return [") and code.endswith("];"), f"unexpected VKScript: {code[:80]}"
    decoder = json.JSONDecoder()
    body, pos, calls = code[len("return ["):-2], 0, []
    while pos < len(body):
        match = _CALL.match(body, pos)
        assert match, f"unexpected VKScript near: {body[pos:pos + 40]}"
        values, end = decoder.raw_decode(body, match.end())
        assert body[end] == ")", "call not closed"
        calls.append((match.group(1), values))
        pos = end + 1
        if pos < len(body):
            assert body[pos] == ",", "calls must be comma separated"
            pos += 1
    return calls


Handler = Callable[[dict[str, Any]], Any]


class FakeVk:
    """Method handlers by name; records every HTTP request and every (inner) call."""

    def __init__(self, rsps: responses.RequestsMock, base: str = VK_HOST) -> None:
        self.base = base
        self.handlers: dict[str, Handler] = {}
        self.queued: dict[str, list[Any]] = {}
        self.http_requests: list[tuple[str, dict[str, Any]]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.scripts: list[str] = []
        self.http_failures: list[HttpFailure] = []
        rsps.add_callback(responses.POST, re.compile(re.escape(base) + r"/method/[\w.]+"), callback=self._answer)

    def on(self, method: str, handler: Handler | Any) -> None:
        """Answer ``method`` with a value (deep-copied) or with ``handler(values)``."""
        self.handlers[method] = handler if callable(handler) else (lambda _v, h=handler: copy.deepcopy(h))

    def queue(self, method: str, *answers: Any) -> None:
        """One-off answers used before the handler (e.g. error 6, then the normal reply)."""
        self.queued.setdefault(method, []).extend(answers)

    def fail_next_http(self, failure: HttpFailure) -> None:
        self.http_failures.append(failure)

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        return [values for name, values in self.calls if name == method]

    def _result(self, method: str, values: dict[str, Any]) -> Any:
        self.calls.append((method, values))
        if self.queued.get(method):
            return self.queued[method].pop(0)
        handler = self.handlers.get(method)
        if handler is None:
            return VkError(3, f"Unknown method passed: {method}")
        return handler(values)

    def _answer(self, request: Any) -> tuple[int, dict[str, str], str]:
        if self.http_failures:
            failure = self.http_failures.pop(0)
            if failure.exception is not None:
                raise failure.exception
            return failure.status, {}, "<html>502 Bad Gateway</html>"
        body = request.body.decode() if isinstance(request.body, bytes) else (request.body or "")
        form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
        method = request.url.rsplit("/method/", 1)[1].split("?")[0]
        self.http_requests.append((method, form))
        assert form.get("v") == "5.199", "every call names API version 5.199"
        if method == "execute":
            return self._execute(form)
        result = self._result(method, form)
        if isinstance(result, VkError):
            return 200, JSON, json.dumps({"error": self._error_body(result, method)})
        return 200, JSON, json.dumps({"response": result}, ensure_ascii=False)

    def _execute(self, form: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        self.scripts.append(form["code"])
        if self.queued.get("execute"):
            result = self.queued["execute"].pop(0)
            if isinstance(result, VkError):
                return 200, JSON, json.dumps({"error": self._error_body(result, "execute")})
        calls = parse_vkscript(form["code"])
        assert len(calls) <= 25, "execute carries at most 25 calls"
        response: list[Any] = []
        errors: list[dict[str, Any]] = []
        for method, values in calls:
            result = self._result(method, values)
            if isinstance(result, VkError):
                response.append(False)
                errors.append({"method": method, "error_code": result.code, "error_msg": result.msg})
            else:
                response.append(result)
        payload: dict[str, Any] = {"response": response}
        if errors:
            payload["execute_errors"] = errors
        return 200, JSON, json.dumps(payload, ensure_ascii=False)

    @staticmethod
    def _error_body(error: VkError, method: str) -> dict[str, Any]:
        return {
            "error_code": error.code,
            "error_msg": error.msg,
            "request_params": [{"key": "method", "value": method}, {"key": "v", "value": "5.199"}],
            **error.extra,
        }
