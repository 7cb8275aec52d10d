"""What comes in: the configured sources, the messages read from them, the cards opened for them
and every card's history.

Schema changes happen only through Alembic migrations (db/migrations).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Id
from db.statuses import CardState, SourceStatus


class Source(Base):
    """A configured source (from settings) and where its polling stands."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    platform: Mapped[str] = mapped_column(String(20))
    cursor: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default=SourceStatus.OK)
    last_polled_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    retry_at: Mapped[datetime | None]
    # Polled from the sandbox network, not a real one: the two never share a database.
    sandbox: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Switched off by an administrator (web desk): its poller skips it until switched on again (0018).
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # An administrator asked for a poll now (web desk): the service polls it within seconds and clears it (0022).
    poll_requested_at: Mapped[datetime | None]

    @property
    def halted(self) -> bool:
        """Not polled until an administrator switches it on: switched off, or stopped by an error."""
        return self.disabled or self.status == SourceStatus.STOPPED


# Full-text search over messages.text (migration 0017) is outside the models: PostgreSQL's
# generated column fts_vector and its GIN index ix_messages_fts, SQLite's FTS5 table messages_fts
# (its shadow tables, triggers).
UNMODELLED = ("ix_messages_fts", "messages_fts", "fts_vector")


def modelled(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's ``include_name``: leave out the full-text objects the models cannot describe."""
    return not (name or "").startswith(UNMODELLED)


class Message(Base):
    """A stored message: unique on platform + external id, labels from the classifier."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("platform", "external_id", name="uq_messages_platform_external"),
        Index("ix_messages_detected_at", "detected_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200))
    # indexed (migration 0014): /metrics counts messages per source at every scrape
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # post | comment | board | entry
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), nullable=True)
    parent_external_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    owner_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    post_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    comment_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    author_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    author_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    url: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    detected_at: Mapped[datetime]
    raw: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    likes: Mapped[int] = mapped_column(Integer, default=0)
    reposts: Mapped[int] = mapped_column(Integer, default=0)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    views: Mapped[int] = mapped_column(Integer, default=0)
    # When the counts above were last read again (monitor.ingest.reactions); None: as first seen.
    reactions_at: Mapped[datetime | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    # Labels (classifier); `relevant` decides whether a card is opened.
    topic: Mapped[str | None] = mapped_column(String(40), nullable=True)
    topics: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    location: Mapped[str | None] = mapped_column(String(40), nullable=True)
    importance: Mapped[str | None] = mapped_column(String(20), nullable=True)
    message_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    excluded: Mapped[str | None] = mapped_column(String(20), nullable=True)
    rules: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    relevant: Mapped[bool] = mapped_column(Boolean, default=False)
    # deferrable (migration 0020): an ingest writes a message already pointing at the card it opens
    # later in the same transaction (db.bulk.defer_card_links)
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", deferrable=True, initially="IMMEDIATE"), nullable=True, index=True)


class Incident(Base):
    """The incident card (карточка обращения)."""

    __tablename__ = "incidents"
    # ix_incidents_queue: the queue walks each state's cards by reply deadline (migration 0017).
    # the queue's index serves lookups by state alone too (its leading column; migration 0021)
    __table_args__ = (Index("ix_incidents_queue", "state", "reply_due_at", "id"),
                      Index("ix_incidents_detected_at", "detected_at"))

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default=CardState.NEW)  # db.statuses.CardState
    platform: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text)
    first_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", use_alter=True, name="fk_incidents_first_message"), nullable=True
    )
    official: Mapped[bool] = mapped_column(Boolean, default=False)
    detected_at: Mapped[datetime]
    # As classified and as corrected by the curator: both are kept.
    topic: Mapped[str | None] = mapped_column(String(40), nullable=True)
    location: Mapped[str | None] = mapped_column(String(40), nullable=True)
    importance: Mapped[str | None] = mapped_column(String(20), nullable=True)
    topic_set: Mapped[str | None] = mapped_column(String(40), nullable=True)
    location_set: Mapped[str | None] = mapped_column(String(40), nullable=True)
    importance_set: Mapped[str | None] = mapped_column(String(20), nullable=True)
    kind_set: Mapped[str | None] = mapped_column(String(20), nullable=True)  # the curator's (0016); classified: message
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)  # db.statuses.CardOutcome
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # dismissal / exclusion
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Workflow (migration 0002): the reply deadline in force, the curator's shortening,
    # the repeat checklist flag, and the published reply (written by the publisher).
    reply_due_at: Mapped[datetime | None]
    reply_minutes_set: Mapped[int | None] = mapped_column(Integer, nullable=True)
    requires_measures_report: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    reply_external_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reply_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    messages: Mapped[list[Message]] = relationship(
        foreign_keys=[Message.incident_id], order_by=Message.id, viewonly=True
    )


class Event(Base):
    """The card's append-only history: who, when, what, before and after."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(100))  # a login, or "system"
    action: Mapped[str] = mapped_column(String(50))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
