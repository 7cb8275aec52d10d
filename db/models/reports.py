"""Reports to the head: the monthly report's runs and stored files (migration 0008) and the
immediate reports of p. 25 (migration 0009).

Schema changes happen only through Alembic migrations (db/migrations).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Id
from db.statuses import ReportRunStatus


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
    status: Mapped[str] = mapped_column(String(20), default=ReportRunStatus.CLAIMED)
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
    kind: Mapped[str] = mapped_column(String(20))  # db.statuses.ActivityKind
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
