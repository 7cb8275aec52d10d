"""An official leaves (p. 7): deactivate the user, hand their open work on, track the replacement.

The departing executor's open stages go to the unit's next active executor, or, when none is
left, to a deputy (named, or the one from their latest absence). A unit left without an active
executor gets a vacancy: the head appoints another responsible person within 3 calendar days
(``deadlines.replace_executor``), which the SLA watch reminds of and escalates. The vacancy is
filled when an active executor joins the unit. The caller owns the transaction and tells people
(monitor.notify.staffing_events).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Absence, Incident, StageDeadline, User, Vacancy
from db.statuses import Role
from monitor.workflow.deadlines import DeadlineCalculator
from monitor.workflow.errors import InputError
from monitor.workflow.history import EventName, record
from monitor.workflow.staffing import active_executors, get_user, open_vacancy


@dataclass
class Departure:
    user: User
    successor: User | None = None  # who now holds the open stages
    moved: dict[int, list[str]] = field(default_factory=dict)  # card -> stages handed on
    vacancy: Vacancy | None = None


def _absence_deputy(session: Session, user: User, now: datetime) -> User | None:
    """The deputy of the user's current absence, else of the latest one, if still an active executor."""
    absences = list(session.scalars(select(Absence).where(Absence.user_id == user.id).order_by(Absence.id)))
    absences.sort(key=lambda a: a.starts_at <= now < a.ends_at)  # the current ones last, each in order
    for absence in reversed(absences):
        deputy = session.get(User, absence.deputy_id)
        if deputy is not None and deputy.active and deputy.role == Role.EXECUTOR:
            return deputy
    return None


def _hand_on(session: Session, user: User, to: User | None, *, now: datetime, actor: str,
             why: str) -> dict[int, list[str]]:
    """Move ``user``'s open stages to ``to`` (None: to the unit, answered by whoever stands in); one
    history event per card says so."""
    moved: dict[int, list[str]] = defaultdict(list)
    for stage in session.scalars(select(StageDeadline).where(StageDeadline.user_id == user.id,
                                                             StageDeadline.done_at.is_(None))
                                 .order_by(StageDeadline.incident_id, StageDeadline.id)):
        stage.user_id = to.id if to is not None else None
        moved[stage.incident_id].append(stage.stage)
    for card_id, stages in moved.items():
        card = session.get(Incident, card_id)
        if card is None:  # pragma: no cover - stages belong to cards
            continue
        card.version = (card.version or 0) + 1
        record(session, card, at=now, actor=actor, action=EventName.EXECUTOR_REPLACED,
               before={"executor": user.login}, after={"executor": to.login if to else None, "stages": stages},
               note=why)
    return dict(moved)


def deactivate_user(session: Session, *, login: str, actor: User, now: datetime, due: DeadlineCalculator,
                    deputy: str | None = None) -> Departure:
    """Mark ``login`` inactive and hand their work on (p. 7); see the module's docstring."""
    user = get_user(session, login)
    if user.id == actor.id:
        raise InputError("Нельзя отключить самого себя")
    stand = get_user(session, deputy) if deputy else None
    if stand is not None and (stand.role != Role.EXECUTOR or stand.id == user.id):
        raise InputError(f"Передать обращения можно только другому исполнителю, а «{stand.login}» — не он")
    user.active = False
    session.flush()
    departure = Departure(user)
    if user.role != Role.EXECUTOR or user.unit_id is None:
        return departure
    others = active_executors(session, user.unit_id)
    if stand is not None and others and stand.unit_id != user.unit_id:
        raise InputError("В подразделении есть другие исполнители: обращения переходят к ним, "
                         f"а исполнителю другого подразделения их не передать ({', '.join(u.login for u in others)})")
    if not others:
        stand = stand or _absence_deputy(session, user, now)
        departure.vacancy = Vacancy(unit_id=user.unit_id, user_id=user.id, stand_in_id=stand.id if stand else None,
                                    opened_at=now, opened_by=actor.login, due_at=due.replacement(now),
                                    reminded_percent=0)
        session.add(departure.vacancy)
        session.flush()
    departure.successor = stand or (others[0] if others else None)
    departure.moved = _hand_on(session, user, departure.successor, now=now, actor=actor.login,
                               why=f"Исполнитель {user.name} ({user.login}) отключён (п. 7)")
    return departure


def fill_vacancies(session: Session, *, now: datetime, actor: str = "system") -> list[tuple[Vacancy, User]]:
    """Close every vacancy whose unit has an active executor again; the stand-in's open stages of
    that unit go to the new executor. Returns the vacancies filled and by whom."""
    filled = []
    for vacancy in session.scalars(select(Vacancy).where(Vacancy.filled_at.is_(None)).order_by(Vacancy.id)
                                   .with_for_update(skip_locked=True)):
        if open_vacancy(session, vacancy.unit_id) is not None:
            continue
        newcomer = active_executors(session, vacancy.unit_id)[0]
        vacancy.filled_at, vacancy.filled_by_id = now, newcomer.id
        stand = session.get(User, vacancy.stand_in_id) if vacancy.stand_in_id else None
        if stand is not None and stand.id != newcomer.id:
            _hand_on_unit(session, stand, newcomer, vacancy.unit_id, now=now, actor=actor)
        filled.append((vacancy, newcomer))
    session.flush()
    return filled


def _hand_on_unit(session: Session, stand: User, newcomer: User, unit_id: int, *, now: datetime, actor: str) -> None:
    """The stand-in's open stages of ``unit_id`` (not their own unit's) go to the new executor."""
    rows = session.scalars(select(StageDeadline).where(StageDeadline.user_id == stand.id,
                                                       StageDeadline.unit_id == unit_id,
                                                       StageDeadline.done_at.is_(None))).all()
    by_card: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        row.user_id = newcomer.id
        by_card[row.incident_id].append(row.stage)
    for card_id, stages in by_card.items():
        card = session.get(Incident, card_id)
        if card is not None:
            card.version = (card.version or 0) + 1
            record(session, card, at=now, actor=actor, action=EventName.EXECUTOR_REPLACED,
                   before={"executor": stand.login}, after={"executor": newcomer.login, "stages": stages},
                   note=f"Назначен исполнитель {newcomer.name} ({newcomer.login}) (п. 7)")
