"""Who works the cards: units, users, absences with their deputies, vacancies (p. 7).

Schema changes happen only through Alembic migrations (db/migrations).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Id


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
    role: Mapped[str] = mapped_column(String(20))  # db.statuses.Role (PERSON_ROLES)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    email: Mapped[str | None] = mapped_column(String(300), nullable=True)
    telegram_chat_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    notify_via: Mapped[list[Any]] = mapped_column(JSON, default=list)  # ["email", "telegram"]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)  # argon2; None = no web sign-in


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
