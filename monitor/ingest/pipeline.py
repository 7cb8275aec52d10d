"""The ingest pipeline: store a fetch idempotently, label it, open cards, move the cursor.

Everything one fetch brings is written in one transaction together with the source's new
cursor, so a crash at any moment loses nothing and stores nothing twice: after a restart the
source is polled again from the old cursor and already-stored messages are skipped by their
(platform, external id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from typing import Any, NamedTuple, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors.base import FetchPage, FetchResult
from connectors.base import NetworkMessage as Record
from db.models import Incident, Source
from db.statuses import SourceStatus
from monitor.core.clock import Clock
from monitor.core.gc_pause import PAUSE_FROM, collector_paused
from monitor.ingest.label_process import PROCESS_FROM, LabelProcess
from monitor.ingest.message_rows import Labelled, MessageWriter, existing_ids, unique
from monitor.ingest.page_feed import PageFeed
from monitor.ingest.relevance import Labeler, MessageLabels, WatchTerms, incoming


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


@dataclass(slots=True)
class FetchCards:
    """A paged fetch carded page by page: what its later batches need of the earlier ones.

    The repeat finder keeps what it read and the cards the fetch opened (``repeats``: the card
    opener's, monitor.ingest.repeat_links.RepeatMemory); the opened cards and their events wait
    in ``held``, and the curators are told once, with the ``final`` batch, as for a fetch
    carded at once."""

    repeats: Any = None
    held: list[tuple[Incident, Any]] = field(default_factory=list)  # (card, its opening event)
    final: bool = False


class CardOpener(Protocol):
    """Opens cards for a batch of stored relevant messages; ``fetch``: one of a paged fetch's batches."""

    def __call__(self, session: Session, messages: list[StoredMessage], now: datetime, official: bool,
                 fetch: FetchCards | None = None) -> list[Incident]: ...


OWN = MessageLabels(rules=("own_account",))
PART_FIRST, PART_MAX = 250, 1000  # records of a big page sent to the labelling process at once
PAGE_CARDS_FROM = 100  # written relevant messages of a paged fetch carded before its end, at least


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
                 open_cards: CardOpener, label_process: LabelProcess | None = None) -> None:
        """``label_process``: big pages of a paged fetch are labelled there (the same rules as
        ``labeler``) while the page before is written."""
        self._sessions = session_factory
        self._label_process = label_process
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
        label = _Labelling(self._labeler, watch, official, own_authors, own, False, self._label_process)
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
            carding = _PageCarding(self._open_cards, session, now, official)
            paused = False
            for part in _ahead(pages, seen, label):
                end, records, pending = part.end or end, part.records, part.labels
                stats.received += part.received
                if stats.received >= PAUSE_FROM and not paused:  # a big fetch, as ``store`` pauses
                    pause.enter_context(collector_paused())
                    paused = True
                if writer is None:
                    labelled += pending()
                    continue
                # labelled while the server still takes in the previous page's rows (or, in the
                # labelling process, while they were sent); a message stored by an earlier poll
                # (rare: the cursor skips them) is labelled for nothing
                fresh = pending()
                writer.settle()
                existing = existing_ids(session, platform, [r.external_id for r in records])
                writer.known(existing)
                fresh = [(rec, lab) for rec, lab in fresh if rec.external_id not in existing]
                writer.add(fresh)
                labelled += fresh
                carding.page(writer, fresh)
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
            self._finish(session, src, writer, labelled, stats, end.cursor, official, now, carding)
        return stats, end

    def _finish(self, session: Session, src: Source, writer: MessageWriter, labelled: Labelled,
                stats: IngestStats, cursor: dict[str, Any], official: bool, now: datetime,
                carding: _PageCarding | None = None) -> None:
        """The rest of the fetch's transaction: comments left waiting, cards, the new cursor."""
        writer.finish()
        stats.duplicates = stats.received - len(labelled)
        carded = carding.carded if carding is not None else frozenset()
        relevant = []
        for rec, labels in labelled:
            if labels.excluded:
                stats.excluded += 1
            elif labels.relevant:
                stats.relevant += 1
                if rec.external_id not in carded:
                    relevant.append(_stored(writer, rec, labels, now))
        if carding is not None and carding.opened:  # the rest, and the curators told of them all
            carding.open(relevant, final=True)
            stats.cards = carding.opened
        elif relevant:
            stats.cards = len(self._open_cards(session, relevant, now, official))
        stats.stored = len(labelled)
        src.cursor = cursor
        src.last_polled_at = now
        src.status = SourceStatus.OK
        src.failures = 0
        src.last_error = None
        src.retry_at = None


