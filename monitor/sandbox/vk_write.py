"""Writing methods of the emulated VK API: comments, board comments, the wall photo upload.

Every comment posted through the API is recorded in ``state.replies`` (what
``GET /_sandbox/replies`` lists) and also lands on the wall, so pollers see it like any other.
A repeated ``guid`` under the same post returns the earlier comment and creates nothing.
A planned ``delay`` (``POST /_sandbox/errors``, see limits.py) makes the next successful
``wall.createComment`` / ``board.createComment`` answer late, after the comment is already posted.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from monitor.sandbox.limits import answer_late
from monitor.sandbox.state import NetworkState, Upload
from monitor.sandbox.vk_common import CallContext, Params, VkError, param_error
from monitor.sandbox.vk_read import readable_wall

ATTACHMENT = re.compile(r"^(photo|video|audio|doc|poll|market|wall|note|page|album)(-?\d+)_(\d+)(?:_(\w+))?$")


def _attachments(state: NetworkState, refs: list[str]) -> list[dict[str, Any]]:
    """Attachment objects for ``photo-1_2``-style references (and bare links)."""
    objects: list[dict[str, Any]] = []
    for ref in refs:
        if ref.startswith(("http://", "https://")):
            objects.append({"type": "link", "link": {"url": ref, "title": ref}})
            continue
        match = ATTACHMENT.match(ref)
        if not match:
            raise param_error("attachments is invalid")
        kind, owner, media = match.group(1), int(match.group(2)), int(match.group(3))
        body = state.photos.get((owner, media)) if kind == "photo" else None
        objects.append({"type": kind, kind: body or {"id": media, "owner_id": owner}})
    return objects


ALWAYS_LISTED = ("owner_id", "post_id", "text", "from_group")


def _reply_record(state: NetworkState, **fields: Any) -> None:
    """One /_sandbox/replies entry; optional keys (reply_to_comment, guid, topic_id…) only when set."""
    record = {"network": "vk", **{k: v for k, v in fields.items() if v is not None or k in ALWAYS_LISTED}}
    record["created"] = state.now()
    state.replies.append(record)


def _comment_author(ctx: CallContext, owner_id: int, from_group: int) -> int:
    """The from_id of a new comment; a community token may speak only on its own wall."""
    token = ctx.token
    if token.kind == "group":
        if owner_id != -(token.group_id or 0) or (from_group and from_group != token.group_id):
            raise VkError(15, "a community token may comment only as itself on its own wall")
        return owner_id
    if from_group:
        if from_group not in ctx.state.communities:
            raise param_error("from_group is invalid")
        return -from_group
    return token.user_id or 0


def _late(ctx: CallContext, method: str) -> None:
    """Honour a planned ``delay``: the work is done, the answer waits (a network that times out)."""
    delay = ctx.state.faults.take_delay(method)
    if delay:
        answer_late(ctx.state.lock, delay)


def wall_create_comment(ctx: CallContext, p: Params) -> dict[str, Any]:
    answer = _wall_create_comment(ctx, p)
    _late(ctx, "wall.createComment")
    return answer


def board_create_comment(ctx: CallContext, p: Params) -> int:
    answer = _board_create_comment(ctx, p)
    _late(ctx, "board.createComment")
    return answer


def _wall_create_comment(ctx: CallContext, p: Params) -> dict[str, Any]:
    state = ctx.state
    owner_id, post_id = p.required_integer("owner_id"), p.required_integer("post_id")
    author = _comment_author(ctx, owner_id, abs(p.integer_or("from_group", 0)))
    wall = readable_wall(state, owner_id)
    post = wall.by_id.get(post_id)
    if post is None:
        raise param_error("post_id is invalid")
    guid = p.text("guid")
    if guid and (owner_id, post_id, guid) in state.guids:
        earlier = wall.comments[state.guids[(owner_id, post_id, guid)]]
        return {"comment_id": earlier.id, "parents_stack": earlier.parents_stack}
    if not post.can_post:
        raise VkError(212)
    message = p.text("message") or ""
    refs = p.items("attachments")
    if not message.strip() and not refs and not p.text("sticker_id"):
        raise param_error("message is empty or invalid")
    reply_to = None
    reply_to_id = p.integer("reply_to_comment")
    if reply_to_id:
        reply_to = wall.comments.get(reply_to_id)
        if reply_to is None or reply_to.post_id != post_id:
            raise param_error("reply_to_comment is invalid")
    if state.options.flood_identical_comments and any(
        c.from_id == author and c.text == message for c in post.comments
    ):
        raise VkError(9, "same comment posted twice")
    comment = state.new_comment(post, author, message, reply_to=reply_to,
                                attachments=_attachments(state, refs))
    if guid:
        state.guids[(owner_id, post_id, guid)] = comment.id
    _reply_record(state, owner_id=owner_id, post_id=post_id, reply_to_comment=reply_to_id or None,
                  text=message, from_group=-author if author < 0 else 0, from_id=author, guid=guid,
                  comment_id=comment.id, attachments=refs or None)
    return {"comment_id": comment.id, "parents_stack": comment.parents_stack}


def _board_create_comment(ctx: CallContext, p: Params) -> int:
    state = ctx.state
    group_id = abs(p.required_integer("group_id"))
    topic = state.topics.get((group_id, p.required_integer("topic_id")))
    if topic is None:
        raise param_error("topic_id is invalid")
    guid = p.text("guid")
    guid_key = (-group_id, -topic.id, guid or "")
    if guid and guid_key in state.guids:
        return state.guids[guid_key]
    if topic.is_closed:
        raise VkError(15, "topic is closed")
    message = p.text("message") or ""
    refs = p.items("attachments")
    if not message.strip() and not refs:
        raise param_error("message is empty or invalid")
    as_group = p.flag("from_group")
    author = -group_id if as_group else (ctx.token.user_id or 0)
    comment = state.new_topic_comment(topic, author, message, attachments=_attachments(state, refs))
    if guid:
        state.guids[guid_key] = comment.id
    _reply_record(state, owner_id=-group_id, post_id=None, topic_id=topic.id, text=message,
                  from_group=group_id if as_group else 0, from_id=author, guid=guid,
                  comment_id=comment.id, attachments=refs or None)
    return comment.id


def photos_get_wall_upload_server(ctx: CallContext, p: Params) -> dict[str, Any]:
    state = ctx.state
    group_id = abs(p.integer_or("group_id", 0))
    if group_id and group_id not in state.communities:
        raise param_error("group_id is invalid")
    state.upload_servers += 1
    state.upload_targets[state.upload_servers] = -group_id if group_id else (ctx.token.user_id or 0)
    return {"upload_url": f"{ctx.base_url}/vk/upload/{state.upload_servers}", "album_id": -14,
            "user_id": ctx.token.user_id}


def accept_upload(state: NetworkState, server: int, files: list[tuple[str, bytes]]) -> dict[str, Any] | None:
    """What the upload server answers for a multipart POST; None for an unknown server."""
    if server not in state.upload_targets:
        return None
    digests = [hashlib.md5(body, usedforsecurity=False).hexdigest() for _, body in files]
    photo = json.dumps([{"photo": d[:10], "sizes": [], "kid": d[10:20]} for d in digests])
    upload_hash = hashlib.md5(f"{server}:{photo}".encode(), usedforsecurity=False).hexdigest()
    state.uploads[upload_hash] = Upload(server, photo, upload_hash, files=len(files))
    return {"server": server, "photo": photo, "hash": upload_hash}


def photos_save_wall_photo(ctx: CallContext, p: Params) -> list[dict[str, Any]]:
    state = ctx.state
    upload = state.uploads.get(p.required_text("hash"))
    if upload is None or upload.used or p.text("photo") != upload.photo:
        raise VkError(121)
    if upload.files == 0:
        raise param_error("photos_list is invalid")
    if p.integer("server") != upload.server:
        raise param_error("server is invalid")
    upload.used = True
    owner_id = state.upload_targets[upload.server]
    saved = []
    for _ in range(upload.files):
        state.photo_last_id += 1
        photo_id = state.photo_last_id
        url = f"{ctx.base_url}/vk/photo/{owner_id}_{photo_id}.jpg"
        photo = {
            "id": photo_id, "album_id": -14, "owner_id": owner_id,
            "user_id": 100 if owner_id < 0 else owner_id, "date": state.now(),
            "text": p.text("caption", "") or "", "has_tags": False,
            "access_key": hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()[:18],
            "sizes": [{"type": "x", "url": url, "width": 604, "height": 453}],
        }
        state.photos[(owner_id, photo_id)] = photo
        saved.append(photo)
    return saved
