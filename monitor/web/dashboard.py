"""The head's dashboard figures (issue 12 item 8, issue 13 item 6): today and this month.

Counted by the database in a handful of aggregate queries, so the page stays fast on a year of
cards: cards received, replies given and given on time (the card-wide reply deadline of p. 13),
cards whose reply is overdue now by the unit they are routed to, breaches of the month by unit,
critical cards, the open «повышенная социальная активность» cases (p. 25), and the last 30
days per day for the chart. Days and months are the organization's local ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import ActivityCase, Assignment, Breach, Incident, Message, StageDeadline, Unit

CHART_DAYS = 30
CURATOR_ROW = "Куратор (без подразделения)"
NOT_ROUTED = "Не направлена"
CLOSED_STATES = ("closed", "dismissed", "excluded")


@dataclass(frozen=True)
class Tally:
    """Received, answered and answered on time over one local span (today, this month)."""

    title: str
    received: int
    critical: int
    answered: int
    on_time: int

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.answered if self.answered else None


@dataclass(frozen=True)
class UnitLine:
    unit: str
    overdue_now: int  # cards whose reply deadline has passed unanswered, routed to this unit
    breaches_month: int  # stage deadlines of this unit missed this month


@dataclass(frozen=True)
class CriticalCard:
    id: int
    detected_at: datetime
    topic: str | None
    location: str | None
    state: str
    text: str | None = None  # the message the card opened with: what the head reads before opening it


@dataclass(frozen=True)
class Case:
    id: int
    kind: str  # surge | significant
    topic: str | None
    location: str | None
    opened_at: datetime
    count: int
    incident_id: int | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None


@dataclass
class Dashboard:
    today: Tally
    month: Tally
    units: list[UnitLine]
    critical: list[CriticalCard]
    cases: list[Case]
    days: list[tuple[date, int, int]] = field(default_factory=list)  # day, received, answered

    @property
    def open_cases(self) -> int:
        return sum(c.acknowledged_at is None for c in self.cases)


def _local_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _span(session: Session, title: str, start: datetime, end: datetime) -> Tally:
    importance = func.coalesce(Incident.importance_set, Incident.importance)
    received, critical = session.execute(
        select(func.count(), func.count().filter(importance == "critical"))
        .where(Incident.detected_at >= start, Incident.detected_at < end)).one()
    reply = StageDeadline
    answered, on_time = session.execute(
        select(func.count(), func.count().filter(reply.done_at <= reply.due_at))
        .where(reply.stage == "reply", reply.done_at >= start, reply.done_at < end)).one()
    return Tally(title, int(received), int(critical or 0), int(answered), int(on_time or 0))


def _units(session: Session, now: datetime, month_start: datetime, month_end: datetime) -> list[UnitLine]:
    names = {i: n for i, n in session.execute(select(Unit.id, Unit.name))}
    overdue: dict[str, int] = {}
    late = select(StageDeadline.incident_id).where(
        StageDeadline.stage == "reply", StageDeadline.done_at.is_(None), StageDeadline.due_at < now)
    rows = session.execute(
        select(Incident.id, Assignment.unit_id).select_from(Incident)
        .outerjoin(Assignment, and_(Assignment.incident_id == Incident.id, Assignment.active.is_(True)))
        .where(Incident.id.in_(late), Incident.state.not_in(CLOSED_STATES)))
    seen: dict[str, set[int]] = {}
    for card_id, unit_id in rows:
        name = names.get(unit_id, str(unit_id)) if unit_id is not None else NOT_ROUTED
        seen.setdefault(name, set()).add(card_id)
    overdue = {name: len(cards) for name, cards in seen.items()}
    breaches = {names.get(u, str(u)) if u is not None else CURATOR_ROW: int(n) for u, n in session.execute(
        select(Breach.unit_id, func.count()).where(Breach.due_at >= month_start, Breach.due_at < month_end)
        .group_by(Breach.unit_id))}
    lines = [UnitLine(name, overdue.get(name, 0), breaches.get(name, 0)) for name in set(overdue) | set(breaches)]
    return sorted(lines, key=lambda u: (-u.overdue_now, -u.breaches_month, u.unit))


def _critical(session: Session, month_start: datetime, limit: int = 20) -> list[CriticalCard]:
    importance = func.coalesce(Incident.importance_set, Incident.importance)
    rows = session.execute(
        select(Incident.id, Incident.detected_at, func.coalesce(Incident.topic_set, Incident.topic),
               func.coalesce(Incident.location_set, Incident.location), Incident.state, Message.text)
        .outerjoin(Message, Message.id == Incident.first_message_id)
        .where(importance == "critical", Incident.detected_at >= month_start)
        .order_by(Incident.detected_at.desc()).limit(limit))
    return [CriticalCard(*r) for r in rows]


def _cases(session: Session, month_start: datetime) -> list[Case]:
    """Every case not yet acknowledged, and the month's acknowledged ones, the newest first."""
    rows = session.execute(
        select(ActivityCase.id, ActivityCase.kind, ActivityCase.topic, ActivityCase.location, ActivityCase.opened_at,
               ActivityCase.count, ActivityCase.incident_id, ActivityCase.acknowledged_at,
               ActivityCase.acknowledged_by)
        .where((ActivityCase.acknowledged_at.is_(None)) | (ActivityCase.opened_at >= month_start))
        .order_by(ActivityCase.opened_at.desc()).limit(50))
    return [Case(*r) for r in rows]


def _days(session: Session, tz: ZoneInfo, today: date) -> list[tuple[date, int, int]]:
    """Cards received and replies given per local day of the last 30 days (one query each; the
    days are split in Python, since SQLite and PostgreSQL name their time zone functions apart)."""
    first = today - timedelta(days=CHART_DAYS - 1)
    start, end = _local_start(first, tz), _local_start(today + timedelta(days=1), tz)
    received: dict[date, int] = {}
    for (at,) in session.execute(select(Incident.detected_at).where(Incident.detected_at >= start,
                                                                     Incident.detected_at < end)):
        day = at.astimezone(tz).date()
        received[day] = received.get(day, 0) + 1
    answered: dict[date, int] = {}
    for (done,) in session.execute(select(StageDeadline.done_at).where(
            StageDeadline.stage == "reply", StageDeadline.done_at >= start, StageDeadline.done_at < end)):
        day = done.astimezone(tz).date() if done is not None else first
        answered[day] = answered.get(day, 0) + 1
    days = [first + timedelta(days=i) for i in range(CHART_DAYS)]
    return [(d, received.get(d, 0), answered.get(d, 0)) for d in days]


def dashboard(session: Session, now: datetime, tz: ZoneInfo) -> Dashboard:
    today = now.astimezone(tz).date()
    day_start, day_end = _local_start(today, tz), _local_start(today + timedelta(days=1), tz)
    month_first = today.replace(day=1)
    month_start = _local_start(month_first, tz)
    nxt = date(month_first.year + (month_first.month == 12), month_first.month % 12 + 1, 1)
    month_end = _local_start(nxt, tz)
    return Dashboard(today=_span(session, "Сегодня", day_start, day_end),
                     month=_span(session, "С начала месяца", month_start, month_end),
                     units=_units(session, now, month_start, month_end), critical=_critical(session, month_start),
                     cases=_cases(session, month_start), days=_days(session, tz, today))
