"""The Telegram connector: public channels through their web preview, the administration's
discussion group through a bot; replies as the bot, answering the comment.

A poll reads the bot's updates (``getUpdates`` from the stored offset; the offset acknowledges
what was read) and every channel's preview page newer than the post id stored for it. The bot's
own messages never become messages (the Bot API does not deliver them; we skip them where it
does), nor do the channel posts Telegram forwards into the discussion group (the preview reads
the channel itself). Channel posts are read-only: their replies are published by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

import requests
import structlog

from connectors.base import (
    Capabilities,
    FetchResult,
    NetworkMessage,
    PermanentError,
    PostedReply,
    Reply,
    ReplyTarget,
    TransientError,
)
from connectors.jsonshape import as_dict
from connectors.telegram.bot import BotClient, bot_id
from connectors.telegram.preview import PreviewPage, parse_preview

__all__ = ["TelegramConfig", "TelegramConnector"]

log = structlog.get_logger()
UPDATES_LIMIT = 100
MAX_UPDATE_ROUNDS = 10
MAX_PREVIEW_PAGES = 5
WEB = "https://t.me"
CURSOR_VERSION = 1


@dataclass(frozen=True, slots=True)
class TelegramConfig:
    platform: ClassVar[str] = "telegram"
    name: str
    channels: tuple[str, ...] = ()
    bot_token: str | None = None
    chats: tuple[int, ...] = ()  # discussion groups the bot reads (empty: every chat it is in)
    api_base: str | None = None  # e.g. http://127.0.0.1:8700/telegram; None = api.telegram.org
    web_base: str = WEB  # where /s/<channel> is served
    timeout: float = 30.0
    user_agent: str = "otklik/0.1 (municipal appeals monitor)"


@dataclass(slots=True)
class TelegramCursor:
    offset: int = 0  # the next update_id to ask for
    channels: dict[str, int] = field(default_factory=dict)  # channel -> the newest post id read

    def to_json(self) -> dict[str, Any]:
        return {"version": CURSOR_VERSION, "offset": self.offset, "channels": dict(self.channels)}

    @classmethod
    def from_json(cls, data: Any) -> TelegramCursor:
        if not isinstance(data, dict) or data.get("version") != CURSOR_VERSION:
            return cls()
        channels = as_dict(data.get("channels"))
        try:
            return cls(int(data.get("offset") or 0), {str(k): int(v) for k, v in channels.items()})
        except (TypeError, ValueError):
            return cls()


def message_url(chat: dict[str, Any], message_id: int) -> str:
    username = chat.get("username")
    if username:
        return f"{WEB}/{username}/{message_id}"
    internal = str(chat.get("id", "")).removeprefix("-100").lstrip("-")
    return f"{WEB}/c/{internal}/{message_id}"


class TelegramConnector:
    platform = "telegram"

    def __init__(self, config: TelegramConfig, *, session: requests.Session | None = None, clock: Any = None) -> None:
        self.config = config
        self._now: Callable[[], datetime] = clock.now if clock is not None else (lambda: datetime.now(UTC))
        self.http = session or requests.Session()
        self.bot = BotClient(config.bot_token, api_base=config.api_base, session=self.http,
                             timeout=config.timeout) if config.bot_token else None
        self.bot_id = bot_id(config.bot_token)
        self.web_requests = 0

    @property
    def capabilities(self) -> Capabilities:
        """The bot answers in the discussion group; it cannot read back what it posted."""
        return Capabilities(replies=self.bot is not None, find_reply=False, photos=False)

    # -- reading ---------------------------------------------------------------------------------

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        old = TelegramCursor.from_json(cursor)
        new = TelegramCursor(old.offset, dict(old.channels))
        messages: dict[str, NetworkMessage] = {}
        before = (self.bot.requests if self.bot else 0) + self.web_requests
        if self.bot is not None:
            new.offset = self._read_updates(old.offset, messages)
        for channel in self.config.channels:
            newest = self._read_channel(channel, old.channels.get(channel), messages)
            if newest is not None:
                new.channels[channel] = newest
        spent = (self.bot.requests if self.bot else 0) + self.web_requests - before
        ordered = sorted(messages.values(), key=lambda m: (m.kind != "post", m.created_at, m.external_id))
        log.info("telegram.polled", source=self.config.name, messages=len(ordered), requests=spent)
        return FetchResult(messages=ordered, cursor=new.to_json(), requests=spent)

    def _read_updates(self, offset: int, out: dict[str, NetworkMessage]) -> int:
        assert self.bot is not None
        for _ in range(MAX_UPDATE_ROUNDS):
            updates = self.bot.call("getUpdates", offset=offset, limit=UPDATES_LIMIT, timeout=0,
                                    allowed_updates=["message"])
            if not isinstance(updates, list):
                log.warning("telegram.answer_skipped", source=self.config.name,
                            reason="getUpdates result is not a list")
                return offset
            for update in updates:
                update_id = update.get("update_id") if isinstance(update, dict) else None
                if not isinstance(update_id, int):
                    log.warning("telegram.update_skipped", source=self.config.name, reason="no update_id")
                    continue
                offset = max(offset, update_id + 1)
                message = self._from_update(update)
                if message is not None:
                    out.setdefault(message.external_id, message)
            if len(updates) < UPDATES_LIMIT:
                break
        return offset

    def _from_update(self, update: dict[str, Any]) -> NetworkMessage | None:
        msg = update.get("message")
        if msg is None:
            return None  # an update of another kind (edits, members): nothing to read
        try:
            chat, message_id, sender = msg["chat"], int(msg["message_id"]), msg.get("from") or {}
            chat_id = int(chat["id"])
        except (TypeError, KeyError, ValueError):
            log.warning("telegram.update_skipped", source=self.config.name, update_id=update.get("update_id"),
                        reason="ill-formed message")
            return None
        if self.config.chats and chat_id not in self.config.chats:
            return None
        if str(sender.get("id")) == self.bot_id or sender.get("is_bot"):
            return None  # our own reply (or another bot's): never a card
        if msg.get("is_automatic_forward"):
            return None  # the channel's own post, forwarded for comments: the preview reads it
        text = str(msg.get("text") or msg.get("caption") or "")
        parent = msg.get("reply_to_message") if isinstance(msg.get("reply_to_message"), dict) else None
        parent_id = int(parent["message_id"]) if parent and str(parent.get("message_id", "")).isdigit() else None
        name = " ".join(str(sender.get(k) or "") for k in ("first_name", "last_name")).strip() or None
        created = datetime.fromtimestamp(int(msg.get("date") or 0), UTC) if msg.get("date") else self._now()
        return NetworkMessage(
            platform="telegram", external_id=f"{chat_id}_{message_id}", kind="comment" if parent_id else "post",
            text=text, url=message_url(chat, message_id), created_at=created,
            author_id=str(sender["id"]) if sender.get("id") is not None else None, author_name=name,
            parent_external_id=f"{chat_id}_{parent_id}" if parent_id else None, owner_id=str(chat_id),
            post_id=str(parent_id or message_id), comment_id=str(message_id) if parent_id else None, raw=msg,
        )

    def _page(self, channel: str, before: int | None) -> PreviewPage | None:
        url = f"{self.config.web_base.rstrip('/')}/s/{channel}" + (f"?before={before}" if before else "")
        self.web_requests += 1
        try:
            response = self.http.get(url, timeout=self.config.timeout, headers={"User-Agent": self.config.user_agent})
        except requests.RequestException as exc:
            raise TransientError(f"t.me/s/{channel}: unreachable: {type(exc).__name__}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientError(f"t.me/s/{channel}: HTTP {response.status_code}")
        if response.status_code != 200 or "/s/" not in response.url:
            log.warning("telegram.channel_unavailable", source=self.config.name, channel=channel,
                        status=response.status_code, reason="no public preview (redirected or missing)")
            return None
        page = parse_preview(response.text)
        if page.skipped or not page.recognised:
            log.warning("telegram.preview_unreadable", source=self.config.name, channel=channel,
                        skipped=page.skipped, recognised=page.recognised)
        return page

    def _read_channel(self, channel: str, last: int | None, out: dict[str, NetworkMessage]) -> int | None:
        """Posts newer than ``last`` (the first page on a first poll); the newest id, or None when unread."""
        page = self._page(channel, None)
        if page is None:
            return last
        posts = list(page.posts)
        pages = 1
        while (last is not None and page.before and posts and posts[0].id > last + 1
               and pages < MAX_PREVIEW_PAGES):
            older = self._page(channel, page.before)
            if older is None:
                break
            page, pages = older, pages + 1
            posts = [*page.posts, *posts]
        newest = max([last or 0, *(p.id for p in posts)])  # 0: read, and empty (the next poll reads all)
        for post in posts:
            if last is not None and post.id <= last:
                continue
            message = NetworkMessage(
                platform="telegram", external_id=f"{post.channel}/{post.id}", kind="post", text=post.text,
                url=post.url, created_at=post.date or self._now(), author_id=f"@{post.channel}",
                author_name=post.author,
                owner_id=f"@{post.channel}", post_id=str(post.id), views=post.views,
            )
            out.setdefault(message.external_id, message)
        return newest

    # -- replying --------------------------------------------------------------------------------

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        if target.owner_id.startswith("@"):
            raise PermanentError("канал Telegram читается через веб-просмотр, бот в нём не отвечает — "
                                 "опубликуйте ответ вручную в обсуждении записи")
        if self.bot is None:
            raise PermanentError("не задан токен бота Telegram (bot_token) — опубликуйте ответ вручную")
        answered = int(target.comment_id or target.post_id)
        try:
            sent = self.bot.call("sendMessage", chat_id=int(target.owner_id), text=reply.text,
                                 reply_parameters={"message_id": answered})
        except PermanentError as exc:
            raise PermanentError(f"Telegram не принял ответ: {exc} — опубликуйте ответ вручную") from exc
        try:
            chat, message_id = sent["chat"], int(sent["message_id"])
        except (TypeError, KeyError, ValueError) as exc:
            raise TransientError("sendMessage: Telegram sent an unreadable reply") from exc
        return PostedReply(external_id=f"{chat.get('id', target.owner_id)}_{message_id}",
                           url=message_url(chat, message_id))

    def find_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply | None:
        return None  # the Bot API cannot read back a chat's history

    def check(self) -> list[str]:
        problems = []
        if not self.config.channels and not self.config.bot_token:
            problems.append("channels, bot_token: nothing to read (no channel and no bot)")
        if not self.config.bot_token:
            problems.append("bot_token: no bot, replies cannot be posted (publish by hand)")
        elif bot_id(self.config.bot_token) is None:
            problems.append("bot_token: not a bot token (<digits>:<secret>)")
        return problems
