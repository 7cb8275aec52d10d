"""The tables. Schema changes happen only through Alembic migrations (db/migrations).

Types are portable: the same models run unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware UTC instant")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


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
    # Polled from the sandbox network, not a real one: the two never share a database.
    sandbox: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Switched off by an administrator (web desk): its poller skips it until switched on again.
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())


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
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)  # argon2; None = no web sign-in


# --- Workflow (migration 0002) -------------------------------------------------------------


class Assignment(Base):
    """A card routed to one unit in one routing round (``cycle``); several units share a card (p. 17).

    ``position`` keeps the curator's order; a return (p. 9) deactivates the row with its reason;
    a contribution (p. 17.1) is the unit's part of a joint reply.
    """

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("incident_id", "unit_id", "cycle", name="uq_assignments_incident_unit_cycle"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    assigned_at: Mapped[datetime]
    assigned_by: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    returned_at: Mapped[datetime | None]
    return_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    contribution: Mapped[str | None] = mapped_column(Text, nullable=True)
    contributed_at: Mapped[datetime | None]
    contributed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Draft(Base):
    """One version of a draft reply: final, interim, or a clarification request (p. 11)."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("incident_id", "version", name="uq_drafts_incident_version"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # final | interim | clarification
    text: Mapped[str] = mapped_column(Text)  # as the executor wrote it
    publish_text: Mapped[str] = mapped_column(Text)  # as it will be posted: fitted to the network, then approved
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    author: Mapped[str] = mapped_column(String(100))
    submitted_at: Mapped[datetime]
    measures_reported: Mapped[bool] = mapped_column(Boolean, default=False)  # p. 18 checklist
    decision: Mapped[str | None] = mapped_column(String(20), nullable=True)  # approved | rework
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decision_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_at: Mapped[datetime | None]


