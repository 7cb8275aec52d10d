"""Read-side queries over cards, shared by the CLI and the web API."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Incident, Message, StageDeadline
from db.statuses import CardState


def _iso(value: Any, tz: tzinfo | None = None) -> str | None:
    if value is None:
        return None
    return (value.astimezone(tz) if tz else value).isoformat()


def deadlines_of(session: Session, incident_ids: list[int], tz: tzinfo | None = None
                 ) -> dict[int, dict[str, str | None]]:
    """Each card's stage deadlines by stage name (the latest round of each stage wins)."""
    out: dict[int, dict[str, str | None]] = {}
    rows = session.scalars(select(StageDeadline).where(StageDeadline.incident_id.in_(incident_ids))
                           .order_by(StageDeadline.id))
    for row in rows:
        out.setdefault(row.incident_id, {})[row.stage] = _iso(row.due_at, tz)
    return out


def list_incidents(session: Session, limit: int = 100, state: str | None = None,
                   tz: tzinfo | None = None) -> list[dict[str, Any]]:
    """Cards newest first, as the JSON contract of ``otklik incidents --json`` describes."""
    stmt = (
        select(Incident, Message.text)
        .outerjoin(Message, Message.id == Incident.first_message_id)
        .order_by(Incident.detected_at.desc(), Incident.id.desc())
        .limit(limit)
    )
    if state:
        stmt = stmt.where(Incident.state == state)
    rows = session.execute(stmt).all()
    deadlines = deadlines_of(session, [card.id for card, _ in rows], tz)
    return [
        {
            "id": card.id,
            "state": card.state,
            "platform": card.platform,
            "url": card.url,
            "text": text or "",
            "detected_at": _iso(card.detected_at, tz),
            "reply_due_at": _iso(card.reply_due_at, tz),
            "published_at": _iso(card.published_at, tz),
            "reply_url": card.reply_url,
            "topic": card.topic_set or card.topic,
            "location": card.location_set or card.location,
            "importance": card.importance_set or card.importance,
            "official": card.official,
            "repeat_of": card.repeat_of_id,
            "deadlines": deadlines.get(card.id, {}),
            "message_id": card.first_message_id,
            "reason": card.reason,
        }
        for card, text in rows
    ]


def list_excluded(session: Session, limit: int = 100, tz: tzinfo | None = None) -> list[dict[str, Any]]:
    """Everything excluded under p. 20, newest first, with the reason, so a wrong exclusion can be undone.

    Two kinds: cards a curator excluded (``id`` is the card), and messages the classifier
    excluded at intake, which have no card yet (``id`` is None, ``message_id`` says which).
    """
    cards = list_incidents(session, limit=limit, state=CardState.EXCLUDED, tz=tz)
    rows = session.execute(
        select(Message).where(Message.excluded.is_not(None), Message.incident_id.is_(None))
        .order_by(Message.detected_at.desc(), Message.id.desc()).limit(limit)
    ).scalars().all()
    messages: list[dict[str, Any]] = [
        {"id": None, "state": CardState.EXCLUDED.value, "platform": m.platform, "url": m.url, "text": m.text or "",
         "detected_at": _iso(m.detected_at, tz), "reply_due_at": None, "published_at": None, "reply_url": None,
         "topic": m.topic, "location": m.location, "importance": m.importance, "official": False,
         "repeat_of": None, "deadlines": {}, "message_id": m.id, "reason": m.excluded}
        for m in rows
    ]
    merged = sorted(cards + messages, key=lambda r: (r["detected_at"] or "", r["message_id"] or 0), reverse=True)
    return merged[:limit]
