"""One VK poll: walls, comments under their recent posts, and keyword search, from a cursor.

Cost model: every call goes through ``execute`` (25 calls per HTTP request). Round one asks
``wall.get`` for every wall and the first ``newsfeed.search`` page of every query; later rounds
ask only for what round one showed to be new: comments of posts whose comment count changed,
further search pages. So 100 quiet walls cost 4 requests.

The cursor (``VkCursor``, stored as JSON) remembers, per wall, the highest post id seen and, for its recent
posts, the comment count and the last comment ids; per query, the newest post time seen and
the posts at exactly that second. First poll (no cursor): whatever the walls show now.

A wall whose newest post id is below the cursor's (the network was reset and hands out ids
again, or its newest posts were deleted) would otherwise hide every new post until the ids
catch up: such a wall is read again as on a first poll (storage drops what it already has)
and reported in ``cursor_ahead``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

import structlog

from connectors.base import AuthError, CaptchaError, NetworkMessage, PermanentError
from connectors.vk.batch import BATCH_SIZE, BatchRunner, Call, Outcome
from connectors.vk.cursor import PostCursor, QueryCursor, VkCursor, WallCursor
from connectors.vk.errors import error_for_code
from connectors.vk.normalize import (
    AuthorNames,
    comment_message,
    flatten_comments,
    is_skipped_post,
    post_external_id,
    post_message,
)

__all__ = ["VkPoll", "posts_first"]

POSTS_PER_WALL = 100
COMMENTS_PAGE = 100
THREAD_ITEMS = 10
SEARCH_PAGE = 100
MAX_SEARCH_PAGES = 5
MAX_ROUNDS = 6

log = structlog.get_logger()

Handler = Callable[[Outcome], list[tuple[Call, "Handler"]]]
Work = list[tuple[Call, Handler]]


class _Messages:
    """Collected messages, each once (a pinned post or a search hit may show up twice)."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._new: list[NetworkMessage] = []  # added since the last ``take``

    def add(self, message: NetworkMessage | None) -> bool:
        if message is None or message.external_id in self._seen:
            return False
        self._seen.add(message.external_id)
        self._new.append(message)
        return True

    def take(self) -> list[NetworkMessage]:
        """The messages added since the last ``take``, in the order they came."""
        fresh, self._new = self._new, []
        return fresh


def posts_first(m: NetworkMessage) -> tuple[bool, datetime, str]:
    """The order a fetch hands its messages in: posts before comments, then by time written."""
    return m.kind != "post", m.created_at, m.external_id


