"""The SLA watch's memory (migration 0003): reminders sent and breaches recorded, once each.

Schema changes happen only through Alembic migrations (db/migrations).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Id


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
