"""Reading methods of the emulated VK API: walls, comments, search, boards, directories.

Paging follows VK: ``count`` and ``offset`` are clamped rather than refused, ``count`` in an
answer is the whole list's size, and a wall lists its pinned post first, then newest first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from monitor.sandbox.state import Comment, NetworkState, Post, Wall
from monitor.sandbox.vk_common import CallContext, Params, VkError, param_error
from monitor.sandbox.vk_objects import (
    authors,
    board_comment_json,
    comment_json,
    deleted_profile_json,
    group_json,
    post_author_ids,
    post_json,
    profile_json,
    topic_json,
)

SEARCH_RADIUS_KM = 10.0
DAY = 86400


def readable_wall(state: NetworkState, owner_id: int) -> Wall:
    """The wall, or VK's errors for an unknown owner (100) or a closed community (15)."""
    wall = state.find_wall(owner_id)
    if wall is None:
        raise param_error("owner_id is incorrect")
    if owner_id < 0 and state.communities[-owner_id].is_closed:
        raise VkError(15, "this wall available only for community members")
    return wall


def _owner(ctx: CallContext, p: Params) -> int:
    owner_id = p.integer("owner_id")
    if owner_id is None and p.text("domain"):
        owner_id = ctx.state.resolve_domain(p.required_text("domain"))
        if owner_id is None:
            raise param_error("domain is invalid")
    if owner_id is None:
        if ctx.token.user_id is None:
            raise param_error("owner_id is undefined")
        owner_id = ctx.token.user_id
    return owner_id


def _with_authors(ctx: CallContext, p: Params, answer: dict[str, Any], ids: list[int]) -> dict[str, Any]:
    if p.flag("extended"):
        answer.update(authors(ctx.state, ids))
    return answer


WALL_FILTERS: dict[str, Callable[[Post], bool]] = {
    "all": lambda post: True,
    "owner": lambda post: post.from_id == post.owner_id,
    "others": lambda post: post.from_id != post.owner_id,
}


def wall_get(ctx: CallContext, p: Params) -> dict[str, Any]:
    wall = readable_wall(ctx.state, _owner(ctx, p))
    offset = p.bounded("offset", 0, 0, 10**9)
    count = p.bounded("count", 20, 0, 100)
    keep = WALL_FILTERS.get(p.text("filter", "all") or "all")  # postponed, suggests…: none here
    posts = [post for post in wall.newest_first() if keep(post)] if keep else []
    page = posts[offset:offset + count]
    answer = {"count": len(posts), "items": [post_json(post) for post in page]}
    return _with_authors(ctx, p, answer, post_author_ids(page))


def wall_get_by_id(ctx: CallContext, p: Params) -> dict[str, Any]:
    found: list[Post] = []
    for ref in p.items("posts"):
        owner, _, post_id = ref.partition("_")
        try:
            post = ctx.state.find_post(int(owner), int(post_id))
        except ValueError:
            raise param_error("posts is invalid") from None
        if post is not None:
            found.append(post)
    answer = {"items": [post_json(post) for post in found]}
    return _with_authors(ctx, p, answer, post_author_ids(found))


def _thread(post: Post, root: Comment, size: int, preview_length: int) -> dict[str, Any]:
    replies = [c for c in post.comments if c.thread_root == root.id]
    return {
        "count": len(replies),
        "items": [comment_json(c, preview_length) for c in replies[:size]],
        "can_post": bool(post.can_post),
        "show_reply_button": True,
        "groups_can_post": bool(post.can_post),
    }


def wall_get_comments(ctx: CallContext, p: Params) -> dict[str, Any]:
    state = ctx.state
    wall = readable_wall(state, p.required_integer("owner_id"))
    post = wall.by_id.get(p.required_integer("post_id"))
    if post is None:
        raise param_error("post_id is invalid")
    preview_length = p.integer_or("preview_length", state.options.preview_length_default)
    thread_size = p.bounded("thread_items_count", 0, 0, 10)
    root_id = p.integer("comment_id")
    if root_id:
        root = wall.comments.get(root_id)
        if root is None or root.post_id != post.id:
            raise param_error("comment_id is invalid")
        level = [c for c in post.comments if c.thread_root == root_id]
    else:
        level = [c for c in post.comments if c.thread_root == 0]
    descending = p.text("sort", "asc") == "desc"
    if descending:
        level = level[::-1]
    start = 0
    start_id = p.integer("start_comment_id")
    if start_id:
        start = next((i for i, c in enumerate(level) if (c.id <= start_id if descending else c.id >= start_id)),
                     len(level))
    offset = start + p.bounded("offset", 0, 0, 10**9)
    page = level[offset:offset + p.bounded("count", 10, 0, 100)]
    items = [
        comment_json(c, preview_length, None if root_id else _thread(post, c, thread_size, preview_length))
        for c in page
    ]
    answer: dict[str, Any] = {
        "count": len(level),
        "current_level_count": len(level),
        "items": items,
        "can_post": bool(post.can_post),
        "show_reply_button": True,
        "groups_can_post": bool(post.can_post),
    }
    if start_id:
        answer["real_offset"] = offset
    ids = [c["from_id"] for c in items] + [r["from_id"] for c in items for r in c.get("thread", {}).get("items", [])]
    return _with_authors(ctx, p, answer, ids)


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _search_offset(start_from: str | None) -> int:
    head = (start_from or "0").split("/", 1)[0]
    if not head.isdigit():
        raise param_error("start_from is invalid")
    return int(head)