class VkPoll:
    """One fetch's worth of work; build a new one per poll."""

    def __init__(
        self,
        runner: BatchRunner,
        *,
        walls: tuple[int, ...],
        queries: tuple[str, ...],
        comments_posts: int,
        now: Callable[[], datetime],
        source: str = "vk",
    ) -> None:
        self.source = source  # the source's name, for log lines
        self.runner = runner
        self.walls = walls
        self.queries = queries
        self.comments_posts = comments_posts
        self.now = now
        self.messages = _Messages()
        self.cursor_ahead: list[dict[str, Any]] = []

    def pages(self, old: VkCursor, new: VkCursor) -> Iterator[list[NetworkMessage]]:
        """The poll request by request: each ``execute`` request's new messages as it answers
        (posts first within a page); ``new`` is the cursor to store once the iterator is done.
        The requests are those of ``run``: a round's calls go 25 to a request."""
        work: Work = []
        for owner in self.walls:
            if owner in old.walls:
                new.walls[owner] = old.walls[owner]  # kept as is unless this poll reads the wall
            work.append((self._wall_call(owner), self._wall_handler(owner, old, new)))
        for query in self.queries:
            if query in old.queries:
                new.queries[query] = old.queries[query]
            work.extend(_SearchQuery(self, query, old.queries.get(query), new).first())
        rounds = 0
        while work and rounds < MAX_ROUNDS:
            follow: Work = []
            for start in range(0, len(work), BATCH_SIZE):
                chunk = work[start:start + BATCH_SIZE]
                outcomes = self.runner.run([call for call, _ in chunk])
                for (_, handler), outcome in zip(chunk, outcomes, strict=True):
                    follow.extend(handler(outcome))
                page = self.messages.take()
                if page:
                    yield sorted(page, key=posts_first)
            work, rounds = follow, rounds + 1
        if work:
            log.info("vk.poll_rounds_exhausted", pending_calls=len(work))

    # -- errors -------------------------------------------------------------------------------

    def failed(self, outcome: Outcome, **context: Any) -> Exception:
        """Log a failed call; token-wide problems (5, 14) are raised to stop the whole poll."""
        error = outcome.error or {}
        code = int(error.get("error_code", 1))
        exc = error_for_code(code, str(error.get("error_msg", "")), method=outcome.call.method, now=self.now())
        if isinstance(exc, (AuthError, CaptchaError)):
            raise exc
        log.warning("vk.call_failed", source=self.source, method=outcome.call.method, error_code=code, **context)
        return exc

    # -- walls --------------------------------------------------------------------------------

    @staticmethod
    def _wall_call(owner: int) -> Call:
        return Call("wall.get", {"owner_id": owner, "count": POSTS_PER_WALL, "extended": 1})

    def _wall_handler(self, owner: int, old: VkCursor, new: VkCursor) -> Handler:
        def handle(outcome: Outcome) -> Work:
            if not outcome.ok:
                self.failed(outcome, owner_id=owner)
                return []
            return self._read_wall(owner, outcome.value, old.walls.get(owner), new)

        return handle

    def _read_wall(self, owner: int, payload: Any, before: WallCursor | None, new: VkCursor) -> Work:
        names = AuthorNames().add(payload)
        unique: dict[int, dict[str, Any]] = {}
        for item in _items(payload, source=self.source, owner_id=owner):
            if not is_skipped_post(item):
                unique.setdefault(int(item["id"]), item)
        max_seen = before.max_post_id if before else 0
        if before is not None and unique and max(unique) < max_seen:
            self.cursor_ahead.append({"wall": owner, "newest_id": max(unique), "cursor_id": max_seen})
            before, max_seen = None, 0  # read the wall and its recent comments afresh
        for post_id, item in unique.items():
            if before is None or post_id > max_seen:
                self.messages.add(post_message({"owner_id": owner, **item}, names))
        known_posts = before.posts if before else {}
        wall_state = WallCursor(max_post_id=max([max_seen, *unique]))
        new.walls[owner] = wall_state
        follow: Work = []
        for post_id in sorted(unique, reverse=True)[: self.comments_posts]:
            comments = unique[post_id].get("comments")
            count = int((comments if isinstance(comments, dict) else {}).get("count") or 0)
            known = known_posts.get(post_id)
            entry = replace(known) if known is not None else PostCursor()
            wall_state.posts[post_id] = entry
            if count == entry.count:
                continue
            if count == 0:
                entry.count = 0
                continue
            reader = _PostComments(self, owner, post_id, entry, count, is_new=known is None)
            follow.append(reader.first())
        return follow


class _PostComments:
    """Reads the new comments of one post: ascending from the last top-level comment seen, then,
    if the count grew by more than that showed, the newest threads (replies to older comments)."""

    def __init__(self, poll: VkPoll, owner: int, post_id: int, entry: PostCursor, count: int, *, is_new: bool) -> None:
        self.poll = poll
        self.owner = owner
        self.post_id = post_id
        self.entry = entry
        self.count = count
        self.is_new = is_new
        self.seen_before = entry.last
        self.start_count = entry.count
        self.max_id = self.seen_before
        self.found = 0
        # A read an earlier poll left half-done resumes at last_top, which that poll returned.
        resumed = entry.last_top
        self.new_ids: set[int] = {resumed} if resumed > self.seen_before else set()

    def _call(self, **extra: Any) -> Call:
        values = {
            "owner_id": self.owner,
            "post_id": self.post_id,
            "count": COMMENTS_PAGE,
            "preview_length": 0,
            "thread_items_count": THREAD_ITEMS,
            "need_likes": 1,
            "extended": 1,
            **extra,
        }
        return Call("wall.getComments", values)

    def first(self) -> tuple[Call, Handler]:
        return self._ascending_page(self.entry.last_top)

    def _ascending_page(self, start: int) -> tuple[Call, Handler]:
        extra: dict[str, Any] = {"sort": "asc"}
        if start:
            extra["start_comment_id"] = start
        return self._call(**extra), self._on_ascending

    def _collect(self, payload: Any) -> list[dict[str, Any]]:
        names = AuthorNames().add(payload)
        items = _items(payload, source=self.poll.source, owner_id=self.owner, post_id=self.post_id)
        for comment, thread in flatten_comments(items):
            comment_id = int(comment.get("id", 0))
            self.max_id = max(self.max_id, comment_id)
            if comment_id <= self.seen_before or comment_id in self.new_ids:
                continue
            self.new_ids.add(comment_id)  # deleted ones too: they are in the post's count
            self.found += 1
            message = comment_message(comment, owner_id=self.owner, post_id=self.post_id, names=names, thread=thread)
            self.poll.messages.add(message)
        return items

    def _done(self) -> None:
        """Every new comment has been read: only now the count and the highest id seen are kept.

        Until then the entry keeps the old ones (a failed page, the rounds running out), so the
        next poll reads the rest, thread replies to older comments included.
        """
        self.entry.count = self.count
        self.entry.last = self.max_id

    def _failed(self, outcome: Outcome) -> Work:
        exc = self.poll.failed(outcome, owner_id=self.owner, post_id=self.post_id)
        if isinstance(exc, PermanentError):  # comments closed, post gone: stop asking until the count moves
            self._done()
        return []

    def _on_ascending(self, outcome: Outcome) -> Work:
        if not outcome.ok:
            return self._failed(outcome)
        items = self._collect(outcome.value)
        top_ids = [int(i["id"]) for i in items if "id" in i]
        last_top = max([self.entry.last_top, *top_ids])
        self.entry.last_top = last_top
        if len(items) >= COMMENTS_PAGE:  # more pages: go on next round (count stays old until done)
            return [self._ascending_page(last_top)]
        unaccounted = (self.count - self.start_count) - self.found
        if not self.is_new and unaccounted > 0:
            return [(self._call(sort="desc"), self._on_threads)]
        self._done()
        return []

    def _on_threads(self, outcome: Outcome) -> Work:
        if not outcome.ok:
            return self._failed(outcome)
        self._collect(outcome.value)
        self._done()
        return []


