"""Opening, listing and acknowledging activity cases (database work, in the caller's transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from db.event_names import EventName
from db.models import ActivityCase, ActivityCaseMessage, Incident, Message
from db.statuses import ActivityKind, Role
from monitor.notify.outbox import enqueue, insert_once, users_with_role
from monitor.workflow.errors import AccessError, InputError, NotFoundError
from monitor.workflow.history import record
from monitor.workflow.staffing import get_user

SURGE_WINDOW = timedelta(hours=24)  # a surge seen again within this joins its case: one report per window


@dataclass(frozen=True)
class Opened:
    case: ActivityCase
    created: bool  # False: the topic and place already have a case in the window


def _hour(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


def _add_messages(session: Session, case_id: int, message_ids: list[int]) -> None:
    for message_id in message_ids:
        insert_once(session, ActivityCaseMessage, {"case_id": case_id, "message_id": message_id},
                    ["case_id", "message_id"])


def open_surge(session: Session, *, topic: str, location: str, count: int, baseline: float, now: datetime,
               window: timedelta = SURGE_WINDOW) -> Opened:
    """The surge's case: a new one, or the case of the same topic and place opened within the window.

    The surge's messages (relevant ones of the last hour on that topic and place) join the case.
    Two workers seeing the same surge insert the same (topic, place, hour) row: one of them does.
    """
    existing = session.scalars(select(ActivityCase).where(
        ActivityCase.kind == ActivityKind.SURGE, ActivityCase.topic == topic, ActivityCase.location == location,
        ActivityCase.window_start > now - window).order_by(ActivityCase.id)).first()
    created = False
    if existing is None:
        row = {"kind": ActivityKind.SURGE, "topic": topic, "location": location, "window_start": _hour(now),
               "incident_id": None, "opened_at": now, "opened_by": "system", "count": count, "baseline": baseline,
               "note": None}
        created = insert_once(session, ActivityCase, row, ["kind", "topic", "location", "window_start"])
        existing = session.scalars(select(ActivityCase).where(
            ActivityCase.kind == ActivityKind.SURGE, ActivityCase.topic == topic, ActivityCase.location == location,
            ActivityCase.window_start == _hour(now))).one()
    place = (or_(Message.location.is_(None), Message.location == location) if location == "unknown"
             else Message.location == location)
    ids = list(session.scalars(select(Message.id).where(
        Message.topic == topic, place,
        Message.detected_at > now - timedelta(hours=1), Message.detected_at <= now, Message.relevant.is_(True))))
    _add_messages(session, existing.id, ids)
    return Opened(existing, created)


def open_for_card(session: Session, card: Incident, *, actor: str, now: datetime, note: str | None = None) -> Opened:
    """A socially significant card's case (critical, or reported to the head by the curator)."""
    row = {"kind": ActivityKind.SIGNIFICANT, "topic": card.topic_set or card.topic,
           "location": card.location_set or card.location,
           "window_start": None, "incident_id": card.id, "opened_at": now, "opened_by": actor, "count": 1,
           "baseline": None, "note": note}
    created = insert_once(session, ActivityCase, row, ["kind", "incident_id"])
    case = session.scalars(select(ActivityCase).where(ActivityCase.kind == ActivityKind.SIGNIFICANT,
                                                      ActivityCase.incident_id == card.id)).one()
    if card.first_message_id is not None:
        _add_messages(session, case.id, [card.first_message_id])
    return Opened(case, created)


def case_cards(session: Session, case_id: int) -> list[int]:
    """The cards of a case's messages, in order."""
    return sorted(set(session.scalars(select(Message.incident_id).join(
        ActivityCaseMessage, ActivityCaseMessage.message_id == Message.id)
        .where(ActivityCaseMessage.case_id == case_id, Message.incident_id.is_not(None)))))


def report_to_head(session: Session, card_id: int, *, actor: str, now: datetime, note: str | None) -> Opened:
    """«Доложить главе» (p. 25): the curator reports a card; the head and the curators are told once."""
    user = get_user(session, actor)
    if user.role != Role.CURATOR:
        raise AccessError("Доложить главе может куратор")
    card = session.scalars(select(Incident).where(Incident.id == card_id).with_for_update()).one_or_none()
    if card is None:
        raise NotFoundError(f"Карточка №{card_id} не найдена")
    opened = open_for_card(session, card, actor=actor, now=now, note=note)
    if opened.created:
        record(session, card, at=now, actor=actor, action=EventName.REPORTED_TO_HEAD, after={"case": opened.case.id},
               note=note)
        message = session.get(Message, card.first_message_id) if card.first_message_id else None
        enqueue(session, key=f"activity:{opened.case.id}", kind="reported_to_head",
                recipients=users_with_role(session, Role.HEAD) + users_with_role(session, Role.CURATOR), now=now,
                incident_id=card.id, context={"case_id": opened.case.id, "note": note or "",
                                              "excerpt": message.text if message else ""})
    return opened


def acknowledge(session: Session, case_id: int, *, actor: str, now: datetime) -> ActivityCase:
    """The head has taken the report: the case and each of its cards' histories say so, once."""
    user = get_user(session, actor)
    if user.role != Role.HEAD:
        raise AccessError("Подтвердить получение доклада может глава")
    case = session.scalars(select(ActivityCase).where(ActivityCase.id == case_id).with_for_update()).one_or_none()
    if case is None:
        raise NotFoundError(f"Случай №{case_id} не найден")
    if case.acknowledged_at is not None:
        raise InputError(f"Получение доклада по случаю №{case_id} уже подтверждено")
    case.acknowledged_at, case.acknowledged_by = now, actor
    for card_id in case_cards(session, case.id):
        card = session.get(Incident, card_id)
        if card is not None:
            record(session, card, at=now, actor=actor, action=EventName.HEAD_ACKNOWLEDGED, after={"case": case.id})
    return case


def open_for_critical_cards(session: Session, now: datetime, window: timedelta = SURGE_WINDOW) -> int:
    """Critical cards of the window without a case get one (the head was told when the card
    became critical, by the workflow's own notification); returns how many were opened."""
    importance = func.coalesce(Incident.importance_set, Incident.importance)
    cards = session.scalars(select(Incident).where(
        importance == "critical", Incident.detected_at > now - window,
        ~exists().where(ActivityCase.kind == ActivityKind.SIGNIFICANT, ActivityCase.incident_id == Incident.id))).all()
    return sum(open_for_card(session, card, actor="system", now=now).created for card in cards)
