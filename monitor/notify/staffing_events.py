"""Tell the curators and the head that a unit is left without an executor (p. 7), and remind the
head of the replacement's deadline. Written in the caller's transaction like every notification."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from db.models import Unit, User, Vacancy
from db.statuses import Role
from monitor.notify.outbox import enqueue, users_with_role


def vacancy_context(session: Session, vacancy: Vacancy) -> dict[str, Any]:
    unit = session.get(Unit, vacancy.unit_id)
    left = session.get(User, vacancy.user_id)
    stand = session.get(User, vacancy.stand_in_id) if vacancy.stand_in_id else None
    return {"unit": unit.name if unit else str(vacancy.unit_id), "left": left.name if left else None,
            "due_at": vacancy.due_at, "stand_in": stand.name if stand else None}


def announce_unstaffed(session: Session, vacancy: Vacancy, now: datetime) -> int:
    """At once: the curators (who route the unit's cards) and the head (who appoints, p. 7)."""
    return enqueue(session, key=f"unit_unstaffed:{vacancy.id}", kind="unit_unstaffed",
                   recipients=users_with_role(session, Role.HEAD) + users_with_role(session, Role.CURATOR), now=now,
                   context=vacancy_context(session, vacancy))


def remind_vacancy(session: Session, vacancy: Vacancy, percent: int, now: datetime) -> int:
    """Before the deadline: the head, who appoints."""
    return enqueue(session, key=f"vacancy_reminder:{vacancy.id}:{percent}", kind="vacancy_reminder",
                   recipients=users_with_role(session, Role.HEAD), now=now,
                   context={**vacancy_context(session, vacancy), "percent": percent})


def escalate_vacancy(session: Session, vacancy: Vacancy, now: datetime) -> int:
    """The 3 days passed with nobody appointed: the head and the curators."""
    return enqueue(session, key=f"vacancy_overdue:{vacancy.id}", kind="vacancy_overdue",
                   recipients=users_with_role(session, Role.HEAD) + users_with_role(session, Role.CURATOR), now=now,
                   context=vacancy_context(session, vacancy))
