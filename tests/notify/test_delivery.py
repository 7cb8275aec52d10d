"""The sender job: delivers due notifications, retries with backoff, records failures, never raises."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import responses
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from structlog.testing import capture_logs

from db.models import Notification, User
from monitor.core.clock import FrozenClock
from monitor.core.sections.notifications import NotificationSettings
from monitor.notify.delivery import NotificationDelivery, Sender, retry_delay
from monitor.notify.email import EmailSender
from monitor.notify.outbox import claim_due, enqueue
from monitor.notify.telegram import TelegramSender
from monitor.notify.templates import RenderedNotification

from .helpers import NOW, SmtpServer, read_letter

TOKEN = "123456:ABC-secret-token"
BOT_URL = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
SENT = {"ok": True, "result": {"message_id": 1, "date": 1764547200, "chat": {"id": 1001, "type": "private"}}}
BLOCKED = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
BAD_GATEWAY = {"ok": False, "error_code": 502, "description": "Bad Gateway"}


@pytest.fixture
def bot() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def _delivery(smtp: SmtpServer | None, *, max_attempts: int = 6, senders: dict[str, Sender] | None = None
              ) -> NotificationDelivery:
    config = NotificationSettings.model_validate({
        "smtp": {"enabled": True, "host": "127.0.0.1", "port": smtp.port if smtp else 1, "timeout": 5},
        "telegram": {"enabled": True},
        "retry": {"max_attempts": max_attempts, "first_delay": 60, "max_delay": 600},
    })
    if senders is None:
        senders = {"email": EmailSender.from_settings(config.smtp),
                   "telegram": TelegramSender(config.telegram, TOKEN)}
    return NotificationDelivery(senders, config, base_url="https://otklik.test", tz=ZoneInfo("Asia/Kamchatka"))


def _notify(factory: sessionmaker[Session], people: dict[str, int], *logins: str, key: str = "breach:1:draft:1") -> None:
    with factory() as s, s.begin():
        users = list(s.scalars(select(User).where(User.login.in_(logins))))
        enqueue(s, key=key, kind="breach", recipients=users, now=NOW, incident_id=people["incident"],
                context={"stage": "draft", "due_at": NOW, "unit": "Отдел ЖКХ", "executor": "Иванов И. И."})


def _row(factory: sessionmaker[Session], channel: str) -> Notification:
    with factory() as s:
        return s.scalars(select(Notification).where(Notification.channel == channel)).one()


def test_email_and_telegram_are_delivered_once(session_factory: sessionmaker[Session], people: dict[str, int],
                                               smtp_server: SmtpServer, bot: responses.RequestsMock) -> None:
    """The head gets the breach by email and Telegram, each once, however often the job runs."""
    bot.post(BOT_URL, json=SENT)
    _notify(session_factory, people, "head")
    clock = FrozenClock(NOW + timedelta(seconds=5))
    delivery = _delivery(smtp_server)
    report = delivery.run(session_factory, clock)
    assert (report.sent, report.retried, report.failed) == (2, 0, 0)
    clock.advance(hours=1)
    assert delivery.run(session_factory, clock).sent == 0
    [letter] = smtp_server.handler.messages
    assert letter.rcpt_tos == ["head@sobolevo.test"]
    subject, body = read_letter(letter.content)
    assert subject == f"Нарушен срок по обращению №{people['incident']}"
    assert body.endswith(f"Карточка обращения: https://otklik.test/cards/{people['incident']}\n")
    [call] = bot.calls
    assert json.loads(call.request.body)["chat_id"] == "1002"
    row = _row(session_factory, "email")
    assert (row.status, row.attempts, row.sent_at) == ("sent", 1, NOW + timedelta(seconds=5))


def test_failed_send_is_retried_with_backoff(session_factory: sessionmaker[Session], people: dict[str, int],
                                             bot: responses.RequestsMock) -> None:
    """A Telegram outage delays the message by the backoff, then it goes through."""
    bot.post(BOT_URL, status=502, json=BAD_GATEWAY)
    _notify(session_factory, people, "curator")
    clock = FrozenClock(NOW)
    delivery = _delivery(None)
    assert delivery.run(session_factory, clock).retried == 1
    row = _row(session_factory, "telegram")
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, NOW + timedelta(seconds=60))
    assert "502" in (row.last_error or "")
    clock.advance(seconds=59)
    assert delivery.run(session_factory, clock).retried == 0  # not due yet
    bot.replace(responses.POST, BOT_URL, json=SENT)
    clock.advance(seconds=1)
    assert delivery.run(session_factory, clock).sent == 1
    assert _row(session_factory, "telegram").status == "sent"


def test_rate_limit_is_honoured(session_factory: sessionmaker[Session], people: dict[str, int],
                                bot: responses.RequestsMock) -> None:
    """Telegram's 429 retry_after decides when the next attempt is made."""
    bot.post(BOT_URL, status=429, json={"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 34",
                                        "parameters": {"retry_after": 34}})
    _notify(session_factory, people, "curator")
    _delivery(None).run(session_factory, FrozenClock(NOW))
    assert _row(session_factory, "telegram").next_attempt_at == NOW + timedelta(seconds=34)


