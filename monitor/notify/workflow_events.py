"""Turn the card's history events into notifications (a ``WorkflowListeners.on_event`` hook).

Runs inside the transition's transaction, inside a savepoint: whatever goes wrong here is
logged (``notification.listener_failed``) and the transition goes on.

| event              | who is told                                  | kind          |
| opened             | curators (and the head if critical, p. 25)   | new_card      |
| routed             | each unit's executor (the deputy if absent)  | assigned      |
| returned           | curators                                     | returned      |
| contributed        | curators and the unit writing the joint      | contributed   |
|                    | draft (while unknown, each unit still owing) |               |
| draft_submitted    | curators                                     | draft_review  |
| rework_requested   | the executor of the draft's unit             | rework        |
| labels_corrected   | the head, when raised to critical (p. 25)    | critical_card |
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Event, Incident, Message, StageDeadline, Unit, User
from db.statuses import Role
from monitor.notify.outbox import DIGEST_FROM, enqueue, users_with_role
from monitor.workflow.history import EventName
from monitor.workflow.staffing import responsible_user, stand_in

log = structlog.get_logger()  # lazy: follows the logging configuration in force


def _open_stage(session: Session, card_id: int, stages: list[str], unit_id: int | None = None
                ) -> StageDeadline | None:
    stmt = select(StageDeadline).where(StageDeadline.incident_id == card_id, StageDeadline.stage.in_(stages),
                                       StageDeadline.done_at.is_(None))
    if unit_id is not None:
        stmt = stmt.where(StageDeadline.unit_id == unit_id)
    return session.scalars(stmt.order_by(StageDeadline.id.desc())).first()


def _excerpt(session: Session, card: Incident) -> str | None:
    message = session.get(Message, card.first_message_id) if card.first_message_id else None
    return message.text if message else None


def _texts(session: Session, message_ids: list[int]) -> dict[int, str]:
    """The messages' texts by id, a few hundred per query (a batch's excerpts in one go)."""
    found: dict[int, str] = {}
    for i in range(0, len(message_ids), 500):
        rows = session.execute(select(Message.id, Message.text).where(Message.id.in_(message_ids[i : i + 500])))
        found.update({message_id: text for message_id, text in rows})
    return found


def _unit_by_code(session: Session, code: str | None) -> Unit | None:
    if not code:
        return None
    return session.scalars(select(Unit).where(Unit.code == code)).one_or_none()




class WorkflowNotifier:
    """``on_event(session, card, event)``: writes the notifications an event calls for."""

    def __init__(self) -> None:
        self._handlers: dict[EventName, Callable[[Session, Incident, Event], None]] = {
            EventName.OPENED: self._opened,
            EventName.ROUTED: self._routed,
            EventName.RETURNED: self._returned,
            EventName.CONTRIBUTED: self._contributed,
            EventName.LABELS_CORRECTED: self._labels_corrected,
            EventName.DRAFT_SUBMITTED: self._draft_submitted,
            EventName.REWORK_REQUESTED: self._rework_requested,
        }

    def __call__(self, session: Session, card: Incident, event: Event) -> None:
        handler = self._handlers.get(event.action)  # type: ignore[call-overload]
        if handler is None:
            return
        try:
            with session.begin_nested():
                handler(session, card, event)
        except Exception:  # a notification must never undo or block the transition
            log.exception("notification.listener_failed", case_id=card.id, action=event.action)

    def opened_batch(self, session: Session, opened: list[tuple[Incident, Event]]) -> None:
        """Many cards at once (an ingest batch): a digest to the curators instead of a flood."""
        if len(opened) <= DIGEST_FROM:
            for card, event in opened:
                self(session, card, event)
            return
        critical = [(card, event) for card, event in opened if card.importance == "critical"]
        if critical:  # critical ones still reach the head one by one (p. 25); who and what read once
            heads: list[User] | None = None
            texts: dict[int, str] = {}
            try:
                with session.begin_nested():
                    heads = users_with_role(session, Role.HEAD)
                    texts = _texts(session, [card.first_message_id for card, _ in critical if card.first_message_id])
            except Exception:  # each card then looks them up itself, under its own guard
                log.exception("notification.listener_failed", case_id=critical[0][0].id, action="critical_batch")
            for card, event in critical:
                excerpt = texts.get(card.first_message_id or 0)
                self._guarded(session, card, "critical",
                              partial(self._critical, session, card, event, heads=heads, excerpt=excerpt))
        first, first_event = opened[0]
        last = opened[-1][0]
        due = min((e.after or {}).get("route_due_at", "") for _, e in opened) or None
        try:
            with session.begin_nested():
                enqueue(session, key=f"new_cards:{first.id}-{last.id}", kind="new_cards",
                        recipients=users_with_role(session, Role.CURATOR), now=first_event.at,
                        incident_id=first.id, context={"count": len(opened), "last_id": last.id, "due_at": due})
        except Exception:  # a notification must never undo or block the intake
            log.exception("notification.listener_failed", case_id=first.id, action="opened_batch")

    def _guarded(self, session: Session, card: Incident, action: str, step: Callable[[], None]) -> None:
        try:
            with session.begin_nested():
                step()
        except Exception:  # a notification must never undo or block the intake
            log.exception("notification.listener_failed", case_id=card.id, action=action)

    def _critical(self, session: Session, card: Incident, event: Event, *, heads: list[User] | None = None,
                  excerpt: str | None = None, **context: Any) -> None:
        """A socially significant message (critical importance) is reported to the head at once (p. 25).

        Once per card: a card classified critical and later confirmed, or lowered and raised
        again, is reported the first time only. A batch passes the heads and the excerpt it read once.
        """
        self._send(session, card, event, "critical_card", f"critical_card:{card.id}",
                   users_with_role(session, Role.HEAD) if heads is None else heads,
                   excerpt=_excerpt(session, card) if excerpt is None else excerpt, **context)

    def _labels_corrected(self, session: Session, card: Incident, event: Event) -> None:
        """The curator raises a card to critical: the head hears of it at once (p. 25)."""
        before, after = event.before or {}, event.after or {}
        if after.get("importance") == "critical" and before.get("importance") != "critical":
            self._critical(session, card, event, raised_by=event.actor, reason=event.note)

    def _contributed(self, session: Session, card: Incident, event: Event) -> None:
        """A unit's part of a joint reply (p. 17.1) goes to the curator and to whoever writes the
        joint draft; while that is not yet known, to each unit still owing its part."""
        after = event.after or {}
        unit = _unit_by_code(session, after.get("unit"))
        composer = _unit_by_code(session, after.get("composer"))
        waiting = [u for code in after.get("waiting") or [] if (u := _unit_by_code(session, code)) is not None]
        writers = [composer] if composer is not None else waiting
        executors = [p for w in writers if (p := responsible_user(session, w.id, event.at)) is not None]
        draft = _open_stage(session, card.id, ["draft"], composer.id) if composer is not None else None
        self._send(session, card, event, "contributed", f"contributed:{card.id}:{event.id}",
                   users_with_role(session, Role.CURATOR) + executors, unit=unit.name if unit else after.get("unit"),
                   text=event.note, composer=composer.name if composer else None,
                   waiting=", ".join(w.name for w in waiting) or None, due_at=draft.due_at if draft else None)

    def _send(self, session: Session, card: Incident, event: Event, kind: str, key: str,
              recipients: list[User], **context: Any) -> None:
        enqueue(session, key=key, kind=kind, recipients=recipients, now=event.at, incident_id=card.id,
                context=context)

    def _opened(self, session: Session, card: Incident, event: Event) -> None:
        route = _open_stage(session, card.id, ["route"])
        due: datetime | str | None = route.due_at if route else (event.after or {}).get("route_due_at")
        self._send(session, card, event, "new_card", f"new_card:{card.id}", users_with_role(session, Role.CURATOR),
                   excerpt=_excerpt(session, card), due_at=due)
        if card.importance == "critical":
            self._critical(session, card, event)

    def _routed(self, session: Session, card: Incident, event: Event) -> None:
        after = event.after or {}
        for code in after.get("units") or []:
            unit = _unit_by_code(session, code)
            if unit is None:
                continue
            executor = responsible_user(session, unit.id, event.at)
            stage = _open_stage(session, card.id, ["draft", "contribution"], unit.id)
            due = stage.due_at if stage else card.reply_due_at
            self._send(session, card, event, "assigned", f"assigned:{card.id}:{code}:{after.get('cycle')}",
                       [executor] if executor else [], excerpt=_excerpt(session, card), due_at=due, unit=unit.name,
                       note=event.note)

    def _returned(self, session: Session, card: Incident, event: Event) -> None:
        unit = _unit_by_code(session, (event.after or {}).get("unit"))
        self._send(session, card, event, "returned", f"returned:{card.id}:{event.id}",
                   users_with_role(session, Role.CURATOR), reason=event.note, unit=unit.name if unit else None)

    def _draft_submitted(self, session: Session, card: Incident, event: Event) -> None:
        after = event.after or {}
        review = _open_stage(session, card.id, ["review"])
        unit = _unit_by_code(session, after.get("unit"))
        self._send(session, card, event, "draft_review", f"draft_review:{card.id}:{after.get('version')}",
                   users_with_role(session, Role.CURATOR), due_at=review.due_at if review else None,
                   unit=unit.name if unit else None)

    def _rework_requested(self, session: Session, card: Incident, event: Event) -> None:
        stage = _open_stage(session, card.id, ["rework"])
        if stage is None:
            return
        executor: User | None = None
        if stage.user_id is not None and (user := session.get(User, stage.user_id)) is not None:
            executor = stand_in(session, user, event.at)
        elif stage.unit_id is not None:
            executor = responsible_user(session, stage.unit_id, event.at)
        self._send(session, card, event, "rework", f"rework:{card.id}:{(event.after or {}).get('version')}",
                   [executor] if executor else [], reason=event.note, due_at=stage.due_at)
