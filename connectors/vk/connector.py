"""The VK connector: community walls, comments and search in; replies as the community out.

Built from a ``VkConfig`` with credentials already resolved to plain token strings. The monitor
maps ``monitor.core.settings.VkSource`` onto it one to one (``token``, ``token_type``, ``reply_token``,
``group_id``, ``walls``, ``search``, ``comments_posts``, ``api_base``; ``name`` for logs), after
resolving the ``${ENV}`` references.

Tokens: ``token`` (service or user) reads walls, comments and search; ``reply_token`` (the
community's own) posts comments as the community. A ``token`` of type ``user`` also uploads
photos and answers in board topics, and can post when no ``reply_token`` is given.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, ClassVar

import requests
import structlog
import vk_api

from connectors.base import (
    AuthError,
    Capabilities,
    FetchPage,
    FetchResult,
    PermanentError,
    PostedReply,
    ReactionsResult,
    Reply,
    ReplyTarget,
    gather,
)
from connectors.clock import Clock
from connectors.vk.batch import BatchRunner
from connectors.vk.cursor import VkCursor
from connectors.vk.errors import PLATFORM_ERRORS, translate_exception
from connectors.vk.fetch import VkPoll, posts_first
from connectors.vk.longpoll import LongPoll
from connectors.vk.publish import VkPublisher
from connectors.vk.reactions import read_reactions
from connectors.vk.session import (
    DEFAULT_USER_AGENT,
    ApiBaseAdapter,
    VkClient,
    build_http_session,
)

__all__ = ["VkConfig", "VkConnector"]

log = structlog.get_logger()

TOKEN_TYPES = ("service", "user", "group")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _unresolved(value: str | None) -> bool:
    return bool(value) and str(value).lstrip().startswith("${")


@dataclass(frozen=True, slots=True)
class VkConfig:
    """What the VK connector needs; tokens are plain strings (already resolved), or None."""

    platform: ClassVar[str] = "vk"
    name: str = "vk"
    token: str | None = None
    token_type: str = "service"  # of ``token``: "service" | "user" | "group"
    reply_token: str | None = None  # community token: posts as the community
    group_id: int | None = None  # our community (positive id)
    walls: tuple[int, ...] = ()
    search: tuple[str, ...] = ()
    comments_posts: int = 10
    api_base: str | None = None  # e.g. http://127.0.0.1:8700/vk; None = VK itself
    timeout: float = 30.0
    min_request_interval: float | None = None  # None: vk_api's pace (3 req/s; 20 req/s community)
    user_agent: str = DEFAULT_USER_AGENT
    longpoll: bool = False  # read the own community (group_id) through Bots Long Poll, with reply_token
    longpoll_wait: int = 10  # seconds one long-poll request may wait for events

    def __post_init__(self) -> None:
        if self.token_type not in TOKEN_TYPES:
            raise ValueError(f"token_type: must be one of {', '.join(TOKEN_TYPES)}")
        if _unresolved(self.token) or _unresolved(self.reply_token):
            raise ValueError("VK tokens must be resolved before the connector is built, not ${...} references")
        object.__setattr__(self, "walls", tuple(int(w) for w in self.walls))
        object.__setattr__(self, "search", tuple(str(q) for q in self.search))

    @property
    def can_read(self) -> bool:
        return bool(self.token) and self.token_type in ("service", "user")


class VkConnector:
    """Reads with ``token``, posts with ``reply_token`` (or a user ``token``); see module docstring."""

    platform = "vk"

    def __init__(
        self,
        config: VkConfig,
        *,
        session: requests.Session | None = None,
        clock: Clock | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self._now: Callable[[], datetime] = clock.now if clock is not None else _utc_now
        self._sleep = sleep
        # One HTTP session per token: separate request counts, connection pools and pacing.
        self._read_http, self._read_adapter = self._session(session)
        self.read_client = self._client(config.token, self._read_http) if config.can_read else None
        self.user_client = self.read_client if config.token_type == "user" else None
        post_token = config.reply_token or (config.token if config.token_type in ("user", "group") else None)
        if post_token and post_token == config.token and self.read_client is not None:
            self.post_client: vk_api.VkApi | None = self.read_client
        elif post_token:
            post_http, _ = self._session(None)
            self.post_client = self._client(post_token, post_http, community=True)
        else:
            self.post_client = None
        self.longpoll = (LongPoll(self.post_client, int(config.group_id), wait=config.longpoll_wait,
                                  source=config.name, now=self._now, http=requests.Session())
                         if config.longpoll and self.post_client is not None and config.group_id else None)
        self.publisher = VkPublisher(
            group_id=config.group_id,
            post_client=self.post_client,
            user_client=self.user_client,
            read_client=self.read_client,
            now=self._now,
            upload_timeout=max(config.timeout, 60.0),
            user_agent=config.user_agent,
        )

    @property
    def capabilities(self) -> Capabilities:
        """Replies need a community (or user) token; photos a user token; an earlier reply is
        found by reading the comments, which any token we have can do; reactions are read again
        with wall.getById, which needs the reading (service or user) token; a poll of walls and
        search comes in pages (one per ``execute`` request), a long poll in one piece."""
        return Capabilities(replies=self.post_client is not None, find_reply=True,
                            photos=self.user_client is not None, streaming=self.config.longpoll,
                            reactions=self.read_client is not None, pages=not self.config.longpoll)

    def interrupt(self) -> None:
        """A stopping service ends the long poll under way (Interruptible)."""
        if self.longpoll is not None:
            self.longpoll.interrupt()

    def refresh_reactions(self, external_ids: list[str], max_requests: int) -> ReactionsResult:
        """Current likes, comments and reposts of earlier posts (wall.getById, 100 per request)."""
        if self.read_client is None:
            raise AuthError("token: re-reading reactions (wall.getById) needs a service or user token")
        try:
            result = read_reactions(self.read_client, external_ids, max_requests)
        except PLATFORM_ERRORS as exc:
            error = translate_exception(exc, now=self._now())
            log.warning("vk.reactions_failed", source=self.config.name, error=type(error).__name__,
                        reason=str(error))
            raise error from exc
        log.info("vk.reactions", source=self.config.name, posts=len(result.counts), requests=result.requests)
        return result

    def _session(self, session: requests.Session | None) -> tuple[requests.Session, ApiBaseAdapter]:
        return build_http_session(
            self.config.api_base, timeout=self.config.timeout, user_agent=self.config.user_agent, session=session
        )

    def _client(self, token: str | None, http: requests.Session, *, community: bool = False) -> VkClient:
        interval = self.config.min_request_interval
        if interval is None and community:
            interval = vk_api.VkApiGroup.RPS_DELAY
        return VkClient(str(token), http, min_interval=interval, sleep=self._sleep)

    # -- Connector protocol ---------------------------------------------------------------------

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        """New posts, comments and search hits since ``cursor``; the cursor to store with them."""
        if self.config.longpoll:
            return self._fetch_events(cursor)
        result = gather(self.fetch_pages(cursor))
        return replace(result, messages=sorted(result.messages, key=posts_first))

    def fetch_pages(self, cursor: dict[str, Any] | None) -> Iterator[FetchPage]:
        """``fetch`` one ``execute`` request at a time: each request's new messages as it answers."""
        cfg = self.config
        if cfg.longpoll:
            events = self._fetch_events(cursor)
            yield FetchPage(events.messages)
            yield FetchPage([], end=replace(events, messages=[]))
            return
        if not cfg.walls and not cfg.search:
            yield FetchPage([], end=FetchResult(messages=[], cursor=dict(cursor or {}), requests=0))
            return
        if self.read_client is None:
            raise AuthError(
                "token: reading walls and search needs a service or user token"
                + (" (a community token cannot call wall.get)" if cfg.token_type == "group" and cfg.token else "")
            )
        before = self._read_adapter.request_count
        poll = VkPoll(
            BatchRunner(self.read_client),
            walls=cfg.walls,
            queries=cfg.search,
            comments_posts=cfg.comments_posts,
            now=self._now,
            source=cfg.name,
        )
        new_cursor, messages = VkCursor(), 0
        try:
            for page in poll.pages(VkCursor.from_json(cursor), new_cursor):
                messages += len(page)
                yield FetchPage(page)
        except PLATFORM_ERRORS as exc:
            error = translate_exception(exc, now=self._now())
            log.warning("vk.fetch_failed", source=cfg.name, error=type(error).__name__, reason=str(error))
            raise error from exc
        spent = self._read_adapter.request_count - before
        log.info("vk.polled", source=cfg.name, messages=messages, requests=spent)
        yield FetchPage([], end=FetchResult(messages=[], cursor=new_cursor.to_json(), requests=spent,
                                            cursor_ahead=tuple(poll.cursor_ahead)))

    def _fetch_events(self, cursor: dict[str, Any] | None) -> FetchResult:
        """One long-poll request for the own community; the ts is the cursor."""
        if self.longpoll is None:
            raise AuthError("reply_token, group_id: Bots Long Poll needs the community's token and its id")
        state = VkCursor.from_json(cursor)
        before = self.longpoll.requests
        try:
            messages, ts = self.longpoll.check(state.ts)
        except PLATFORM_ERRORS as exc:
            error = translate_exception(exc, now=self._now())
            log.warning("vk.longpoll_failed", source=self.config.name, error=type(error).__name__, reason=str(error))
            raise error from exc
        state.ts = ts
        spent = self.longpoll.requests - before
        if messages:
            log.info("vk.events", source=self.config.name, messages=len(messages), ts=ts)
        return FetchResult(messages=messages, cursor=state.to_json(), requests=spent)

    @staticmethod
    def _routed(target: ReplyTarget) -> ReplyTarget:
        """A board post (``post_id`` ``topic<N>``) is answered in its topic; a photo comment by hand."""
        if target.post_id.startswith("topic"):
            return replace(target, topic_id=target.post_id[5:], post_id=target.post_id[5:])
        if target.post_id.startswith("photo"):
            raise PermanentError("ответ на комментарий к фотографии ВКонтакте публикуется вручную")
        return target

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        """Comment as the community under the post (or the comment, or in a board topic)."""
        return self.publisher.post_reply(self._routed(target), reply)

    def find_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply | None:
        """The already-posted copy of ``reply`` under ``target``, if any (unknown-outcome check)."""
        return self.publisher.find_reply(self._routed(target), reply)

    def check(self) -> list[str]:
        """What this source lacks, one sentence per problem, naming the setting key."""
        cfg = self.config
        problems: list[str] = []
        if not cfg.token and not cfg.reply_token:
            problems.append("token, reply_token: no VK token at all; nothing can be read or posted")
        if (cfg.walls or cfg.search) and not cfg.token:
            problems.append("token: reading walls and search needs a service or user token; none is set")
        elif (cfg.walls or cfg.search) and cfg.token_type == "group":
            problems.append(
                "token: a community (group) token cannot read walls or search (wall.get, newsfeed.search); "
                "use a service or user token"
            )
        if not cfg.reply_token and cfg.token_type not in ("user", "group"):
            problems.append("reply_token: no community token, replies cannot be posted (publish by hand)")
        if cfg.group_id is None:
            problems.append("group_id: not set; replies cannot be posted as the community")
        if cfg.token_type != "user":
            problems.append("token: photo attachments and board topics need a user token (token_type: user)")
        return problems
