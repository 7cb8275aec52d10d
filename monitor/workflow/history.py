"""The card's append-only history: one Event per action, with JSON-safe before/after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from db.event_names import EventName
from db.models import Event, Incident

__all__ = ["EventListener", "EventName", "plain", "record"]


def plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


EventListener = Callable[[Session, Incident, Event], None]


def record(session: Session, card: Incident, *, at: datetime, actor: str, action: EventName,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           note: str | None = None, listener: EventListener | None = None) -> Event:
    """Append an event to the card's history and tell the listener (inside the same transaction)."""
    event = Event(incident_id=card.id, at=at, actor=actor, action=EventName(action).value,
                  before=plain(before) if before is not None else None,
                  after=plain(after) if after is not None else None, note=note)
    session.add(event)
    session.flush()
    if listener is not None:
        listener(session, card, event)
    return event
