"""The one small interface every platform connector implements, and the records it returns.

Connectors translate a platform into plain normalized records and raise only the errors
defined here, so the daemon and the publisher never see a platform SDK's exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class NetworkMessage:
    """One public message (post, comment, feed entry) as every platform gives it to us."""

    platform: str
    external_id: str  # unique within the platform, stable across polls
    kind: str  # "post" | "comment" | "board" | "entry"
    text: str
    url: str
    created_at: datetime  # timezone-aware
    author_id: str | None = None
    author_name: str | None = None
    parent_external_id: str | None = None  # the post a comment belongs to
    owner_id: str | None = None  # wall / community / feed the message lives on
    post_id: str | None = None
    comment_id: str | None = None
    likes: int = 0
    reposts: int = 0
    comments: int = 0
    views: int = 0
    geo: tuple[float, float] | None = None  # (latitude, longitude)
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """New messages since a cursor, and the cursor to store with them in one transaction."""

    messages: list[NetworkMessage]
    cursor: dict[str, Any]
    requests: int = 0  # HTTP requests this fetch made (for benchmarks and logs)
    # Places where the platform's newest id was below the stored cursor (ids reused after a
    # reset, newest posts deleted): each was re-read from scratch; the poller warns about them.
    cursor_ahead: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class FetchPage:
    """Part of a fetch as it arrives (one request's worth); the last page carries the fetch's
    end: the cursor, the requests made and ``cursor_ahead`` (its ``messages`` are empty)."""

    messages: list[NetworkMessage]
    end: FetchResult | None = None


@dataclass(frozen=True, slots=True)
class ReplyTarget:
    """Where a reply goes: the message it answers, in platform terms."""

    platform: str
    owner_id: str
    post_id: str
    comment_id: str | None = None  # answer this comment (threaded) rather than the post
    topic_id: str | None = None  # VK board topic
    author_name: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    guid: str  # idempotency key, stable across retries of the same publication
    attachments: tuple[str, ...] = ()  # local file paths of photos to upload


@dataclass(frozen=True, slots=True)
class PostedReply:
    external_id: str
    url: str


class ConnectorError(Exception):
    """Base of the only errors a connector raises."""


class TransientError(ConnectorError):
    """Network trouble, 5xx, rate limits: retry later with backoff."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AuthError(ConnectorError):
    """The token is invalid, expired or of the wrong type: stop the source and alert."""


class PermanentError(ConnectorError):
    """Retrying cannot help (comments closed, post deleted, access denied)."""


class CaptchaError(ConnectorError):
    """The platform asks for a captcha: surface it to a person, never loop on it."""

    def __init__(self, message: str, sid: str | None = None, img: str | None = None) -> None:
        super().__init__(message)
        self.sid = sid
        self.img = img


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a connector can do beyond reading, declared rather than probed.

    ``replies``: ``post_reply`` publishes (False: read-only, every reply is published by hand);
    ``find_reply``: ``find_reply`` can find an earlier attempt's reply (an unknown outcome is
    checked before posting again); ``photos``: a reply may carry photo attachments; ``streaming``:
    ``fetch`` is a long poll that returns as soon as something happens, so it is called back to
    back rather than on an interval (the connector is also ``Interruptible``); ``reactions``: the
    connector is also a ``ReactionsReader``
    (the counts of messages it gave earlier can be read again as they grow); ``pages``: it is
    also a ``PagedFetcher`` (a fetch of many requests hands over each request's messages as
    they come, so storing them overlaps the next request's pacing and wait).
    """

    replies: bool = True
    find_reply: bool = False
    photos: bool = False
    streaming: bool = False  # fetch waits on the network for new events: call it again at once
    reactions: bool = False  # ``refresh_reactions`` re-reads likes, comments and reposts (ReactionsReader)
    pages: bool = False  # ``fetch_pages`` gives the fetch page by page (PagedFetcher)


READ_ONLY = Capabilities(replies=False)


@dataclass(frozen=True, slots=True)
class Reactions:
    """A message's counts as the platform reports them now."""

    likes: int = 0
    comments: int = 0
    reposts: int = 0
    views: int = 0


@dataclass(frozen=True, slots=True)
class ReactionsResult:
    """The counts found, by external id (a deleted or hidden message is simply absent)."""

    counts: dict[str, Reactions]
    requests: int = 0


class ReactionsReader(Protocol):
    """Optional: a connector declaring ``capabilities.reactions`` re-reads counts with this."""

    def refresh_reactions(self, external_ids: list[str], max_requests: int) -> ReactionsResult:
        """The current counts of these earlier messages, in at most ``max_requests`` requests
        (the first ids first: the caller orders them by priority)."""
        ...


class PagedFetcher(Protocol):
    """Optional: a connector declaring ``capabilities.pages`` also fetches with this."""

    def fetch_pages(self, cursor: dict[str, Any] | None) -> Iterator[FetchPage]:
        """What ``fetch(cursor)`` returns, page by page as the requests answer: every message
        once across the pages, a comment possibly before the page holding its post; the last
        page ends the fetch. Raises the connector's errors as ``fetch`` does, at the page where
        it fails; closing the iterator early stops the fetch without another request."""
        ...


class Interruptible(Protocol):
    """What a connector declaring ``capabilities.streaming`` also has: its long poll waits on the
    network for up to its wait, and a stopping service must not wait with it."""

    def interrupt(self) -> None:
        """End the long poll under way at once, and every later one, with no messages and the
        cursor unchanged (nothing is lost: the next run reads from that cursor)."""
        ...


def gather(pages: Iterable[FetchPage]) -> FetchResult:
    """The pages of a fetch as one ``FetchResult`` (their messages in the order they came)."""
    messages: list[NetworkMessage] = []
    for page in pages:
        messages.extend(page.messages)
        if page.end is not None:
            return replace(page.end, messages=messages)
    raise RuntimeError("a paged fetch ended without its last page (no cursor)")


@runtime_checkable
class Connector(Protocol):
    platform: str

    @property
    def capabilities(self) -> Capabilities:
        """What this connector can do beyond reading (declared, never probed)."""
        ...

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        """Return messages newer than ``cursor`` (None = first poll) and the new cursor."""
        ...

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        """Publish ``reply`` under ``target``; raise PermanentError where posting is impossible."""
        ...

    def find_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply | None:
        """The already-posted copy of ``reply`` under ``target``, if any; only called when
        ``capabilities.find_reply`` (connectors without it answer None)."""
        ...

    def check(self) -> list[str]:
        """Problems with this connector's configuration or credentials, as sentences."""
        ...


class ReadOnlyConnector:
    """The reply side of a network we can only read: every reply is published by hand, with the
    reason (``manual_reason``, Russian, shown to the executor beside the text and the link)."""

    platform: str
    capabilities: Capabilities = READ_ONLY
    manual_reason: str = "источник только для чтения — опубликуйте ответ вручную"

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        raise PermanentError(self.manual_reason)

    def find_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply | None:
        return None
