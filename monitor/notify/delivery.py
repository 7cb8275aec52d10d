"""The sender job: deliver due outbox rows, retry failures with backoff, never raise per row.

The lead wires ``NotificationDelivery.run`` into the scheduler (every minute or so). Each run
claims a batch of due rows, sends each over its channel and records the outcome: sent; retried
later (exponential backoff, or Telegram's ``retry_after``); or, after the last attempt or a
permanent refusal, failed with the reason (logged ``notification.failed``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy.orm import Session, sessionmaker

from connectors.backoff import Backoff
from connectors.base import PermanentError, TransientError
from monitor.core.clock import Clock
from monitor.core.logs import redact_text
from monitor.core.sections.notifications import NotificationSettings, RetrySettings
from monitor.core.settings import Settings
from monitor.notify.config import card_base_url
from monitor.notify.email import EmailSender
from monitor.notify.files import load_attachments
from monitor.notify.outbox import (
    ClaimedNotification,
    claim_due,
    mark_failed,
    mark_retry,
    mark_sent,
)
from monitor.notify.telegram import TelegramSender
from monitor.notify.templates import RenderedNotification, TemplateError, render

log = structlog.get_logger()  # lazy: follows the logging configuration in force


class Sender(Protocol):
    channel: str

    def send(self, address: str, note: RenderedNotification, idempotency_key: str) -> None:
        """Deliver ``note``; raise TransientError or PermanentError."""
        ...


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    reasons: list[str] = field(default_factory=list)


def retry_delay(attempts: int, retry: RetrySettings, retry_after: float | None = None) -> timedelta:
    """The wait before the next attempt: the project's one policy (connectors.backoff) with the
    section's delays: the server's word if it gave one, else doubling, capped."""
    return Backoff(first=retry.first_delay, cap=retry.max_delay).delay(attempts, retry_after)


class NotificationDelivery:
    """Delivers the outbox over the configured channels (email, Telegram)."""

    def __init__(self, senders: Mapping[str, Sender], config: NotificationSettings, *,
                 base_url: str, tz: ZoneInfo) -> None:
        self.senders = dict(senders)
        self.config = config
        self.base_url = base_url
        self.tz = tz

    @classmethod
    def from_settings(cls, settings: Settings) -> NotificationDelivery:
        config = settings.notifications
        senders: dict[str, Sender] = {}
        if config.smtp.enabled:
            senders["email"] = EmailSender.from_settings(config.smtp)
        if config.telegram.enabled:
            senders["telegram"] = TelegramSender.from_settings(config.telegram)
        log.info("notification.channels", enabled=sorted(senders),
                 disabled=sorted({"email", "telegram"} - set(senders)))
        return cls(senders, config, base_url=card_base_url(settings, config),
                   tz=ZoneInfo(settings.organization.timezone))

    def run(self, factory: sessionmaker[Session], clock: Clock) -> DeliveryReport:
        """One pass over the due rows; a failing row never stops the others."""
        report = DeliveryReport()
        claimed = claim_due(factory, clock.now(), self.config.batch, self.config.retry.lease)
        for item in claimed:
            self._deliver(factory, clock, item, report)
        return report

    def _deliver(self, factory: sessionmaker[Session], clock: Clock, item: ClaimedNotification,
                 report: DeliveryReport) -> None:
        fields = {"notification_id": item.id, "key": item.key, "kind": item.kind,
                  "channel": item.channel, "attempts": item.attempts}
        try:
            self._send(item, factory)
        except PermanentError as exc:
            self._fail(factory, item, str(exc), report, fields)
        except TransientError as exc:
            reason = redact_text(str(exc))
            if item.attempts >= self.config.retry.max_attempts:
                self._fail(factory, item, f"{reason} (попыток: {item.attempts})", report, fields)
                return
            at = clock.now() + retry_delay(item.attempts, self.config.retry, exc.retry_after)
            mark_retry(factory, item, at, reason)
            report.retried += 1
            log.info("notification.retry_scheduled", reason=reason, retry_at=at.isoformat(), **fields)
        except Exception as exc:  # a bug in a sender must not stop the outbox
            reason = f"unexpected error: {type(exc).__name__}"
            log.exception("notification.sender_crashed", **fields)
            if item.attempts >= self.config.retry.max_attempts:
                self._fail(factory, item, reason, report, fields)
                return
            mark_retry(factory, item, clock.now() + retry_delay(item.attempts, self.config.retry), reason)
            report.retried += 1
        else:
            mark_sent(factory, item, clock.now())
            report.sent += 1
            log.info("notification.sent", **fields)

    def _send(self, item: ClaimedNotification, factory: sessionmaker[Session] | None = None) -> None:
        sender = self.senders.get(item.channel)
        if sender is None:
            raise PermanentError(f"канал {item.channel} не настроен (notifications.*.enabled)")
        if item.address is None:
            raise PermanentError(f"нет адреса для канала {item.channel} в профиле пользователя")
        context = dict(item.context)
        if item.incident_id is not None:
            context.setdefault("incident_id", item.incident_id)
        try:
            note = render(item.kind, context, base_url=self.base_url, tz=self.tz)
        except TemplateError as exc:
            raise PermanentError(str(exc)) from None
        if item.channel == "email" and context.get("file_ids") and factory is not None:
            note = replace(note, attachments=load_attachments(factory, context["file_ids"]))
        sender.send(item.address, note, item.key)

    def _fail(self, factory: sessionmaker[Session], item: ClaimedNotification, reason: str,
              report: DeliveryReport, fields: dict[str, object]) -> None:
        reason = redact_text(reason)
        mark_failed(factory, item, reason)
        report.failed += 1
        report.reasons.append(reason)
        log.warning("notification.failed", reason=reason, **fields)
