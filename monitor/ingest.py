"""The ingest pipeline: store a fetch idempotently, label it, open cards, move the cursor.

Everything one fetch brings is written in one transaction together with the source's new
cursor, so a crash at any moment loses nothing and stores nothing twice: after a restart the
source is polled again from the old cursor and already-stored messages are skipped by their
(platform, external id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors.base import FetchResult
from connectors.base import Message as Record
from db.models import Event, Incident, Message, Source
from monitor.clock import Clock
from monitor.relevance import Labeler, Labels, WatchTerms

CardOpener = Callable[[Session, Message, datetime, bool], Incident]
_CHUNK = 500
OWN = Labels(rules=("own_account",))


@dataclass(slots=True)
class IngestStats:
    received: int = 0
    stored: int = 0
    duplicates: int = 0
    relevant: int = 0
    excluded: int = 0
    cards: int = 0

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


def open_card_simple(session: Session, message: Message, now: datetime, official: bool) -> Incident:
    """Open a card in state `new` for a relevant message and record it in the history."""
    card = Incident(state="new", platform=message.platform, url=message.url, first_message_id=message.id,
                    official=official, detected_at=message.detected_at, topic=message.topic,
                    location=message.location, importance=message.importance)
    session.add(card)
    session.flush()
    message.incident_id = card.id
    session.add(Event(incident_id=card.id, at=now, actor="system", action="opened",
                      after={"state": "new", "message_id": message.id}))
    return card


def source_row(session: Session, name: str, platform: str, *, lock: bool = False) -> Source:
    """The source's row, created on first use; locked for update when asked (PostgreSQL)."""
    stmt = select(Source).where(Source.name == name)
    if lock:
        stmt = stmt.with_for_update()
    row = session.scalars(stmt).one_or_none()
    if row is None:
        row = Source(name=name, platform=platform, status="ok", failures=0)
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
                 open_card: CardOpener = open_card_simple) -> None:
        self._sessions = session_factory
        self._labeler = labeler
        self._clock = clock
        self._open_card = open_card

    def store(self, source_name: str, platform: str, result: FetchResult, *,
              watch: WatchTerms | None = None, official: bool = False,
              own_authors: frozenset[str] = frozenset(), expected_cursor: Any = ...) -> IngestStats:
        """Store ``result`` and move the source's cursor, atomically.

        ``own_authors`` are the administration's own accounts: their messages (our published
        replies, seen again by the next poll) are stored but never open a card.
        ``expected_cursor`` (when given) guards against two workers polling one source: if the
        stored cursor is no longer the one the fetch started from, the fetch is discarded.
        """
        stats = IngestStats(received=len(result.messages))
        now = self._clock.now()
        with self._sessions() as session, session.begin():
            src = source_row(session, source_name, platform, lock=True)
            if expected_cursor is not ... and src.cursor != expected_cursor:
                stats.duplicates = stats.received
                return stats
            records = _unique(result.messages)
            existing = _existing_ids(session, platform, [r.external_id for r in records])
            fresh = [r for r in records if r.external_id not in existing]
            stats.duplicates = stats.received - len(fresh)
            parents = self._parent_ids(session, platform, fresh, existing)
            rows: list[tuple[Message, Labels]] = []
            for rec in fresh:
                if rec.author_id in own_authors:
                    rows.append((_row(rec, OWN, src.id, parents.get(rec.parent_external_id or ""), now), OWN))
                    continue
                labels = self._labeler.label(
                    rec.text, platform=rec.platform, official=official, geo=rec.geo,
                    likes=rec.likes, comments=rec.comments, reposts=rec.reposts, watch=watch,
                )
                rows.append((_row(rec, labels, src.id, parents.get(rec.parent_external_id or ""), now), labels))
            session.add_all([m for m, _ in rows])
            session.flush()
            by_ext = {m.external_id: m.id for m, _ in rows}
            for message, _ in rows:  # comments whose post arrived in the same batch
                if message.parent_id is None and message.parent_external_id in by_ext:
                    message.parent_id = by_ext[message.parent_external_id]
            for message, labels in rows:
                if labels.excluded:
                    stats.excluded += 1
                elif labels.relevant:
                    stats.relevant += 1
                    self._open_card(session, message, now, official)
                    stats.cards += 1
            stats.stored = len(rows)
            src.cursor = result.cursor
            src.last_polled_at = now
            src.status = "ok"
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


def _row(rec: Record, labels: Labels, source_id: int, parent_id: int | None, now: datetime) -> Message:
    lat, lon = rec.geo if rec.geo else (None, None)
    return Message(
        platform=rec.platform, external_id=rec.external_id, source_id=source_id, kind=rec.kind,
        parent_id=parent_id, parent_external_id=rec.parent_external_id, owner_id=rec.owner_id,
        post_id=rec.post_id, comment_id=rec.comment_id, author_id=rec.author_id,
        author_name=rec.author_name, url=rec.url, text=rec.text, created_at=rec.created_at,
        detected_at=now, raw=rec.raw, likes=rec.likes, reposts=rec.reposts, comments=rec.comments,
        views=rec.views, latitude=lat, longitude=lon, topic=labels.topic,
        topics=list(labels.topics) or None, location=labels.location, importance=labels.importance,
        message_kind=labels.kind, excluded=labels.excluded, rules=list(labels.rules) or None,
        relevant=labels.relevant and not labels.excluded,
    )
