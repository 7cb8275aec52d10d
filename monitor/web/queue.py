"""The queue of cards a person works through: what needs this person's action first, then the
nearest reply deadline; filters, a plain search and keyset pagination (no OFFSET scans).

Search is a case-insensitive substring match on the message (LIKE) for now; full-text search
(FTS5 / tsvector) is still to come. An executor's queue holds only cards routed to the units
they act for (own unit and deputyships, p. 7), the same rule as ``can_view``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, case, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session

from db.models import Assignment, Incident, Message, Unit, User, UtcDateTime
from db.statuses import CardState, Role
from monitor.workflow.staffing import acting_unit_ids

PAGE = 50
FAR = datetime(9999, 1, 1, tzinfo=UTC)
# What waits for whom: the curator routes, takes returns back and approves drafts; the
# executor answers what was routed and reworks what came back.
NEEDS: dict[str, tuple[CardState, ...]] = {
    Role.CURATOR: (CardState.NEW, CardState.RETURNED, CardState.DRAFT),
    Role.EXECUTOR: (CardState.ASSIGNED, CardState.REWORK), Role.HEAD: (), Role.ADMIN: ()}
OPEN = (CardState.NEW, CardState.ASSIGNED, CardState.RETURNED, CardState.DRAFT, CardState.REWORK, CardState.APPROVED,
        CardState.INTERIM, CardState.PUBLISHED)


@dataclass(frozen=True)
class Filters:
    state: str | None = None
    topic: str | None = None
    location: str | None = None
    importance: str | None = None
    unit: str | None = None
    overdue: bool = False
    q: str | None = None
    after: str | None = None  # the keyset cursor: "priority|due ISO|id"


@dataclass(frozen=True)
class Row:
    id: int
    state: str
    platform: str
    text: str
    topic: str | None
    location: str | None
    importance: str | None
    units: tuple[str, ...]
    detected_at: datetime
    reply_due_at: datetime | None
    repeat_of_id: int | None
    needs_action: bool


def _visible(session: Session, user: User, now: datetime):
    if user.role != Role.EXECUTOR:
        return None
    units = acting_unit_ids(session, user, now)
    return Incident.id.in_(select(Assignment.incident_id).where(Assignment.unit_id.in_(units or {-1})))


def queue(session: Session, user: User, filters: Filters, now: datetime, page: int = PAGE
          ) -> tuple[list[Row], str | None]:
    """One page of the queue and the cursor of the next page (None at the end)."""
    needs = NEEDS.get(user.role, ())
    priority = case((Incident.state.in_(needs), 0), else_=1) if needs else literal(1)
    due = func.coalesce(Incident.reply_due_at, type_coerce(FAR, UtcDateTime()))
    stmt = select(Incident, Message.text, priority.label("p"), due.label("due")).outerjoin(
        Message, Message.id == Incident.first_message_id)
    visible = _visible(session, user, now)
    if visible is not None:
        stmt = stmt.where(visible)
    stmt = stmt.where(Incident.state == filters.state) if filters.state else stmt.where(Incident.state.in_(OPEN))
    if filters.topic:
        stmt = stmt.where(func.coalesce(Incident.topic_set, Incident.topic) == filters.topic)
    if filters.location:
        stmt = stmt.where(func.coalesce(Incident.location_set, Incident.location) == filters.location)
    if filters.importance:
        stmt = stmt.where(func.coalesce(Incident.importance_set, Incident.importance) == filters.importance)
    if filters.unit:
        stmt = stmt.where(Incident.id.in_(select(Assignment.incident_id).join(Unit, Unit.id == Assignment.unit_id)
                                          .where(Unit.code == filters.unit, Assignment.active.is_(True))))
    if filters.overdue:
        stmt = stmt.where(Incident.reply_due_at < now, Incident.published_at.is_(None))
    if filters.q:
        pattern = "%" + filters.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        lower = func.unicode_lower if session.get_bind().dialect.name == "sqlite" else func.lower
        stmt = stmt.where(lower(Message.text).like(pattern, escape="\\"))
    if filters.after:
        p, due_at, last = _cursor(filters.after)
        due_lit = type_coerce(due_at, UtcDateTime())
        stmt = stmt.where(or_(priority > p, and_(priority == p, due > due_lit),
                              and_(priority == p, due == due_lit, Incident.id > last)))
    rows = session.execute(stmt.order_by(priority, due, Incident.id).limit(page + 1)).all()
    more = len(rows) > page
    rows = rows[:page]
    units = _units(session, [r[0].id for r in rows])
    out = [Row(card.id, card.state, card.platform, text or "", card.topic_set or card.topic,
               card.location_set or card.location, card.importance_set or card.importance,
               tuple(units.get(card.id, ())), card.detected_at, card.reply_due_at, card.repeat_of_id,
               card.state in needs) for card, text, _p, _d in rows]
    cursor = None
    if more and rows:
        card, _t, p, d = rows[-1]
        d = d if isinstance(d, datetime) else FAR
        cursor = f"{p}|{(card.reply_due_at or FAR).isoformat()}|{card.id}"
    return out, cursor


def _cursor(text: str) -> tuple[int, datetime, int]:
    try:
        p, due, last = text.split("|")
        return int(p), datetime.fromisoformat(due), int(last)
    except ValueError:
        return 0, datetime(1970, 1, 1, tzinfo=UTC), 0


def _units(session: Session, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    rows = session.execute(select(Assignment.incident_id, Unit.name).join(Unit, Unit.id == Assignment.unit_id)
                           .where(Assignment.incident_id.in_(ids), Assignment.active.is_(True))
                           .order_by(Assignment.position))
    for incident_id, name in rows:
        out.setdefault(incident_id, []).append(name)
    return out
