"""The sandbox's Graph API: a Facebook Page and an Instagram professional account.

``/graph/<version>/<id>/<edge>``: ``GET {page}/feed`` (newest first, ``comments.summary``),
``GET {post}/comments`` (chronological, ``after`` paging), ``POST {post or comment}/comments``
(a reply as the Page); ``GET {ig_user}/media`` (``comments_count``), ``GET {media}/comments``
(with ``replies``), ``POST {comment}/replies``, ``POST {media}/comments``. A wrong token is
error 190; errors planned at ``/_sandbox/errors`` with ``"method": "graph"`` answer Graph's
envelope with that code. Ids start at the clock in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from connectors.facebook.settings import SANDBOX_PAGE_TOKEN
from connectors.instagram.settings import SANDBOX_IG_TOKEN
from monitor.sandbox.vk_common import HttpFault, VkError

Answer = tuple[int, Any]
PAGE_ID = "100000000000001"
IG_USER_ID = "17841400000000001"
PAGE_NAME = "Администрация района"
IG_USERNAME = "adm_district"


@dataclass
class GraphItem:
    id: str
    text: str
    created: int
    author: dict[str, str]
    parent: str | None = None  # the post or media (for comments), the top-level comment (for replies)
    children: list[str] = field(default_factory=list)


class GraphWorld:
    def __init__(self, now_ms: int) -> None:
        self.last = now_ms
        self.items: dict[str, GraphItem] = {}
        self.page_posts: list[str] = []
        self.ig_media: list[str] = []
        self.users: dict[str, str] = {}

    def new(self, prefix: str, text: str, created: int, author: dict[str, str], parent: str | None = None) -> GraphItem:
        self.last += 1
        item = GraphItem(f"{prefix}{self.last}", text, created, author, parent)
        self.items[item.id] = item
        if parent is not None:
            self.items[parent].children.append(item.id)
        return item

    def person(self, name: str) -> dict[str, str]:
        uid = self.users.setdefault(name, str(90000000000 + len(self.users) + 1))
        return {"id": uid, "name": name}


def _time(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _error(code: int, message: str, status: int = 400) -> Answer:
    return status, {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "sandbox"}}


def _page(ids: list[str], params: dict[str, str], url: str, render: Any) -> dict[str, Any]:
    """A list page of ``ids`` from ``after``, with Graph's ``paging``."""
    start = int(params["after"][1:]) if params.get("after", "").startswith("c") else 0
    limit = max(1, min(int(params.get("limit") or 25), 100))
    chunk = ids[start:start + limit]
    answer: dict[str, Any] = {"data": [render(i) for i in chunk]}
    if chunk:
        after = f"c{start + len(chunk)}"
        answer["paging"] = {"cursors": {"before": f"c{start}", "after": after}}
        if start + len(chunk) < len(ids):
            query = "&".join(f"{k}={v}" for k, v in params.items() if k not in ("after", "access_token"))
            answer["paging"]["next"] = f"{url}?{query}&after={after}"
    return answer


def call(state: Any, verb: str, path: str, params: dict[str, str], token: str | None, base_url: str) -> Answer:
    with state.lock:
        state.stats.http["graph"] += 1
        world: GraphWorld = state.graph
        try:
            state.faults.check("graph", base_url)
        except VkError as exc:
            return _error(exc.code, exc.message, 500 if exc.code in (1, 2) else 400)
        except HttpFault as exc:
            return exc.status, {"error": {"message": f"HTTP {exc.status}", "code": 1}}
        if token not in (SANDBOX_PAGE_TOKEN, SANDBOX_IG_TOKEN):
            return _error(190, "Invalid OAuth access token - Cannot parse access token")
        parts = path.strip("/").split("/")
        if len(parts) != 3:
            return _error(100, "Unsupported request")
        _, node, edge = parts
        url = f"{base_url}/graph/{path.strip('/')}"
        if verb == "GET" and node == PAGE_ID and edge == "feed":
            posts = sorted(world.page_posts, key=lambda i: world.items[i].created, reverse=True)
            return 200, _page(posts, params, url, lambda i: _fb_post(world.items[i]))
        if verb == "GET" and node == IG_USER_ID and edge == "media":
            media = sorted(world.ig_media, key=lambda i: world.items[i].created, reverse=True)
            return 200, _page(media, params, url, lambda i: _ig_media(world.items[i]))
        item = world.items.get(node)
        if item is None:
            return _error(100, f"Unsupported get request. Object with ID '{node}' does not exist")
        if verb == "GET" and edge == "comments":
            render = _ig_comment(world) if node.startswith("ig") else _fb_comment
            return 200, _page(list(item.children), params, url, lambda i: render(world.items[i]))
        if verb == "POST" and edge in ("comments", "replies"):
            return _reply(state, world, item, edge, params)
        return _error(100, "Unsupported request")