def newsfeed_search(ctx: CallContext, p: Params) -> dict[str, Any]:
    """Case-insensitive substring search over every open wall, newest first, last 24 h by default."""
    state = ctx.state
    now = state.now()
    start_time = p.integer_or("start_time", now - DAY)
    end_time = p.integer_or("end_time", now)
    words = [fold(word) for word in (p.text("q") or "").split()]
    latitude, longitude = p.text("latitude"), p.text("longitude")
    point = (float(latitude), float(longitude)) if latitude and longitude else None
    found = [
        post for post in state.all_posts()
        if start_time <= post.date <= end_time
        and not (post.owner_id < 0 and state.communities.get(-post.owner_id) and
                 state.communities[-post.owner_id].is_closed)
        and all(word in fold(post.text) for word in words)
        and (point is None or (post.geo is not None and _distance_km(point, post.geo) <= SEARCH_RADIUS_KM))
    ]
    found.sort(key=lambda post: (post.date, post.id), reverse=True)
    offset = _search_offset(p.text("start_from"))
    count = p.bounded("count", 30, 0, 200)
    page = found[offset:offset + count]
    answer: dict[str, Any] = {
        "items": [post_json(post) for post in page],
        "count": len(found),
        "total_count": len(found),
        "suggested_queries": [],
    }
    if offset + count < len(found):
        answer["next_from"] = f"{offset + count}/sandbox"
    return _with_authors(ctx, p, answer, post_author_ids(page))


def _topic(ctx: CallContext, p: Params) -> Any:
    group_id = p.required_integer("group_id")
    topic = ctx.state.topics.get((abs(group_id), p.required_integer("topic_id")))
    if topic is None:
        raise param_error("topic_id is invalid")
    return topic


def board_get_topics(ctx: CallContext, p: Params) -> dict[str, Any]:
    group_id = abs(p.required_integer("group_id"))
    if group_id not in ctx.state.communities:
        raise param_error("group_id is invalid")
    wanted = {int(t) for t in p.items("topic_ids") if t.lstrip("-").isdigit()}
    topics = [t for (g, _), t in ctx.state.topics.items() if g == group_id and (not wanted or t.id in wanted)]
    topics.sort(key=lambda t: (t.is_fixed, t.updated), reverse=True)
    offset, count = p.bounded("offset", 0, 0, 10**9), p.bounded("count", 40, 0, 100)
    page = topics[offset:offset + count]
    items = []
    preview = p.integer_or("preview", 0)
    for topic in page:
        item = topic_json(topic)
        if preview in (1, 2) and topic.comments:
            comment = topic.comments[0 if preview == 1 else -1]
            key = "first_comment" if preview == 1 else "last_comment"
            item[key] = comment.text[: p.integer_or("preview_length", 90) or None]
        items.append(item)
    answer = {"count": len(topics), "items": items, "default_order": 1, "can_add_topics": 0}
    ids = [t.created_by for t in page] + [t.updated_by for t in page]
    return _with_authors(ctx, p, answer, ids)


def board_get_comments(ctx: CallContext, p: Params) -> dict[str, Any]:
    topic = _topic(ctx, p)
    numbered = list(enumerate(topic.comments))
    if p.text("sort", "asc") == "desc":
        numbered = numbered[::-1]
    start = 0
    start_id = p.integer("start_comment_id")
    if start_id:
        start = next((i for i, (_, c) in enumerate(numbered) if c.id == start_id), len(numbered))
    offset = start + p.bounded("offset", 0, 0, 10**9)
    page = numbered[offset:offset + p.bounded("count", 20, 0, 100)]
    answer = {
        "count": len(topic.comments),
        "items": [board_comment_json(c, real) for real, c in page],
        "real_offset": offset,
    }
    return _with_authors(ctx, p, answer, [c.from_id for _, c in page])


def groups_get_by_id(ctx: CallContext, p: Params) -> dict[str, Any]:
    state = ctx.state
    refs = p.items("group_ids") or p.items("group_id")
    if not refs and ctx.token.group_id:
        refs = [str(ctx.token.group_id)]
    found = []
    for ref in refs:
        group_id = int(ref) if ref.lstrip("-").isdigit() else -(state.resolve_domain(ref) or 0)
        if abs(group_id) in state.communities:
            found.append(group_json(state.communities[abs(group_id)]))
    if not found:
        raise param_error("group_ids is undefined")
    return {"groups": found, "profiles": []}


def users_get(ctx: CallContext, p: Params) -> list[dict[str, Any]]:
    state = ctx.state
    refs = p.items("user_ids")
    if not refs:
        return [profile_json(state.users[ctx.token.user_id])] if ctx.token.user_id in state.users else []
    answer = []
    for ref in refs:
        user_id = int(ref[2:]) if ref.startswith("id") and ref[2:].isdigit() else int(ref) if ref.isdigit() else 0
        if user_id <= 0:
            raise VkError(113)
        answer.append(profile_json(state.users[user_id]) if user_id in state.users
                      else deleted_profile_json(user_id))
    return answer
