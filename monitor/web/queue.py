"""The queue of cards a person works through: what needs this person's action first, then the
nearest reply deadline; filters, full-text search (search.py) and keyset pagination.

The order is (needs action, reply deadline, id). No index can give that order across several
states at once, so each state is read on its own along ``ix_incidents_queue`` (state,
reply_due_at, id), a page's worth at most, and the few rows merged here: a page costs a handful
of short index ranges whatever the table's size; once a page is full, the next states are read
only up to its last deadline. Cards without a deadline come last in their
part. The walks read keys only (id, deadline), so the index answers alone; the page's rows
are read once, by id. A search on PostgreSQL walks the states the same way, keeping the ids of
the matching cards (search.card_match); elsewhere it reads its matches in one query per part
(the text index picks the rows).
An executor's queue holds only cards routed to the units they act for (own unit and
deputyships, p. 7), the same rule as ``can_view``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, exists, func, literal, select, tuple_
from sqlalchemy.orm import Session

from db.models import Assignment, Incident, Message, StageDeadline, Unit, User, UtcDateTime
from db.statuses import CardState, Role
from monitor.web.search import card_match
from monitor.workflow.staffing import acting_unit_ids
from monitor.workflow.stages import STAGE_LABELS

PAGE = 50
FAR = datetime(9999, 1, 1, tzinfo=UTC)
# What waits for whom: the curator routes, takes returns back and approves drafts; the
# executor answers what was routed and reworks what came back.
NEEDS: dict[str, tuple[CardState, ...]] = {
    Role.CURATOR: (CardState.NEW, CardState.RETURNED, CardState.DRAFT),
    Role.EXECUTOR: (CardState.ASSIGNED, CardState.REWORK), Role.HEAD: (), Role.ADMIN: ()}
# The stages of a card whose own deadline a row shows beside the reply's when it comes first: an
# executor's are the ones their unit answers for; the others see every stage under way.
EXECUTOR_STAGES = ("draft", "rework", "contribution", "final")
SHOWN_STAGES = ("route", "review", "publish", *EXECUTOR_STAGES)
OPEN = (CardState.NEW, CardState.ASSIGNED, CardState.RETURNED, CardState.DRAFT, CardState.REWORK, CardState.APPROVED,
        CardState.INTERIM, CardState.PUBLISHED)


@dataclass(frozen=True)
class Filters:
    state: str | None = None
    network: str | None = None
    topic: str | None = None
    location: str | None = None
    importance: str | None = None
    unit: str | None = None
    since: str | None = None  # a local date, YYYY-MM-DD: detected on or after
    until: str | None = None  # a local date: detected on or before
    overdue: bool = False
    q: str | None = None
    after: str | None = None  # the keyset cursor: "part|due ISO|id"


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
    step: tuple[str, datetime, datetime] | None = None  # (stage label, started, due): an earlier stage deadline


COLUMNS = (Incident.id, Incident.state, Incident.platform, Message.text,
           func.coalesce(Incident.topic_set, Incident.topic), func.coalesce(Incident.location_set, Incident.location),
           func.coalesce(Incident.importance_set, Incident.importance), Incident.detected_at, Incident.reply_due_at,
           Incident.repeat_of_id)


def local_day(text: str | None, tz: ZoneInfo, *, end: bool = False) -> datetime | None:
    """The start of a local day (or of the next one, for an inclusive end), as a UTC instant."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return datetime.combine(day + timedelta(days=1 if end else 0), time(), tz).astimezone(UTC)


def conditions(filters: Filters, now: datetime, tz: ZoneInfo, acting: set[int] | None) -> list[ColumnElement[bool]]:
    """Every filter but the state and the search, as WHERE conditions on the card; ``acting``: an
    executor's acting units, the only ones whose cards they see."""
    out: list[ColumnElement[bool]] = []
    if acting is not None:
        out.append(exists().where(Assignment.incident_id == Incident.id, Assignment.unit_id.in_(acting or {-1})))
    if filters.network:
        out.append(Incident.platform == filters.network)
    if filters.topic:
        out.append(func.coalesce(Incident.topic_set, Incident.topic) == filters.topic)
    if filters.location:
        out.append(func.coalesce(Incident.location_set, Incident.location) == filters.location)
    if filters.importance:
        out.append(func.coalesce(Incident.importance_set, Incident.importance) == filters.importance)
    if filters.unit:
        unit_id = select(Unit.id).where(Unit.code == filters.unit).scalar_subquery()
        out.append(exists().where(Assignment.incident_id == Incident.id, Assignment.unit_id == unit_id,
                                  Assignment.active.is_(True)))
    if (since := local_day(filters.since, tz)) is not None:
        out.append(Incident.detected_at >= since)
    if (until := local_day(filters.until, tz, end=True)) is not None:
        out.append(Incident.detected_at < until)
    if filters.overdue:
        out.append(Incident.reply_due_at < now)
        out.append(Incident.published_at.is_(None))
    return out


