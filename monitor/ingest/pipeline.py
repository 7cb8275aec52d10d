"""The ingest pipeline: store a fetch idempotently, label it, open cards, move the cursor.

Everything one fetch brings is written in one transaction together with the source's new
cursor, so a crash at any moment loses nothing and stores nothing twice: after a restart the
source is polled again from the old cursor and already-stored messages are skipped by their
(platform, external id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors.base import FetchPage, FetchResult
from connectors.base import NetworkMessage as Record
from db.models import Incident, Source
from db.statuses import SourceStatus
from monitor.core.clock import Clock
from monitor.core.gc_pause import PAUSE_FROM, collector_paused
from monitor.ingest.message_rows import Labelled, MessageWriter, existing_ids, unique
from monitor.ingest.relevance import Labeler, MessageLabels, WatchTerms


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A just-stored relevant message, as the card opener needs it (no ORM object per message)."""

    id: int
    platform: str
    url: str
    detected_at: datetime
    topic: str | None
    location: str | None
    importance: str | None
    text: str = ""
    author_id: str | None = None
    created_at: datetime | None = None  # when the author wrote it (orders repeats in a batch)
    topics: tuple[str, ...] = ()  # every topic of the message (secondary ones suggest units too)
    lemmas: tuple[str, ...] | None = None  # as the classifier read the text (None: the finder reads it)
    card_id: int | None = None  # taken for its card beforehand: the message already points at it


# Opens cards for a batch of stored relevant messages (session, messages, now, official).
CardOpener = Callable[[Session, list[StoredMessage], datetime, bool], list[Incident]]
OWN = MessageLabels(rules=("own_account",))


@dataclass(slots=True)
class IngestStats:
    received: int = 0
    stored: int = 0
    duplicates: int = 0
    relevant: int = 0
    excluded: int = 0
    cards: int = 0

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.__slots__}


def source_row(session: Session, name: str, platform: str, *, lock: bool = False) -> Source:
    """The source's row, created on first use; locked for update when asked (PostgreSQL)."""
    stmt = select(Source).where(Source.name == name)
    if lock:
        stmt = stmt.with_for_update()
    row = session.scalars(stmt).one_or_none()
    if row is None:
        row = Source(name=name, platform=platform, status=SourceStatus.OK, failures=0)
        session.add(row)
        session.flush()
    return row


