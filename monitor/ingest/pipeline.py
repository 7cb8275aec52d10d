"""The ingest pipeline: store a fetch idempotently, label it, open cards, move the cursor.

Everything one fetch brings is written in one transaction together with the source's new
cursor, so a crash at any moment loses nothing and stores nothing twice: after a restart the
source is polled again from the old cursor and already-stored messages are skipped by their
(platform, external id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors.base import FetchResult
from connectors.base import NetworkMessage as Record
from db.bulk import insert_returning_ids
from db.models import Incident, Message, Source
from db.statuses import SourceStatus
from monitor.core.clock import Clock
from monitor.core.gc_pause import collector_paused
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


# Opens cards for a batch of stored relevant messages (session, messages, now, official).
CardOpener = Callable[[Session, list[StoredMessage], datetime, bool], list[Incident]]
_CHUNK = 500
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


def _existing_ids(session: Session, platform: str, external_ids: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(external_ids), _CHUNK):
        chunk = external_ids[i : i + _CHUNK]
        rows = session.execute(
            select(Message.external_id, Message.id).where(
                Message.platform == platform, Message.external_id.in_(chunk)
            )
        )
        found.update({ext: mid for ext, mid in rows})
    return found


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
        stats = IngestStats(received=len(result.messages))
        now = self._clock.now()
        with collector_paused(len(result.messages)), self._sessions() as session, session.begin():
            src = source_row(session, source_name, platform, lock=True)
            if expected_cursor is not ... and src.cursor != expected_cursor:
                stats.duplicates = stats.received
                return stats
            records = _unique(result.messages)
            existing = _existing_ids(session, platform, [r.external_id for r in records])
            fresh = [r for r in records if r.external_id not in existing]
            stats.duplicates = stats.received - len(fresh)
            known = self._parent_ids(session, platform, fresh, existing)
            labelled = [(rec, OWN if own or rec.author_id in own_authors else self._labeler.label(
                rec.text, platform=rec.platform, official=official, geo=rec.geo, likes=rec.likes,
                comments=rec.comments, reposts=rec.reposts, watch=watch)) for rec in fresh]
            if by_hand:
                labelled = [(rec, replace(lab, relevant=True, excluded=None)) for rec, lab in labelled]
            # Parents first, so comments whose post came in the same batch can point at it.
            in_batch = {rec.external_id for rec in fresh}
            first = [(r, lab) for r, lab in labelled if r.parent_external_id not in in_batch]
            second = [(r, lab) for r, lab in labelled if r.parent_external_id in in_batch]
            ids: dict[str, int] = {}
            for group in (first, second):
                if group:
                    parents = {**known, **ids}
                    rows = [_row(rec, lab, src.id, parents.get(rec.parent_external_id or ""), now)
                            for rec, lab in group]
                    new_ids = insert_returning_ids(session, Message.__table__, rows)
                    ids.update({row["external_id"]: mid for row, mid in zip(rows, new_ids, strict=True)})
            relevant = []
            for rec, labels in labelled:
                if labels.excluded:
                    stats.excluded += 1
                elif labels.relevant:
                    relevant.append(StoredMessage(ids[rec.external_id], rec.platform, rec.url, now,
                                                  labels.topic, labels.location, labels.importance,
                                                  rec.text, rec.author_id, rec.created_at,
                                                  labels.topics, labels.lemmas))
            stats.relevant = len(relevant)
            if relevant:
                stats.cards = len(self._open_cards(session, relevant, now, official))
            stats.stored = len(labelled)
            src.cursor = result.cursor
            src.last_polled_at = now
            src.status = SourceStatus.OK
            src.failures = 0
            src.last_error = None
            src.retry_at = None
        return stats

    @staticmethod
    def _parent_ids(session: Session, platform: str, fresh: Iterable[Record],
                    known: dict[str, int]) -> dict[str, int]:
        wanted = sorted({r.parent_external_id for r in fresh if r.parent_external_id} - set(known))
        found = dict(known)
        found.update(_existing_ids(session, platform, wanted))
        return found


def _unique(records: Iterable[Record]) -> list[Record]:
    seen: set[str] = set()
    out = []
    for rec in records:
        if rec.external_id not in seen:
            seen.add(rec.external_id)
            out.append(rec)
    return out


def _row(rec: Record, labels: MessageLabels, source_id: int, parent_id: int | None, now: datetime) -> dict[str, Any]:
    """A messages row as a plain dict, for one multi-row INSERT per batch."""
    lat, lon = rec.geo if rec.geo else (None, None)
    return dict(
        platform=rec.platform, external_id=rec.external_id, source_id=source_id, kind=rec.kind,
        parent_id=parent_id, parent_external_id=rec.parent_external_id, owner_id=rec.owner_id,
        post_id=rec.post_id, comment_id=rec.comment_id, author_id=rec.author_id,
        author_name=rec.author_name, url=rec.url, text=rec.text, created_at=rec.created_at,
        detected_at=now, raw=rec.raw, likes=rec.likes, reposts=rec.reposts, comments=rec.comments,
        views=rec.views, latitude=lat, longitude=lon, topic=labels.topic,
        topics=list(labels.topics) or None, location=labels.location, importance=labels.importance,
        message_kind=labels.kind, excluded=labels.excluded, rules=list(labels.rules) or None,
        relevant=labels.relevant and not labels.excluded, incident_id=None,
    )
