"""The in-app inbox: what a user has been told, read from the outbox's ``inbox`` rows.

Every notification is written there whatever the user's channels (monitor.notify.outbox), so
a head with no email or Telegram still sees a p. 25 report: `otklik notifications` now, the
web interface's inbox later, both through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Notification, User
from monitor.notify.outbox import INBOX
from monitor.notify.templates import TemplateError, render


@dataclass(frozen=True)
class InboxItem:
    id: int
    key: str
    kind: str
    incident_id: int | None
    created_at: datetime
    read_at: datetime | None
    subject: str
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "key": self.key, "kind": self.kind, "incident_id": self.incident_id,
                "created_at": self.created_at.isoformat(), "read": self.read_at is not None,
                "read_at": self.read_at.isoformat() if self.read_at else None,
                "subject": self.subject, "text": self.text}


def inbox(session: Session, user: User, *, base_url: str, tz: ZoneInfo, unread_only: bool = False,
          limit: int | None = None) -> list[InboxItem]:
    """The user's notifications, newest first, rendered as the channels would send them."""
    stmt = select(Notification).where(Notification.user_id == user.id, Notification.channel == INBOX)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    stmt = stmt.order_by(Notification.created_at.desc(), Notification.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    items = []
    for row in session.scalars(stmt):
        context = dict(row.context or {})
        if row.incident_id is not None:
            context.setdefault("incident_id", row.incident_id)
        try:
            note = render(row.kind, context, base_url=base_url, tz=tz)
            subject, text = note.subject, note.text
        except TemplateError:  # an old or broken context: still show that something was said
            subject, text = row.kind, ""
        items.append(InboxItem(row.id, row.key, row.kind, row.incident_id, row.created_at, row.read_at,
                               subject, text))
    return items


def mark_read(session: Session, user: User, ids: list[int], now: datetime) -> int:
    """Mark the user's own inbox rows read (rows already read keep their first reading time)."""
    if not ids:
        return 0
    result = session.execute(update(Notification).where(
        Notification.id.in_(ids), Notification.user_id == user.id, Notification.channel == INBOX,
        Notification.read_at.is_(None)).values(read_at=now))
    return int(getattr(result, "rowcount", 0) or 0)
