"""The migrations and the models describe the same schema, on every database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db.models import Base, Message, modelled


def test_migrations_match_models(engine) -> None:  # type: ignore[no-untyped-def]
    """A model change without an Alembic migration is caught here, not in production."""
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_name": modelled}), Base.metadata)
    assert diff == []


def _message(external_id: str) -> Message:
    now = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    return Message(platform="vk", external_id=external_id, kind="post", url="https://vk.com/wall-1_1",
                   text="Нет света в Соболево", created_at=now, detected_at=now)


def test_message_unique_per_platform(session_factory) -> None:  # type: ignore[no-untyped-def]
    """The same platform message can never be stored twice."""
    with session_factory() as s, s.begin():
        s.add(_message("-1_1"))
    with pytest.raises(IntegrityError), session_factory() as s, s.begin():
        s.add(_message("-1_1"))
    with session_factory() as s:
        stored = s.scalars(select(Message)).all()
        assert len(stored) == 1
        assert stored[0].created_at.tzinfo is not None
