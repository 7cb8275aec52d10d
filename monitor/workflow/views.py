"""What a person sees of a card: one read-only view for the CLI and, later, the web UI.

Access follows DESIGN.md: the curator, the head and the admin see every card; an executor sees
only cards routed to their unit (or to the unit of an executor they stand in for).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Assignment, Attachment, Draft, Event, Incident, Message, StageDeadline, Unit
from db.statuses import CardState, Role
from monitor.workflow.errors import AccessError, NotFoundError
from monitor.workflow.routing import Suggestion
from monitor.workflow.service import WorkflowService
from monitor.workflow.staffing import acting_unit_ids, get_user
from monitor.workflow.stages import STAGE_LABELS, all_stages
from monitor.workflow.states import STATE_LABELS, allowed_actions


@dataclass(frozen=True)
class LabelView:
    name: str  # topic | location | importance | kind
    classified: str | None
    corrected: str | None
    rules: tuple[str, ...] = ()  # the classifier's rules that gave ``classified`` ("topic:water:phrase=нет вода")

    @property
    def effective(self) -> str | None:
        return self.corrected or self.classified


@dataclass(frozen=True)
class UnitView:
    code: str
    name: str
    cycle: int
    active: bool
    assigned_at: datetime
    returned_at: datetime | None
    return_reason: str | None
    contribution: str | None
    contributed_at: datetime | None


@dataclass(frozen=True)
class StageView:
    stage: str
    label: str
    unit: str | None
    cycle: int
    started_at: datetime
    due_at: datetime
    done_at: datetime | None
    breached_at: datetime | None

    def late(self, now: datetime) -> bool:
        """Done after its due instant, or still open past it."""
        return (self.done_at or now) > self.due_at


@dataclass(frozen=True)
class DraftView:
    version: int
    kind: str
    unit: str | None
    author: str
    text: str
    submitted_at: datetime
    measures_reported: bool
    decision: str | None
    decision_note: str | None
    published_at: datetime | None
    publish_text: str  # as it will be posted (fitted to the network): what the curator approves
    attachment_ids: tuple[int, ...] = ()  # the card's attachments this version goes out with


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str | None


@dataclass(frozen=True)
class AttachmentView:
    id: int
    kind: str  # photo | video
    name: str
    size: int
    url: str | None
    added_by: str
    removed: bool


@dataclass(frozen=True)
class CardView:
    id: int
    state: str
    state_label: str
    platform: str
    url: str
    text: str
    author: str | None
    detected_at: datetime
    official: bool
    repeat_of_id: int | None
    requires_measures_report: bool
    reply_due_at: datetime | None
    reply_minutes_set: int | None
    outcome: str | None
    reason: str | None
    reply_url: str | None
    published_at: datetime | None
    labels: tuple[LabelView, ...]
    units: tuple[UnitView, ...]
    suggestions: tuple[Suggestion, ...]
    stages: tuple[StageView, ...]
    drafts: tuple[DraftView, ...]
    history: tuple[EventView, ...]
    allowed: tuple[str, ...]  # Russian labels of the actions possible in this state
    attachments: tuple[AttachmentView, ...] = ()  # every one ever added (removed ones marked)


def can_view(session: Session, login: str, card: Incident, at: datetime) -> bool:
    user = get_user(session, login)
    if user.role in (Role.CURATOR, Role.HEAD, Role.ADMIN):
        return True
    units = acting_unit_ids(session, user, at)
    routed = session.scalars(select(Assignment.unit_id).where(Assignment.incident_id == card.id)).all()
    return bool(units & set(routed))


def card_view(session: Session, service: WorkflowService, card_id: int, *, viewer: str) -> CardView:
    """The card as ``viewer`` may see it; AccessError for an executor of another unit."""
    card = session.get(Incident, card_id)
    if card is None:
        raise NotFoundError(f"Карточка №{card_id} не найдена")
    if not can_view(session, viewer, card, service.clock.now()):
        raise AccessError(f"Карточка №{card_id} не направлена в ваше подразделение")
    codes = {u.id: u for u in session.scalars(select(Unit))}
    first = session.get(Message, card.first_message_id) if card.first_message_id else None
    assignments = session.scalars(select(Assignment).where(Assignment.incident_id == card.id)
                                  .order_by(Assignment.cycle, Assignment.position)).all()
    drafts = session.scalars(select(Draft).where(Draft.incident_id == card.id).order_by(Draft.version)).all()
    events = session.scalars(select(Event).where(Event.incident_id == card.id).order_by(Event.at, Event.id)).all()
    open_state = card.state in (CardState.NEW.value, CardState.RETURNED.value)
    return CardView(
        id=card.id, state=card.state, state_label=STATE_LABELS[CardState(card.state)], platform=card.platform,
        url=card.url, text=first.text if first else "", author=first.author_name if first else None,
        detected_at=card.detected_at, official=card.official, repeat_of_id=card.repeat_of_id,
        requires_measures_report=card.requires_measures_report, reply_due_at=card.reply_due_at,
        reply_minutes_set=card.reply_minutes_set, outcome=card.outcome, reason=card.reason,
        reply_url=card.reply_url, published_at=card.published_at,
        labels=_labels(card, first),
        units=tuple(UnitView(codes[a.unit_id].code, codes[a.unit_id].name, a.cycle, a.active, a.assigned_at,
                             a.returned_at, a.return_reason, a.contribution, a.contributed_at) for a in assignments),
        suggestions=service.suggest(session, card).suggestions if open_state else (),
        stages=tuple(_stage(s, codes) for s in all_stages(session, card.id)),
        drafts=tuple(DraftView(d.version, d.kind, codes[d.unit_id].code if d.unit_id in codes else None, d.author,
                               d.text, d.submitted_at, d.measures_reported, d.decision, d.decision_note,
                               d.published_at, d.publish_text, tuple(d.attachment_ids or ())) for d in drafts),
        history=tuple(EventView(e.at, e.actor, e.action, e.before, e.after, e.note) for e in events),
        allowed=tuple(t.label for t in allowed_actions(card.state)),
        attachments=tuple(AttachmentView(a.id, a.kind, a.name, a.size, a.url, a.added_by, a.removed_at is not None)
                          for a in session.scalars(select(Attachment).where(Attachment.incident_id == card.id)
                                                   .order_by(Attachment.id))),
    )


def _labels(card: Incident, first: Message | None) -> tuple[LabelView, ...]:
    """Each label as classified and as corrected, with the rules that gave the classified value."""
    rules = [str(r) for r in (first.rules or ())] if first is not None else []
    classified = {"topic": card.topic, "location": card.location, "importance": card.importance,
                  "kind": first.message_kind if first is not None else None}
    corrected = {"topic": card.topic_set, "location": card.location_set, "importance": card.importance_set,
                 "kind": card.kind_set}
    return tuple(LabelView(name, value, corrected[name], tuple(r for r in rules if r.startswith(f"{name}:{value}:")))
                 for name, value in classified.items())


def _stage(row: StageDeadline, units: dict[int, Unit]) -> StageView:
    unit = units[row.unit_id].code if row.unit_id in units else None
    return StageView(row.stage, STAGE_LABELS.get(row.stage, row.stage), unit, row.cycle, row.started_at,
                     row.due_at, row.done_at, row.breached_at)
