"""The notification outbox: rows written in the caller's transaction, claimed by the sender.

Writing never sends and never blocks the workflow: ``enqueue`` inserts, for each recipient, one
row in the in-app inbox (channel ``inbox``: delivered at once, so a notification exists and is
visible even when no email or Telegram is configured; `otklik notifications` reads it) and one
row per channel of the user's preference, which the sender delivers. A duplicate key is
silently skipped (``ON CONFLICT DO NOTHING``), so two workers racing to write the same reminder
write it once.

Key conventions (the key is unique together with the user and the channel):
``new_card:{incident}``, ``assigned:{incident}:{unit_code}:{cycle}``, ``returned:{incident}:{event_id}``,
``draft_review:{incident}:{draft_version}``, ``rework:{incident}:{draft_version}``,
``reminder:{incident}:{stage}:{percent}:{stage_deadline_id}``,
``breach:{incident}:{stage}:{stage_deadline_id}``, ``reply_breach:{incident}:{stage_deadline_id}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from db.lease import claim, owned
from db.models import Notification, User
from db.session import transaction
from db.statuses import NOTIFY_CHANNELS, NotificationStatus
from monitor.notify.templates import NOTIFICATION_KINDS

DIGEST_FROM = 3  # more cards than this at once for one person make one digest notification, not a flood
INBOX = "inbox"  # the in-app inbox: every notification, whatever the user's channels
NO_ADDRESS = {"email": "у пользователя не указан адрес электронной почты",
              "telegram": "у пользователя не указан чат Telegram"}

log = structlog.get_logger()  # lazy: follows the logging configuration in force


def address_of(user: User, channel: str) -> str | None:
    """Where ``user`` receives ``channel`` messages, or None when the profile lacks it."""
    value = user.email if channel == "email" else user.telegram_chat_id
    return value.strip() if value and value.strip() else None


def preferred_channels(user: User) -> list[str]:
    """The user's channels in their order of preference, known ones only, each once."""
    wanted = user.notify_via or []
    return [c for i, c in enumerate(wanted) if c in NOTIFY_CHANNELS and c not in wanted[:i]]


def users_with_role(session: Session, role: str) -> list[User]:
    """Active users of a role (curators, heads), in a stable order."""
    return list(session.scalars(select(User).where(User.role == role, User.active.is_(True)).order_by(User.id)))


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    recipients: Iterable[User],
    now: datetime,
    incident_id: int | None = None,
    context: Mapping[str, Any] | None = None,
) -> int:
    """Write the notification to each recipient's inbox and preferred channels; return rows written.

    Runs inside the caller's transaction, so the notification exists exactly when the workflow
    change that caused it commits. A channel the user has no address for is recorded as failed
    at once, with the reason, for an administrator to see.
    """
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}; known: {', '.join(sorted(NOTIFICATION_KINDS))}")
    data = {k: _jsonable(v) for k, v in (context or {}).items()}
    if incident_id is not None:
        data["incident_id"] = incident_id
    written = 0
    seen: set[int] = set()
    for user in recipients:
        if not user.active or user.id in seen:
            continue
        seen.add(user.id)
        inbox = {"key": key, "kind": kind, "user_id": user.id, "channel": INBOX, "incident_id": incident_id,
                 "context": data, "attempts": 0, "created_at": now, "next_attempt_at": now, "sent_at": now,
                 "status": NotificationStatus.SENT, "last_error": None}
        if _insert_once(session, inbox):
            written += 1
        for channel in preferred_channels(user):
            missing = None if address_of(user, channel) else NO_ADDRESS[channel]
            row = {
                "key": key, "kind": kind, "user_id": user.id, "channel": channel,
                "incident_id": incident_id, "context": data, "attempts": 0, "created_at": now,
                "next_attempt_at": now, "sent_at": None,
                "status": NotificationStatus.FAILED if missing else NotificationStatus.PENDING, "last_error": missing,
            }
            if _insert_once(session, row):
                written += 1
                if missing:
                    log.warning("notification.failed", key=key, user_id=user.id, channel=channel,
                                kind=kind, reason=missing, attempts=0)
    if written:
        log.info("notification.queued", key=key, kind=kind, incident_id=incident_id, rows=written)
    return written


