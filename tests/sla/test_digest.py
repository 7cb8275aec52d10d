"""Many deadlines at once (a batch of cards opened together comes due together): a person owed
more than DIGEST_FROM reminders or escalations in one watch run gets one digest listing the cards;
each stage is still handled once, each breach recorded on its card."""

from __future__ import annotations

import json

from sqlalchemy import select

from db.models import DeadlineReminder, Notification, User
from monitor.notify.outbox import DIGEST_FROM
from monitor.notify.templates import render

from .helpers import KAM, Office


def _digests(office: Office, kind: str) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    with office.sessions() as s:
        rows = s.execute(select(User.login, Notification.context).join(User, User.id == Notification.user_id)
                         .where(Notification.kind == kind, Notification.channel == "email").order_by(Notification.id))
        return [(login, context if isinstance(context, dict) else json.loads(context)) for login, context in rows]


def test_a_batch_of_reminders_is_one_digest_for_whoever_is_owed_many(office: Office) -> None:
    many = [office.routed_card("gkh") for _ in range(DIGEST_FROM + 2)]
    few = [office.routed_card("affairs") for _ in range(2)]
    office.set("2026-03-02", "12:00")  # half of every draft stage
    report = office.watch()
    assert (report.reminders, report.errors) == (len(many) + len(few), 0)
    [(login, digest)] = _digests(office, "reminders")
    assert login == "exec_gkh" and digest["count"] == len(many)
    assert sorted(card["id"] for card in digest["cards"]) == many
    assert [n[0] for n in office.notes("reminder")] == ["exec_affairs"] * len(few)  # two are not a flood
    note = render("reminders", digest, base_url="http://desk.test", tz=KAM)
    assert note.subject == f"Напоминание о сроках (обращений: {len(many)})"
    assert f"№{many[0]} — направление проекта ответа куратору, до 02.03.2026 15:00" in note.text
    assert note.text.endswith("Очередь: http://desk.test/queue")
    with office.sessions() as s:  # every stage's point is marked: none is reminded again
        assert len(s.scalars(select(DeadlineReminder)).all()) == len(many) + len(few)
    assert office.watch().reminders == 0 and len(_digests(office, "reminders")) == 1


def test_a_batch_of_breaches_is_one_digest_and_each_card_keeps_its_record(office: Office) -> None:
    cards = [office.open() for _ in range(DIGEST_FROM + 3)]  # nobody routes them
    office.set("2026-03-02", "10:31")
    report = office.watch()
    assert (report.breaches, report.errors) == (len(cards), 0)
    assert office.notes("breach") == []
    [(login, digest)] = _digests(office, "breaches")
    assert login == "curator" and digest["count"] == len(cards)
    assert render("breaches", digest, base_url="http://desk.test", tz=KAM).subject == (
        f"Нарушены сроки (обращений: {len(cards)})")
    assert len(office.breaches()) == len(cards)
    assert all(len(office.history(card, "deadline_breached")) == 1 for card in cards)
    assert office.watch().breaches == 0


def test_a_digest_names_twenty_cards_and_counts_the_rest() -> None:
    cards = [{"id": n, "stage": "route", "due_at": "2026-03-02T10:30:00+12:00"} for n in range(1, 21)]
    note = render("reminders", {"count": 93, "cards": cards}, base_url="http://desk.test", tz=KAM)
    assert "№20 — направление исполнителю, до 02.03.2026 10:30" in note.text and "и ещё 73" in note.text


def test_a_stage_that_fails_in_a_batch_is_neither_in_the_digest_nor_lost(office: Office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from monitor.watch import sla as watch

    cards = [office.open() for _ in range(DIGEST_FROM + 2)]
    real = watch._escalate

    def failing(session, card, *args, **kwargs):  # type: ignore[no-untyped-def]
        real(session, card, *args, **kwargs)  # its escalation is held for the digest, then the stage fails
        if card.id == cards[1]:
            raise RuntimeError("broken card")

    monkeypatch.setattr(watch, "_escalate", failing)
    office.set("2026-03-02", "10:31")
    report = office.watch()
    assert (report.breaches, report.errors) == (len(cards) - 1, 1)
    [(_, digest)] = _digests(office, "breaches")
    assert sorted(card["id"] for card in digest["cards"]) == [c for c in cards if c != cards[1]]
    assert office.history(cards[1], "deadline_breached") == []  # rolled back with its savepoint
    monkeypatch.setattr(watch, "_escalate", real)
    office.clock.advance(minutes=1)
    assert office.watch().breaches == 1
    assert [key.split(":")[1] for _, _, key in office.notes("breach")] == [str(cards[1])]  # alone, once
