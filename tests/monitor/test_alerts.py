"""A surge of messages on one topic in one place is reported to the head at once, once (p. 25)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from db.models import Message, Notification, User
from monitor.core.clock import FrozenClock
from monitor.core.places import location_names
from monitor.core.settings import load_settings
from monitor.watch.alerts import run_spike_watch
from monitor.workflow.staffing import sync_units_and_users

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)


def _messages(session_factory, topic: str, times: list[datetime]) -> None:  # type: ignore[no-untyped-def]
    with session_factory() as s, s.begin():
        for i, at in enumerate(times):
            s.add(Message(platform="vk", external_id=f"{topic}-{at.isoformat()}-{i}", kind="comment", url="u",
                          text="холодно в квартирах", created_at=at, detected_at=at, topic=topic,
                          location="sobolevo", relevant=True))


def _staff(session_factory) -> None:  # type: ignore[no-untyped-def]
    with session_factory() as s, s.begin():
        sync_units_and_users(s, load_settings())
        head = s.scalars(select(User).where(User.login == "head")).one()
        head.email, head.notify_via = "head@sobolevomr.ru", ["email"]


def test_surge_alerts_the_head_once(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Twelve heating complaints in an hour against ~1 a day: one alert, even if the job runs twice;
    the place is named as the district's gazetteer names it."""
    _staff(session_factory)
    week = [NOW - timedelta(hours=24 * d + 5) for d in range(1, 7)]
    surge = [NOW - timedelta(minutes=4 * i + 1) for i in range(12)]
    _messages(session_factory, "heating", week + surge)
    clock = FrozenClock(NOW)
    names = location_names(load_settings())
    first = run_spike_watch(session_factory, clock, names)
    again = run_spike_watch(session_factory, clock, names)
    assert [(s.topic, s.location, s.count) for s in first.spikes] == [("heating", "sobolevo", 12)]
    assert (first.sent, again.sent) == (3, 0)  # the head's inbox and email, the curator's inbox
    with session_factory() as s:
        notes = s.scalars(select(Notification).where(Notification.channel != "inbox")).all()
    assert [(n.kind, n.channel) for n in notes] == [("spike", "email")]
    assert "отопление" in notes[0].context["text"]
    assert "Соболево" in notes[0].context["text"]


def test_steady_traffic_is_not_a_spike(session_factory) -> None:  # type: ignore[no-untyped-def]
    """Three messages an hour all week long is the normal, not an alert."""
    _staff(session_factory)
    steady = [NOW - timedelta(minutes=20 * i + 1) for i in range(3 * 24 * 7)]
    _messages(session_factory, "roads", steady)
    assert run_spike_watch(session_factory, FrozenClock(NOW)).spikes == []
