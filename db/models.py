"""The tables. Schema changes happen only through Alembic migrations (db/migrations).

Types are portable: the same models run unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator
from datetime import timezone


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware UTC instant")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


# BIGINT on PostgreSQL, INTEGER (rowid alias, autoincrement) on SQLite.
Id = BigInteger().with_variant(Integer, "sqlite")


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """A configured source (from settings) and where its polling stands."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    platform: Mapped[str] = mapped_column(String(20))
    cursor: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="ok")  # ok | backoff | stopped
    last_polled_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    retry_at: Mapped[datetime | None]


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
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), nullable=True)
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
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), nullable=True, index=True)


class Incident(Base):
    """The incident card (карточка обращения)."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_state", "state"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default="new")
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
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # dismissal / exclusion
    version: Mapped[int] = mapped_column(Integer, default=1)

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


class Unit(Base):
    """A structural unit of the administration or a settlement's administration."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    topics: Mapped[list[Any]] = mapped_column(JSON, default=list)
    locations: Mapped[list[Any]] = mapped_column(JSON, default=list)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))  # curator | executor | head | admin
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    email: Mapped[str | None] = mapped_column(String(300), nullable=True)
    telegram_chat_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    notify_via: Mapped[list[Any]] = mapped_column(JSON, default=list)  # ["email", "telegram"]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
