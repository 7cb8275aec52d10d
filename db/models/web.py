"""The web desk's sign-in: sessions, failed attempts, the audit trail, API tokens.

Schema changes happen only through Alembic migrations (db/migrations).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Id


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


class ApiToken(Base):
    """A person's token for ``Authorization: Bearer``: only its SHA-256 is stored, shown once.

    It acts as its owner (same role, same cards); revoked by the owner or ended by deactivating
    the owner. ``last_used_at`` tells the owner which tokens are still in use. Migration 0014.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
