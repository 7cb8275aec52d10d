"""Delivering claimed outbox rows through the connectors, exactly once.

Outcomes:
- posted: the row is `sent` with the reply's external id and URL; the listener moves the card
  (published / interim) in the same transaction.
- unknown (a timeout, or a crash between the request and the commit): the row's lease runs
  out and the next attempt first looks for the reply under the post (`find_reply`) and sends
  the same idempotency key (VK's `guid`) before it would post again.
- transient (network, 5xx, rate limits 6/9/29): retried with exponential backoff and jitter, a
  bounded number of times, then handed to a person.
- permanent (comments closed, post deleted, access denied, token revoked, a read-only source):
  the row becomes `manual`: the card needs manual publication, with the reason.
Every attempt is written to the card's history. Each row is delivered and recorded in its own
transaction: a failure, even of the workflow's listener, is written on that row and the rest of
the batch goes on. A worker whose claim was taken over (its lease ran out, or a person published
the reply by hand) writes nothing over the row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from connectors.backoff import Backoff
from connectors.base import (
    AuthError,
    CaptchaError,
    Connector,
    ConnectorError,
    PermanentError,
    PostedReply,
    Reply,
    TransientError,
)
from connectors.clock import Clock
from db.event_names import EventName
from db.models import Event, Publication
from db.statuses import PublicationStatus
from publisher.outbox import claim_due, still_ours, target_of


class DeliveryOutcome(StrEnum):
    """What one attempt did to a publication (the row's own status is a PublicationStatus)."""

    SENT = "sent"
    RETRY = "retry"
    MANUAL = "manual"
    LOST_CLAIM = "lost_claim"  # another worker owns the row now: nothing written
    FAILED = "failed"  # nothing could be written


@dataclass(frozen=True)
class Delivery:
    """What happened to one publication in one attempt (for logs, tests and benchmarks)."""

    publication_id: int
    incident_id: int
    status: DeliveryOutcome
    external_id: str | None = None
    url: str | None = None
    error: str | None = None


# The workflow's reaction, called inside the transaction that records the outcome:
# listener(session, publication, now) for sent rows and for rows that need a person.
Listener = Callable[[Session, Publication, datetime], None]


def _no_listener(session: Session, pub: Publication, now: datetime) -> None:
    return None


class Publisher:
    def __init__(self, session_factory: sessionmaker[Session], connectors: Mapping[str, Connector],
                 clock: Clock, *, batch: int = 20, lease: timedelta = timedelta(minutes=2),
                 max_attempts: int = 8, base_delay: float = 5.0, max_delay: float = 900.0,
                 on_sent: Listener = _no_listener, on_manual: Listener = _no_listener,
                 log: object | None = None) -> None:
        self._sessions = session_factory
        self._connectors = connectors
        self._clock = clock
        self._batch = batch
        self._lease = lease
        self._max_attempts = max_attempts
        self._backoff = Backoff(first=base_delay, cap=max_delay, jitter=0.3)
        self._on_sent = on_sent
        self._on_manual = on_manual
        if log is None:
            import structlog

            log = structlog.get_logger()
        self._log: Any = log  # a structlog logger, or a test double

    def run_once(self) -> list[Delivery]:
        """Claim the due rows and deliver each; returns what happened to them.

        Each delivery commits on its own: one that fails (even with an error nobody foresaw)
        is logged and the others of the batch are still delivered.
        """
        with self._sessions() as session, session.begin():
            claimed = [(p.id, p.claim) for p in claim_due(session, self._clock.now(),
                                                          limit=self._batch, lease=self._lease)]
        out: list[Delivery] = []
        for pub_id, claim in claimed:
            try:
                out.append(self._deliver(pub_id, claim))
            except Exception as exc:  # nothing could be written; the lease brings the row back
                self._log.exception("reply.delivery_failed", publication=pub_id, error=str(exc), alert=True)
                out.append(Delivery(pub_id, 0, DeliveryOutcome.FAILED, error=str(exc)))
        return out

    def run_until_idle(self, max_rounds: int = 1000) -> list[Delivery]:
        out: list[Delivery] = []
        for _ in range(max_rounds):
            done = self.run_once()
            if not done:
                break
            out += done
        return out

    # -- one delivery -----------------------------------------------------------------------

    def _connector(self, pub: Publication) -> Connector | None:
        return self._connectors.get(pub.source_name or "") or next(
            (c for c in self._connectors.values() if c.platform == pub.platform), None
        )

    def _deliver(self, pub_id: int, claim: str | None) -> Delivery:
        with self._sessions() as session:
            pub = session.get(Publication, pub_id)
            assert pub is not None
            session.expunge(pub)
        connector = self._connector(pub)
        if connector is None:
            return self._finish(pub, claim, manual=f"no connector configured for {pub.platform}")
        reply = Reply(text=pub.text, guid=pub.key, attachments=tuple(pub.attachments or ()))
        target = target_of(pub)
        if reply.attachments and not connector.capabilities.photos:
            return self._finish(pub, claim, manual="к ответу приложены фотографии, а этот источник не принимает "
                                                   "их через API — опубликуйте ответ с фотографиями вручную")
        try:
            posted = None
            if pub.attempts > 1 and connector.capabilities.find_reply:
                posted = connector.find_reply(target, reply)  # an earlier attempt may have landed
                if posted is not None:
                    self._log.info("reply.found_existing", publication=pub.id, incident=pub.incident_id)
            if posted is None:
                posted = connector.post_reply(target, reply)
        except TransientError as exc:
            if pub.attempts >= self._max_attempts:
                return self._finish(pub, claim, manual=f"не удалось опубликовать за {pub.attempts} попыток: {exc}")
            return self._finish(pub, claim, retry=exc)
        except (AuthError, CaptchaError, PermanentError) as exc:
            return self._finish(pub, claim, manual=str(exc))
        except ConnectorError as exc:  # an unforeseen platform answer: a person decides
            return self._finish(pub, claim, manual=str(exc))
        except Exception as exc:  # a connector's bug: the outcome is unknown, so retry (reading back first)
            self._log.exception("reply.connector_bug", publication=pub.id, error=str(exc))
            unknown = TransientError(f"непредвиденная ошибка при размещении: {exc}")
            if pub.attempts >= self._max_attempts:
                return self._finish(pub, claim, manual=f"не удалось опубликовать за {pub.attempts} попыток: {unknown}")
            return self._finish(pub, claim, retry=unknown)
        return self._finish(pub, claim, posted=posted)

    def _finish(self, pub: Publication, claim: str | None, *, posted: PostedReply | None = None,
                retry: TransientError | None = None, manual: str | None = None) -> Delivery:
        """Record the outcome with the workflow's reaction; if the reaction fails, record it without.

        A listener that raises must not leave the row `sending` (it would be claimed again and
        fail again): its transaction is rolled back and the outcome is written on its own, with
        the listener's error on the row and in the card's history.
        """
        try:
            return self._record(pub, claim, posted=posted, retry=retry, manual=manual)
        except Exception as exc:
            self._log.exception("reply.listener_failed", publication=pub.id, incident=pub.incident_id,
                                error=str(exc), alert=True)
            return self._record(pub, claim, posted=posted, retry=retry, manual=manual, listener_error=str(exc))

    def _record(self, pub: Publication, claim: str | None, *, posted: PostedReply | None,
                retry: TransientError | None, manual: str | None, listener_error: str | None = None) -> Delivery:
        now = self._clock.now()
        with self._sessions() as session, session.begin():
            row = still_ours(session, pub.id, claim or "")
            if row is None:  # our lease ran out and another worker took the row over (or a person did)
                if posted is not None:  # a second reply may now stand beside the one recorded: a person checks
                    self._log.error("reply.claim_lost", publication=pub.id, incident=pub.incident_id,
                                    posted_url=posted.url, alert=True)
                else:
                    self._log.warning("reply.claim_lost", publication=pub.id, incident=pub.incident_id)
                return Delivery(pub.id, pub.incident_id, DeliveryOutcome.LOST_CLAIM)
            row.claim = None
            row.lease_until = None
            if posted is not None:
                row.status, row.sent_at = PublicationStatus.SENT, now
                row.external_id, row.url = posted.external_id, posted.url
                row.last_error = None
                note = None
                if listener_error is not None:
                    row.last_error = note = f"ответ размещён, но карточка не отмечена: {listener_error}"
                session.add(Event(action=EventName.REPLY_PUBLISHED.value,
                                  incident_id=row.incident_id, at=now, actor="system",
                                  after={"publication_id": row.id, "kind": row.kind, "url": posted.url,
                                         "external_id": posted.external_id, "attempt": row.attempts,
                                         "text": row.text},  # the exact text posted
                                  note=note))
                if listener_error is None:
                    self._on_sent(session, row, now)
                self._log.info("reply.published", publication=row.id, incident=row.incident_id,
                               platform=row.platform, attempt=row.attempts)
                return Delivery(row.id, row.incident_id, DeliveryOutcome.SENT, posted.external_id, posted.url)
            if retry is not None:
                row.status = PublicationStatus.PENDING
                row.next_attempt_at = now + self._backoff.delay(row.attempts, retry.retry_after)
                row.last_error = str(retry)
                session.add(Event(action=EventName.PUBLICATION_RETRY.value,
                                  incident_id=row.incident_id, at=now, actor="system",
                                  note=str(retry), after={"publication_id": row.id, "attempt": row.attempts,
                                                          "next_attempt_at": row.next_attempt_at.isoformat()}))
                self._log.warning("reply.retry", publication=row.id, attempt=row.attempts, error=str(retry))
                return Delivery(row.id, row.incident_id, DeliveryOutcome.RETRY, error=str(retry))
            row.status = PublicationStatus.MANUAL
            row.last_error = manual
            if listener_error is not None:
                row.last_error = f"{manual}; уведомление не отправлено: {listener_error}"
            session.add(Event(action=EventName.PUBLICATION_FAILED.value,
                              incident_id=row.incident_id, at=now, actor="system",
                              note=row.last_error, after={"publication_id": row.id, "attempt": row.attempts,
                                                          "needs_manual_publication": True}))
            if listener_error is None:
                self._on_manual(session, row, now)
            self._log.error("reply.needs_manual_publication", publication=row.id,
                            incident=row.incident_id, reason=manual, alert=True)
            return Delivery(row.id, row.incident_id, DeliveryOutcome.MANUAL, error=manual)
