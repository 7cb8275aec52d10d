"""The monthly report job: on the first working day of each month, at 09:00 local time, the
previous month's report is made and emailed to the head and the curator, once.

Run every few minutes by any number of workers. Once due, a worker claims the month by
inserting its ``report_runs`` row (unique per month: of workers racing, one inserts, the others
find the row and stop); a run whose lease ran out (its worker died) is taken over. The documents
are made outside any transaction; then one transaction checks the claim is still ours, marks
the run sent, stores the files and writes the notification (its key is the month, so even a
takeover cannot write it twice). The outbox sends the email with the files attached.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

import structlog
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.models import ReportRun, StoredFile, User
from db.session import transaction
from db.statuses import ReportRunStatus
from monitor.core.clock import Clock
from monitor.core.settings import Settings
from monitor.reports.config import ReportSettings, report_settings
from monitor.reports.period import Period, month, previous_month

log = structlog.get_logger()
KIND = "monthly"
ATTACHED = ("docx", "xlsx")


@dataclass
class MonthlyRun:
    """What one pass did: ``sent`` is 1 when this worker made and queued the month's report."""

    period: str | None = None
    status: str = "not_due"  # not_due | done | busy | sent | failed
    sent: int = 0


def first_working_day(calendar: Any, year: int, month_no: int) -> date:
    day = date(year, month_no, 1)
    while not calendar.working_time_on(day):
        day += timedelta(days=1)
    return day


def due_period(calendar: Any, now: datetime, send_at: str) -> Period | None:
    """The month whose report is due at ``now``: the previous one, from its send instant on."""
    tz = calendar.tz
    local = now.astimezone(tz)
    day = first_working_day(calendar, local.year, local.month)
    hh, mm = (int(x) for x in send_at.split(":"))
    if now < datetime.combine(day, time(hh, mm), tzinfo=tz):
        return None
    return previous_month(month(local.year, local.month, tz))


def _claim(factory: sessionmaker[Session], code: str, now: datetime, lease: timedelta, token: str) -> bool:
    from monitor.notify.outbox import insert_once

    with transaction(factory) as session:
        row = {"kind": KIND, "period": code, "status": ReportRunStatus.CLAIMED, "claim": token, "claimed_at": now,
               "lease_until": now + lease, "attempts": 1}
        if insert_once(session, ReportRun, row, ["kind", "period"]):
            return True
        taken = cast(CursorResult[Any], session.execute(  # an UPDATE's result carries its rowcount
            update(ReportRun)
            .where(ReportRun.kind == KIND, ReportRun.period == code, ReportRun.status == ReportRunStatus.CLAIMED,
                   ReportRun.lease_until < now)
            .values(claim=token, claimed_at=now, lease_until=now + lease, attempts=ReportRun.attempts + 1)))
        return bool(taken.rowcount == 1)


def _recipients(session: Session, config: ReportSettings) -> list[User]:
    return list(session.scalars(select(User).where(User.role.in_(config.send_to), User.active.is_(True))
                                .order_by(User.id)))


def _finish(factory: sessionmaker[Session], code: str, token: str, now: datetime, files: dict[str, bytes],
            context: dict[str, Any], config: ReportSettings) -> bool:
    from monitor.notify.outbox import enqueue
    from monitor.reports.files import CONTENT_TYPES

    with transaction(factory) as session:
        run = session.scalars(select(ReportRun).where(ReportRun.kind == KIND, ReportRun.period == code)
                              .with_for_update()).one()
        if run.claim != token or run.status != ReportRunStatus.CLAIMED:
            return False  # another worker took the run over after our lease ran out
        run.status, run.finished_at, run.last_error = ReportRunStatus.SENT, now, None
        stored = []
        for name, data in files.items():
            kind = CONTENT_TYPES.get(name[name.rfind("."):], "application/octet-stream")
            row = StoredFile(name=name, content_type=kind, data=data, created_at=now, report_run_id=run.id)
            session.add(row)
            stored.append(row)
        session.flush()
        enqueue(session, key=f"monthly_report:{code}", kind="monthly_report", recipients=_recipients(session, config),
                now=now, context={**context, "file_ids": [f.id for f in stored], "file_names": list(files)})
        return True


def _release(factory: sessionmaker[Session], code: str, token: str, now: datetime, error: str) -> None:
    """A failed attempt frees the run at once: the next pass (of any worker) tries again."""
    with transaction(factory) as session:
        session.execute(update(ReportRun).where(ReportRun.kind == KIND, ReportRun.period == code,
                                                ReportRun.claim == token, ReportRun.status == ReportRunStatus.CLAIMED)
                        .values(lease_until=now, last_error=error[:2000]))


def run_monthly_report(factory: sessionmaker[Session], clock: Clock, settings: Settings, calendar: Any,
                       worker: str | None = None) -> MonthlyRun:
    """One pass of the job; safe to run at any moment on any number of workers."""
    from monitor.reports.files import monthly_files
    from monitor.reports.monthly import monthly_report
    from monitor.reports.stats import percent

    config = report_settings(settings)
    now = clock.now()
    period = due_period(calendar, now, config.send_at)
    if period is None:
        return MonthlyRun()
    code = period.code()
    with factory() as session:
        done = session.scalar(select(ReportRun.status).where(ReportRun.kind == KIND, ReportRun.period == code))
    if done == ReportRunStatus.SENT:
        return MonthlyRun(code, "done")
    token = worker or uuid.uuid4().hex
    if not _claim(factory, code, now, timedelta(minutes=config.lease_minutes), token):
        return MonthlyRun(code, "busy")
    try:
        with factory() as session:
            report = monthly_report(session, settings, calendar, period, now)
        files = monthly_files(report, ATTACHED)
        total = report.timeliness.total
        summary = (f"Карточек: {len(report.cards)}; этапов в срок: {total.on_time} из {total.count} "
                   f"({percent(total.share_on_time)}); решено положительно: {report.note.resolved} из "
                   f"{report.note.cards}.")
        context = {"period": period.title_genitive(), "summary": summary}
        if not _finish(factory, code, token, clock.now(), files, context, config):
            return MonthlyRun(code, "busy")
    except Exception as exc:
        log.exception("report.monthly_failed", period=code)
        _release(factory, code, token, clock.now(), f"{type(exc).__name__}: {exc}")
        return MonthlyRun(code, "failed")
    log.info("report.monthly_sent", period=code, files=list(files))
    return MonthlyRun(code, "sent", 1)
