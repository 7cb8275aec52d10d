"""Claiming outbox rows under a lease, for both outboxes (publications and notifications).

A worker claims due rows by giving each a fresh claim token, one more attempt and a lease
end; other workers skip a row while its lease lasts (and, on PostgreSQL, while it is locked:
``FOR UPDATE SKIP LOCKED``). When the lease runs out (a crashed worker) the row is claimed
again with a new token. Every completion goes through ``owned``: a worker whose claim was
taken over writes nothing, so a row is never finished twice.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

Row = TypeVar("Row")


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def claim(session: Session, due: Select[Any], *, now: datetime, lease: timedelta,
          lease_column: str, **values: Any) -> list[Any]:
    """Claim the rows ``due`` selects: a new token, one more attempt, the lease ending in ``lease``
    (written to ``lease_column``), and ``values`` (e.g. a status); the caller commits at once."""
    if _postgres(session):
        due = due.with_for_update(skip_locked=True)
    rows = list(session.scalars(due))
    for row in rows:
        row.claim = uuid.uuid4().hex
        row.attempts = (row.attempts or 0) + 1
        setattr(row, lease_column, now + lease)
        for name, value in values.items():
            setattr(row, name, value)
    return rows


def owned(session: Session, model: type[Row], row_id: int, token: str | None) -> Row | None:
    """The row, locked, if the claim ``token`` still holds it (else another worker took it over)."""
    stmt = select(model).where(model.id == row_id, model.claim == token)  # type: ignore[attr-defined]
    if _postgres(session):
        stmt = stmt.with_for_update()
    return session.scalars(stmt).one_or_none()


def skip_locked(session: Session, stmt: Select[Any]) -> Select[Any]:
    """``stmt`` skipping rows another transaction holds (PostgreSQL; SQLite has one writer)."""
    return stmt.with_for_update(skip_locked=True) if _postgres(session) else stmt