class StageDeadline(Base):
    """Each stage's due instant and actual completion, per unit and round (read by the SLA watch).

    ``stage`` is one of route, reply, draft, review, rework, publish, contribution, final, return.
    ``working`` says whether the stage runs on working time (for reminders at a share of it).
    A ``return`` row is written only when a unit returns a card (the 30-minute window is a limit
    on returning, not a task). Open rows have ``done_at`` NULL; the watch sets ``breached_at``.
    """

    __tablename__ = "stage_deadlines"
    __table_args__ = (
        UniqueConstraint("incident_id", "stage", "unit_id", "cycle", name="uq_stage_deadlines_stage"),
        Index("ix_stage_deadlines_open", "done_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    working: Mapped[bool] = mapped_column(Boolean, default=True)
    started_at: Mapped[datetime]
    due_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    breached_at: Mapped[datetime | None]


class Absence(Base):
    """An executor's absence (p. 7): while it lasts, routing and reminders go to the deputy."""

    __tablename__ = "absences"
    __table_args__ = (Index("ix_absences_user_period", "user_id", "starts_at", "ends_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    deputy_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(100))


class Vacancy(Base):
    """A unit left without an active executor (p. 7): the head appoints another within 3 days.

    Opened when the unit's last active executor is deactivated; meanwhile ``stand_in_id`` (a
    deputy, when there is one) answers for the unit. Filled when an active executor joins the
    unit. The SLA watch reminds before ``due_at`` (``reminded_percent`` is the last point
    handled) and escalates once after it (``breached_at``). Migration 0006.
    """

    __tablename__ = "vacancies"
    __table_args__ = (Index("ix_vacancies_open", "filled_at", "due_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the executor who left
    stand_in_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    opened_at: Mapped[datetime]
    opened_by: Mapped[str] = mapped_column(String(100))
    due_at: Mapped[datetime]
    filled_at: Mapped[datetime | None]
    filled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)  # the new executor
    reminded_percent: Mapped[int] = mapped_column(Integer, default=0)
    breached_at: Mapped[datetime | None]


# --- Notifications and the SLA watch (migration 0003) ---------------------------------------


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
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    read_at: Mapped[datetime | None]  # inbox rows: when the user read it (migration 0006)
    claim: Mapped[str | None] = mapped_column(String(40), nullable=True)  # the sender's (db/lease.py)


class DeadlineReminder(Base):
    """A reminder point of a stage that the SLA watch has handled: each point is handled once."""

    __tablename__ = "deadline_reminders"
    __table_args__ = (
        UniqueConstraint("stage_deadline_id", "percent", name="uq_deadline_reminders_point"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    stage_deadline_id: Mapped[int] = mapped_column(ForeignKey("stage_deadlines.id"))
    percent: Mapped[int] = mapped_column(Integer)  # share of the stage's duration, e.g. 50
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)  # reminded
    at: Mapped[datetime]


class Breach(Base):
    """A missed stage deadline per stage, unit and executor, for the monthly reports (pp. 22-23).

    One row per stage deadline. ``user_id`` is the person responsible when the deadline passed
    (the deputy while the executor was absent); ``due_at`` is when it passed (reports count by
    it); ``done_at`` is set when the stage had already been finished late when the watch saw it.
    """

    __tablename__ = "breaches"
    __table_args__ = (
        UniqueConstraint("stage_deadline_id", name="uq_breaches_stage_deadline"),
        Index("ix_breaches_due_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    stage_deadline_id: Mapped[int] = mapped_column(ForeignKey("stage_deadlines.id"))
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    due_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    recorded_at: Mapped[datetime]


# --- Publisher outbox (migration 0004) -------------------------------------------------------


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
    kind: Mapped[str] = mapped_column(String(20))  # final | interim | clarification
    source_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    platform: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    post_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    comment_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    topic_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    author_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sending | sent | manual | cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    claim: Mapped[str | None] = mapped_column(String(40), nullable=True)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    external_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None]


# --- Monthly reports (migration 0008) ---------------------------------------------------------


class ReportRun(Base):
    """One scheduled report of one period (the monthly one, p. 23): generated and sent once.

    Unique on kind and period, so of several workers one inserts the row and owns the run
    (``claim``); a run whose lease ran out (its worker crashed) is taken over by the next one.
    ``status``: claimed | sent.
    """

    __tablename__ = "report_runs"
    __table_args__ = (UniqueConstraint("kind", "period", name="uq_report_runs_period"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # monthly
    period: Mapped[str] = mapped_column(String(20))  # 2026-11
    status: Mapped[str] = mapped_column(String(20), default="claimed")
    claim: Mapped[str] = mapped_column(String(40))
    claimed_at: Mapped[datetime]
    lease_until: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    finished_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class StoredFile(Base):
    """A file kept in the database to be attached to an email (the monthly report's documents):
    every worker sends from the same database, so no worker needs another's disk."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    report_run_id: Mapped[int | None] = mapped_column(ForeignKey("report_runs.id"), nullable=True, index=True)


# --- Immediate reports to the head (p. 25; migration 0009) ------------------------------------


class ActivityCase(Base):
    """«Повышенная социальная активность» (p. 25): a surge on one topic in one place, or a
    socially significant card (critical, or reported to the head by the curator).

    A surge case is unique per topic, place and the hour it was first seen (``window_start``);
    a surge seen again within the window joins it. A card's case is unique per card. The head
    acknowledges a case (``acknowledged_at``); the cards' histories record it.
    """

    __tablename__ = "activity_cases"
    __table_args__ = (
        UniqueConstraint("kind", "topic", "location", "window_start", name="uq_activity_cases_window"),
        UniqueConstraint("kind", "incident_id", name="uq_activity_cases_card"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # surge | significant
    topic: Mapped[str | None] = mapped_column(String(40), nullable=True)
    location: Mapped[str | None] = mapped_column(String(40), nullable=True)
    window_start: Mapped[datetime | None]
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), nullable=True)
    opened_at: Mapped[datetime]
    opened_by: Mapped[str] = mapped_column(String(100))
    count: Mapped[int] = mapped_column(Integer, default=0)  # messages in the surge's hour when opened
    baseline: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(100), nullable=True)


class ActivityCaseMessage(Base):
    """A message grouped into a case (the surge's messages, or the card's first one)."""

    __tablename__ = "activity_case_messages"
    __table_args__ = (UniqueConstraint("case_id", "message_id", name="uq_activity_case_messages"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("activity_cases.id"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))


# --- Web sign-in (migration 0008) -----------------------------------------------------------


class WebSession(Base):
    """A signed-in browser: the cookie carries a random token, only its SHA-256 is stored."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    address: Mapped[str | None] = mapped_column(String(100), nullable=True)


class LoginFailure(Base):
    """Failed sign-ins counted per login (``login:NAME``) and per address (``addr:IP``)."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime]
    blocked_until: Mapped[datetime | None]


class AuditEntry(Base):
    """Sign-in, failed sign-in, sign-out, password changes: who, when, from where."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str | None] = mapped_column(String(100), nullable=True)
    action: Mapped[str] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(100), nullable=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