def test_blocked_bot_fails_at_once_and_is_logged(session_factory: sessionmaker[Session], people: dict[str, int],
                                                 bot: responses.RequestsMock) -> None:
    """A user who blocked the bot gets no retries; the failure and its reason are recorded."""
    bot.post(BOT_URL, status=403, json=BLOCKED)
    _notify(session_factory, people, "curator")
    with capture_logs() as logs:
        report = _delivery(None).run(session_factory, FrozenClock(NOW))
    assert report.failed == 1
    row = _row(session_factory, "telegram")
    assert row.status == "failed" and "bot was blocked by the user" in (row.last_error or "")
    [failed] = [e for e in logs if e["event"] == "notification.failed"]
    assert failed["channel"] == "telegram" and failed["attempts"] == 1
    assert TOKEN not in json.dumps(logs, default=str)


def test_attempts_are_bounded(session_factory: sessionmaker[Session], people: dict[str, int],
                              bot: responses.RequestsMock) -> None:
    """After the last allowed attempt the notification is recorded as failed, not retried forever."""
    bot.post(BOT_URL, status=502, json=BAD_GATEWAY)
    _notify(session_factory, people, "curator")
    clock = FrozenClock(NOW)
    delivery = _delivery(None, max_attempts=3)
    outcomes = []
    for _ in range(5):
        report = delivery.run(session_factory, clock)
        outcomes.append((report.retried, report.failed))
        clock.advance(hours=1)
    assert outcomes == [(1, 0), (1, 0), (0, 1), (0, 0), (0, 0)]
    row = _row(session_factory, "telegram")
    assert (row.status, row.attempts) == ("failed", 3)
    assert len(bot.calls) == 3


def test_backoff_doubles_up_to_the_cap() -> None:
    """Waits between attempts double from the first delay and stop growing at the cap."""
    retry = NotificationSettings().retry.model_copy(update={"first_delay": 60, "max_delay": 600})
    assert [retry_delay(n, retry).total_seconds() for n in range(1, 6)] == [60, 120, 240, 480, 600]


def test_channel_switched_off_is_reported(session_factory: sessionmaker[Session], people: dict[str, int],
                                          smtp_server: SmtpServer) -> None:
    """A user on Telegram while the bot is not configured sees a failure that names the reason."""
    _notify(session_factory, people, "curator")
    delivery = _delivery(smtp_server)
    del delivery.senders["telegram"]
    assert delivery.run(session_factory, FrozenClock(NOW)).failed == 1
    assert "не настроен" in (_row(session_factory, "telegram").last_error or "")


class _Crashing:
    channel = "email"

    def send(self, address: str, note: RenderedNotification, idempotency_key: str) -> None:
        raise KeyError("a bug")


def test_a_crashing_sender_stops_nothing(session_factory: sessionmaker[Session], people: dict[str, int],
                                         bot: responses.RequestsMock) -> None:
    """A bug in one channel neither raises out of the job nor stops the other channel."""
    bot.post(BOT_URL, json=SENT)
    _notify(session_factory, people, "head")
    delivery = _delivery(None)
    delivery.senders["email"] = _Crashing()
    report = delivery.run(session_factory, FrozenClock(NOW))
    assert (report.sent, report.retried) == (1, 1)
    assert _row(session_factory, "email").status == "pending"


def test_claimed_row_is_hidden_until_its_lease_ends(session_factory: sessionmaker[Session],
                                                    people: dict[str, int]) -> None:
    """A worker that died mid-send does not lose the message: it is sent after the lease."""
    _notify(session_factory, people, "ivanov")
    assert len(claim_due(session_factory, NOW, 10, lease_seconds=300)) == 1
    assert claim_due(session_factory, NOW + timedelta(seconds=299), 10, lease_seconds=300) == []
    [again] = claim_due(session_factory, NOW + timedelta(seconds=300), 10, lease_seconds=300)
    assert again.attempts == 2 and again.address == "ivanov@sobolevo.test"


def test_two_workers_claim_each_row_once(race, session_factory: sessionmaker[Session],  # type: ignore[no-untyped-def]
                                         people: dict[str, int]) -> None:
    """Two sender workers running at once never take the same notification."""
    for n in range(20):
        _notify(session_factory, people, "head", "ivanov", key=f"breach:1:draft:{n}")

    def worker(factory: sessionmaker[Session]) -> list[int]:
        mine: list[int] = []
        while batch := claim_due(factory, NOW, 5, lease_seconds=300):
            mine += [c.id for c in batch]
        return mine

    claimed = race(worker)
    everything = claimed[0] + claimed[1]
    assert len(everything) == 60 and len(set(everything)) == 60


def test_a_worker_whose_claim_was_taken_over_records_nothing(session_factory: sessionmaker[Session],
                                                             people: dict[str, int]) -> None:
    """A slow worker back after its lease ran out cannot mark the row another worker now holds."""
    from monitor.notify.outbox import mark_failed, mark_sent

    _notify(session_factory, people, "ivanov")
    [slow] = claim_due(session_factory, NOW, 10, lease_seconds=300)
    [fresh] = claim_due(session_factory, NOW + timedelta(seconds=300), 10, lease_seconds=300)
    assert mark_failed(session_factory, slow, "timeout") is False
    assert _row(session_factory, "email").status == "pending"
    assert mark_sent(session_factory, fresh, NOW + timedelta(seconds=301)) is True
    assert _row(session_factory, "email").status == "sent"