def _jsonable(value: Any) -> Any:
    """Instants become ISO strings (the templates read them back); other values pass as is."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in a notification context; use an aware instant")
        return value.isoformat()
    return value


def _insert_once(session: Session, row: dict[str, Any]) -> bool:
    return insert_once(session, Notification, row, ["key", "user_id", "channel"])


def insert_once(session: Session, model: type[Any], row: dict[str, Any], unique: list[str]) -> bool:
    """Insert ``row`` unless one with the same ``unique`` columns exists; True when inserted.

    ``ON CONFLICT DO NOTHING`` on PostgreSQL and SQLite: a concurrent writer of the same row
    waits for the first to commit and then does nothing, and the caller's transaction stays
    usable. Other databases use a savepoint and the unique constraint.
    """
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        make = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = make(model).values(**row).on_conflict_do_nothing(index_elements=unique)
        return session.execute(statement.returning(model.id)).scalar() is not None
    try:
        with session.begin_nested():
            session.execute(insert(model).values(**row))
        return True
    except IntegrityError:
        return False


@dataclass(frozen=True, slots=True)
class ClaimedNotification:
    """A due row taken by one sender run; other runs skip it until its lease ends."""

    id: int
    key: str
    kind: str
    channel: str
    address: str | None
    incident_id: int | None
    context: dict[str, Any]
    attempts: int  # including this one
    claim: str  # this worker's token (db.lease): completions check it still holds the row


def claim_due(factory: sessionmaker[Session], now: datetime, limit: int,
              lease_seconds: int) -> list[ClaimedNotification]:
    """Take up to ``limit`` due rows (db.lease): each is bumped past its lease, so one worker
    sends it, and carries this worker's claim token, which every completion checks. A worker
    that dies mid-send leaves the row to be claimed again when the lease ends."""
    with transaction(factory) as session:
        due = (
            select(Notification)
            .where(Notification.status == NotificationStatus.PENDING, Notification.next_attempt_at <= now)
            .order_by(Notification.next_attempt_at, Notification.id)
            .limit(limit)
        )
        rows = claim(session, due, now=now, lease=timedelta(seconds=lease_seconds), lease_column="next_attempt_at")
        if not rows:
            return []
        session.flush()
        users = {u.id: u for u in session.scalars(select(User).where(User.id.in_({n.user_id for n in rows})))}
        return [
            ClaimedNotification(
                id=n.id, key=n.key, kind=n.kind, channel=n.channel, address=address_of(users[n.user_id], n.channel),
                incident_id=n.incident_id, context=dict(n.context or {}), attempts=n.attempts, claim=n.claim or "",
            )
            for n in rows
        ]


def _finish(factory: sessionmaker[Session], item: ClaimedNotification, **values: Any) -> bool:
    """Record the outcome if this worker's claim still holds the row; else nothing (logged)."""
    with transaction(factory) as session:
        row = owned(session, Notification, item.id, item.claim)
        if row is None:
            log.warning("notification.claim_lost", notification=item.id, key=item.key)
            return False
        for name, value in values.items():
            setattr(row, name, value)
        return True


def mark_sent(factory: sessionmaker[Session], item: ClaimedNotification, now: datetime) -> bool:
    return _finish(factory, item, status=NotificationStatus.SENT, sent_at=now, last_error=None)


def mark_retry(factory: sessionmaker[Session], item: ClaimedNotification, at: datetime, reason: str) -> bool:
    return _finish(factory, item, status=NotificationStatus.PENDING, next_attempt_at=at, last_error=reason)


def mark_failed(factory: sessionmaker[Session], item: ClaimedNotification, reason: str) -> bool:
    return _finish(factory, item, status=NotificationStatus.FAILED, last_error=reason)
