"""Units, users and absences in the database: sync from settings, deputies (p. 7), who answers.

``responsible_user(unit, at)`` is the unit's executor, or the deputy while that executor is
absent, or (a unit whose last executor left, until another is appointed) the stand-in named
then; the routing here and the SLA watch's reminders both ask it.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Absence, Unit, User, Vacancy
from db.statuses import PERSON_ROLES, Role
from monitor.core.settings import Settings
from monitor.workflow.errors import AccessError, InputError, NotFoundError
from monitor.workflow.routing import UnitInfo
from monitor.workflow.states import ROLE_LABELS

_DEPUTY_CHAIN = 5  # a deputy may be absent too; follow at most this many links
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
CHAT_ID = re.compile(r"^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$")  # a Telegram chat id or @name


def sync_units_and_users(session: Session, settings: Settings) -> None:
    """Create or update the units and users listed in settings; users added by hand stay."""
    cfg = settings
    units = {u.code: u for u in session.scalars(select(Unit))}
    for unit in cfg.units:
        row = units.get(unit.code)
        if row is None:
            row = Unit(code=unit.code, name=unit.name, topics=list(unit.topics), locations=list(unit.locations))
            session.add(row)
            units[unit.code] = row
        else:
            row.name, row.topics, row.locations = unit.name, list(unit.topics), list(unit.locations)
    session.flush()
    users = {u.login: u for u in session.scalars(select(User))}
    for user in cfg.users:
        unit_id = units[user.unit].id if user.unit else None
        found = users.get(user.login)
        if found is None:
            session.add(User(login=user.login, name=user.name, role=user.role, unit_id=unit_id,
                             email=user.email, telegram_chat_id=user.telegram,
                             notify_via=list(user.notify_via), active=True))
        else:
            found.name, found.role, found.unit_id = user.name, user.role, unit_id
            found.email, found.telegram_chat_id, found.notify_via = user.email, user.telegram, list(user.notify_via)
    session.flush()


def unit_infos(session: Session) -> list[UnitInfo]:
    return [UnitInfo(u.code, u.name, frozenset(u.topics or []), frozenset(u.locations or []))
            for u in session.scalars(select(Unit).order_by(Unit.id))]


def get_user(session: Session, login: str) -> User:
    user = session.scalars(select(User).where(User.login == login)).one_or_none()
    if user is None:
        raise NotFoundError(f"Пользователь «{login}» не найден")
    if not user.active:
        raise NotFoundError(f"Пользователь «{login}» отключён")
    return user


def require_admin(session: Session, login: str | None, what: str) -> User:
    """The acting administrator (``--as``): only an admin manages users (p. 5)."""
    if not login:
        raise AccessError(f"{what} может только администратор: укажите --as LOGIN")
    user = get_user(session, login)
    if user.role != Role.ADMIN:
        raise AccessError(f"{what} может только администратор, а «{login}» — {ROLE_LABELS.get(user.role, user.role)}")
    return user


def get_unit(session: Session, code: str) -> Unit:
    unit = session.scalars(select(Unit).where(Unit.code == code)).one_or_none()
    if unit is None:
        codes = ", ".join(session.scalars(select(Unit.code).order_by(Unit.id)))
        raise NotFoundError(f"Подразделение «{code}» не найдено. Есть: {codes}")
    return unit


def absence_at(session: Session, user_id: int, at: datetime) -> Absence | None:
    """The absence of ``user_id`` covering ``at`` (the latest declared, if several overlap)."""
    return session.scalars(
        select(Absence).where(Absence.user_id == user_id, Absence.starts_at <= at, Absence.ends_at > at)
        .order_by(Absence.id.desc())
    ).first()


def stand_in(session: Session, user: User, at: datetime) -> User:
    """``user``, or whoever stands in for them at ``at`` (following absent deputies)."""
    current = user
    for _ in range(_DEPUTY_CHAIN):
        absence = absence_at(session, current.id, at)
        if absence is None:
            return current
        deputy = session.get(User, absence.deputy_id)
        if deputy is None or not deputy.active or deputy.id == user.id:
            return current
        current = deputy
    return current


def active_executors(session: Session, unit_id: int) -> list[User]:
    """The unit's active executors, the first one answering for it."""
    return list(session.scalars(
        select(User).where(User.unit_id == unit_id, User.role == Role.EXECUTOR, User.active.is_(True))
        .order_by(User.id)))