class IngestPipeline:
    """normalize → deduplicate → label → store → open cards, for one fetch at a time."""

    def __init__(self, session_factory: sessionmaker[Session], labeler: Labeler, clock: Clock,
                 open_cards: CardOpener) -> None:
        self._sessions = session_factory
        self._labeler = labeler
        self._clock = clock
        self._open_cards = open_cards

    def store(self, source_name: str, platform: str, result: FetchResult, *,
              watch: WatchTerms | None = None, official: bool = False,
              own_authors: frozenset[str] = frozenset(), own: bool = False,
              expected_cursor: Any = ..., by_hand: bool = False) -> IngestStats:
        """Store ``result`` and move the source's cursor, atomically.

        ``own_authors`` are the organization's own accounts: their messages (its news, our
        published replies seen again by the next poll) are stored, as the context of the
        citizens' comments under them, but never open a card; with ``own`` every message of the
        source is the organization's own (its site's news feed).
        ``by_hand``: the curator entered these messages (a phone call, a network not watched, a
        message the rules missed): they are labelled like any other but always open a card.
        ``expected_cursor`` (when given) guards against two workers polling one source: if the
        stored cursor is no longer the one the fetch started from, the fetch is discarded.
        """
        label = _Labelling(self._labeler, watch, official, own_authors, own, by_hand)
        stats = IngestStats(received=len(result.messages))
        now = self._clock.now()
        with collector_paused(len(result.messages)), self._sessions() as session, session.begin():
            src = _source_for(session, source_name, platform, expected_cursor)
            if src is None:
                stats.duplicates = stats.received
                return stats
            records = unique(result.messages)
            existing = existing_ids(session, platform, [r.external_id for r in records])
            labelled = label([r for r in records if r.external_id not in existing])
            writer = MessageWriter(session, platform, src.id, now)
            writer.known(existing)
            writer.add(labelled)
            self._finish(session, src, writer, labelled, stats, result.cursor, official, now)
        return stats

    def store_pages(self, source_name: str, platform: str, pages: Iterable[FetchPage], *,
                    watch: WatchTerms | None = None, official: bool = False,
                    own_authors: frozenset[str] = frozenset(), own: bool = False,
                    expected_cursor: Any = ...) -> tuple[IngestStats, FetchResult | None]:
        """``store`` for a fetch that comes in pages, each labelled (and on PostgreSQL written)
        as it comes, while the next one is fetched: still one transaction with the cursor of the
        last page, so a failed or interrupted fetch stores nothing. Returns the stats and the
        fetch's end (its cursor, requests; None when discarded by ``expected_cursor``).

        On PostgreSQL the transaction (and the source's row lock) opens with the first page, and
        the server takes a page's rows in while the next page is labelled; SQLite's one writer
        would lock everyone else out of the database for as long as the network takes, so there
        the pages are only labelled as they come and written at the end.
        """
        label = _Labelling(self._labeler, watch, official, own_authors, own, False)
        stats, now, seen = IngestStats(), self._clock.now(), set[str]()
        labelled: Labelled = []
        end: FetchResult | None = None
        writer: MessageWriter | None = None
        with ExitStack() as pause, self._sessions() as session, ExitStack() as transaction:
            if session.get_bind().dialect.name != "sqlite":  # write as the pages come
                transaction.enter_context(session.begin())
                src = _source_for(session, source_name, platform, expected_cursor)
                if src is None:
                    return stats, None
                writer = transaction.enter_context(MessageWriter(session, platform, src.id, now, overlap=True))
            paused = False
            for page in pages:
                end = page.end or end
                stats.received += len(page.messages)
                if stats.received >= PAUSE_FROM and not paused:  # a big fetch, as ``store`` pauses
                    pause.enter_context(collector_paused())
                    paused = True
                records = unique(page.messages, seen)
                if writer is None:
                    labelled += label(records)
                    continue
                # labelled while the server still takes in the previous page's rows; a message
                # stored by an earlier poll (rare: the cursor skips them) is labelled for nothing
                fresh = label(records)
                writer.settle()
                existing = existing_ids(session, platform, [r.external_id for r in records])
                writer.known(existing)
                fresh = [(rec, lab) for rec, lab in fresh if rec.external_id not in existing]
                writer.add(fresh)
                labelled += fresh
            if end is None:
                raise RuntimeError(f"{source_name}: the paged fetch ended without its cursor")
            if writer is None:
                transaction.enter_context(session.begin())
                src = _source_for(session, source_name, platform, expected_cursor)
                if src is None:
                    stats.duplicates = stats.received
                    return stats, None
                existing = existing_ids(session, platform, [rec.external_id for rec, _ in labelled])
                labelled = [(rec, lab) for rec, lab in labelled if rec.external_id not in existing]
                writer = MessageWriter(session, platform, src.id, now)
                writer.known(existing)
                writer.add(labelled)
            assert src is not None  # found (locked) before the first write
            self._finish(session, src, writer, labelled, stats, end.cursor, official, now)
        return stats, end

    def _finish(self, session: Session, src: Source, writer: MessageWriter, labelled: Labelled,
                stats: IngestStats, cursor: dict[str, Any], official: bool, now: datetime) -> None:
        """The rest of the fetch's transaction: comments left waiting, cards, the new cursor."""
        writer.finish()
        stats.duplicates = stats.received - len(labelled)
        relevant = []
        for rec, labels in labelled:
            if labels.excluded:
                stats.excluded += 1
            elif labels.relevant:
                relevant.append(StoredMessage(writer.ids[rec.external_id], rec.platform, rec.url, now,
                                              labels.topic, labels.location, labels.importance,
                                              rec.text, rec.author_id, rec.created_at,
                                              labels.topics, labels.lemmas, writer.cards.get(rec.external_id)))
        stats.relevant = len(relevant)
        if relevant:
            stats.cards = len(self._open_cards(session, relevant, now, official))
        stats.stored = len(labelled)
        src.cursor = cursor
        src.last_polled_at = now
        src.status = SourceStatus.OK
        src.failures = 0
        src.last_error = None
        src.retry_at = None


def _source_for(session: Session, name: str, platform: str, expected_cursor: Any) -> Source | None:
    """The source's row, locked; None when another worker moved its cursor since the fetch began."""
    src = source_row(session, name, platform, lock=True)
    if expected_cursor is not ... and src.cursor != expected_cursor:
        return None
    return src


class _Labelling:
    """Labels records as the pipeline's options say (own messages, entered by hand)."""

    def __init__(self, labeler: Labeler, watch: WatchTerms | None, official: bool,
                 own_authors: frozenset[str], own: bool, by_hand: bool) -> None:
        self._labeler, self._watch, self._official = labeler, watch, official
        self._own_authors, self._own, self._by_hand = own_authors, own, by_hand

    def __call__(self, records: Iterable[Record]) -> Labelled:
        label, own, own_authors = self._labeler.label, self._own, self._own_authors
        labelled = [(rec, OWN if own or rec.author_id in own_authors else label(
            rec.text, platform=rec.platform, official=self._official, geo=rec.geo, likes=rec.likes,
            comments=rec.comments, reposts=rec.reposts, watch=self._watch)) for rec in records]
        if self._by_hand:
            labelled = [(rec, replace(lab, relevant=True, excluded=None)) for rec, lab in labelled]
        return labelled
