"""The control API: injection rules, replies, stats, config, bulk data and reset."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from monitor.core.clock import FrozenClock
from monitor.sandbox import SandboxServer


def _post(sandbox: SandboxServer, path: str, body: Any) -> requests.Response:
    return requests.post(f"{sandbox.base_url}/_sandbox/{path}", json=body, timeout=30)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"network": "myspace", "text": "привет"}, "network"),  # OK is a network of the sandbox now
        ({"network": "vk", "text": "   "}, "text"),
        ({"network": "vk"}, "text"),
        ({"network": "vk", "text": "x", "post_id": 99999999}, "post_id"),
        ({"network": "vk", "text": "x", "owner_id": -42}, "owner_id"),
        ({"network": "vk", "text": "x", "geo": [54.3]}, "geo"),
        ({"network": "vk", "text": "x", "author": 12345}, "author"),
        ({"network": "vk", "text": "x", "reply_to_comment": 5}, "reply_to_comment"),
        ({"network": "rss", "text": "x", "feed": "../etc"}, "feed"),
    ],
)
def test_bad_injections_are_400(sandbox: SandboxServer, body: dict[str, Any], field: str) -> None:
    """Bad input to POST /_sandbox/posts is 400 with an error naming the field; nothing is created."""
    before = len(sandbox.state.all_posts())
    answer = _post(sandbox, "posts", body)
    assert answer.status_code == 400 and answer.json()["error"].startswith(field)
    assert len(sandbox.state.all_posts()) == before


def test_non_json_body_is_400(sandbox: SandboxServer) -> None:
    """A body that is not JSON is refused with 400."""
    answer = requests.post(f"{sandbox.base_url}/_sandbox/posts", data=b"{oops", timeout=10)
    assert answer.status_code == 400


def test_comment_under_closed_post_is_refused(sandbox: SandboxServer) -> None:
    """Injecting a comment under a post with closed comments is 400."""
    pinned = sandbox.state.wall(-100001).newest_first()[0]
    answer = _post(sandbox, "posts", {"network": "vk", "text": "x", "post_id": pinned.id})
    assert answer.status_code == 400


def test_injection_keeps_author_geo_and_time(sandbox: SandboxServer, inject: Any) -> None:
    """Author name, geo and creation time given to the inject endpoint are on the post."""
    made = inject(network="vk", text="Медведь у школы", author="Иван Петров", geo=[54.3, 155.95],
                  created=1773000000, owner_id=-100004)
    post = sandbox.state.find_post(-100004, made["post_id"])
    assert post is not None and post.geo == (54.3, 155.95) and post.date == 1773000000
    assert sandbox.state.users[post.from_id].full_name == "Иван Петров"
    again = inject(network="vk", text="И снова он", author="Иван Петров")
    assert sandbox.state.find_post(-100001, again["post_id"]).from_id == post.from_id  # type: ignore[union-attr]


def test_default_wall_follows_default_owner_id(clock: FrozenClock) -> None:
    """Without owner_id, posts go to default_owner_id when the server was given one."""
    server = SandboxServer("127.0.0.1", 0, default_owner_id=-100003, clock=clock).start()
    try:
        made = _post(server, "posts", {"network": "vk", "text": "тест"}).json()
        assert made["owner_id"] == -100003
    finally:
        server.stop()


def test_health_stats_and_config(sandbox: SandboxServer, raw: Any) -> None:
    """Health answers ok; stats count requests per method and token kind; config changes options."""
    base = f"{sandbox.base_url}/_sandbox"
    assert requests.get(f"{base}/health", timeout=10).json() == {"ok": True}
    requests.delete(f"{base}/stats", timeout=10)
    raw("wall.get", token="svc.a", owner_id=-100001)
    raw("users.get", token="usr.b")
    raw("users.get", token="grp.100001.c")
    stats = requests.get(f"{base}/stats", timeout=10).json()
    assert stats["vk_requests"] == 3
    assert stats["methods"] == {"wall.get": 1, "users.get": 2}
    assert stats["token_kinds"] == {"service": 1, "user": 1, "group": 1}
    changed = _post(sandbox, "config", {"requests_per_second": 20, "preview_length_default": 0}).json()
    assert changed["requests_per_second"] == 20 and sandbox.state.options.preview_length_default == 0
    assert _post(sandbox, "config", {"speed": 1}).status_code == 400
    assert _post(sandbox, "config", {"requests_per_second": "fast"}).status_code == 400


def test_bulk_creates_readable_walls(sandbox: SandboxServer, vk: Any) -> None:
    """POST /_sandbox/bulk creates many communities with posts that wall.get and getComments read."""
    answer = _post(sandbox, "bulk", {"walls": 30, "posts_per_wall": 20, "comments_per_post": 2})
    assert answer.status_code == 201
    made = answer.json()
    assert len(made["owner_ids"]) == 30 and made["posts"] == 600 and made["comments"] == 1200
    api = vk().get_api()
    page = api.wall.get(owner_id=made["owner_ids"][-1], count=100)
    assert page["count"] == 20
    first = page["items"][0]
    assert api.wall.getComments(owner_id=first["owner_id"], post_id=first["id"])["count"] == 2
    more = _post(sandbox, "bulk", {"walls": 1, "posts_per_wall": 1}).json()
    assert more["owner_ids"][0] < min(made["owner_ids"])  # new communities, never reused
    assert _post(sandbox, "bulk", {"walls": -1}).status_code == 400
    assert _post(sandbox, "bulk", {"walls": 1, "text": "{nope}"}).status_code == 400


def test_reset_returns_to_the_scenario(sandbox: SandboxServer, inject: Any, vk: Any, replies: Any) -> None:
    """POST /_sandbox/reset drops injected posts, replies and planned errors."""
    post = inject(network="vk", text="лишний пост")
    vk("grp.100001.x").get_api().wall.createComment(owner_id=-100001, post_id=post["post_id"], message="ответ")
    _post(sandbox, "errors", {"method": "*", "error_code": 10, "count": 50})
    assert _post(sandbox, "reset", {}).status_code == 200
    assert replies() == [] and sandbox.state.faults.rules == []
    assert sandbox.state.find_post(-100001, post["post_id"]) is None
    assert vk().get_api().wall.get(owner_id=-100001)["count"] == 10


def test_unknown_routes_are_404_and_wrong_verbs_405(sandbox: SandboxServer) -> None:
    """Unknown paths answer 404 and known paths with the wrong verb 405, in JSON."""
    assert requests.get(f"{sandbox.base_url}/nothing", timeout=10).status_code == 404
    assert requests.get(f"{sandbox.base_url}/_sandbox/nothing", timeout=10).status_code == 404
    assert requests.delete(f"{sandbox.base_url}/rss/rss-district-news.xml", timeout=10).status_code == 405


def test_search_helper_finds_posts(sandbox: SandboxServer) -> None:
    """GET /_sandbox/posts?q= lists posts containing the text (a debugging aid)."""
    found = requests.get(f"{sandbox.base_url}/_sandbox/posts", params={"q": "зимник"}, timeout=10).json()
    assert found and all("зимник" in p["text"].lower() for p in found)


def test_refused_requests_keep_the_connection_usable(sandbox: SandboxServer) -> None:
    """After a 404 or 405 with a body, the next request on the same keep-alive connection still works."""
    with requests.Session() as session:
        assert session.post(f"{sandbox.base_url}/nothing", data=b"x" * 5000, timeout=10).status_code == 404
        assert session.post(f"{sandbox.base_url}/rss/rss-district-news.xml", data=b"y" * 100,
                            timeout=10).status_code == 405
        assert session.get(f"{sandbox.base_url}/_sandbox/health", timeout=10).json() == {"ok": True}
