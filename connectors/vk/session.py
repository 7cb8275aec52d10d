"""The HTTP side of the VK connector: a ``requests.Session`` that can point vk_api elsewhere.

vk_api hard-codes ``https://api.vk.ru/method/<name>`` but accepts a session. We mount a transport
adapter on the VK API hosts that rewrites each request to ``<api_base>/method/<name>`` (the
sandbox, a proxy) when configured, applies a timeout vk_api itself never sets, and counts the
HTTP requests so a poll can report what it cost. Nothing in vk_api is patched.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import jconfig
import requests
import structlog
import vk_api
from requests.adapters import HTTPAdapter
from vk_api.exceptions import Captcha

__all__ = [
    "VK_API_HOSTS",
    "VK_API_VERSION",
    "ApiBaseAdapter",
    "VkClient",
    "build_http_session",
]

VK_API_VERSION = "5.199"
VK_API_HOSTS = ("https://api.vk.ru/", "https://api.vk.com/")
DEFAULT_USER_AGENT = "otklik/0.1 (municipal appeals monitor; python-requests)"

log = structlog.get_logger()


class ApiBaseAdapter(HTTPAdapter):
    """Sends VK API calls to ``api_base`` (if set), with a default timeout, and counts them."""

    def __init__(self, api_base: str | None = None, timeout: float = 30.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_base = api_base.rstrip("/") if api_base else None
        self.timeout = timeout
        self._lock = threading.Lock()
        self._count = 0

    @property
    def request_count(self) -> int:
        with self._lock:
            return self._count

    def rewrite(self, url: str) -> str:
        """``https://api.vk.ru/method/wall.get?x`` → ``<api_base>/method/wall.get?x``."""
        if not self.api_base:
            return url
        parts = urlsplit(url)
        query = f"?{parts.query}" if parts.query else ""
        return f"{self.api_base}{parts.path}{query}"

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if request.url:
            request.url = self.rewrite(request.url)
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        with self._lock:
            self._count += 1
        return super().send(request, **kwargs)


class TimeoutAdapter(HTTPAdapter):
    """A plain adapter that never waits forever (vk_api's own requests pass no timeout)."""

    def __init__(self, timeout: float = 60.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def build_http_session(
    api_base: str | None,
    *,
    timeout: float = 30.0,
    user_agent: str = DEFAULT_USER_AGENT,
    session: requests.Session | None = None,
) -> tuple[requests.Session, ApiBaseAdapter]:
    """A session whose VK API traffic goes through one counting (and maybe redirecting) adapter."""
    http = session or requests.Session()
    http.headers["User-Agent"] = user_agent
    adapter = ApiBaseAdapter(api_base, timeout=timeout)
    for host in VK_API_HOSTS:
        http.mount(host, adapter)
    return http, adapter


def upload_session(timeout: float = 60.0, user_agent: str = DEFAULT_USER_AGENT) -> requests.Session:
    """The session for photo uploads to the URL VK hands out (any host, with a timeout)."""
    http = requests.Session()
    http.headers["User-Agent"] = user_agent
    adapter = TimeoutAdapter(timeout)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http


def _refuse_captcha(captcha: Captcha) -> None:
    """Never solve or loop on a captcha: surface it to the caller (and on to a person)."""
    raise captcha


class VkClient(vk_api.VkApi):  # type: ignore[misc]
    """vk_api's client with our defaults: API 5.199, config in memory, bounded retries on error 6.

    vk_api retries "too many requests" (6) after 0.5 s with no upper bound; here at most
    ``max_rps_retries`` times, then the error reaches the caller as a transient failure.
    """

    def __init__(
        self,
        token: str,
        http: requests.Session,
        *,
        min_interval: float | None = None,
        max_rps_retries: int = 3,
        rps_backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(
            token=token,
            session=http,
            api_version=VK_API_VERSION,
            config=jconfig.MemoryConfig,
            captcha_handler=_refuse_captcha,
        )
        if min_interval is not None:
            self.RPS_DELAY = min_interval
        self.max_rps_retries = max_rps_retries
        self.rps_backoff = rps_backoff
        self._sleep = sleep
        self._rps_retries = threading.local()
        self.error_handlers[vk_api.exceptions.TOO_MANY_RPS_CODE] = self.too_many_rps_handler

    def too_many_rps_handler(self, error: vk_api.exceptions.ApiError) -> Any:
        depth = getattr(self._rps_retries, "depth", 0)
        if depth >= self.max_rps_retries:
            return None  # vk_api then raises the ApiError: a transient failure for the caller
        self._rps_retries.depth = depth + 1
        try:
            log.warning("vk.too_many_requests", method=getattr(error, "method", None), retry=depth + 1)
            self._sleep(self.rps_backoff)
            return error.try_method()
        finally:
            self._rps_retries.depth = depth
