"""Messages kept out of work, with the reason: excluded by the rules at intake (no card), and
cards the curator (or the rules, p. 20) excluded or dismissed. Newest first, keyset-paged.
Restoring goes through the workflow: ``restore_message`` for a message without a card,
``restore`` for a card."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, literal, or_, select, tuple_
from sqlalchemy.orm import Session

from db.models import Incident, Message, UtcDateTime
from monitor.web.queue import local_day
from monitor.workflow.service import WorkflowService

EXCLUDED_PAGE = 50
ENDED = ("excluded", "dismissed")


@dataclass(frozen=True)
class Kept:
    message_id: int
    card_id: int | None
    state: str  # excluded | dismissed
    platform: str
    author: str | None
    text: str
    detected_at: datetime
    rule: str | None  # the exclusion code of the rules (obscene, insult, threat)
    rules: tuple[str, ...]  # the rules behind the exclusion (p. 20), not those of the other labels
    reason: str | None  # the curator's reason, for a card


def _exclusion_rules(rules: list[str] | None) -> tuple[str, ...]:
    """The rules that excluded a message (``exclusion:…``, ``excluded:…``): the reason a curator reads,
    without the topic, place and importance rules stored beside them."""
    return tuple(rule for rule in rules or () if rule.startswith(("exclusion:", "excluded:")))


def kept(session: Session, tz: ZoneInfo, since: str | None = None, until: str | None = None,
         before: str | None = None) -> tuple[list[Kept], str | None]:
    """One page and the cursor of the next ("detected ISO|message id"), None at the end."""
    stmt = select(Message, Incident).outerjoin(Incident, Incident.id == Message.incident_id).where(or_(
        and_(Message.incident_id.is_(None), Message.excluded.is_not(None)),
        and_(Incident.state.in_(ENDED), Incident.first_message_id == Message.id)))
    if (start := local_day(since, tz)) is not None:
        stmt = stmt.where(Message.detected_at >= start)
    if (end := local_day(until, tz, end=True)) is not None:
        stmt = stmt.where(Message.detected_at < end)
    if before:
        try:
            at, last = before.split("|")
            when = datetime.fromisoformat(at)
            when = when if when.tzinfo else when.replace(tzinfo=UTC)
            stmt = stmt.where(tuple_(Message.detected_at, Message.id) < tuple_(literal(when, UtcDateTime()),
                                                                               literal(int(last))))
        except ValueError:
            pass
    rows = session.execute(stmt.order_by(Message.detected_at.desc(), Message.id.desc()).limit(EXCLUDED_PAGE + 1)).all()
    out = [Kept(m.id, card.id if card else None, card.state if card else "excluded", m.platform, m.author_name,
                m.text, m.detected_at, m.excluded, _exclusion_rules(m.rules), card.reason if card else None)
           for m, card in rows[:EXCLUDED_PAGE]]
    cursor = f"{out[-1].detected_at.isoformat()}|{out[-1].message_id}" if len(rows) > EXCLUDED_PAGE else None
    return out, cursor


def restore(service: WorkflowService, session: Session, message_id: int, *, actor: str, reason: str) -> int:
    """Open (or reopen) the message's card, with a history event and the reason; the card's id."""
    message = session.get(Message, message_id)
    if message is not None and message.incident_id is not None:
        return service.restore(session, message.incident_id, actor=actor, reason=reason).id
    return service.restore_message(session, message_id, actor=actor, reason=reason).id
