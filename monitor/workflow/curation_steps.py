"""The curator's corrections: labels beside the classified ones, a shortened reply deadline
(pp. 8, 16), dismissal, exclusion (p. 20) and the restoring of a wrong exclusion."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from classifier.codes import IMPORTANCES, KINDS, TOPICS
from db.models import Incident, Message
from db.statuses import CardState
from monitor.workflow import stages
from monitor.workflow.errors import InputError, NotFoundError
from monitor.workflow.history import EventName
from monitor.workflow.policy import span_minutes
from monitor.workflow.steps_base import WorkflowCore, need


class CurationSteps(WorkflowCore):
    def _end(self, session: Session, card_id: int, *, actor: str, reason: str, action: str,
             state: CardState, event: EventName) -> Incident:
        with self.transition(session, card_id, action, actor, event) as step:
            card, now = step.card, step.now
            card.reason = need(reason, "причину", "reason")
            card.closed_at = now
            for assignment in self.active_assignments(session, card.id):
                assignment.active = False
            stages.finish(session, card.id, now)
            step.move(state)
            step.after, step.note = {"state": card.state}, card.reason
        return card

    def dismiss(self, session: Session, card_id: int, *, actor: str, reason: str) -> Incident:
        """No response is needed; the reason stays in the history."""
        return self._end(session, card_id, actor=actor, reason=reason, action="dismiss", state=CardState.DISMISSED,
                         event=EventName.DISMISSED)

    def exclude(self, session: Session, card_id: int, *, actor: str, reason: str) -> Incident:
        """Abuse, threats, intent to harm (p. 20): never processed or answered."""
        return self._end(session, card_id, actor=actor, reason=reason, action="exclude", state=CardState.EXCLUDED,
                         event=EventName.EXCLUDED)

    def restore(self, session: Session, card_id: int, *, actor: str, reason: str) -> Incident:
        """A wrong exclusion (p. 20) or dismissal undone by the curator: the card is new again, with the reason.

        The route and reply deadlines run again from detection, as for any card (p. 8, 10).
        """
        with self.transition(session, card_id, "restore", actor, EventName.RESTORED) as step:
            card = step.card
            reason = need(reason, "почему исключение ошибочно", "reason")
            excluded_for = card.reason
            card.reason, card.closed_at = None, None
            step.move(CardState.NEW)
            step.before["excluded"] = excluded_for
            message = session.get(Message, card.first_message_id) if card.first_message_id else None
            if message is not None:
                message.relevant = True
            card.reply_due_at = self.reply_due(card)
            stages.start_stage(session, card.id, "route", started_at=card.detected_at,
                               due_at=self.due.route(card.detected_at), working=self.policy.route.working)
            span = self.policy.reply_span(official=card.official,
                                          importance=card.importance_set or card.importance,
                                          minutes_set=card.reply_minutes_set)
            stages.start_stage(session, card.id, "reply", started_at=card.detected_at, due_at=card.reply_due_at,
                               working=span.working)
            step.after, step.note = {"state": card.state, "reply_due_at": card.reply_due_at}, reason
        return card

    def restore_message(self, session: Session, message_id: int, *, actor: str, reason: str,
                        official: bool = False) -> Incident:
        """A message the classifier excluded at intake (no card yet) opened as a card by the curator.

        ``official``: the message came from a source marked official in the settings.
        """
        now = self.clock.now()
        who = self.actor(session, actor)
        message = session.get(Message, message_id, with_for_update=True)
        if message is None:
            raise NotFoundError(f"Сообщение №{message_id} не найдено")
        if message.incident_id is not None:
            card = self.card(session, message.incident_id, lock=False)
            if card.state == CardState.EXCLUDED.value:
                return self.restore(session, card.id, actor=actor, reason=reason)
            raise InputError(f"Сообщение №{message_id} уже в работе: карточка №{card.id}")
        if not message.excluded:
            raise InputError(f"Сообщение №{message_id} не исключено: его не нужно возвращать")
        self._allow("restore", CardState.EXCLUDED, who)
        reason = need(reason, "почему исключение ошибочно", "reason")
        message.relevant = True
        card = self.open_card(session, message, official=official)  # type: ignore[attr-defined]
        self._record(session, card, now, who, EventName.RESTORED,
                     before={"state": CardState.EXCLUDED.value, "excluded": message.excluded},
                     after={"state": card.state, "message_id": message.id}, note=reason)
        return card

    def correct_labels(self, session: Session, card_id: int, *, actor: str, topic: str | None = None,
                       location: str | None = None, importance: str | None = None,
                       reason: str | None = None, kind: str | None = None) -> Incident:
        """The curator's topic, location, importance, kind (p. 8), kept beside the classified values.

        A new importance may bring a shorter default reply deadline (``shorten_by_importance``).
        The reason is required: the history says why the classification was overruled.
        """
        with self.transition(session, card_id, "set_labels", actor, EventName.LABELS_CORRECTED) as step:
            card = step.card
            step.note = need(reason, "причину изменения", "reason")
            for value, allowed, what in ((topic, TOPICS, "тема"), (location, self.locations, "локация"),
                                         (importance, IMPORTANCES, "важность"), (kind, KINDS, "вид")):
                if value is not None and value not in allowed:
                    raise InputError(f"Неизвестная {what} «{value}». Допустимо: {', '.join(allowed)}")
            if topic is None and location is None and importance is None and kind is None:
                raise InputError("Укажите, что изменить: тему, локацию, важность или вид сообщения")
            before: dict[str, Any] = step.before
            after: dict[str, Any] = step.after
            for name, value in (("topic", topic), ("location", location), ("importance", importance), ("kind", kind)):
                if value is None:
                    continue
                before[name] = getattr(card, f"{name}_set") or (
                    self._classified_kind(session, card) if name == "kind" else getattr(card, name))
                setattr(card, f"{name}_set", value)
                after[name] = value
            old_due = card.reply_due_at
            if importance is not None and card.state in _BEFORE_REPLY:
                self._recompute_reply(session, card)
                if card.reply_due_at != old_due:
                    before["reply_due_at"], after["reply_due_at"] = old_due, card.reply_due_at
        return card

    @staticmethod
    def _classified_kind(session: Session, card: Incident) -> str | None:
        """The kind of message the classifier gave (kept on the card's first message)."""
        message = session.get(Message, card.first_message_id) if card.first_message_id else None
        return message.message_kind if message else None

    def shorten_deadline(self, session: Session, card_id: int, *, actor: str, minutes: int,
                         reason: str) -> Incident:
        """Reply in a shortened time (pp. 8, 16), counted from detection; the reason is recorded."""
        with self.transition(session, card_id, "shorten", actor, EventName.DEADLINE_SHORTENED) as step:
            card = step.card
            step.note = need(reason, "причину сокращения срока", "reason")
            if minutes <= 0:
                raise InputError("Срок ответа должен быть положительным: укажите, например, 2 или 1.5 часа")
            current = self.policy.reply_span(official=card.official,
                                             importance=card.importance_set or card.importance,
                                             minutes_set=card.reply_minutes_set)
            if minutes >= span_minutes(current):
                raise InputError(f"Срок можно только сократить: сейчас {current.describe()} с момента выявления")
            step.before = {"reply_due_at": card.reply_due_at, "reply": current.describe()}
            card.reply_minutes_set = minutes
            self._recompute_reply(session, card)
            step.after = {"reply_due_at": card.reply_due_at,
                          "reply": self.policy.reply_span(official=card.official, importance=None,
                                                          minutes_set=minutes).describe()}
        return card


_BEFORE_REPLY = {s.value for s in (CardState.NEW, CardState.ASSIGNED, CardState.RETURNED, CardState.DRAFT,
                                   CardState.REWORK, CardState.APPROVED)}
