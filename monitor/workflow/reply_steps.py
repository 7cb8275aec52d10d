"""Transitions of the reply: draft (p. 11), approval or rework (pp. 12-13), publication (p. 14),
interim replies (p. 15) and closing with the outcome."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Draft, Incident
from db.statuses import CardState, DraftDecision, ReplyKind, Role
from monitor.workflow import stages
from monitor.workflow.attachment_steps import current_attachments, with_links
from monitor.workflow.errors import AccessError, InputError, TransitionError
from monitor.workflow.history import EventName
from monitor.workflow.reply_text import text_to_publish
from monitor.workflow.steps_base import OUTCOMES, SYSTEM, WorkflowCore, need

DRAFT_KINDS: dict[str, str] = {ReplyKind.FINAL: "окончательный ответ", ReplyKind.INTERIM: "промежуточный ответ",
                               ReplyKind.CLARIFICATION: "запрос (уточнение)"}


class ReplySteps(WorkflowCore):
    def latest_draft(self, session: Session, card_id: int) -> Draft | None:
        return session.scalars(select(Draft).where(Draft.incident_id == card_id)
                               .order_by(Draft.version.desc())).first()

    def submit_draft(self, session: Session, card_id: int, *, actor: str, text: str, kind: str = ReplyKind.FINAL,
                     measures_reported: bool = False) -> Draft:
        """The executor sends a draft to the curator (p. 11); after several units, the joint one (p. 17.3)."""
        with self.transition(session, card_id, "draft", actor, EventName.DRAFT_SUBMITTED) as step:
            card, who, now = step.card, step.actor, step.now
            text = need(text, "текст проекта ответа", "text")
            if kind not in DRAFT_KINDS:
                raise InputError(f"Неизвестный вид проекта «{kind}». Допустимо: {', '.join(DRAFT_KINDS)}")
            previous = self.latest_draft(session, card.id)
            if card.state == CardState.ASSIGNED.value:
                mine = self._own_assignment(session, card, who, now)
                active = self.active_assignments(session, card.id)
                if len(active) > 1 and self.composer(active) is not mine:
                    waiting = [self._unit_code(session, a.unit_id) for a in active
                               if a.contributed_at is None and a is not mine]
                    raise InputError("Общий проект готовит последний исполнитель (п. 17): ещё не поступила "
                                     f"информация от: {', '.join(c for c in waiting if c)}. "
                                     "Направьте свою часть")
                unit_id: int | None = mine.unit_id
            else:
                unit_id = previous.unit_id if previous is not None else None
                self._own_assignment(session, card, who, now, unit_id)
            if card.requires_measures_report and kind != ReplyKind.CLARIFICATION and not measures_reported:
                raise InputError("Повторное обращение (п. 18): ответ должен сообщать о принятых мерах или ходе решения "
                                 "вопроса; подтвердите это", field="measures_reported")
            version = (session.scalar(select(func.max(Draft.version)).where(Draft.incident_id == card.id)) or 0) + 1
            attached = current_attachments(session, card.id)
            links = [a.url for a in attached if a.kind == "video" and a.url]
            draft = Draft(incident_id=card.id, version=version, kind=kind, text=text,
                          publish_text=text_to_publish(session, card, with_links(text, links)), unit_id=unit_id,
                          author=who.login, submitted_at=now, measures_reported=measures_reported,
                          attachment_ids=[a.id for a in attached] or None)
            session.add(draft)
            stages.finish(session, card.id, now, ["draft", "contribution", "rework"], unit_id)
            stages.start_stage(session, card.id, "review", started_at=now, due_at=self.due.review(now),
                               working=self.policy.review.working)
            step.move(CardState.DRAFT)
            step.record(after={"state": card.state, "version": version, "kind": kind,
                               "unit": self._unit_code(session, unit_id), "measures_reported": measures_reported,
                               **({"attachments": draft.attachment_ids} if draft.attachment_ids else {})},
                        note=text)
        return draft

    def _pending_draft(self, session: Session, card: Incident) -> Draft:
        draft = self.latest_draft(session, card.id)
        if draft is None:  # pragma: no cover - the state machine rules it out
            raise TransitionError("В карточке нет проекта ответа")
        return draft

    def approve(self, session: Session, card_id: int, *, actor: str) -> Draft:
        """The curator approves the draft (p. 12); the publisher's listener runs in this transaction."""
        with self.transition(session, card_id, "approve", actor, EventName.APPROVED) as step:
            card, who, now = step.card, step.actor, step.now
            draft = self._pending_draft(session, card)
            draft.decision, draft.decided_at, draft.decided_by = DraftDecision.APPROVED, now, who.login
            stages.finish(session, card.id, now, ["review"])
            user_id = self._responsible_id(session, draft.unit_id, now) if draft.unit_id else None
            stages.start_stage(session, card.id, "publish", unit_id=draft.unit_id, user_id=user_id, started_at=now,
                               due_at=self.due.publish(now), working=self.policy.publish.working)
            step.move(CardState.APPROVED)
            step.record(after={"state": card.state, "version": draft.version, "kind": draft.kind})
        if draft.kind == ReplyKind.FINAL:
            self.listeners.on_approved(session, card, draft)
        else:
            self.listeners.on_interim_approved(session, card, draft)
        return draft

    def request_rework(self, session: Session, card_id: int, *, actor: str, reason: str) -> Draft:
        """The curator sends the draft back (p. 12); it is due again in an hour (p. 13)."""
        with self.transition(session, card_id, "rework", actor, EventName.REWORK_REQUESTED) as step:
            card, who, now = step.card, step.actor, step.now
            reason = need(reason, "что доработать", "reason")
            draft = self._pending_draft(session, card)
            draft.decision, draft.decided_at, draft.decided_by = DraftDecision.REWORK, now, who.login
            draft.decision_note = reason
            stages.finish(session, card.id, now, ["review"])
            user_id = self._responsible_id(session, draft.unit_id, now) if draft.unit_id else None
            stages.start_stage(session, card.id, "rework", unit_id=draft.unit_id, user_id=user_id, started_at=now,
                               due_at=self.due.rework(now), working=self.policy.rework.working)
            step.move(CardState.REWORK)
            step.record(after={"state": card.state, "version": draft.version}, note=reason)
        return draft

    def mark_published(self, session: Session, card_id: int, *, actor: str = "system",
                       external_id: str | None = None, url: str | None = None, note: str | None = None) -> Incident:
        """The approved reply is out (p. 14): the publisher, or an official by hand, says so.

        An interim reply or a clarification moves the card to ``interim`` and starts the final
        reply's deadline (p. 15); a final reply moves it to ``published``.
        """
        with self.transition(session, card_id, "publish", actor, EventName.PUBLISHED) as step:
            card, who, now = step.card, step.actor, step.now
            draft = self._pending_draft(session, card)
            if who.role == Role.EXECUTOR:
                self._own_assignment(session, card, who, now, draft.unit_id)
            if who.login != SYSTEM.login:  # published by hand: the publisher must not post it as well
                self.listeners.on_published_by_hand(session, card, draft, who.login, now)
            draft.published_at = now
            card.published_at, card.reply_url, card.reply_external_id = now, url, external_id
            stages.finish(session, card.id, now, ["publish", "reply"])
            if draft.kind == ReplyKind.FINAL:
                stages.finish(session, card.id, now, ["final"])
                state = CardState.PUBLISHED
            else:
                state, step.event = CardState.INTERIM, EventName.INTERIM_PUBLISHED
                user_id = self._responsible_id(session, draft.unit_id, now) if draft.unit_id else None
                stages.start_stage(session, card.id, "final", unit_id=draft.unit_id, user_id=user_id, started_at=now,
                                   due_at=self.due.final(now), working=self.policy.final_after_interim.working)
            step.move(state)
            step.record(after={"state": card.state, "version": draft.version, "kind": draft.kind, "url": url,
                               "external_id": external_id}, note=note)
        return card

    def publish_manually(self, session: Session, card_id: int, *, actor: str, url: str) -> Incident:
        """For a read-only source: the executor posted the reply by hand and gives its address."""
        url = need(url, "адрес размещённого ответа", "url")
        if not re.match(r"^https?://\S+$", url):
            raise InputError("Адрес ответа должен начинаться с http:// или https://")
        if actor == SYSTEM.login:
            raise AccessError("Ручное размещение отмечает пользователь")
        return self.mark_published(session, card_id, actor=actor, url=url, note="размещено вручную")

    def close(self, session: Session, card_id: int, *, actor: str, outcome: str, note: str | None = None) -> Incident:
        """The curator closes the card with the outcome (p. 24 counts the resolved ones)."""
        with self.transition(session, card_id, "close", actor, EventName.CLOSED) as step:
            card, now = step.card, step.now
            if outcome not in OUTCOMES:
                raise InputError(f"Неизвестный итог «{outcome}». Допустимо: {', '.join(OUTCOMES)}")
            card.outcome, card.closed_at = outcome, now
            stages.finish(session, card.id, now)
            step.move(CardState.CLOSED)
            step.record(after={"state": card.state, "outcome": outcome}, note=note)
        return card
