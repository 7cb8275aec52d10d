"""The outbox: one row per recipient and channel, written once, inside the caller's transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Event, Notification, User
from monitor.notify.outbox import enqueue, users_with_role

from .helpers import NOW, add_user

DUE = NOW + timedelta(hours=1)


def _rows(factory: sessionmaker[Session]) -> list[Notification]:
    with factory() as s:
        return list(s.scalars(select(Notification).order_by(Notification.user_id, Notification.channel)))


def _ids(factory: sessionmaker[Session], *logins: str) -> list[int]:
    with factory() as s:
        return list(s.scalars(select(User.id).where(User.login.in_(logins))))


def _send_to(factory: sessionmaker[Session], key: str, *logins: str, incident: int) -> int:
    with factory() as s, s.begin():
        users = list(s.scalars(select(User).where(User.login.in_(logins))))
        return enqueue(s, key=key, kind="assigned", recipients=users, now=NOW, incident_id=incident,
                       context={"due_at": DUE, "excerpt": "Нет света"})


def test_one_row_per_preferred_channel(session_factory: sessionmaker[Session], people: dict[str, int]) -> None:
    """A head who wants email and Telegram gets both; an executor on email gets one letter; each
    also finds it in the in-app inbox at once."""
    assert _send_to(session_factory, "assigned:1:1:1", "head", "ivanov", incident=people["incident"]) == 5
    rows = _rows(session_factory)
    assert [(r.user_id, r.channel) for r in rows] == [
        (people["executor"], "email"), (people["executor"], "inbox"),
        (people["head"], "email"), (people["head"], "inbox"), (people["head"], "telegram")]
    assert {r.status for r in rows if r.channel != "inbox"} == {"pending"}
    assert rows[0].context == {"due_at": DUE.isoformat(), "excerpt": "Нет света", "incident_id": people["incident"]}
    assert rows[0].next_attempt_at == NOW


def test_inbox_row_without_any_channel(session_factory: sessionmaker[Session], people: dict[str, int]) -> None:
    """A user with no email or Telegram still gets the notification, in the inbox, unread and never sent out."""
    with session_factory() as s, s.begin():
        add_user(s, "sidorov", notify_via=[])
    assert _send_to(session_factory, "assigned:1:2:1", "sidorov", incident=people["incident"]) == 1
    [row] = _rows(session_factory)
    assert (row.channel, row.status, row.sent_at, row.read_at) == ("inbox", "sent", NOW, None)
    assert row.context["excerpt"] == "Нет света"


def test_same_key_is_written_once(session_factory: sessionmaker[Session], people: dict[str, int]) -> None:
    """Writing the same notification again (a rerun, a second worker) adds nothing."""
    assert _send_to(session_factory, "assigned:1:1:1", "ivanov", incident=people["incident"]) == 2
    assert _send_to(session_factory, "assigned:1:1:1", "ivanov", incident=people["incident"]) == 0
    assert _send_to(session_factory, "assigned:1:1:2", "ivanov", incident=people["incident"]) == 2
    assert len(_rows(session_factory)) == 4


def test_duplicate_does_not_spoil_the_callers_transaction(session_factory: sessionmaker[Session],
                                                          people: dict[str, int]) -> None:
    """A duplicate notification never aborts the workflow change it was written with."""
    _send_to(session_factory, "new_card:1", "ivanov", incident=people["incident"])
    with session_factory() as s, s.begin():
        user = s.get(User, people["executor"])
        assert enqueue(s, key="new_card:1", kind="assigned", recipients=[user], now=NOW,
                       incident_id=people["incident"], context={"due_at": DUE}) == 0
        s.add(Event(incident_id=people["incident"], at=NOW, actor="curator", action="routed"))
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 1


def test_rolled_back_change_leaves_no_notification(session_factory: sessionmaker[Session],
                                                    people: dict[str, int]) -> None:
    """If the workflow change fails, nobody is told about a change that did not happen."""
    with pytest.raises(RuntimeError), session_factory() as s, s.begin():
        user = s.get(User, people["executor"])
        enqueue(s, key="assigned:1:1:1", kind="assigned", recipients=[user], now=NOW,
                incident_id=people["incident"], context={"due_at": DUE})
        raise RuntimeError("routing failed")
    assert _rows(session_factory) == []


def test_missing_address_is_recorded_as_failed(session_factory: sessionmaker[Session],
                                               people: dict[str, int]) -> None:
    """A user who chose Telegram but has no chat id shows up as a failed notification with the reason."""
    with session_factory() as s, s.begin():
        add_user(s, "petrov", notify_via=["telegram"])
        add_user(s, "sidorov", notify_via=[])
        add_user(s, "retired", email="r@sobolevo.test", active=False)
    assert _send_to(session_factory, "assigned:1:2:1", "petrov", "sidorov", "retired",
                    incident=people["incident"]) == 3
    [row] = [r for r in _rows(session_factory) if r.channel != "inbox"]
    assert row.status == "failed" and row.last_error == "у пользователя не указан чат Telegram"
    assert sorted(r.user_id for r in _rows(session_factory) if r.channel == "inbox") == sorted(_ids(session_factory, "petrov", "sidorov"))


def test_unknown_kind_is_refused(session_factory: sessionmaker[Session], people: dict[str, int]) -> None:
    """A misspelt notification kind is caught when written, not when sent."""
    with session_factory() as s, s.begin():
        user = s.get(User, people["executor"])
        with pytest.raises(ValueError, match="unknown notification kind"):
            enqueue(s, key="x", kind="asigned", recipients=[user], now=NOW)


def test_users_with_role(session_factory: sessionmaker[Session], people: dict[str, int]) -> None:
    """Curators and heads are found by role, inactive ones left out."""
    with session_factory() as s, s.begin():
        add_user(s, "old-curator", role="curator", active=False)
    with session_factory() as s:
        assert [u.login for u in users_with_role(s, "curator")] == ["curator"]


def test_racing_writers_write_once(race, session_factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
                                  people: dict[str, int]) -> None:
    """Two workers writing the same notification at the same moment produce one row."""
    results = race(lambda factory: _send_to(factory, "reminder:1:draft:50:1", "head", incident=people["incident"]))
    assert sorted(results) == [0, 3]
    assert len(_rows(session_factory)) == 3