def _fb_post(item: GraphItem) -> dict[str, Any]:
    return {"id": item.id, "message": item.text, "created_time": _time(item.created), "from": item.author,
            "permalink_url": f"https://www.facebook.com/{item.id}",
            "comments": {"data": [], "summary": {"total_count": len(item.children), "order": "ranked"}}}


def _fb_comment(item: GraphItem) -> dict[str, Any]:
    return {"id": item.id, "message": item.text, "created_time": _time(item.created), "from": item.author}


def _ig_media(item: GraphItem) -> dict[str, Any]:
    return {"id": item.id, "caption": item.text, "timestamp": _time(item.created), "username": IG_USERNAME,
            "permalink": f"https://www.instagram.com/p/{item.id}/", "comments_count": len(item.children)}


def _ig_comment(world: GraphWorld) -> Any:
    def render(item: GraphItem) -> dict[str, Any]:
        replies = [world.items[r] for r in item.children]
        return {"id": item.id, "text": item.text, "timestamp": _time(item.created), "username": item.author["name"],
                "from": {"id": item.author["id"], "username": item.author["name"]},
                "replies": {"data": [{"id": r.id, "text": r.text, "timestamp": _time(r.created),
                                      "username": r.author["name"]} for r in replies]}}
    return render


def _reply(state: Any, world: GraphWorld, item: GraphItem, edge: str, params: dict[str, str]) -> Answer:
    text = params.get("message")
    if not text:
        return _error(100, "(#100) The parameter message is required")
    instagram = item.id.startswith("ig")
    if instagram and edge == "replies" and item.parent is not None and world.items[item.parent].id.startswith("igc"):
        return _error(100, "(#100) Replies to replies are not supported")
    author = {"id": IG_USER_ID, "name": IG_USERNAME} if instagram else {"id": PAGE_ID, "name": PAGE_NAME}
    reply = world.new("igc" if instagram else "fbc", text, state.now(), author, item.id)
    state.replies.append({"network": "instagram" if instagram else "facebook", "reply_to": item.id,
                          "reply_to_comment": item.id if item.parent else None, "text": text, "id": reply.id,
                          "created": reply.created})
    return 200, {"id": reply.id}


def inject(network: str) -> Any:
    """``facebook``/``instagram``: a post (media) of the account, or with ``post_id`` a comment under
    it; with ``comment_id`` too, a reply to that comment."""
    def put(state: Any, body: dict[str, Any], text: str, created_ms: int | None, author: Any) -> Answer:
        from monitor.sandbox.control import BadRequest

        world: GraphWorld = state.graph
        created = created_ms // 1000 if created_ms is not None else state.now()
        instagram = network == "instagram"
        post_id = body.get("post_id")
        if post_id is None:
            owner = {"id": IG_USER_ID, "name": IG_USERNAME} if instagram else {"id": PAGE_ID, "name": PAGE_NAME}
            item = world.new("igm" if instagram else "fbp", text, created, owner)
            (world.ig_media if instagram else world.page_posts).append(item.id)
            url = f"https://www.instagram.com/p/{item.id}/" if instagram else f"https://www.facebook.com/{item.id}"
            return 201, {"network": network, "owner_id": IG_USER_ID if instagram else PAGE_ID, "post_id": item.id,
                         "url": url}
        parent = world.items.get(str(body.get("comment_id") or post_id))
        if parent is None:
            raise BadRequest(f"post_id: no {network} post {post_id}")
        person = world.person(author if isinstance(author, str) and author.strip() else "Житель района")
        comment = world.new("igc" if instagram else "fbc", text, created, person, parent.id)
        return 201, {"network": network, "post_id": str(post_id), "comment_id": comment.id,
                     "url": f"https://www.facebook.com/{comment.id}"}
    return put