class _PageCarding:
    """A paged fetch's cards opened as its pages are written (PostgreSQL), while the next page
    is fetched and labelled, instead of all at its end: once a hundred or more of its relevant
    messages are written, they are carded in one batch; the rest are carded with the last."""

    def __init__(self, open_cards: CardOpener, session: Session, now: datetime, official: bool) -> None:
        self._open_cards, self._session, self._now, self._official = open_cards, session, now, official
        self._fetch = FetchCards()
        self._waiting: Labelled = []
        self.carded: set[str] = set()  # external ids of the messages carded so far
        self.opened = 0

    def page(self, writer: MessageWriter, fresh: Labelled) -> None:
        self._waiting += [(rec, lab) for rec, lab in fresh if lab.relevant and not lab.excluded]
        ready = [(rec, lab) for rec, lab in self._waiting if rec.external_id in writer.ids]
        if len(ready) < PAGE_CARDS_FROM:
            return
        writer.settle()
        self._waiting = [(rec, lab) for rec, lab in self._waiting if rec.external_id not in writer.ids]
        self.carded.update(rec.external_id for rec, _ in ready)
        self.open([_stored(writer, rec, lab, self._now) for rec, lab in ready], final=False)

    def open(self, messages: list[StoredMessage], *, final: bool) -> list[Incident]:
        self._fetch.final = final
        cards = self._open_cards(self._session, messages, self._now, self._official, self._fetch)
        self.opened += len(cards)
        return cards


def _stored(writer: MessageWriter, rec: Record, labels: MessageLabels, now: datetime) -> StoredMessage:
    return StoredMessage(writer.ids[rec.external_id], rec.platform, rec.url, now, labels.topic, labels.location,
                         labels.importance, rec.text, rec.author_id, rec.created_at, labels.topics,
                         labels.lemmas, writer.cards.get(rec.external_id))


def _source_for(session: Session, name: str, platform: str, expected_cursor: Any) -> Source | None:
    """The source's row, locked; None when another worker moved its cursor since the fetch began."""
    src = source_row(session, name, platform, lock=True)
    if expected_cursor is not ... and src.cursor != expected_cursor:
        return None
    return src


class _Labelling:
    """Labels records as the pipeline's options say (own messages, entered by hand)."""

    def __init__(self, labeler: Labeler, watch: WatchTerms | None, official: bool,
                 own_authors: frozenset[str], own: bool, by_hand: bool,
                 process: LabelProcess | None = None) -> None:
        self._labeler, self._watch, self._official = labeler, watch, official
        self._own_authors, self._own, self._by_hand = own_authors, own, by_hand
        self._process = process

    @property
    def sends(self) -> bool:
        """Big pages go to a labelling process."""
        return self._process is not None

    def __call__(self, records: Sequence[Record]) -> Labelled:
        return self.later(records)()

    def later(self, records: Sequence[Record]) -> _Pending:
        """``records`` labelled, when asked for: a big page meanwhile in the labelling process."""
        mine = [self._own or rec.author_id in self._own_authors for rec in records]
        theirs = [rec for rec, own in zip(records, mine, strict=True) if not own]
        here = partial(self._here, theirs)
        sent = (self._process.later(theirs, official=self._official, watch=self._watch, here=here)
                if self._process is not None else None)
        return _Pending(records, mine, sent or here, self._by_hand)

    def _here(self, records: Sequence[Record]) -> list[MessageLabels]:
        return self._labeler.label_many(incoming(records, self._official), self._watch) if records else []


@dataclass(frozen=True, slots=True)
class _Pending:
    """A page's labels to come (the others' messages labelled, perhaps meanwhile elsewhere)."""

    records: Sequence[Record]
    own: list[bool]
    labels: Callable[[], list[MessageLabels]]
    by_hand: bool

    def __call__(self) -> Labelled:
        found = iter(self.labels())
        out = [(rec, OWN if own else next(found)) for rec, own in zip(self.records, self.own, strict=True)]
        if self.by_hand:
            out = [(rec, replace(lab, relevant=True, excluded=None)) for rec, lab in out]
        return out


class _Part(NamedTuple):
    """A page, or a part of a big one: its new records and their labels to come."""

    received: int  # messages the network gave (duplicates within the fetch too)
    end: FetchResult | None  # the fetch's end, on its last page
    records: list[Record]
    labels: _Pending


def _ahead(pages: Iterable[FetchPage], seen: set[str], label: _Labelling) -> Iterator[_Part]:
    """The pages, each with its new records and their labels to come.

    With a labelling process, a thread of its own sends each page there as it comes, so the
    process labels it while the page before is written. A big page goes in parts, small ones
    first (a quarter, a half, then a thousand records at a time), so the writing starts soon
    after the first page comes. Without one, a page is labelled here when it is written."""
    def sent() -> Iterator[_Part]:
        parts = 0
        for page in pages:
            records = unique(page.messages, seen)
            if not label.sends:
                yield _Part(len(page.messages), page.end, records, label.later(records))
                continue
            start, received = 0, len(page.messages)
            while True:
                size = min(PART_MAX, PART_FIRST << min(parts, 8))
                if len(records) - start - size < PROCESS_FROM:  # no small tail labelled apart
                    size = len(records) - start
                chunk, start, parts = records[start : start + size], start + size, parts + 1
                last = start >= len(records)
                yield _Part(received if last else 0, page.end if last else None, chunk, label.later(chunk))
                if last:
                    break

    if not label.sends:
        yield from sent()
        return
    with PageFeed(sent, name="labelling") as ahead:
        yield from ahead
