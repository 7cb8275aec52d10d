"""The SLA watch's pass over units left without an executor (p. 7): the head appoints another
within 3 calendar days. Like a stage: reminders at the policy's points, one escalation after.

Each vacancy is handled in its own short transaction with its row locked (PostgreSQL: ``SKIP
LOCKED``); the handled point (``reminded_percent``) or the escalation (``breached_at``) is written
with the notification, and the notification keys are unique, so overlapping runs tell once.
A vacancy whose unit has an active executor again (added in settings, say) is closed here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Vacancy
from db.session import transaction
from monitor.notify.staffing_events import escalate_vacancy, remind_vacancy
from monitor.watch.plan import SlaPolicy, StageTiming, plan_reminder
from monitor.workflow.departure import fill_vacancies

log = structlog.get_logger()  # lazy: follows the logging configuration in force


def watch_vacancies(factory: sessionmaker[Session], now: datetime, policy: SlaPolicy,
                    count: Callable[[str, bool | None], None]) -> None:
    """Fill, remind, escalate; ``count(kind, outcome)`` tallies each handled vacancy for the report."""
    with transaction(factory) as session:
        for vacancy, newcomer in fill_vacancies(session, now=now):
            log.info("staff.vacancy_filled", vacancy_id=vacancy.id, unit_id=vacancy.unit_id, user=newcomer.login)
    with factory() as session:
        ids = list(session.scalars(select(Vacancy.id).where(Vacancy.filled_at.is_(None),
                                                            Vacancy.breached_at.is_(None)).order_by(Vacancy.id)))
    for vacancy_id in ids:
        try:
            with transaction(factory) as session:
                kind, outcome = _handle(session, vacancy_id, now, policy)
        except Exception:
            log.exception("sla.vacancy_failed", vacancy_id=vacancy_id)
            count("errors", True)
            continue
        count(kind, outcome)


def _handle(session: Session, vacancy_id: int, now: datetime, policy: SlaPolicy) -> tuple[str, bool | None]:
    vacancy = session.scalars(select(Vacancy).where(Vacancy.id == vacancy_id)
                              .with_for_update(skip_locked=True)).one_or_none()
    if vacancy is None:
        return "reminders", None  # another worker holds it
    if vacancy.filled_at is not None or vacancy.breached_at is not None:
        return "reminders", False
    if now > vacancy.due_at:
        vacancy.breached_at = vacancy.due_at
        escalate_vacancy(session, vacancy, now)
        log.warning("sla.vacancy_overdue", vacancy_id=vacancy.id, unit_id=vacancy.unit_id,
                    due_at=vacancy.due_at.isoformat())
        return "breaches", True
    timing = StageTiming(vacancy.opened_at, vacancy.due_at, working=False)
    handled = [p for p in policy.percents if p <= vacancy.reminded_percent]
    plan = plan_reminder(timing, now, policy.percents, handled, policy.calendar)
    if plan.send is None:
        return "reminders", False
    vacancy.reminded_percent = plan.send
    remind_vacancy(session, vacancy, plan.send, now)
    log.info("sla.vacancy_reminder", vacancy_id=vacancy.id, unit_id=vacancy.unit_id, percent=plan.send)
    return "reminders", True
