"""Load what a period's figures need, in a few set-based queries (no query per card).

The cards of a report are the period's cards (detected in it) and the cards any stage due, draft
decided or published, or return made in the period belongs to; assignments and drafts are read
for all of them at once through one subquery of their ids.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, union
from sqlalchemy.orm import Session

from db.models import Assignment, Breach, Draft, Event, Incident, Message, StageDeadline, Unit, User
from monitor.reports.period import Period, previous_month, year_earlier
from monitor.reports.rows import (
    AssignmentRow,
    BreachRow,
    CardListRow,
    CardRow,
    Counts,
    DraftRow,
    MessageRow,
    PeriodData,
    PublishedEvent,
    StageRow,
    UnitRow,
    UserRow,
)

SURGE_BASELINE = timedelta(days=7)  # messages read before the period, for the surge baseline
PUBLISHED_ACTIONS = ("published", "interim_published")


def _in(column, period: Period):  # type: ignore[no-untyped-def]
    return and_(column >= period.start, column < period.end)


def _related_card_ids(period: Period):  # type: ignore[no-untyped-def]
    return union(
        select(Incident.id).where(_in(Incident.detected_at, period)),
        select(StageDeadline.incident_id).where(_in(StageDeadline.due_at, period)),
        select(Draft.incident_id).where(or_(_in(Draft.decided_at, period), _in(Draft.published_at, period))),
        select(Assignment.incident_id).where(or_(_in(Assignment.returned_at, period),
                                                 _in(Assignment.assigned_at, period))),
    ).subquery()


def load_period(session: Session, period: Period, as_of: datetime, *, messages: bool = True,
                compare: bool = True) -> PeriodData:
    """The period's rows; ``messages`` and ``compare`` are off for KPIs, which need neither."""
    data = PeriodData(period=period, as_of=as_of)
    data.units = {r.id: UnitRow(r.id, r.code, r.name) for r in session.execute(select(Unit.id, Unit.code, Unit.name))}
    data.users = {r.id: UserRow(r.id, r.login, r.name, r.role, r.unit_id)
                  for r in session.execute(select(User.id, User.login, User.name, User.role, User.unit_id))}
    related = _related_card_ids(period)
    ids = select(related.c[0])
    for r in session.execute(
        select(Incident.id, Incident.state, Incident.platform, Incident.detected_at,
               func.coalesce(Incident.topic_set, Incident.topic),
               func.coalesce(Incident.location_set, Incident.location),
               func.coalesce(Incident.importance_set, Incident.importance), Incident.repeat_of_id, Incident.outcome,
               Incident.closed_at, Incident.official, Incident.first_message_id)
        .where(Incident.id.in_(ids))
    ):
        data.cards[r[0]] = CardRow(*r)
    stage_columns = (StageDeadline.id, StageDeadline.incident_id, StageDeadline.stage, StageDeadline.unit_id,
                     StageDeadline.user_id, StageDeadline.cycle, StageDeadline.started_at, StageDeadline.due_at,
                     StageDeadline.done_at)
    data.stages = [StageRow(*r) for r in session.execute(
        select(*stage_columns).where(_in(StageDeadline.due_at, period)).order_by(StageDeadline.id))]
    data.final_stages = [StageRow(*r) for r in session.execute(
        select(*stage_columns).where(StageDeadline.stage == "final", _in(StageDeadline.started_at, period))
        .order_by(StageDeadline.id))]
    data.assignments = [AssignmentRow(*r) for r in session.execute(
        select(Assignment.incident_id, Assignment.unit_id, Assignment.cycle, Assignment.position,
               Assignment.assigned_at, Assignment.returned_at, Assignment.return_reason)
        .where(Assignment.incident_id.in_(ids)).order_by(Assignment.incident_id, Assignment.cycle,
                                                         Assignment.position))]
    data.drafts = [DraftRow(*r) for r in session.execute(
        select(Draft.incident_id, Draft.version, Draft.kind, Draft.unit_id, Draft.author, Draft.submitted_at,
               Draft.decision, Draft.decided_at, Draft.decision_note, Draft.published_at)
        .where(Draft.incident_id.in_(ids)).order_by(Draft.incident_id, Draft.version))]
    data.breaches = [BreachRow(*r) for r in session.execute(
        select(Breach.incident_id, Breach.stage, Breach.unit_id, Breach.user_id, Breach.due_at, Breach.done_at)
        .where(_in(Breach.due_at, period)).order_by(Breach.id))]
    data.published = [PublishedEvent(*r) for r in session.execute(
        select(Event.incident_id, Event.at, Event.actor, Event.action)
        .where(_in(Event.at, period), Event.action.in_(PUBLISHED_ACTIONS)).order_by(Event.id))]
    data.handled_by_login = {login: n for login, n in session.execute(
        select(Event.actor, func.count(func.distinct(Event.incident_id)))
        .where(_in(Event.at, period), Event.actor != "system").group_by(Event.actor))}
    data.repeat_counts = {cid: n for cid, n in session.execute(
        select(Incident.repeat_of_id, func.count())
        .where(Incident.repeat_of_id.in_(select(Incident.id).where(_in(Incident.detected_at, period))))
        .group_by(Incident.repeat_of_id))}
    if messages:
        data.messages = [MessageRow(*r) for r in session.execute(
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
    msg = {(t or "", loc or "", p): n for t, loc, p, n in session.execute(
        select(Message.topic, Message.location, Message.platform, func.count())
        .where(_in(Message.detected_at, period), Message.relevant.is_(True))
        .group_by(Message.topic, Message.location, Message.platform))}
    topic = func.coalesce(Incident.topic_set, Incident.topic)
    location = func.coalesce(Incident.location_set, Incident.location)
    cards = {(t or "", loc or "", p): n for t, loc, p, n in session.execute(
        select(topic, location, Incident.platform, func.count())
        .where(_in(Incident.detected_at, period)).group_by(topic, location, Incident.platform))}
    return Counts(msg, cards)


def message_texts(session: Session, ids: list[int]) -> dict[int, tuple[str, str, str | None]]:
    """Text, address and author of a few messages (the note's top list)."""
    if not ids:
        return {}
    return {r.id: (r.text, r.url, r.author_name) for r in session.execute(
        select(Message.id, Message.text, Message.url, Message.author_name).where(Message.id.in_(ids)))}


def card_list(session: Session, period: Period) -> list[CardListRow]:
    """The period's cards with their first message, in order of detection (one query)."""
    return [CardListRow(*r) for r in session.execute(
        select(Incident.id, Incident.detected_at, Incident.platform, Incident.url,
               func.coalesce(Incident.topic_set, Incident.topic),
               func.coalesce(Incident.location_set, Incident.location),
               func.coalesce(Incident.importance_set, Incident.importance), Incident.state, Incident.outcome,
               Incident.repeat_of_id, Incident.official, func.coalesce(Message.text, ""), Message.author_name,
               Incident.reply_url, Incident.published_at, Incident.closed_at)
        .outerjoin(Message, Message.id == Incident.first_message_id)
        .where(_in(Incident.detected_at, period)).order_by(Incident.detected_at, Incident.id))]
