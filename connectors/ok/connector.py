"""The OK connector: watched groups' topics and their comments in; replies by hand.

Each poll asks ``mediatopic.getTopics`` for every watched group (newest first, paged with
``anchor`` until the topics seen before), then ``discussions.getComments`` forward from the
stored ``anchor`` for the recent topics whose comment count moved. OK offers no public way to
comment, so a reply goes to manual publication with the reason (``ReadOnlyConnector``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import requests
import structlog

from connectors.base import (
    Capabilities,
    FetchResult,
    NetworkMessage,
    PermanentError,
    ReactionsResult,
    ReadOnlyConnector,
    TransientError,
)
from connectors.jsonshape import as_dict
from connectors.ok.client import OkClient
from connectors.ok.cursor import GroupCursor, OkCursor, TopicCursor
from connectors.ok.normalize import comment_message, topic_message
from connectors.ok.reactions import read_reactions

__all__ = ["OkConfig", "OkConnector"]

log = structlog.get_logger()
TOPICS_PAGE = 20
MAX_TOPIC_PAGES = 5
COMMENTS_PAGE = 100
MAX_COMMENT_PAGES = 10


@dataclass(frozen=True, slots=True)
class OkConfig:
    platform: ClassVar[str] = "ok"
    name: str
    application_key: str | None
    application_secret_key: str | None
    access_token: str | None
    session_secret_key: str | None = None
    groups: tuple[str, ...] = ()
    group_id: str | None = None  # the administration's own group
    comments_topics: int = 10  # recent topics per group whose comments are read
    api_base: str | None = None  # e.g. http://127.0.0.1:8700/ok (the sandbox); None = api.ok.ru
    timeout: float = 30.0


def _items(payload: Any, key: str, source: str, **where: Any) -> list[dict[str, Any]]:
    """The well-formed entries of a list answer; one without an id is skipped with a log line."""
    raw = payload.get(key) if isinstance(payload, dict) else None
    if raw is not None and not isinstance(raw, list):
        log.warning("ok.answer_skipped", source=source, reason=f"{key} is not a list", **where)
        return []
    items = []
    for item in raw or ():
        if isinstance(item, dict) and str(item.get("id") or "").strip():
            items.append(item)
        else:
            log.warning("ok.item_skipped", source=source, reason="ill-formed item", **where)
    return items


class OkConnector(ReadOnlyConnector):
    platform = "ok"
    manual_reason = ("Одноклассники не позволяют ответить на комментарий через API — "
                     "опубликуйте подготовленный ответ вручную по ссылке")
    capabilities = Capabilities(replies=False, reactions=True)

    def __init__(self, config: OkConfig, *, session: requests.Session | None = None, clock: Any = None) -> None:
        self.config = config
        self._now: Callable[[], datetime] = clock.now if clock is not None else (lambda: datetime.now(UTC))
        self.client = OkClient(application_key=config.application_key or "",
                               application_secret_key=config.application_secret_key or "",
                               access_token=config.access_token, session_secret_key=config.session_secret_key,
                               api_base=config.api_base, session=session, timeout=config.timeout)

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        old = OkCursor.from_json(cursor)
        new = OkCursor()
        before = self.client.requests
        messages: dict[str, NetworkMessage] = {}
        for gid in self.config.groups:
            state = old.groups.get(gid)
            new.groups[gid] = state if state is not None else GroupCursor()
            try:
                new.groups[gid] = self._read_group(gid, state, messages)
            except PermanentError as exc:  # this group is gone or closed to us: the others go on
                log.warning("ok.group_failed", source=self.config.name, gid=gid, error=str(exc))
        spent = self.client.requests - before
        ordered = sorted(messages.values(), key=lambda m: (m.kind != "post", m.created_at, m.external_id))
        log.info("ok.polled", source=self.config.name, messages=len(ordered), requests=spent)
        return FetchResult(messages=ordered, cursor=new.to_json(), requests=spent)

    def _read_group(self, gid: str, before: GroupCursor | None, out: dict[str, NetworkMessage]) -> GroupCursor:
        topics, entities = self._new_topics(gid, before)
        now = self._now()
        last_ms, ids = (before.last_ms, set(before.ids_at_last)) if before else (0, set())
        state = GroupCursor(last_ms, tuple(sorted(ids)), dict(before.topics) if before else {})
        for topic in topics:
            created = int(topic.get("created_ms") or 0)
            message = topic_message(gid, topic, entities, now)
            if before is None or created > before.last_ms or (created == before.last_ms
                                                               and message.post_id not in before.ids_at_last):
                out.setdefault(message.external_id, message)
            if created > last_ms:
                last_ms, ids = created, {str(topic["id"])}
            elif created == last_ms:
                ids.add(str(topic["id"]))
        state.last_ms, state.ids_at_last = last_ms, tuple(sorted(ids))
        recent = sorted(topics, key=lambda t: int(t.get("created_ms") or 0), reverse=True)
        kept: dict[str, TopicCursor] = {}
        for topic in recent[: self.config.comments_topics]:
            topic_id = str(topic["id"])
            summary = as_dict(topic.get("discussion_summary"))
            count = int(summary.get("comments_count") or 0)
            seen = state.topics.get(topic_id) or TopicCursor()
            kept[topic_id] = seen if count in (0, seen.count) else self._read_comments(gid, topic_id, seen, count, out)
        state.topics = kept
        return state

    def _new_topics(self, gid: str, before: GroupCursor | None) -> tuple[list[dict[str, Any]], Any]:
        """The group's topics newest first, down to the ones seen before (the first page on a first poll)."""
        topics: list[dict[str, Any]] = []
        entities: dict[str, list[Any]] = {}
        anchor = None
        for _ in range(MAX_TOPIC_PAGES):
            page = self.client.call("mediatopic.getTopics", gid=gid, count=TOPICS_PAGE, anchor=anchor,
                                    fields="media_topic.*,user.name,group.name")
            items = _items(page, "media_topics", self.config.name, gid=gid)
            topics += items
            for kind, values in (page.get("entities") or {}).items() if isinstance(page, dict) else ():
                if isinstance(values, list):
                    entities.setdefault(kind, []).extend(values)
            anchor = page.get("anchor") if isinstance(page, dict) else None
            oldest = min((int(t.get("created_ms") or 0) for t in items), default=0)
            if before is None or not items or not anchor or not page.get("has_more") or oldest < before.last_ms:
                break
        return topics, entities

    def _read_comments(self, gid: str, topic_id: str, seen: TopicCursor, count: int,
                       out: dict[str, NetworkMessage]) -> TopicCursor:
        """Comments after the stored anchor, page by page; the cursor moves with each page read."""
        anchor = seen.anchor
        now = self._now()
        for _ in range(MAX_COMMENT_PAGES):
            page = self.client.call("discussions.getComments", discussionId=topic_id, discussionType="GROUP_TOPIC",
                                    count=COMMENTS_PAGE, anchor=anchor, direction="FORWARD")
            for comment in _items(page, "comments", self.config.name, gid=gid, topic_id=topic_id):
                message = comment_message(gid, topic_id, comment, page.get("entities"), now)
                out.setdefault(message.external_id, message)
            anchor = page.get("anchor") or anchor
            if not page.get("has_more"):
                return TopicCursor(count, anchor)
        return TopicCursor(seen.count, anchor)  # more to read: the count stays old, the next poll goes on

    def refresh_reactions(self, external_ids: list[str], max_requests: int) -> ReactionsResult:
        """Current marks, comments and reshares of earlier topics (mediatopic.getByIds)."""
        before = self.client.requests
        try:
            result = read_reactions(self.client, external_ids, max_requests)
        except (PermanentError, TransientError) as exc:
            log.warning("ok.reactions_failed", source=self.config.name, error=type(exc).__name__, reason=str(exc))
            raise
        log.info("ok.reactions", source=self.config.name, topics=len(result.counts),
                 requests=self.client.requests - before)
        return result

    def check(self) -> list[str]:
        cfg = self.config
        problems = []
        if not cfg.application_key:
            problems.append("application_key: not set; OK refuses unsigned calls")
        if not cfg.application_secret_key and not cfg.session_secret_key:
            problems.append("application_secret_key: not set; calls cannot be signed")
        if not cfg.access_token:
            problems.append("access_token: not set; group topics need a token with VALUABLE_ACCESS")
        if not cfg.groups:
            problems.append("groups: no group to watch")
        return problems
