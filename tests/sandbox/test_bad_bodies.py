"""Whatever a POST body holds, the sandbox answers 400 with a JSON error (VK error 12 for
``execute``), never 500 or a traceback, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from monitor.sandbox import SandboxServer

ENDPOINTS = ("posts", "errors", "config", "bulk")
DEEP = b"[" * 100_000 + b"]" * 100_000
BAD_BODIES = {
    "nested 100000 deep": DEEP,
    "object nested 100000 deep": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "a 5000-digit number": b'{"text": ' + b"7" * 5000 + b"}",
    "NaN": b'{"network": "vk", "text": "x", "geo": [NaN, 1]}',
    "2 MiB of JSON": b'{"network": "vk", "text": "' + b"x" * (2 * 1024 * 1024) + b'"}',
    "not UTF-8": b"\xff\xfe{}",
    "not JSON": b"{network: vk",
    "a JSON string": b'"text"',
}


def _post_raw(sandbox: SandboxServer, endpoint: str, body: bytes) -> requests.Response:
    return requests.post(f"{sandbox.base_url}/_sandbox/{endpoint}", data=body,
                         headers={"Content-Type": "application/json"}, timeout=60)


def _post(sandbox: SandboxServer, endpoint: str, body: Any) -> requests.Response:
    return requests.post(f"{sandbox.base_url}/_sandbox/{endpoint}", json=body, timeout=60)


def _refused(answer: requests.Response) -> str:
    assert answer.status_code == 400, (answer.status_code, answer.text[:300])
    assert answer.headers["Content-Type"].startswith("application/json")
    error = answer.json()["error"]
    assert error and "Traceback" not in error
    return str(error)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("what", BAD_BODIES)
def test_a_malformed_body_is_400_on_every_control_endpoint(sandbox: SandboxServer, endpoint: str, what: str) -> None:
    """Deeply nested, huge, NaN, non-UTF-8 or non-JSON bodies: 400 with a JSON error, nothing created."""
    before = len(sandbox.state.all_posts())
    _refused(_post_raw(sandbox, endpoint, BAD_BODIES[what]))
    assert len(sandbox.state.all_posts()) == before
    assert requests.get(f"{sandbox.base_url}/_sandbox/health", timeout=10).json() == {"ok": True}


@pytest.mark.parametrize(
    ("endpoint", "body", "field"),
    [
        ("posts", {"network": "vk", "text": "x", "created": 10**20}, "created"),
        ("posts", {"network": "rss", "text": "x", "created": -1}, "created"),
        ("posts", {"network": "vk", "text": "x", "owner_id": 10**30}, "owner_id"),
        ("posts", {"network": "vk", "text": "x", "geo": [91, 10]}, "geo"),
        ("posts", {"network": "vk", "text": "x", "geo": ["54", "155"]}, "geo"),
        ("config", {"requests_per_second_by_kind": {"service": "fast"}}, "requests_per_second_by_kind"),
        ("config", {"requests_per_second_by_kind": [3]}, "requests_per_second_by_kind"),
        ("config", {"requests_per_second": -5}, "requests_per_second"),
        ("config", {"preview_length_default": 1.5}, "preview_length_default"),
        ("bulk", {"walls": -3}, "walls"),
        ("bulk", {"posts_per_wall": -1}, "posts_per_wall"),
        ("bulk", {"comments_per_post": -1}, "comments_per_post"),
        ("bulk", {"count": -5}, "count"),
        ("bulk", {"walls": 1, "text": ["{n}"]}, "text"),
        ("bulk", {"walls": 1, "text": "{n:>999999999}"}, "text"),
        ("bulk", {"walls": 1, "text": "{wall.__class__}"}, "text"),
    ],
)
def test_wrong_types_and_ranges_are_400_naming_the_field(sandbox: SandboxServer, endpoint: str,
                                                         body: dict[str, Any], field: str) -> None:
    """A value of the wrong type or out of range is refused naming it, and nothing changes."""
    communities, posts = len(sandbox.state.communities), len(sandbox.state.all_posts())
    options = dict(vars(sandbox.state.options))
    assert _refused(_post(sandbox, endpoint, body)).startswith(field)
    assert (len(sandbox.state.communities), len(sandbox.state.all_posts())) == (communities, posts)
    assert vars(sandbox.state.options) == options


def test_feeds_still_render_after_refused_times(sandbox: SandboxServer) -> None:
    """A far-future time used to be stored and then broke the feed with 500 on every later read."""
    _refused(_post(sandbox, "posts", {"network": "rss", "text": "x", "created": 10**17}))
    assert requests.get(f"{sandbox.base_url}/rss/rss-district-news.xml", timeout=10).status_code == 200


@pytest.mark.parametrize(
    "code",
    [
        'return API.wall.get(' + '{"a":' * 50_000 + '1' + '}' * 50_000 + ');',
        'return API.wall.get({"owner_id": ' + '9' * 5000 + '});',
        'var params = {"owner_id": -100001}, calls = 0, items = [], count = null,\noffset = '
        + '9' * 5000 + ', ri;',
    ],
    ids=["nested parameters", "5000-digit number", "5000-digit offset"],
)
def test_execute_with_absurd_code_is_a_compile_error(sandbox: SandboxServer, code: str) -> None:
    """``execute`` answers VK error 12 in VK's own format, as for any code it cannot compile."""
    answer = requests.post(f"{sandbox.base_url}/vk/method/execute",
                           data={"v": "5.199", "access_token": "svc.tests", "code": code}, timeout=60)
    assert answer.status_code == 200
    assert answer.json()["error"]["error_code"] == 12


def test_an_absurd_upload_server_number_is_not_a_failure(sandbox: SandboxServer) -> None:
    """An upload URL with a 5000-digit server number is an unknown route (404), not a 500."""
    answer = requests.post(f"{sandbox.base_url}/vk/upload/{'9' * 5000}", data=b"x", timeout=10)
    assert answer.status_code == 404 and answer.json()["error"]
