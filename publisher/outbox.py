"""Writing and claiming outbox rows.

A row is written in the approval's own transaction (`enqueue`), so an approved reply is never
lost and never queued twice (the idempotency key is unique). Workers claim due rows with a
lease: on PostgreSQL under ``FOR UPDATE SKIP LOCKED``, so two workers never take the same row;
on SQLite the database lock serializes claims and one worker is enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from connectors.base import ReplyTarget
from db.event_names import EventName
from db.lease import claim, owned, skip_locked
from db.models import Event, Publication
from db.statuses import PublicationStatus, ReplyKind

NOT_OUT = (PublicationStatus.PENDING, PublicationStatus.SENDING)  # rows a worker may still post


class PublicationInFlight(Exception):
    """A worker holds the card's publication under a live lease: the network may be posting it now."""

    def __init__(self, publication_id: int) -> None:
        super().__init__(f"publication {publication_id} is being sent")
        self.publication_id = publication_id


def publication_key(incident_id: int, draft_id: int | None, kind: str) -> str:
    """The idempotency key of a publication; also sent to VK as ``guid``."""
    return f"otklik-{incident_id}-{draft_id or 0}-{kind}"


def enqueue(session: Session, *, incident_id: int, target: ReplyTarget, text: str, kind: str,
            now: datetime, source_name: str | None, draft_id: int | None = None,
            attachments: Sequence[str] = (), actor: str = "system") -> Publication:
    """Queue a reply for publication inside the caller's transaction (idempotent by key)."""
    if kind not in set(ReplyKind):
        raise ValueError(f"unknown publication kind {kind!r}; expected one of {', '.join(ReplyKind)}")
    key = publication_key(incident_id, draft_id, kind)
    existing = session.scalars(select(Publication).where(Publication.key == key)).one_or_none()
    if existing is not None:
        return existing
    pub = Publication(
        key=key, incident_id=incident_id, draft_id=draft_id, kind=kind, source_name=source_name,
        platform=target.platform, owner_id=target.owner_id, post_id=target.post_id,
        comment_id=target.comment_id, topic_id=target.topic_id, author_name=target.author_name,
        text=text, attachments=list(attachments), status=PublicationStatus.PENDING, attempts=0, created_at=now,
        next_attempt_at=now,
    )
    session.add(pub)
    session.flush()
    session.add(Event(action=EventName.PUBLICATION_QUEUED.value, incident_id=incident_id, at=now, actor=actor,
                      after={"publication_id": pub.id, "kind": kind, "platform": target.platform}))
    return pub


def target_of(pub: Publication) -> ReplyTarget:
    return ReplyTarget(platform=pub.platform, owner_id=pub.owner_id or "", post_id=pub.post_id or "",
                       comment_id=pub.comment_id, topic_id=pub.topic_id, author_name=pub.author_name)


def claim_due(session: Session, now: datetime, *, limit: int, lease: timedelta) -> list[Publication]:
    """Take up to ``limit`` due rows for this worker (db.lease); the caller commits the claim at once."""
    due = (
        select(Publication)
        .where(
            or_(
                (Publication.status == PublicationStatus.PENDING) & (Publication.next_attempt_at <= now),
                (Publication.status == PublicationStatus.SENDING) & (Publication.lease_until < now),
            )
        )
        .order_by(Publication.next_attempt_at, Publication.id)
        .limit(limit)
    )
    return claim(session, due, now=now, lease=lease, lease_column="lease_until",
                 status=PublicationStatus.SENDING)


def still_ours(session: Session, pub_id: int, token: str) -> Publication | None:
    """The row, locked, if this worker's claim still holds (else another worker took it over)."""
    return owned(session, Publication, pub_id, token)


def withdraw(session: Session, incident_id: int, *, now: datetime, actor: str, reason: str) -> list[Publication]:
    """Cancel the card's publications not yet out, in the caller's transaction (the reply was
    published another way, by hand). A row a worker holds under a live lease is not touched:
    PublicationInFlight, and nothing changes. A worker whose lease ran out loses its claim here
    and writes nothing when it comes back (``still_ours``)."""
    not_out = (Publication.incident_id == incident_id) & Publication.status.in_(NOT_OUT)
    stmt = select(Publication).where(not_out).order_by(Publication.id)
    # A row locked right now is a worker claiming it or recording its outcome: in flight.
    # Skipping it (never waiting) also keeps the lock order deadlock-free: the worker holds
    # the row, then locks the card; the official's action holds the card, then the rows.
    rows = list(session.scalars(skip_locked(session, stmt)))
    locked = set(session.scalars(select(Publication.id).where(not_out))) - {p.id for p in rows}
    if locked:
        raise PublicationInFlight(min(locked))
    for pub in rows:
        if pub.status == PublicationStatus.SENDING and pub.lease_until is not None and pub.lease_until >= now:
            raise PublicationInFlight(pub.id)
    for pub in rows:
        pub.status, pub.claim, pub.lease_until, pub.last_error = PublicationStatus.CANCELLED, None, None, reason
        session.add(Event(action=EventName.PUBLICATION_CANCELLED.value,
                          incident_id=incident_id, at=now, actor=actor, note=reason,
                          after={"publication_id": pub.id, "kind": pub.kind}))
    return rows
