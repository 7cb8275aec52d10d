"""Per-token rate limiting and errors on demand, the two ways the sandbox says no.

Both take the time from the caller (the state's clock), so tests can freeze it and get
exact answers instead of racing the wall clock.

A third kind of rule, ``{"method": "wall.createComment", "delay": 10}``, plays a network that
accepts and then times out: the next call does its work (the comment is posted and listed at
``/_sandbox/replies`` at once) and only then waits ``delay`` real seconds before answering, with
the network unlocked meanwhile. Only the posting methods (``DELAYABLE``) take it: a publisher
killed, or timing out, while it waits must not post the reply twice.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from monitor.sandbox.vk_common import HttpFault, VkError

WINDOW_S = 1.0
DELAYABLE = ("wall.createComment", "board.createComment")
MAX_DELAY_S = 300.0


class RateLimiter:
    """At most ``limit`` accepted requests per token within any one-second window."""

    def __init__(self) -> None:
        self._seen: dict[str, deque[float]] = {}

    def admit(self, token: str, now: float, limit: int) -> bool:
        if limit <= 0:
            return True
        times = self._seen.setdefault(token, deque())
        while times and times[0] <= now - WINDOW_S:
            times.popleft()
        if len(times) >= limit:
            return False
        times.append(now)
        return True

    def clear(self) -> None:
        self._seen.clear()


@dataclass
class FaultRule:
    """The next ``remaining`` calls of ``method`` (or of any method, ``*``) fail this way,
    or, with ``delay``, succeed and answer ``delay`` seconds late."""

    method: str
    remaining: int
    error_code: int | None = None
    http_status: int | None = None
    error_msg: str | None = None
    delay: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class FaultPlan:
    """Errors on demand, set through ``POST /_sandbox/errors``."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self.issued_captchas: set[str] = set()
        self._captcha_counter = 0

    def add(self, spec: dict[str, Any]) -> FaultRule:
        """Validate one rule from JSON; ValueError names what is wrong."""
        method = spec.get("method")
        if not isinstance(method, str) or not method:
            raise ValueError("method: required (a VK method name or \"*\")")
        code, status, delay = spec.get("error_code"), spec.get("http_status"), spec.get("delay")
        if sum(x is not None for x in (code, status, delay)) != 1:
            raise ValueError("give exactly one of error_code, http_status and delay")
        if delay is not None:
            if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not 0 < delay <= MAX_DELAY_S:
                raise ValueError(f"delay: seconds, more than 0 and at most {MAX_DELAY_S:g}")
            if method not in DELAYABLE:
                raise ValueError(f"delay: only for {' and '.join(DELAYABLE)}")
        if code is not None and (not isinstance(code, int) or code <= 0):
            raise ValueError("error_code: must be a positive integer")
        if status is not None and (not isinstance(status, int) or not 400 <= status <= 599):
            raise ValueError("http_status: must be an HTTP error status (400-599)")
        count = spec.get("count", 1)
        if not isinstance(count, int) or count < 1:
            raise ValueError("count: must be a positive integer")
        message = spec.get("error_msg")
        rule = FaultRule(method, count, code, status, message if isinstance(message, str) else None,
                         float(delay) if delay is not None else None)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules.clear()

    def check(self, method: str, base_url: str, captcha_answered: bool = False) -> None:
        """Raise the planned failure for this call, if one is due (and use it up)."""
        for rule in self.rules:
            if rule.method not in (method, "*") or rule.delay is not None:
                continue
            if captcha_answered and rule.error_code == 14:
                continue  # a resend with captcha_sid + captcha_key passes the captcha
            rule.remaining -= 1
            if rule.remaining <= 0:
                self.rules.remove(rule)
            if rule.http_status is not None:
                raise HttpFault(rule.http_status)
            assert rule.error_code is not None
            if rule.error_code == 14:
                self._captcha_counter += 1
                sid = f"{self._captcha_counter:012d}"
                self.issued_captchas.add(sid)
                raise VkError(14, rule.error_msg, captcha_sid=sid,
                              captcha_img=f"{base_url}/vk/captcha/{sid}.png")
            error = VkError(rule.error_code)
            if rule.error_msg:
                error.message = rule.error_msg
            raise error

    def take_delay(self, method: str) -> float | None:
        """The seconds this successful call of ``method`` must wait before answering (uses a rule up)."""
        for rule in self.rules:
            if rule.delay is not None and rule.method == method:
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self.rules.remove(rule)
                return rule.delay
        return None


def answer_late(lock: Any, seconds: float) -> None:
    """Wait ``seconds`` of real time with the network's lock released, then take it back.

    The caller (a VK method, run whole under the lock) has already done its work, so other
    requests, ``/_sandbox/replies`` among them, see the result while this caller still waits.
    """
    try:
        lock.release()
    except RuntimeError:  # not held (a direct call in a test): just wait
        time.sleep(seconds)
        return
    try:
        time.sleep(seconds)
    finally:
        lock.acquire()
