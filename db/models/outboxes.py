"""The two outboxes, each row claimed under a lease (db/lease.py): notifications (migration 0003)
and the replies to publish (migration 0004).

Schema changes happen only through Alembic migrations (db/migrations).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Id
from db.statuses import NotificationStatus, PublicationStatus


class Notification(Base):
    """One notification to one user over one channel (the outbox).

    Every notification is written to the user's in-app inbox (channel ``inbox``, delivered at
    once, unread until ``read_at``), and to each channel of the user's preference (email,
    Telegram), which the sender job delivers later. Written in the caller's transaction. ``key`` names the
    notification (e.g. ``reminder:12:draft:50:7``): with the user and the channel it is unique,
    so the same notification is written once even when two workers race. The text is rendered
    from ``kind`` and ``context`` when it is sent.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("key", "user_id", "channel", name="uq_notifications_key_user_channel"),
        Index("ix_notifications_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(20))  # email | telegram | inbox (in the service itself)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), nullable=True, index=True)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=NotificationStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    read_at: Mapped[datetime | None]  # inbox rows: when the user read it (migration 0006)
    claim: Mapped[str | None] = mapped_column(String(40), nullable=True)  # the sender's (db/lease.py)


class Publication(Base):
    """An approved reply waiting to be posted, or posted: the publisher's outbox row.

    Written in the same transaction as the approval; ``key`` is the idempotency key (VK's
    ``guid``), unique, so one approval can never become two posts. A worker claims a row by
    setting ``claim`` and ``lease_until``; a row whose lease ran out (a crashed worker) is
    claimed again and first checked against the replies already under the post.
    """

    __tablename__ = "publications"
    __table_args__ = (
        UniqueConstraint("key", name="uq_publications_key"),
        Index("ix_publications_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))  # db.statuses.ReplyKind
    source_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    platform: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    post_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    comment_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    topic_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    author_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=PublicationStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    claim: Mapped[str | None] = mapped_column(String(40), nullable=True)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    external_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None]