def _read(session: Session, base: Select[Any], states: Sequence[str], after: tuple[datetime, int] | None,
          want: int, bound: datetime | None = None) -> list[Any]:
    """Up to ``want`` rows of these states after the cursor: dated ones by deadline, then undated.
    ``bound``: a page is already full up to this deadline, so later rows cannot make it."""
    where = Incident.state == states[0] if len(states) == 1 else Incident.state.in_(states)
    rows: list[Any] = []
    if after is None or after[0] < FAR:
        dated = base.where(where, Incident.reply_due_at.is_not(None))
        if bound is not None:
            dated = dated.where(Incident.reply_due_at <= literal(bound, UtcDateTime()))
        if after is not None:
            dated = dated.where(tuple_(Incident.reply_due_at, Incident.id)
                                > tuple_(literal(after[0], UtcDateTime()), literal(after[1])))
        rows = list(session.execute(dated.order_by(Incident.reply_due_at, Incident.id).limit(want)))
    if len(rows) < want and bound is None:
        undated = base.where(where, Incident.reply_due_at.is_(None))
        if after is not None and after[0] >= FAR:
            undated = undated.where(Incident.id > after[1])
        rows += session.execute(undated.order_by(Incident.id).limit(want - len(rows)))
    return rows


def _key(row: Any) -> tuple[datetime, int]:
    return (row.reply_due_at or FAR, row.id)


def queue(session: Session, user: User, filters: Filters, now: datetime, page: int = PAGE,
          tz: ZoneInfo | None = None) -> tuple[list[Row], str | None]:
    """One page of the queue and the cursor of the next page (None at the end)."""
    needs = NEEDS.get(user.role, ())
    states = (filters.state,) if filters.state else OPEN
    parts = ([s for s in states if s in needs], [s for s in states if s not in needs])
    acting = acting_unit_ids(session, user, now) if user.role == Role.EXECUTOR else None
    where = conditions(filters, now, tz or ZoneInfo("UTC"), acting)
    by_state = True  # a search whose matches are not picked by id reads them in one query per part
    if filters.q:
        match, by_state = card_match(session, filters.q)
        where.append(match)
    base = select(Incident.id, Incident.reply_due_at).where(*where)
    cursor = _cursor(filters.after) if filters.after else None
    found: list[tuple[int, Any]] = []
    for number, part in enumerate(parts):
        want = page + 1 - len(found)
        if not part or want <= 0 or (cursor and number < cursor[0]):
            continue
        after = cursor[1:] if cursor and number == cursor[0] else None
        groups = [[s] for s in part] if by_state else [part]
        rows: list[Any] = []
        for group in groups:
            full = sorted(rows, key=_key)[want - 1].reply_due_at if len(rows) >= want else None
            rows += _read(session, base, group, after, want, full)  # type: ignore[arg-type]
        found += [(number, r) for r in sorted(rows, key=_key)[:want]]
    more = len(found) > page
    found = found[:page]
    ids = [r.id for _n, r in found]
    units = _units(session, ids)
    full_rows = _rows(session, ids)
    steps = _steps(session, ids, acting)
    out = [Row(r.id, r.state, r.platform, r[3] or "", r[4], r[5], r[6], tuple(units.get(r.id, ())), r.detected_at,
               r.reply_due_at, r.repeat_of_id, r.state in needs, _earlier(steps.get(r.id), r.reply_due_at))
           for r in (full_rows.get(i) for i in ids) if r is not None]
    next_cursor = None
    if more and found:
        number, last = found[-1]
        next_cursor = f"{number}|{(last.reply_due_at or FAR).isoformat()}|{last.id}"
    return out, next_cursor


def _rows(session: Session, ids: list[int]) -> dict[int, Any]:
    """The page's rows, by id: the card and its first message's text."""
    if not ids:
        return {}
    query = select(*COLUMNS).outerjoin(Message, Message.id == Incident.first_message_id).where(Incident.id.in_(ids))
    return {r.id: r for r in session.execute(query)}


def _cursor(text: str) -> tuple[int, datetime, int] | None:
    try:
        part, due, last = text.split("|")
        when = datetime.fromisoformat(due)
        return int(part), when if when.tzinfo else when.replace(tzinfo=UTC), int(last)
    except ValueError:
        return None


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


def _steps(session: Session, ids: list[int], units: set[int] | None) -> dict[int, tuple[str, datetime, datetime]]:
    """Each card's nearest open stage deadline other than the reply's, as (label, started, due): the
    routing a new card waits for (30 minutes, p. 8), a draft's review. ``units``: an executor's acting
    units, who sees only their own units' stages."""
    if not ids:
        return {}
    query = select(StageDeadline.incident_id, StageDeadline.stage, StageDeadline.started_at, StageDeadline.due_at
                   ).where(StageDeadline.incident_id.in_(ids), StageDeadline.done_at.is_(None))
    if units is None:
        query = query.where(StageDeadline.stage.in_(SHOWN_STAGES))
    else:
        query = query.where(StageDeadline.stage.in_(EXECUTOR_STAGES),
                            StageDeadline.unit_id.is_(None) | StageDeadline.unit_id.in_(units or {-1}))
    out: dict[int, tuple[str, datetime, datetime]] = {}
    for incident_id, stage, started, due in session.execute(query.order_by(StageDeadline.due_at, StageDeadline.id)):
        out.setdefault(incident_id, (STAGE_LABELS[stage], started, due))
    return out


def _earlier(step: tuple[str, datetime, datetime] | None, reply_due: datetime | None
             ) -> tuple[str, datetime, datetime] | None:
    """The stage deadline when it falls before the reply's (else the reply's own says enough)."""
    return step if step is not None and (reply_due is None or step[2] < reply_due) else None
