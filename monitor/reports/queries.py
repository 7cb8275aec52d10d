"""Load what a period's figures need, in a few set-based queries (no query per card).

The cards of a report are the period's cards (detected in it) and the cards any stage due, draft
decided or published, or return made in the period belongs to; assignments and drafts are read
for all of them at once through one subquery of their ids.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, and_, any_, bindparam, case, func, literal, or_, select, union
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from db.models import Assignment, Breach, Draft, Event, Incident, Message, StageDeadline, Unit, User
from monitor.reports.period import Period, previous_month, year_earlier
from monitor.reports.rows import (
    LATE,
    ON_TIME,
    PENDING,
    AssignmentRow,
    BreachRow,
    CardListRow,
    CardRow,
    Counts,
    DraftRow,
    FinalStage,
    MessageRow,
    PeriodData,
    PublishedEvent,
    StageRow,
    UnitRow,
    UserRow,
)

SURGE_BASELINE = timedelta(days=7)  # messages read before the period, for the surge baseline
PUBLISHED_ACTIONS = ("published", "interim_published")
CHUNK = 10_000
TEXT_KEPT = 1000  # characters of a message's text the list of cards keeps


def _in(column, period: Period):
    return and_(column >= period.start, column < period.end)


def _related_card_ids(period: Period):
    return union(
        select(Incident.id).where(_in(Incident.detected_at, period)),
        select(StageDeadline.incident_id).where(_in(StageDeadline.due_at, period)),
        select(Draft.incident_id).where(or_(_in(Draft.decided_at, period), _in(Draft.published_at, period))),
        select(Assignment.incident_id).where(or_(_in(Assignment.returned_at, period),
                                                 _in(Assignment.assigned_at, period))),
    ).subquery()


def _of_cards(session: Session, column, related, card_ids: list[int]):
    """``column`` among the report's cards. PostgreSQL takes the ids already read as one array
    (a hashed lookup): running the union of ids again costs it a sort of hundreds of thousands of
    rows for each table. SQLite runs the union itself, in-process and quickly."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("card_ids", card_ids, type_=ARRAY(BigInteger)))
    return column.in_(select(related.c[0]))


def _judged_stages(session: Session, period: Period, as_of: datetime) -> list[StageRow]:
    """Stages due in the period with their verdict computed by the database. A month has
    hundreds of thousands of stages, most of them on time: those come counted per stage, unit,
    person and verdict; the late ones and the card-wide reply deadlines (whose unit is the card's)
    come one by one, the late ones with their instants."""
    sd = StageDeadline
    late = or_(sd.done_at > sd.due_at, and_(sd.done_at.is_(None), sd.due_at < as_of))
    status = case((late, LATE), (sd.done_at.is_(None), PENDING), else_=ON_TIME)
    one_by_one = or_(late, sd.stage == "reply")
    rows = [StageRow(*_shared(r, (1,))) for r in _rows(session, select(
        sd.incident_id, sd.stage, sd.unit_id, sd.user_id, status, literal(1),
        case((late, sd.due_at), else_=None), case((late, sd.done_at), else_=None))
        .where(_in(sd.due_at, period), one_by_one).order_by(sd.id))]
    rows += [StageRow(0, stage, unit_id, user_id, verdict, n) for stage, unit_id, user_id, verdict, n in _rows(
        session, select(sd.stage, sd.unit_id, sd.user_id, status, func.count())
        .where(_in(sd.due_at, period), ~one_by_one).group_by(sd.stage, sd.unit_id, sd.user_id, status))]
    return rows


def _rows(session: Session, statement):
    """Plain rows through the session's connection (no ORM loading), fetched in chunks."""
    return session.connection().execution_options(yield_per=CHUNK).execute(statement)


def _shared(row: Any, columns: tuple[int, ...]) -> list[Any]:
    """A row with its short strings (states, codes, logins: the ``columns`` given) shared: a month
    repeats each of them tens of thousands of times. Only those columns are looked at."""
    out = list(row)
    for i in columns:
        value = out[i]
        if value is not None:
            out[i] = sys.intern(value)
    return out