def open_vacancy(session: Session, unit_id: int) -> Vacancy | None:
    """The unit's vacancy while it lasts: opened when its last executor left, not yet filled."""
    if active_executors(session, unit_id):
        return None
    return session.scalars(select(Vacancy).where(Vacancy.unit_id == unit_id, Vacancy.filled_at.is_(None))
                           .order_by(Vacancy.id.desc())).first()


def responsible_user(session: Session, unit_id: int, at: datetime) -> User | None:
    """Who answers for ``unit_id`` at ``at``: its (first) executor, or that executor's deputy; with
    no executor left, the stand-in named when the last one left (p. 7), if any."""
    executors = active_executors(session, unit_id)
    if executors:
        return stand_in(session, executors[0], at)
    vacancy = open_vacancy(session, unit_id)
    deputy = session.get(User, vacancy.stand_in_id) if vacancy and vacancy.stand_in_id else None
    return stand_in(session, deputy, at) if deputy is not None and deputy.active else None


def acting_unit_ids(session: Session, user: User, at: datetime) -> set[int]:
    """Units ``user`` may act for at ``at``: their own, and those of executors they stand in for."""
    units: set[int] = set()
    if user.role == Role.EXECUTOR and user.unit_id is not None:
        units.add(user.unit_id)
    covered = session.scalars(
        select(Absence).where(Absence.deputy_id == user.id, Absence.starts_at <= at, Absence.ends_at > at)
    )
    for absence in covered:
        absent = session.get(User, absence.user_id)
        if absent is not None and absent.unit_id is not None:
            units.add(absent.unit_id)
    for vacancy in session.scalars(select(Vacancy).where(Vacancy.stand_in_id == user.id, Vacancy.filled_at.is_(None))):
        if open_vacancy(session, vacancy.unit_id) is not None:
            units.add(vacancy.unit_id)
    return units


def add_user(session: Session, *, login: str, name: str, role: str, unit: str | None = None,
             email: str | None = None, telegram: str | None = None) -> User:
    """A new user (``otklik user add``); an executor must belong to a unit."""
    if role not in PERSON_ROLES:
        raise InputError(f"Неизвестная роль «{role}». Допустимо: {', '.join(PERSON_ROLES)}")
    if role == Role.EXECUTOR and not unit:
        raise InputError("Исполнителю нужно подразделение", field="unit")
    if email is not None and not EMAIL.match(email.strip()):
        raise InputError(f"Неверный адрес электронной почты «{email}»: нужен вид ivanova@adm.example.ru")
    email = email.strip() if email else None
    telegram = telegram.strip() if telegram else None
    if telegram is not None and not CHAT_ID.match(telegram):
        raise InputError(f"Неверный chat id Telegram «{telegram}»: нужно число (например 123456789) или @имя")
    if session.scalars(select(User).where(User.login == login)).first() is not None:
        raise InputError(f"Пользователь «{login}» уже есть")
    unit_id = get_unit(session, unit).id if unit else None
    notify = (["email"] if email else []) + (["telegram"] if telegram else [])
    user = User(login=login, name=name, role=role, unit_id=unit_id, email=email, telegram_chat_id=telegram,
                notify_via=notify, active=True)
    session.add(user)
    session.flush()
    return user


def add_absence(session: Session, *, login: str, starts_at: datetime, ends_at: datetime, deputy: str,
                now: datetime, actor: str, reason: str | None = None) -> Absence:
    """Record that ``login`` is away from ``starts_at`` to ``ends_at`` and ``deputy`` stands in (p. 7)."""
    if ends_at <= starts_at:
        raise InputError("Окончание отсутствия должно быть позже начала")
    user = get_user(session, login)
    stand = get_user(session, deputy)
    if stand.id == user.id:
        raise InputError("Нельзя назначить заместителем самого себя")
    if user.role == Role.EXECUTOR and stand.role != Role.EXECUTOR:
        raise InputError(f"Заместитель «{deputy}» должен быть исполнителем")
    absence = Absence(user_id=user.id, deputy_id=stand.id, starts_at=starts_at, ends_at=ends_at,
                      reason=reason, created_at=now, created_by=actor)
    session.add(absence)
    session.flush()
    return absence


__all__ = [
    "acting_unit_ids", "add_absence", "add_user", "get_unit", "get_user",
    "responsible_user", "stand_in", "sync_units_and_users", "unit_infos",
]
