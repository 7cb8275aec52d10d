"""What an administrator does to users, in one place for ``otklik user`` and the admin pages:
create (vacancies filled), absence with a deputy, deactivate (open cards handed on, p. 7).

Each returns the Russian lines the person reads; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from db.models import Unit
from monitor.workflow.deadlines import DeadlineCalculator
from monitor.workflow.errors import InputError
from monitor.workflow.staffing import add_absence, add_user, require_admin

FMT = "%d.%m.%Y %H:%M"


def parse_moment(text: str, tz: ZoneInfo, *, end: bool) -> datetime:
    """ISO date or date-time; a bare date starts at 00:00, or (for ``end``) includes that whole day."""
    try:
        if len(text.strip()) == 10:
            day = datetime.fromisoformat(text.strip()).date()
            at = datetime.combine(day + timedelta(days=1) if end else day, time(0), tz)
        else:
            at = datetime.fromisoformat(text.strip())
            at = at if at.tzinfo else at.replace(tzinfo=tz)
    except ValueError:
        raise InputError(f"Не понимаю дату «{text}»: нужна дата 2026-03-02 или 2026-03-02T09:00") from None
    return at


def create_user(session: Session, *, actor: str | None, now: datetime, login: str, name: str, role: str,
                unit: str | None, email: str | None, telegram: str | None) -> list[str]:
    """A new user, by an administrator; a unit waiting for an executor gets this one (p. 7)."""
    from monitor.workflow.departure import fill_vacancies

    require_admin(session, actor, "Создавать пользователей")
    if not login.strip() or not name.strip():
        raise InputError("Нужны логин и ФИО")
    user = add_user(session, login=login.strip(), name=name.strip(), role=role, unit=unit or None,
                    email=email or None, telegram=telegram or None)
    lines = [f"Пользователь {user.login} создан ({user.role})"]
    for vacancy, newcomer in fill_vacancies(session, now=now, actor=actor or "system"):
        found = session.get(Unit, vacancy.unit_id)
        lines.append(f"Подразделение {found.code if found else vacancy.unit_id} снова с исполнителем: "
                     f"{newcomer.login} (п. 7)")
    return lines


def declare_absence(session: Session, *, login: str, starts: str, ends: str, deputy: str, reason: str | None,
                    actor: str, now: datetime, tz: ZoneInfo) -> str:
    """An absence from ``starts`` to ``ends`` (dates include the whole last day) with a deputy (p. 7)."""
    since, until = parse_moment(starts, tz, end=False), parse_moment(ends, tz, end=True)
    add_absence(session, login=login, starts_at=since, ends_at=until, deputy=deputy, now=now, actor=actor,
                reason=reason or None)
    return (f"Отсутствие {login} с {since.astimezone(tz).strftime(FMT)} по {until.astimezone(tz).strftime(FMT)}; "
            f"замещает {deputy}")


def deactivate(session: Session, *, actor: str | None, login: str, deputy: str | None, now: datetime,
               due: DeadlineCalculator, tz: ZoneInfo) -> list[str]:
    """The user leaves: inactive, open cards handed on, a unit left alone announced (p. 7)."""
    from monitor.notify.staffing_events import announce_unstaffed
    from monitor.workflow.departure import deactivate_user

    admin = require_admin(session, actor, "Отключать пользователей")
    gone = deactivate_user(session, login=login, actor=admin, now=now, due=due, deputy=deputy or None)
    lines = [f"Пользователь {gone.user.login} отключён"]
    if gone.moved:
        cards = ", ".join(f"№{card}" for card in sorted(gone.moved))
        to = gone.successor.login if gone.successor else "куратору (исполнителя нет)"
        lines.append(f"Открытые обращения ({cards}) переданы: {to}")
    if gone.vacancy is not None:
        announce_unstaffed(session, gone.vacancy, now)
        found = session.get(Unit, gone.vacancy.unit_id)
        lines.append(f"Подразделение {found.code if found else ''} осталось без исполнителя; Главе и куратору "
                     f"сообщено. Назначить другое ответственное лицо до "
                     f"{gone.vacancy.due_at.astimezone(tz).strftime(FMT)} (п. 7)")
    return lines
