"""Fixtures: a sandbox on a free loopback port, and clients pointed at it.

``sandbox`` runs on a frozen clock with the rate limit off, so data tests are exact and fast;
``limited_sandbox`` keeps the scenario's limit (3 requests/s per token) and the real clock.
VK clients are the real ``vk_api`` library, redirected by a ``requests.Session`` whose adapter
rewrites ``https://api.vk.ru/`` to the sandbox (the same idea as the production connector's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
import vk_api
from jconfig.memory import MemoryConfig
from requests.adapters import HTTPAdapter

from monitor.core.clock import FrozenClock
from monitor.sandbox import SandboxServer

VK_HOST = "https://api.vk.ru/"
FROZEN_AT = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


class RewriteAdapter(HTTPAdapter):
    """Sends requests for ``https://api.vk.ru/…`` to ``{base}/vk/…`` instead."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.target = base_url.rstrip("/") + "/vk/"

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        assert request.url is not None
        request.url = self.target + request.url[len(VK_HOST):]
        return super().send(request, *args, **kwargs)


def sandbox_session(base_url: str) -> requests.Session:
    session = requests.Session()
    session.mount(VK_HOST, RewriteAdapter(base_url))
    return session


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(FROZEN_AT)


@pytest.fixture
def sandbox(clock: FrozenClock) -> Iterator[SandboxServer]:
    server = SandboxServer("127.0.0.1", 0, clock=clock).start()
    server.state.options.requests_per_second = 0
    yield server
    server.stop()


@pytest.fixture
def limited_sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer("127.0.0.1", 0).start()
    yield server
    server.stop()


VkFactory = Callable[..., vk_api.VkApi]


def make_vk(server: SandboxServer, token: str, rps_delay: float | None = None) -> vk_api.VkApi:
    vk = vk_api.VkApi(token=token, session=sandbox_session(server.base_url), api_version="5.199",
                      config=MemoryConfig)
    if rps_delay is not None:
        vk.RPS_DELAY = rps_delay
    return vk


@pytest.fixture
def vk(sandbox: SandboxServer) -> VkFactory:
    """``vk(token)``: a vk_api session on the unlimited sandbox, without client throttling."""
    return lambda token="svc.tests", rps_delay=0.0: make_vk(sandbox, token, rps_delay)


@pytest.fixture
def limited_vk(limited_sandbox: SandboxServer) -> VkFactory:
    """``limited_vk(token)``: vk_api on the rate-limited sandbox, pacing itself as it does for VK."""
    return lambda token="svc.tests", rps_delay=None: make_vk(limited_sandbox, token, rps_delay)


Raw = Callable[..., dict[str, Any]]


def raw_call(server: SandboxServer, method: str, token: str | None = "svc.raw", **params: Any) -> dict[str, Any]:
    values = {"v": "5.199", **params}
    if token is not None:
        values["access_token"] = token
    response = requests.post(f"{server.base_url}/vk/method/{method}", data=values, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def raw(sandbox: SandboxServer) -> Raw:
    """``raw(method, token=..., **params)``: the whole JSON answer of one plain HTTP call."""
    return lambda method, token="svc.raw", **params: raw_call(sandbox, method, token, **params)


def inject_into(server: SandboxServer, **body: Any) -> dict[str, Any]:
    response = requests.post(f"{server.base_url}/_sandbox/posts", json=body, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def inject(sandbox: SandboxServer) -> Callable[..., dict[str, Any]]:
    """``inject(network="vk", text=...)``: POST /_sandbox/posts, asserting 201."""
    return lambda **body: inject_into(sandbox, **body)


@pytest.fixture
def replies(sandbox: SandboxServer) -> Callable[[], list[dict[str, Any]]]:
    """``replies()``: GET /_sandbox/replies."""
    return lambda: requests.get(f"{sandbox.base_url}/_sandbox/replies", timeout=10).json()
