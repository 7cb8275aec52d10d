"""A card's way through the workflow (migration 0002): assignments to units, drafts of the reply,
the deadline of every stage.

Schema changes happen only through Alembic migrations (db/migrations).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Id


class Assignment(Base):
    """A card routed to one unit in one routing round (``cycle``); several units share a card (p. 17).

    ``position`` keeps the curator's order; a return (p. 9) deactivates the row with its reason;
    a contribution (p. 17.1) is the unit's part of a joint reply.
    """

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("incident_id", "unit_id", "cycle", name="uq_assignments_incident_unit_cycle"),
                      Index("ix_assignments_unit_incident", "unit_id", "incident_id"))

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
    kind: Mapped[str] = mapped_column(String(20))  # db.statuses.ReplyKind
    text: Mapped[str] = mapped_column(Text)  # as the executor wrote it
    publish_text: Mapped[str] = mapped_column(Text)  # as it will be posted: fitted to the network, then approved
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    author: Mapped[str] = mapped_column(String(100))
    submitted_at: Mapped[datetime]
    measures_reported: Mapped[bool] = mapped_column(Boolean, default=False)  # p. 18 checklist
    decision: Mapped[str | None] = mapped_column(String(20), nullable=True)  # db.statuses.DraftDecision
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decision_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_at: Mapped[datetime | None]
    # The card's attachments (Attachment.id) this version goes out with (migration 0016).
    attachment_ids: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)


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
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))  # uq_stage_deadlines_stage leads with it
    stage: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    working: Mapped[bool] = mapped_column(Boolean, default=True)
    started_at: Mapped[datetime]
    due_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    breached_at: Mapped[datetime | None]
