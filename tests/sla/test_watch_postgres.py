"""On PostgreSQL, several workers run the watch at once: every reminder and escalation goes once."""

from __future__ import annotations

import os
from collections import Counter

import pytest
from sqlalchemy import select

from db.models import Incident, Notification
from db.session import make_engine, make_session_factory

from .helpers import Office

pytestmark = pytest.mark.skipif(
    not os.environ.get("OTKLIK_DATABASE_URL", "").startswith("postgresql"),
    reason="needs OTKLIK_DATABASE_URL pointing at PostgreSQL",
)


def test_two_workers_send_each_reminder_once(office: Office, race) -> None:  # type: ignore[no-untyped-def]
    """Two watch workers running at once remind each executor once per point, and escalate once."""
    cards = [office.routed_card() for _ in range(12)]
    office.set("2026-03-02", "12:00")
    reports = race(office.watch)
    assert sum(r.errors for r in reports) == 0
    reminded = _cards(office, "reminder", "reminders")  # alone, or in a worker's digest
    assert sorted(reminded) == cards and set(reminded.values()) == {1}
    assert sum(r.reminders for r in reports) == len(cards)
    office.set("2026-03-02", "15:01")
    reports = race(office.watch, workers=3)
    assert sum(r.errors for r in reports) == 0
    escalated = _cards(office, "breach", "breaches")
    assert sorted(escalated) == cards and set(escalated.values()) == {1}
    assert len(office.breaches()) == len(cards) and sum(r.breaches for r in reports) == len(cards)
    assert all(len(office.history(card, "deadline_breached")) == 1 for card in cards)


def _cards(office: Office, one: str, digest: str) -> Counter[int]:
    """How often each card was named to its person by email: in a notification of its own or a digest."""
    with office.sessions() as s:
        rows = s.execute(select(Notification.kind, Notification.incident_id, Notification.context)
                         .where(Notification.kind.in_([one, digest]), Notification.channel == "email")).all()
    named: Counter[int] = Counter()
    for kind, incident_id, context in rows:
        named.update([incident_id] if kind == one else [card["id"] for card in context["cards"]])
    return named


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