class _SearchQuery:
    """``newsfeed.search`` for one query, paged with ``start_from``; the cursor moves only when
    every page of this poll has been read, so a failure in the middle loses nothing."""

    def __init__(self, poll: VkPoll, query: str, before: QueryCursor | None, new: VkCursor) -> None:
        self.poll = poll
        self.query = query
        self.new = new
        self.last_time = before.last_time if before else 0
        self.last_ids = set(before.last_ids) if before else set()
        self.max_time = self.last_time
        self.ids_at_max: set[str] = set(self.last_ids)
        self.pages = 0

    def _call(self, start_from: str | None) -> Call:
        values: dict[str, Any] = {"q": self.query, "count": SEARCH_PAGE, "extended": 1}
        if self.last_time:
            values["start_time"] = self.last_time
        if start_from:
            values["start_from"] = start_from
        return Call("newsfeed.search", values)

    def first(self) -> Work:
        return [(self._call(None), self._on_page)]

    def _on_page(self, outcome: Outcome) -> Work:
        if not outcome.ok:
            self.poll.failed(outcome, query=self.query)
            return []
        payload = outcome.value or {}
        names = AuthorNames().add(payload)
        items = [i for i in _items(payload, source=self.poll.source, query=self.query) if not is_skipped_post(i)]
        for item in items:
            date = int(item.get("date") or 0)
            key = post_external_id(int(item.get("owner_id") or item.get("source_id") or 0), item["id"])
            if date < self.last_time or (date == self.last_time and key in self.last_ids):
                continue
            self.poll.messages.add(post_message(item, names))
            if date > self.max_time:
                self.max_time, self.ids_at_max = date, {key}
            elif date == self.max_time:
                self.ids_at_max.add(key)
        self.pages += 1
        next_from = payload.get("next_from")
        if next_from and items:
            if self.pages < MAX_SEARCH_PAGES:
                return [(self._call(str(next_from)), self._on_page)]
            log.warning("vk.search_truncated", query=self.query, pages=self.pages)
        self.new.queries[self.query] = QueryCursor(self.max_time, tuple(sorted(self.ids_at_max)))
        return []


def _items(payload: Any, **where: Any) -> list[dict[str, Any]]:
    """The well-formed items of a VK list answer; an item without a numeric id is skipped with
    a log line saying where it was (one odd item never stops the poll)."""
    raw = payload.get("items") if isinstance(payload, dict) else None
    items: list[dict[str, Any]] = []
    for item in raw if isinstance(raw, list) else ():
        try:
            int(item["id"])
        except (TypeError, KeyError, ValueError):
            log.warning("vk.item_skipped", reason="ill-formed item", **where)
            continue
        items.append(item)
    return items
