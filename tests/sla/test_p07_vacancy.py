"""p. 7 with the SLA watch: a unit left without an executor on Monday 2 March 2026 at 10:00 must
get another by Thursday 10:00 (3 calendar days). The head is reminded at half (Tuesday 22:00) and
80 % (Wednesday 19:36) of that time, and head and curators are told once when it passes; a new
executor closes it, added by hand or in settings."""

from __future__ import annotations

from sqlalchemy import select

from db.models import User, Vacancy
from monitor.workflow.deadlines import DeadlineCalculator
from monitor.workflow.departure import deactivate_user
from monitor.workflow.staffing import add_user

from .helpers import Office


def _leave(office: Office, login: str = "exec_gkh") -> None:
    with office.sessions() as s, s.begin():
        admin = s.scalars(select(User).where(User.login == "admin")).one()
        deactivate_user(s, login=login, actor=admin, now=office.clock.now(),
                        due=DeadlineCalculator(office.calendar, office.service.policy))


def _vacancy(office: Office) -> Vacancy:
    with office.sessions() as s:
        return s.scalars(select(Vacancy)).one()


def test_head_is_reminded_then_escalated_once(office: Office) -> None:
    """Reminders to the head at 50 % and 80 %, each once; after Thursday 10:00 one escalation."""
    _leave(office)
    for day, hhmm in [("2026-03-03", "21:59"), ("2026-03-03", "22:00"), ("2026-03-03", "22:05"),
                      ("2026-03-04", "19:35"), ("2026-03-04", "19:36"), ("2026-03-05", "10:00")]:
        office.set(day, hhmm)
        office.watch()
    vacancy = _vacancy(office)
    assert [key for _, _, key in office.notes("vacancy_reminder")] == [
        f"vacancy_reminder:{vacancy.id}:50", f"vacancy_reminder:{vacancy.id}:80"]
    assert {login for login, _, _ in office.notes("vacancy_reminder")} == {"head"}
    assert office.notes("vacancy_overdue") == []
    office.set("2026-03-05", "10:01")
    reports = [office.watch() for _ in range(2)]
    assert [r.breaches for r in reports] == [1, 0]
    assert sorted(login for login, _, _ in office.notes("vacancy_overdue")) == ["curator", "head"]
    assert _vacancy(office).breached_at == vacancy.due_at


def test_an_executor_added_in_settings_closes_it_at_the_next_watch(office: Office) -> None:
    """Added without the command (settings synced at start-up), the new executor is seen by the watch."""
    _leave(office)
    office.set("2026-03-03", "09:00")
    with office.sessions() as s, s.begin():
        add_user(s, login="gkh_new", name="Новый исполнитель", role="executor", unit="gkh")
    office.watch()
    vacancy = _vacancy(office)
    assert vacancy.filled_at == office.clock.now() and vacancy.filled_by_id is not None
    office.set("2026-03-05", "12:00")
    office.watch()
    assert office.notes("vacancy_reminder") == [] and office.notes("vacancy_overdue") == []
