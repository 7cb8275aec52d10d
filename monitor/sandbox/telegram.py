"""The sandbox's Telegram: a public channel with its web preview, its discussion group, a bot.

- ``/telegram/s/<channel>[?before=N]`` — the preview page, 20 posts oldest first, the classes
  of the real one (``tgme_widget_message[data-post]``, ``tgme_widget_message_text``,
  ``tgme_widget_message_date time[datetime]``, ``tme_messages_more[data-before]``); an unknown
  channel redirects to its plain page (``/telegram/<channel>``), as t.me does without a preview.
- ``/telegram/bot<token>/<method>`` — the Bot API: ``getMe``, ``getUpdates`` (``offset``
  acknowledges earlier updates, ``limit`` ≤ 100), ``sendMessage`` (``reply_parameters`` or
  ``reply_to_message_id``; 400 when the message to answer does not exist); a wrong token is 401.
  Errors planned through ``POST /_sandbox/errors`` apply (``http_status``, or ``error_code``
  answered as that HTTP status).
A post injected into the channel is forwarded into the discussion group (``is_automatic_forward``),
and comments reply to that forward, as in Telegram. Ids grow with the clock, so a restarted
sandbox never hands out an update id or a message id again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from typing import Any

from connectors.telegram.settings import SANDBOX_BOT_TOKEN
from monitor.sandbox.vk_common import HttpFault, VkError

Answer = tuple[int, Any]
CHANNEL = "adm_district"
GROUP_ID = -1001000000001
UPDATES_PAGE = 20
BOT = {"id": int(SANDBOX_BOT_TOKEN.split(":")[0]), "is_bot": True, "first_name": "Отклик",
       "username": "otklik_sandbox_bot"}


@dataclass
class ChannelPost:
    id: int
    date: int
    text: str
    views: int = 0
    forward_id: int | None = None  # its automatic forward in the discussion group


@dataclass
class TelegramWorld:
    base: int  # ids start here: the clock in milliseconds when the sandbox started
    channel_title: str = "Администрация района"
    group: dict[str, Any] = field(default_factory=lambda: {"id": GROUP_ID, "type": "supergroup",
                                                            "title": "Обсуждение: Администрация района",
                                                            "username": "adm_district_chat"})
    posts: list[ChannelPost] = field(default_factory=list)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)  # group messages by id
    updates: list[dict[str, Any]] = field(default_factory=list)
    users: dict[str, int] = field(default_factory=dict)
    last_update: int = 0
    last_message: int = 0
    last_post: int = 0

    def __post_init__(self) -> None:
        self.last_update = self.last_message = self.last_post = self.base

    def user(self, name: str) -> dict[str, Any]:
        uid = self.users.setdefault(name, 700000001 + len(self.users))
        first, _, last = name.partition(" ")
        return {"id": uid, "is_bot": False, "first_name": first, **({"last_name": last} if last else {})}

    def group_message(self, date: int, text: str, sender: dict[str, Any], reply_to: int | None = None,
                      **extra: Any) -> dict[str, Any]:
        self.last_message += 1
        message: dict[str, Any] = {"message_id": self.last_message, "date": date, "chat": dict(self.group),
                                   "from": sender, "text": text, **extra}
        if reply_to is not None:
            message["reply_to_message"] = {k: v for k, v in self.messages[reply_to].items()
                                           if k != "reply_to_message"}
        self.messages[message["message_id"]] = message
        return message

    def deliver(self, message: dict[str, Any]) -> None:
        """An update for the bot; the bot never gets its own messages."""
        if message["from"].get("id") == BOT["id"] and not message.get("_sandbox_echo"):
            return
        self.last_update += 1
        self.updates.append({"update_id": self.last_update, "message": {k: v for k, v in message.items()
                                                                        if not k.startswith("_")}})


def world_of(state: Any) -> TelegramWorld:
    return state.telegram


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


def preview(state: Any, channel: str, before: int | None) -> tuple[int, dict[str, str], bytes]:
    with state.lock:
        state.stats.http["telegram_web"] += 1
        world = world_of(state)
        if channel != CHANNEL:
            return 302, {"Location": f"/telegram/{channel}"}, b""
        posts = [p for p in world.posts if before is None or p.id < before][-UPDATES_PAGE:]
        older = [p for p in world.posts if posts and p.id < posts[0].id]
        parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>' + escape(world.channel_title) + "</title>"
                 '</head><body><div class="tgme_channel_info"><div class="tgme_channel_info_header_title">'
                 + escape(world.channel_title)
                 + '</div></div><section class="tgme_channel_history js-message_history">']
        if older:
            parts.append(f'<a class="tme_messages_more js-messages_more" data-before="{posts[0].id}" '
                         f'href="/s/{channel}?before={posts[0].id}"></a>')
        for post in posts:
            text = "<br/>".join(escape(line) for line in post.text.split("\n"))
            parts.append(
                f'<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message '
                f'js-widget_message" data-post="{channel}/{post.id}"><div class="tgme_widget_message_bubble">'
                f'<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" '
                f'href="https://t.me/{channel}"><span dir="auto">{escape(world.channel_title)}</span></a></div>'
                f'<div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>'
                '<div class="tgme_widget_message_footer compact js-message_footer">'
                '<div class="tgme_widget_message_info">'
                f'<span class="tgme_widget_message_views">{post.views}</span><span class="tgme_widget_message_meta">'
                f'<a class="tgme_widget_message_date" href="https://t.me/{channel}/{post.id}"><time datetime="'
                f'{_iso(post.date)}" class="time"></time></a></span></div></div></div></div></div>')
        parts.append("</section></body></html>")
        return 200, {"Content-Type": "text/html; charset=utf-8"}, "".join(parts).encode()


def plain_page(channel: str) -> tuple[int, dict[str, str], bytes]:
    """Where a channel without a public preview leads: its plain page, no posts."""
    body = f"<html><body><div class=\"tgme_page_title\">{escape(channel)}</div></body></html>".encode()
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body


def _fault(state: Any, method: str, base_url: str) -> Answer | None:
    try:
        state.faults.check(method, base_url)
    except HttpFault as exc:
        return exc.status, {"ok": False, "error_code": exc.status, "description": f"HTTP {exc.status}"}
    except VkError as exc:
        body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.message}
        if exc.code == 429:
            body["parameters"] = {"retry_after": 5}
        return (exc.code if 400 <= exc.code <= 599 else 400), body
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def bot_method(state: Any, token: str, method: str, params: dict[str, Any], base_url: str) -> Answer:
    with state.lock:
        state.stats.http["telegram"] += 1
        state.stats.methods[f"telegram:{method}"] += 1
        if token != SANDBOX_BOT_TOKEN:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        planned = _fault(state, method, base_url)
        if planned is not None:
            return planned
        world = world_of(state)
        if method == "getMe":
            return 200, {"ok": True, "result": BOT}
        if method == "getUpdates":
            offset = _int(params.get("offset")) or 0
            limit = max(1, min(_int(params.get("limit")) or 100, 100))
            world.updates = [u for u in world.updates if u["update_id"] >= offset]  # earlier ones acknowledged
            return 200, {"ok": True, "result": world.updates[:limit]}
        if method == "sendMessage":
            return _send(state, world, params)
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


def _send(state: Any, world: TelegramWorld, params: dict[str, Any]) -> Answer:
    if _int(params.get("chat_id")) != GROUP_ID:
        return 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
    text = params.get("text")
    if not isinstance(text, str) or not text.strip():
        return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
    if len(text) > 4096:
        return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}
    reply = params.get("reply_parameters")
    if isinstance(reply, str):
        reply = json.loads(reply)
    answered = _int((reply or {}).get("message_id") if isinstance(reply, dict) else params.get("reply_to_message_id"))
    if answered is not None and answered not in world.messages:
        return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message to be replied not found"}
    message = world.group_message(state.now(), text, BOT, reply_to=answered)
    state.replies.append({"network": "telegram", "chat_id": GROUP_ID, "reply_to_message_id": answered,
                          "message_id": message["message_id"], "text": text, "created": message["date"]})
    return 200, {"ok": True, "result": {k: v for k, v in message.items() if k != "reply_to_message"}}


def inject(state: Any, body: dict[str, Any], text: str, created_ms: int | None, author: Any) -> Answer:
    """Without ``post_id``: a channel post (and its forward into the discussion group); with it
    (a channel post id): a comment replying to that post's forward. ``author: "bot"`` writes as
    the bot (its messages must never open cards)."""
    from monitor.sandbox.control import BadRequest

    world = world_of(state)
    date = created_ms // 1000 if created_ms is not None else state.now()
    post_id = body.get("post_id")
    if post_id is None:
        world.last_post += 1
        post = ChannelPost(world.last_post, date, text, views=1)
        forward = world.group_message(date, text, {"id": 777000, "is_bot": False, "first_name": "Telegram"},
                                      sender_chat={"id": -1001000000000, "type": "channel",
                                                   "title": world.channel_title, "username": CHANNEL},
                                      is_automatic_forward=True)
        post.forward_id = forward["message_id"]
        world.posts.append(post)
        world.deliver(forward)
        return 201, {"network": "telegram", "owner_id": f"@{CHANNEL}", "post_id": post.id,
                     "chat_id": GROUP_ID, "forward_id": forward["message_id"], "url": f"https://t.me/{CHANNEL}/{post.id}"}
    found = next((p for p in world.posts if str(p.id) == str(post_id)), None)
    if found is None or found.forward_id is None:
        raise BadRequest(f"post_id: no channel post {post_id} in @{CHANNEL}")
    sender = dict(BOT) if author == "bot" else world.user(author if isinstance(author, str) and author.strip()
                                                          else "Житель района")
    message = world.group_message(date, text, sender, reply_to=found.forward_id, _sandbox_echo=author == "bot")
    world.deliver(message)
    return 201, {"network": "telegram", "owner_id": GROUP_ID, "post_id": found.forward_id,
                 "comment_id": message["message_id"], "url": f"https://t.me/adm_district_chat/{message['message_id']}"}