def load_period(session: Session, period: Period, as_of: datetime, *, messages: bool = True,
                compare: bool = True) -> PeriodData:
    """The period's rows; ``messages`` and ``compare`` are off for KPIs, which need neither."""
    data = PeriodData(period=period, as_of=as_of)
    data.units = {r.id: UnitRow(r.id, r.code, r.name) for r in _rows(session, select(Unit.id, Unit.code, Unit.name))}
    data.users = {r.id: UserRow(r.id, r.login, r.name, r.role, r.unit_id)
                  for r in _rows(session, select(User.id, User.login, User.name, User.role, User.unit_id))}
    related = _related_card_ids(period)
    ids = select(related.c[0])
    for r in _rows(session,
        select(Incident.id, Incident.state, Incident.platform, Incident.detected_at,
               func.coalesce(Incident.topic_set, Incident.topic),
               func.coalesce(Incident.location_set, Incident.location),
               func.coalesce(Incident.importance_set, Incident.importance), Incident.repeat_of_id, Incident.outcome,
               Incident.official, Incident.first_message_id)
        .where(Incident.id.in_(ids))
    ):
        data.cards[r[0]] = CardRow._make(_shared(r, (1, 2, 4, 5, 6, 8)))
    card_ids = list(data.cards)
    data.stages = _judged_stages(session, period, as_of)
    data.final_stages = [FinalStage._make(r) for r in _rows(session,
        select(StageDeadline.incident_id, StageDeadline.started_at, StageDeadline.due_at)
        .where(StageDeadline.stage == "final", _in(StageDeadline.started_at, period)).order_by(StageDeadline.id))]
    data.assignments = [AssignmentRow._make(_shared(r, (6,))) for r in _rows(session,
        select(Assignment.incident_id, Assignment.unit_id, Assignment.cycle, Assignment.position,
               Assignment.assigned_at, Assignment.returned_at, Assignment.return_reason)
        .where(_of_cards(session, Assignment.incident_id, related, card_ids))
        .order_by(Assignment.incident_id, Assignment.cycle, Assignment.position))]
    data.drafts = [DraftRow._make(_shared(r, (2, 4, 5, 7))) for r in _rows(session,
        select(Draft.incident_id, Draft.version, Draft.kind, Draft.unit_id, Draft.author, Draft.decision,
               Draft.decided_at, Draft.decision_note, Draft.published_at)
        .where(_of_cards(session, Draft.incident_id, related, card_ids))
        .order_by(Draft.incident_id, Draft.version))]
    data.breaches = [BreachRow(*r) for r in _rows(session,
        select(Breach.stage, Breach.unit_id, Breach.user_id, func.count())
        .where(_in(Breach.due_at, period)).group_by(Breach.stage, Breach.unit_id, Breach.user_id))]
    data.published = [PublishedEvent._make(r) for r in _rows(session,
        select(Event.incident_id, Event.at, Event.actor, Event.action)
        .where(_in(Event.at, period), Event.action.in_(PUBLISHED_ACTIONS), Event.actor != "system")
        .order_by(Event.id))]
    data.handled_by_login = {login: n for login, n in _rows(session,
        select(Event.actor, func.count(func.distinct(Event.incident_id)))
        .where(_in(Event.at, period), Event.actor != "system").group_by(Event.actor))}
    data.repeat_counts = {cid: n for cid, n in _rows(session,
        select(Incident.repeat_of_id, func.count())
        .where(Incident.repeat_of_id.in_(select(Incident.id).where(_in(Incident.detected_at, period))))
        .group_by(Incident.repeat_of_id))}
    if messages:
        data.messages = [MessageRow._make(_shared(r, (2, 4, 5, 6))) for r in _rows(session,
            select(Message.id, Message.incident_id, Message.platform, Message.detected_at, Message.topic,
                   Message.location, Message.importance, Message.likes, Message.comments, Message.reposts,
                   Message.views)
            .where(Message.detected_at >= period.start - SURGE_BASELINE, Message.detected_at < period.end,
                   Message.relevant.is_(True)))]
    if compare:
        data.previous = load_counts(session, previous_month(period))
        data.year_ago = load_counts(session, year_earlier(period))
    return data


def load_counts(session: Session, period: Period) -> Counts:
    """Relevant messages and cards of a compared period, grouped by topic, location and network."""
    msg = {(t or "", loc or "", p): n for t, loc, p, n in _rows(session,
        select(Message.topic, Message.location, Message.platform, func.count())
        .where(_in(Message.detected_at, period), Message.relevant.is_(True))
        .group_by(Message.topic, Message.location, Message.platform))}
    topic = func.coalesce(Incident.topic_set, Incident.topic)
    location = func.coalesce(Incident.location_set, Incident.location)
    cards = {(t or "", loc or "", p): n for t, loc, p, n in _rows(session,
        select(topic, location, Incident.platform, func.count())
        .where(_in(Incident.detected_at, period)).group_by(topic, location, Incident.platform))}
    return Counts(msg, cards)


def message_texts(session: Session, ids: list[int]) -> dict[int, tuple[str, str, str | None]]:
    """Text, address and author of a few messages (the note's top list)."""
    if not ids:
        return {}
    return {r.id: (r.text, r.url, r.author_name) for r in _rows(session,
        select(Message.id, Message.text, Message.url, Message.author_name).where(Message.id.in_(ids)))}


def card_list(session: Session, period: Period) -> list[CardListRow]:
    """The period's cards with their first message, in order of detection (one query). Sorted
    here: the database would sort the rows with their texts, on disk for a month of cards."""
    cards = [CardListRow._make(_shared(r, (2, 4, 5, 6, 7, 8, 12))) for r in _rows(session,
        select(Incident.id, Incident.detected_at, Incident.platform, Incident.url,
               func.coalesce(Incident.topic_set, Incident.topic),
               func.coalesce(Incident.location_set, Incident.location),
               func.coalesce(Incident.importance_set, Incident.importance), Incident.state, Incident.outcome,
               Incident.repeat_of_id, Incident.official, func.substr(func.coalesce(Message.text, ""), 1, TEXT_KEPT),
               Message.author_name,
               Incident.reply_url, Incident.published_at, Incident.closed_at)
        .outerjoin(Message, Message.id == Incident.first_message_id)
        .where(_in(Incident.detected_at, period)))]
    cards.sort(key=_detection_order)
    return cards


def _detection_order(card: CardListRow) -> tuple[datetime, int]:
    return card.detected_at, card.id
