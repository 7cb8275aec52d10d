"""On PostgreSQL, several workers run the watch at once: every reminder and escalation goes once."""

from __future__ import annotations

import os
import threading
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Incident
from db.session import make_engine, make_session_factory
from monitor.workflow_watch import WatchReport

from .helpers import Office

pytestmark = pytest.mark.skipif(
    not os.environ.get("OTKLIK_DATABASE_URL", "").startswith("postgresql"),
    reason="needs OTKLIK_DATABASE_URL pointing at PostgreSQL",
)


def _race(office: Office, db_url: str, workers: int = 2) -> list[WatchReport]:
    """Run the watch in ``workers`` threads at the same moment, each with its own engine."""
    engines = [make_engine(db_url) for _ in range(workers)]
    start = threading.Barrier(workers)
    reports: list[WatchReport] = []
    errors: list[Exception] = []

    def worker(sessions: sessionmaker[Session]) -> None:
        try:
            start.wait(timeout=30)
            reports.append(office.watch(sessions))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(make_session_factory(e),)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for e in engines:
        e.dispose()
    assert errors == []
    return reports


def test_two_workers_send_each_reminder_once(office: Office, db_url: str) -> None:
    """Two watch workers running at once remind each executor once per point, and escalate once."""
    cards = [office.routed_card() for _ in range(12)]
    office.set("2026-03-02", "12:00")
    reports = _race(office, db_url)
    assert sum(r.errors for r in reports) == 0
    keys = Counter(key for _, _, key in office.notes("reminder"))
    assert len(keys) == len(cards) and set(keys.values()) == {1}
    assert sum(r.reminders for r in reports) == len(cards)
    office.set("2026-03-02", "15:01")
    reports = _race(office, db_url, workers=3)
    assert sum(r.errors for r in reports) == 0
    escalations = Counter(key for _, _, key in office.notes("breach"))
    assert len(escalations) == len(cards) and set(escalations.values()) == {1}
    assert len(office.breaches()) == len(cards) and sum(r.breaches for r in reports) == len(cards)
    assert all(len(office.history(card, "deadline_breached")) == 1 for card in cards)


def test_card_held_by_a_transition_waits_for_the_next_run(office: Office, db_url: str) -> None:
    """While an official's action holds the card, the watch skips it and catches up a minute later."""
    card = office.routed_card()
    office.set("2026-03-02", "12:00")
    other = make_engine(db_url)
    try:
        with make_session_factory(other)() as holder, holder.begin():
            holder.scalars(select(Incident).where(Incident.id == card).with_for_update()).one()
            report = office.watch()
            assert (report.reminders, report.busy) == (0, 1)
        assert office.watch().reminders == 1
    finally:
        other.dispose()
    assert len(office.notes("reminder")) == 1
