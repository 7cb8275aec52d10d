"""The monthly report job: due on the first working day at 09:00, sent once to the head and the
curator with the documents attached, whatever the restarts and the number of workers."""

from __future__ import annotations

import io
from datetime import date, timedelta
from email import message_from_bytes, policy

import docx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.models import Notification, ReportRun, StoredFile, User
from monitor.core.clock import FrozenClock
from monitor.notify import NotificationDelivery
from monitor.reports import schedule
from monitor.reports.schedule import due_period, first_working_day, run_monthly_report

from ..notify.helpers import SmtpServer
from ..workflow.helpers import Desk, at, settings_with
from .seed import Month


def _emails(desk: Desk) -> None:
    with desk.sessions() as s, s.begin():
        for login in ("head", "curator"):
            s.execute(update(User).where(User.login == login)
                      .values(email=f"{login}@sobolevo.test", notify_via=["email"]))


def _count(factory: sessionmaker[Session], model, *where) -> int:  # type: ignore[no-untyped-def]
    with factory() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_due_on_the_first_working_day_at_nine(desk: Desk) -> None:
    """December 2026 starts on a working Tuesday; January 2027's first working day is the 11th."""
    cal = desk.calendar
    assert due_period(cal, at("2026-12-01", "08:59"), "09:00") is None
    assert due_period(cal, at("2026-12-01", "09:00"), "09:00").code() == "2026-11"  # type: ignore[union-attr]
    assert first_working_day(cal, 2027, 1) == date(2027, 1, 11)
    assert due_period(cal, at("2027-01-05", "12:00"), "09:00") is None
    assert due_period(cal, at("2027-01-11", "09:00"), "09:00").code() == "2026-12"  # type: ignore[union-attr]
    assert due_period(cal, at("2027-01-20", "15:00"), "09:00").code() == "2026-12"  # a late start catches up


def test_sent_once_with_the_documents_attached(desk: Desk, november: Month, smtp_server: SmtpServer) -> None:
    _emails(desk)
    settings = settings_with(notifications={"base_url": "https://otklik.test", "smtp": {
        "enabled": True, "host": smtp_server.host, "port": smtp_server.port, "user": None, "password": None}})
    clock = FrozenClock(at("2026-12-01", "08:59"))
    assert run_monthly_report(desk.sessions, clock, settings, desk.calendar).status == "not_due"
    clock.set(at("2026-12-01", "09:00"))
    first = run_monthly_report(desk.sessions, clock, settings, desk.calendar)
    assert (first.period, first.status, first.sent) == ("2026-11", "sent", 1)
    clock.advance(minutes=5)  # the next pass, and a restarted worker, find the month done
    assert run_monthly_report(desk.sessions, clock, settings, desk.calendar).status == "done"
    delivery = NotificationDelivery.from_settings(settings)
    assert delivery.run(desk.sessions, clock).sent == 2
    assert delivery.run(desk.sessions, clock).sent == 0
    letters = {tuple(m.rcpt_tos): message_from_bytes(m.content, policy=policy.default)
               for m in smtp_server.handler.messages}
    assert set(letters) == {("head@sobolevo.test",), ("curator@sobolevo.test",)}
    letter = letters[("head@sobolevo.test",)]
    files = {part.get_filename(): part.get_payload(decode=True) for part in letter.iter_attachments()}
    assert set(files) == {"report-2026-11.docx", "report-2026-11.xlsx"}
    note = docx.Document(io.BytesIO(files["report-2026-11.docx"]))
    assert "за ноябрь 2026 г." in [p.text for p in note.paragraphs]
    body = next(letter.iter_parts()).get_content()
    assert "Сводная информация о своевременности, качестве и динамике за ноябрь 2026 г." in body
    assert "Документы во вложении к письму: report-2026-11.docx, report-2026-11.xlsx." in body


def test_a_crashed_run_is_taken_over_after_its_lease(desk: Desk, november: Month,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies mid-run leaves a claimed month; another takes it over once the lease ends,
    and a failing attempt frees the month at once for the next pass."""
    settings = desk.settings
    clock = FrozenClock(at("2026-12-01", "09:00"))
    assert schedule._claim(desk.sessions, "2026-11", clock.now(), timedelta(minutes=30), "dead-worker")
    clock.advance(minutes=10)
    assert run_monthly_report(desk.sessions, clock, settings, desk.calendar).status == "busy"

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    clock.advance(minutes=25)
    monkeypatch.setattr("monitor.reports.files.monthly_files", broken)
    assert run_monthly_report(desk.sessions, clock, settings, desk.calendar).status == "failed"
    with desk.sessions() as s:
        run = s.scalars(select(ReportRun)).one()
        assert (run.status, run.attempts, run.last_error) == ("claimed", 2, "RuntimeError: disk full")
    monkeypatch.undo()
    clock.advance(minutes=5)
    assert run_monthly_report(desk.sessions, clock, settings, desk.calendar).status == "sent"
    with desk.sessions() as s:
        run = s.scalars(select(ReportRun)).one()
        assert (run.status, run.attempts) == ("sent", 3)
    assert _count(desk.sessions, StoredFile) == 2
    assert _count(desk.sessions, Notification, Notification.kind == "monthly_report",
                  Notification.channel == "inbox") == 2  # head and curator


def test_two_workers_at_once_send_once(desk: Desk, november: Month, race) -> None:  # type: ignore[no-untyped-def]
    """Two workers reach the month at the same moment: one makes and queues the report, the other stands down."""
    _emails(desk)
    clock = FrozenClock(at("2026-12-01", "09:00"))
    results = race(lambda factory: run_monthly_report(factory, clock, desk.settings, desk.calendar).status)
    assert sorted(results) == ["busy", "sent"]
    assert _count(desk.sessions, ReportRun) == 1
    assert _count(desk.sessions, StoredFile) == 2
    assert _count(desk.sessions, Notification, Notification.kind == "monthly_report",
                  Notification.channel == "email") == 2
