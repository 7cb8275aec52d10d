"""p. 25: a surge of activity and a socially significant card open a case «повышенная социальная
активность»; the head and the curator are told once per topic, place and window; the head
acknowledges it and the cards' histories say so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.models import ActivityCase, ActivityCaseMessage, Notification
from monitor.cli.main import main
from monitor.core.clock import FrozenClock
from monitor.watch.alerts import run_spike_watch

from ..workflow.helpers import Desk, at


@pytest.fixture(autouse=True)
def _database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)


def _surge(desk: Desk, day: str, hhmm: str, n: int = 8) -> list[int]:
    """``n`` heating complaints from Sobolevo within the half hour before day hhmm, each opening a card."""
    cards = []
    end = at(day, hhmm)
    for i in range(n):
        desk.clock.set(end - timedelta(minutes=30 - 3 * i))
        cards.append(desk.open(topic="heating", location="sobolevo", text=f"Холодно в доме {i}"))
    desk.clock.set(end)
    return cards


def _count(desk: Desk, model, *where) -> int:  # type: ignore[no-untyped-def]
    with desk.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_a_surge_opens_one_case_with_its_messages(desk: Desk) -> None:
    cards = _surge(desk, "2026-11-10", "10:00")
    first = run_spike_watch(desk.sessions, desk.clock)
    assert [(s.topic, s.location) for s in first.spikes] == [("heating", "sobolevo")]
    with desk.sessions() as s:
        [case] = s.scalars(select(ActivityCase)).all()
        assert (case.kind, case.topic, case.location, case.count) == ("surge", "heating", "sobolevo", 8)
    assert _count(desk, ActivityCaseMessage) == 8
    heads = _count(desk, Notification, Notification.kind == "spike", Notification.channel == "inbox")
    assert heads == 2  # the head and the curator, once each
    with desk.sessions() as s:
        note = s.scalars(select(Notification).where(Notification.kind == "spike")).first()
        assert note is not None and note.key == f"activity:{case.id}"
        assert note.context["cards"] == ", ".join(f"№{c}" for c in cards)
    # Forty minutes later the surge goes on: the same case, its new messages, nobody told again.
    more = _surge(desk, "2026-11-10", "10:40", n=9)
    again = run_spike_watch(desk.sessions, desk.clock)
    assert again.spikes and again.sent == 0
    assert _count(desk, ActivityCase) == 1 and _count(desk, ActivityCaseMessage) == 8 + 9
    # The next day's surge on the same topic and place is a new case, reported anew.
    _surge(desk, "2026-11-11", "12:00", n=12)
    assert run_spike_watch(desk.sessions, desk.clock).sent == 2
    assert _count(desk, ActivityCase) == 2
    assert more


def test_the_curator_reports_a_card_and_the_head_acknowledges(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    card = desk.open(text="Обрушилась крыша школы", topic="education", importance="high")
    shown = _out(capsys, "activity", "report", str(card), "--as", "curator", "--note", "Угроза детям")
    assert f"Доложено главе: карточка №{card}, случай №" in shown
    assert "уже доложено" in _out(capsys, "activity", "report", str(card), "--as", "curator")
    assert main(["activity", "report", str(card), "--as", "exec_gkh"]) == 2
    assert "Доложить главе может куратор" in capsys.readouterr().err
    inbox = _out(capsys, "notifications", "--user", "head")
    assert f"Доклад Главе: социально значимое обращение №{card}" in inbox
    with desk.sessions() as s:
        case_id = s.scalars(select(ActivityCase.id)).one()
    assert main(["activity", "ack", str(case_id), "--as", "curator"]) == 2
    assert "Подтвердить получение доклада может глава" in capsys.readouterr().err
    assert f"отмечено в карточках: №{card}" in _out(capsys, "activity", "ack", str(case_id), "--as", "head")
    assert main(["activity", "ack", str(case_id), "--as", "head"]) == 2
    assert "уже подтверждено" in capsys.readouterr().err
    assert desk.actions(card)[-2:] == ["reported_to_head", "head_acknowledged"]
    listed = _out(capsys, "activity", "list")
    assert f"№{case_id}" in listed and "социально значимое обращение" in listed and "получено head" in listed


def test_a_critical_card_gets_its_case(desk: Desk) -> None:
    """The head was told when the card came in critical; the watch files it as a case, silently."""
    card = desk.open(text="Пожар в общежитии", topic="safety", importance="critical")
    run_spike_watch(desk.sessions, desk.clock)
    run_spike_watch(desk.sessions, desk.clock)
    with desk.sessions() as s:
        [case] = s.scalars(select(ActivityCase)).all()
        assert (case.kind, case.incident_id) == ("significant", card)
    assert _count(desk, Notification, Notification.kind.in_(("spike", "reported_to_head"))) == 0


def test_two_workers_open_one_case(desk: Desk, race) -> None:  # type: ignore[no-untyped-def]
    _surge(desk, "2026-11-10", "10:00")
    clock = FrozenClock(desk.clock.now())
    race(lambda factory: run_spike_watch(factory, clock).sent)
    assert _count(desk, ActivityCase) == 1
    assert _count(desk, Notification, Notification.kind == "spike", Notification.channel == "inbox") == 2
