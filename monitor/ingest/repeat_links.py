"""Repeats at intake (p. 18): a new message that repeats a recent card is linked to it.

For the (topic, location) buckets a batch touches, the recent cards (opened within the window,
not excluded or dismissed) are read once with their first message and indexed; each new message
is looked up there (classifier.repeats: same topic and location, similar text, the same author
weighs more). The messages of one batch are looked up in the order they were written and each
joins the index once decided, so a complaint and its near-copy in the same poll are linked too:
the later one repeats the card the earlier one opens. A repeat opens its own card linked to the
earlier one, routed to the same unit by default and flagged to report the measures taken.
Texts are compared as the classifier reads them (markup removed): a batch message brings the
lemmas its labelling computed, a stored card's first message is read again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from classifier.repeats import RecentCard, RepeatIndex, RepeatQuery
from db.models import Incident, Message
from db.statuses import CardState
from monitor.ingest.pipeline import StoredMessage

REPEAT_WINDOW = timedelta(days=30)
CLOSED_FOR_REPEATS = (CardState.EXCLUDED, CardState.DISMISSED)
Lemmatizer = Callable[[str], Sequence[str]]


@dataclass(frozen=True, slots=True)
class Repeat:
    """A message that repeats either an earlier card or an earlier message of the same batch."""

    message: StoredMessage
    card_id: int | None = None
    earlier: StoredMessage | None = None  # its card is opened before this one


@dataclass(frozen=True, slots=True)
class _InBatch:
    """Index key of a batch message whose card does not exist yet."""

    message: StoredMessage


@dataclass(slots=True)
class RepeatMemory:
    """What the finder keeps between the batches of one fetch carded page by page: its index
    (the recent cards of the buckets read so far and the fetch's messages), and the card each
    of those messages opened, so a later page's repeat links to it as to any stored card."""

    index: RepeatIndex = field(default_factory=RepeatIndex)
    loaded: set[tuple[str | None, str | None]] = field(default_factory=set)  # buckets read from the database
    cards: dict[int, int] = field(default_factory=dict)  # message id → the card it opened

    def opened(self, cards: Iterable[Incident]) -> None:
        self.cards.update((card.first_message_id, card.id) for card in cards if card.first_message_id is not None)


class RepeatFinder:
    def __init__(self, lemmas_of: Lemmatizer, window: timedelta = REPEAT_WINDOW) -> None:
        self._lemmas_of = lemmas_of
        self._window = window

    def split(self, session: Session, messages: Sequence[StoredMessage], now: datetime,
              memory: RepeatMemory | None = None) -> tuple[list[StoredMessage], list[Repeat]]:
        """The messages that open new cards, and the repeats in the order they were written.
        ``memory``: the fetch's earlier batches (their cards must be in ``memory.cards``)."""
        memory = memory or RepeatMemory()
        buckets = {(m.topic, m.location) for m in messages if _comparable(m)}
        if not buckets:
            return list(messages), []
        index, unread = memory.index, buckets - memory.loaded
        if unread:
            rows = session.execute(
                select(Incident.id, Incident.topic, Incident.location, Message.text, Message.author_id,
                       Incident.detected_at)
                .join(Message, Message.id == Incident.first_message_id)
                .where(Incident.detected_at >= now - self._window,
                       Incident.state.not_in(CLOSED_FOR_REPEATS),
                       tuple_(Incident.topic, Incident.location).in_(sorted(unread)))
            )
            index.extend(RecentCard(card_id=cid, topic=topic or "", location=loc, lemmas=self._lemmas_of(text),
                                    author_id=author, at=at) for cid, topic, loc, text, author, at in rows)
            memory.loaded |= unread
        fresh: list[StoredMessage] = []
        repeats: list[Repeat] = []
        for m in sorted(messages, key=lambda m: (m.created_at or m.detected_at, m.id)):
            if not _comparable(m):
                fresh.append(m)
                continue
            assert m.topic is not None
            lemmas = m.lemmas if m.lemmas is not None else self._lemmas_of(m.text)
            match = index.find_then_add(
                RepeatQuery(topic=m.topic, location=m.location, lemmas=lemmas, author_id=m.author_id),
                _InBatch(m), m.created_at or m.detected_at)
            if match is None:
                fresh.append(m)
            elif isinstance(match.card_id, _InBatch):
                earlier = match.card_id.message
                opened = memory.cards.get(earlier.id)  # by an earlier batch of the fetch
                repeats.append(Repeat(m, card_id=opened) if opened is not None else Repeat(m, earlier=earlier))
            else:
                assert isinstance(match.card_id, int), "a stored card's id"
                repeats.append(Repeat(m, card_id=match.card_id))
        return fresh, repeats


def _comparable(message: StoredMessage) -> bool:
    return bool(message.topic) and message.topic != "other"
