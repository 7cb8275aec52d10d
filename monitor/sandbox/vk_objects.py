"""JSON shapes of VK objects (5.199): wall posts, comments, profiles, communities, topics."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from monitor.sandbox.state import (
    BoardComment,
    BoardTopic,
    Comment,
    Community,
    NetworkState,
    NetworkUser,
    Post,
)

CAMERA = "https://vk.com/images/camera_{size}.png"


def post_json(post: Post) -> dict[str, Any]:
    """A ``wall_wallpost_full`` item as wall.get, wall.getById and newsfeed.search give it."""
    item: dict[str, Any] = {
        "id": post.id,
        "owner_id": post.owner_id,
        "from_id": post.from_id,
        "created_by": post.signer_id or None,
        "signer_id": post.signer_id or None,
        "date": post.date,
        "post_type": "post",
        "text": post.text,
        "is_pinned": 1 if post.pinned else 0,
        "marked_as_ads": 0,
        "is_favorite": False,
        "attachments": list(post.attachments),
        "comments": {
            "count": len(post.comments),
            "can_post": post.can_post,
            "groups_can_post": bool(post.can_post),
            "can_close": 0,
        },
        "likes": {"count": post.likes, "user_likes": 0, "can_like": 1, "can_publish": 1,
                  "repost_disabled": False},
        "reposts": {"count": post.reposts, "user_reposted": 0},
        "views": {"count": post.views},
        "post_source": {"type": post.source},
        "donut": {"is_donut": False},
        "short_text_rate": 0.8,
        "hash": f"sb{post.owner_id}x{post.id}",
        "type": "post",
        "inner_type": "wall_wallpost",
    }
    if post.geo:
        item["geo"] = {"type": "point", "coordinates": f"{post.geo[0]} {post.geo[1]}", "showmap": 1}
    return {k: v for k, v in item.items() if v is not None}


def truncate(text: str, preview_length: int) -> str:
    """VK's preview cut: the first ``preview_length`` characters, unless 0."""
    if preview_length <= 0 or len(text) <= preview_length:
        return text
    return text[:preview_length].rstrip() + "..."


def comment_json(comment: Comment, preview_length: int, thread: dict[str, Any] | None = None) -> dict[str, Any]:
    """A ``wall_wall_comment`` item."""
    item: dict[str, Any] = {
        "id": comment.id,
        "from_id": comment.from_id,
        "post_id": comment.post_id,
        "owner_id": comment.owner_id,
        "parents_stack": comment.parents_stack,
        "date": comment.date,
        "text": truncate(comment.text, preview_length),
        "attachments": list(comment.attachments),
        "likes": {"count": comment.likes, "user_likes": 0, "can_like": 1},
    }
    if comment.reply_to_comment:
        item["reply_to_user"] = comment.reply_to_user
        item["reply_to_comment"] = comment.reply_to_comment
    if thread is not None:
        item["thread"] = thread
    return item


def profile_json(user: NetworkUser) -> dict[str, Any]:
    return {
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "can_access_closed": True,
        "is_closed": False,
        "screen_name": f"id{user.id}",
        "photo_50": CAMERA.format(size=50),
        "photo_100": CAMERA.format(size=100),
        "online": 0,
    }


def deleted_profile_json(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "first_name": "DELETED", "last_name": "", "deactivated": "deleted",
            "can_access_closed": True, "is_closed": False}


def group_json(community: Community) -> dict[str, Any]:
    return {
        "id": community.id,
        "name": community.name,
        "screen_name": community.screen_name,
        "is_closed": community.is_closed,
        "type": community.type,
        "is_admin": 0,
        "is_member": 0,
        "is_advertiser": 0,
        "members_count": community.members_count,
        "photo_50": CAMERA.format(size=50),
        "photo_100": CAMERA.format(size=100),
        "photo_200": CAMERA.format(size=200),
    }


def authors(state: NetworkState, ids: Iterable[int]) -> dict[str, list[dict[str, Any]]]:
    """The ``profiles`` and ``groups`` an ``extended=1`` answer adds for these author ids."""
    users: dict[int, dict[str, Any]] = {}
    groups: dict[int, dict[str, Any]] = {}
    for author in ids:
        if author > 0 and author in state.users and author not in users:
            users[author] = profile_json(state.users[author])
        elif author < 0 and -author in state.communities and -author not in groups:
            groups[-author] = group_json(state.communities[-author])
    return {"profiles": list(users.values()), "groups": list(groups.values())}


def post_author_ids(posts: Iterable[Post]) -> list[int]:
    ids: list[int] = []
    for post in posts:
        ids += [post.owner_id, post.from_id] + ([post.signer_id] if post.signer_id else [])
    return ids


def topic_json(topic: BoardTopic) -> dict[str, Any]:
    return {
        "id": topic.id,
        "title": topic.title,
        "created": topic.created,
        "created_by": topic.created_by,
        "updated": topic.updated,
        "updated_by": topic.updated_by,
        "is_closed": topic.is_closed,
        "is_fixed": topic.is_fixed,
        "comments": len(topic.comments),
    }


def board_comment_json(comment: BoardComment, real_offset: int) -> dict[str, Any]:
    return {
        "id": comment.id,
        "from_id": comment.from_id,
        "date": comment.date,
        "text": comment.text,
        "attachments": list(comment.attachments),
        "likes": {"count": comment.likes, "user_likes": 0, "can_like": 1},
        "real_offset": real_offset,
    }
