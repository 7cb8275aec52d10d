"""An administrator changes a user (issue 12 item 9): role and unit, notification channels.

Users listed in settings are rewritten from there at every start (``sync_units_and_users``), so
a change made here would silently come undone: it is refused, naming the file. An executor who
still holds open stages, or answers alone for a unit, keeps role and unit until the work is
handed on (absence with a deputy, or deactivation, p. 7). A role change is audited.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry, StageDeadline, Unit, User
from db.statuses import NOTIFY_CHANNELS, PERSON_ROLES, Role
from monitor.core.settings import Settings
from monitor.workflow.errors import InputError
from monitor.workflow.staffing import CHAT_ID, EMAIL, active_executors, get_unit, get_user


def from_settings(settings: Settings, login: str) -> bool:
    return any(u.login == login for u in settings.users)


def _refuse_listed(settings: Settings, login: str) -> None:
    if from_settings(settings, login):
        raise InputError(f"Пользователь «{login}» задан в файле настроек (users в settings.yaml): "
                         "при следующем запуске его данные снова возьмутся оттуда. Измените их там")


def _open_cards(session: Session, user: User) -> list[int]:
    return sorted(set(session.scalars(select(StageDeadline.incident_id).where(
        StageDeadline.user_id == user.id, StageDeadline.done_at.is_(None)))))


def change_role(session: Session, settings: Settings, *, login: str, role: str, unit: str | None,
                actor: str, now: datetime, address: str | None = None) -> User:
    """A new role and unit for a user added by hand; an executor must have a unit."""
    _refuse_listed(settings, login)
    if role not in PERSON_ROLES:
        raise InputError(f"Неизвестная роль «{role}». Допустимо: {', '.join(PERSON_ROLES)}")
    if role == Role.EXECUTOR and not unit:
        raise InputError("Исполнителю нужно подразделение")
    user = get_user(session, login)
    new_unit: Unit | None = get_unit(session, unit) if unit and role == Role.EXECUTOR else None
    new_unit_id = new_unit.id if new_unit else None
    before = {"role": user.role, "unit": _code(session, user.unit_id)}
    if (role, new_unit_id) == (user.role, user.unit_id):
        return user
    if user.role == Role.EXECUTOR and user.unit_id is not None:
        cards = _open_cards(session, user)
        if cards:
            raise InputError(f"У исполнителя «{login}» открытые обращения ({', '.join(f'№{c}' for c in cards)}): "
                             "сначала передайте их (отсутствие с замещающим или отключение)")
        if [u.id for u in active_executors(session, user.unit_id)] == [user.id]:
            raise InputError(f"«{login}» — единственный исполнитель подразделения: сначала добавьте другого")
    user.role, user.unit_id = role, new_unit_id
    session.flush()
    session.add(AuditEntry(at=now, actor=actor, action="user.role_changed", address=address,
                           detail={"login": login, "before": before,
                                   "after": {"role": role, "unit": new_unit.code if new_unit else None}}))
    if role == Role.EXECUTOR:  # a unit waiting for an executor has one again (p. 7), as when one is created
        from monitor.workflow.departure import fill_vacancies

        fill_vacancies(session, now=now, actor=actor)
    return user


def _code(session: Session, unit_id: int | None) -> str | None:
    unit = session.get(Unit, unit_id) if unit_id else None
    return unit.code if unit else None


def set_channels(session: Session, settings: Settings, *, login: str, email: str | None, telegram: str | None,
                 notify_via: list[str]) -> User:
    """Email, Telegram chat id and the channels used; a channel needs its address."""
    _refuse_listed(settings, login)
    user = get_user(session, login)
    email = (email or "").strip() or None
    telegram = (telegram or "").strip() or None
    if email is not None and not EMAIL.match(email):
        raise InputError(f"Неверный адрес электронной почты «{email}»: нужен вид ivanova@adm.example.ru")
    if telegram is not None and not CHAT_ID.match(telegram):
        raise InputError(f"Неверный chat id Telegram «{telegram}»: нужно число (например 123456789) или @имя")
    unknown = [c for c in notify_via if c not in NOTIFY_CHANNELS]
    if unknown:
        raise InputError(f"Неизвестный канал «{unknown[0]}»")
    if "email" in notify_via and email is None:
        raise InputError("Для уведомлений по почте нужен адрес")
    if "telegram" in notify_via and telegram is None:
        raise InputError("Для уведомлений в Telegram нужен chat id")
    user.email, user.telegram_chat_id = email, telegram
    user.notify_via = [c for c in NOTIFY_CHANNELS if c in notify_via]
    session.flush()
    return user

