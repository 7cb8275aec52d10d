"""What every transition shares: the card's lock, the actor, the checks, events, stage helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from classifier.codes import AREAS
from db.models import Assignment, Draft, Event, Incident, Unit, User
from db.statuses import CardOutcome, CardState, Role
from monitor.core.clock import Clock
from monitor.core.logs import get_logger
from monitor.core.settings import Settings
from monitor.workflow import stages
from monitor.workflow.deadlines import DeadlineCalculator, WorkingCalendar
from monitor.workflow.errors import AccessError, InputError, NotFoundError
from monitor.workflow.history import EventName, record
from monitor.workflow.policy import DeadlinePolicy
from monitor.workflow.staffing import acting_unit_ids, get_user, responsible_user
from monitor.workflow.states import ROLE_LABELS, Transition, UndeclaredTransitionError, check

OUTCOMES: dict[str, str] = {CardOutcome.RESOLVED: "решено положительно", CardOutcome.EXPLAINED: "дано разъяснение",
                            CardOutcome.NOT_RESOLVED: "не решено"}

DraftListener = Callable[[Session, Incident, Draft], None]
EventListener = Callable[[Session, Incident, Event], None]
BatchListener = Callable[[Session, list[tuple[Incident, Event]]], None]
ByHandListener = Callable[[Session, Incident, Draft, str, datetime], None]  # + the official's login, now


def _nothing(*_args: Any) -> None:
    return None


@dataclass
class WorkflowListeners:
    """Hooks called inside the transition's transaction (the publisher writes its outbox row here).

    ``on_approved`` gets final replies; ``on_interim_approved`` interim replies and clarification
    requests (p. 11); ``on_event`` every history event (notifications); ``on_published_by_hand``
    an official's report that the approved reply is out (the queued publication is withdrawn; a
    WorkflowError from it refuses the report).
    """

    on_approved: DraftListener = _nothing
    on_interim_approved: DraftListener = _nothing
    on_event: EventListener = _nothing
    on_published_by_hand: ByHandListener = _nothing
    on_opened_batch: BatchListener | None = None  # many cards opened at once (ingest batches)

    def on_opened(self, session: Session, opened: list[tuple[Incident, Event]]) -> None:
        """Cards opened together: the batch listener when there is one, else each event in turn."""
        if self.on_opened_batch is not None:
            self.on_opened_batch(session, opened)
            return
        for card, event in opened:
            self.on_event(session, card, event)


@dataclass(frozen=True)
class Actor:
    login: str
    role: str
    user: User | None = None


SYSTEM = Actor("system", "system")


@dataclass
class Step:
    """One transition in progress: the locked card, who acts, when, and what the event will say.

    The body of ``WorkflowCore.transition`` fills it; the helper checks the state it leads to
    against the table and writes the history event.
    """

    card: Incident
    actor: Actor
    now: datetime
    transition: Transition
    event: EventName
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    note: str | None = None

    def move(self, state: CardState) -> None:
        """Lead the card to ``state`` (checked against the table when the step ends)."""
        self.before.setdefault("state", self.card.state)
        self.card.state = state.value

    def record(self, *, after: dict[str, Any] | None = None, note: str | None = None) -> None:
        """What the history event will say (written when the step ends)."""
        self.after, self.note = after or {}, note


def need(text: str | None, what: str, field: str) -> str:
    """``text`` stripped, or an InputError naming ``what`` is missing (``field``: the value's name)."""
    if text is None or not text.strip():
        raise InputError(f"Укажите {what}", field=field)
    return text.strip()


def owed_actions(actions: Sequence[str], turn: str | None) -> list[str]:
    """``actions`` less the reply or the joint-reply part a unit does not owe (``WorkflowCore.unit_turn``)."""
    if turn is None:
        return list(actions)
    return [a for a in actions if a not in ("draft", "contribute") or a == turn]


@dataclass
class WorkflowCore:
    calendar: WorkingCalendar
    policy: DeadlinePolicy
    clock: Clock
    listeners: WorkflowListeners = field(default_factory=WorkflowListeners)
    auto_route: bool = False
    repeat_same_unit: bool = True
    #: the location codes a card may be given: the district's settlements (its rules), and the areas
    locations: tuple[str, ...] = AREAS

    def __post_init__(self) -> None:
        self.due = DeadlineCalculator(self.calendar, self.policy)
        self._log = get_logger()

    @classmethod
    def from_settings(cls, settings: Settings, calendar: WorkingCalendar, clock: Clock,
                      listeners: WorkflowListeners | None = None) -> Any:
        return cls(calendar, DeadlinePolicy.from_config(settings.deadlines), clock,
                   listeners or WorkflowListeners(), settings.workflow.auto_route, settings.workflow.repeat_same_unit,
                   settings.locations)

    # -- helpers ---------------------------------------------------------------------------------

    def card(self, session: Session, card_id: int, *, lock: bool = True) -> Incident:
        stmt = select(Incident).where(Incident.id == card_id)
        card = session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()
        if card is None:
            raise NotFoundError(f"Карточка №{card_id} не найдена")
        return card

    def actor(self, session: Session, login: str) -> Actor:
        if login == "system":
            return SYSTEM
        user = get_user(session, login)
        return Actor(user.login, user.role, user)

    @contextmanager
    def transition(self, session: Session, card_id: int, action: str, actor: str,
                   event: EventName) -> Iterator[Step]:
        """The only way a card changes state: clock, actor, the card's lock, the table's check of
        the source state and the actor's role; after the body, the state it led to must be one
        the table declares for ``action`` (or unchanged, for a correction), then the event."""
        now = self.clock.now()
        who = self.actor(session, actor)
        card = self.card(session, card_id)
        step = Step(card, who, now, self._allow(action, card.state, who), event)
        source = card.state
        yield step
        target = CardState(card.state)
        declared = step.transition.targets or {CardState(source)}
        if target not in declared:
            raise UndeclaredTransitionError(f"{action}: {source} -> {target} is not in the table")
        self._record(session, card, now, who, step.event, before=step.before or None, after=step.after or None,
                     note=step.note)

    def _allow(self, action: str, state: CardState | str, actor: Actor) -> Transition:
        """The table's transition for ``action`` from ``state`` if ``actor``'s role may perform it."""
        transition = check(action, state)
        if actor.role not in transition.roles:
            who = " или ".join(ROLE_LABELS[r] for r in sorted(transition.roles) if r != Role.SYSTEM)
            raise AccessError(f"Нельзя {transition.label}: это делает {who}, а вы — {ROLE_LABELS[actor.role]}")
        return transition

    def _record(self, session: Session, card: Incident, now: datetime, actor: Actor, event: EventName,
                before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
                note: str | None = None) -> Event:
        """A history event on ``card`` (a transition's, or a card's creation) and its listener."""
        card.version = (card.version or 0) + 1
        self._log.info(f"card.{event}", case_id=card.id, actor=actor.login, state=card.state)
        return record(session, card, at=now, actor=actor.login, action=event, before=before, after=after,
                      note=note, listener=self.listeners.on_event)

    @staticmethod
    def current_cycle(session: Session, card_id: int) -> int:
        return session.scalar(select(func.max(Assignment.cycle)).where(Assignment.incident_id == card_id)) or 0

    def active_assignments(self, session: Session, card_id: int) -> list[Assignment]:
        cycle = self.current_cycle(session, card_id)
        return list(session.scalars(select(Assignment).where(
            Assignment.incident_id == card_id, Assignment.cycle == cycle, Assignment.active.is_(True))
            .order_by(Assignment.position)))

    def _own_assignment(self, session: Session, card: Incident, actor: Actor, now: datetime,
                        unit_id: int | None = None) -> Assignment:
        """The actor's assignment on the card (own unit, or as a deputy), else AccessError."""
        units = acting_unit_ids(session, actor.user, now) if actor.user else set()
        for assignment in self.active_assignments(session, card.id):
            if assignment.unit_id in units and (unit_id is None or assignment.unit_id == unit_id):
                return assignment
        raise AccessError(f"Карточка №{card.id} не направлена в ваше подразделение")

    def unit_turn(self, session: Session, card: Incident, login: str, now: datetime) -> str | None:
        """What an executor's unit owes on an assigned card: «draft» when it writes the reply (the
        only unit, or the joint reply's composer, p. 17.3), «contribute» when it owes its part of a
        joint one, «wait» when it has given it and another unit composes; None when the card is
        not assigned to their units (the transition table then decides alone)."""
        if card.state != CardState.ASSIGNED.value:
            return None
        try:
            mine = self._own_assignment(session, card, self.actor(session, login), now)
        except (AccessError, NotFoundError):
            return None
        active = self.active_assignments(session, card.id)
        if len(active) < 2 or self.composer(active) is mine:
            return "draft"
        return "wait" if mine.contributed_at is not None else "contribute"

    def _unit_code(self, session: Session, unit_id: int | None) -> str | None:
        unit = session.get(Unit, unit_id) if unit_id is not None else None
        return unit.code if unit else None

    def _responsible_id(self, session: Session, unit_id: int, now: datetime) -> int | None:
        user = responsible_user(session, unit_id, now)
        return user.id if user else None

    def reply_due(self, card: Incident) -> datetime:
        return self.due.reply(card.detected_at, official=card.official,
                              importance=card.importance_set or card.importance, minutes_set=card.reply_minutes_set)

    def _recompute_reply(self, session: Session, card: Incident) -> None:
        """The reply deadline and the drafts due before it follow the card's importance and shortening."""
        card.reply_due_at = self.reply_due(card)
        for row in stages.open_stages(session, card.id, ["reply"]):
            row.due_at = card.reply_due_at
        for row in stages.open_stages(session, card.id, ["draft"]):
            row.due_at = self.due.draft(card.detected_at, card.reply_due_at)
            self._fold_contribution(session, card, row.unit_id, row.due_at)

    def _fold_contribution(self, session: Session, card: Incident, unit_id: int | None, draft_due: datetime) -> None:
        """The unit writing the joint draft (p. 17.3) sends its own part with it: that part is due
        with the draft, never earlier than the 2 hours it was given (p. 17.2), and closes with it."""
        for row in stages.open_stages(session, card.id, ["contribution"], unit_id):
            if row.breached_at is None:  # a breach the watch has recorded stays as it was seen
                row.due_at = max(self.due.contribution(row.started_at), draft_due)

    def _start_draft_stage(self, session: Session, card: Incident, unit_id: int, now: datetime) -> None:
        """The unit's draft is due (p. 11); a unit composing a joint draft owes its part with it."""
        if stages.open_stages(session, card.id, ["draft"], unit_id):
            return
        if card.reply_due_at is None:
            self._recompute_reply(session, card)
        row = stages.start_stage(session, card.id, "draft", unit_id=unit_id,
                                 user_id=self._responsible_id(session, unit_id, now), started_at=now,
                                 due_at=self.due.draft(card.detected_at, card.reply_due_at),  # type: ignore[arg-type]
                                 working=self.policy.draft_before_reply.working)
        self._fold_contribution(session, card, unit_id, row.due_at)

    @staticmethod
    def composer(assignments: Sequence[Assignment]) -> Assignment | None:
        """Who writes the joint draft (p. 17.3): the one unit still without a contribution, or
        (if that one returned the card) the latest contributor; None while several are pending."""
        if not assignments:
            return None
        pending = [a for a in assignments if a.contributed_at is None]
        if len(pending) == 1:
            return pending[0]
        if not pending:
            return max(assignments, key=lambda a: (a.contributed_at, a.id))
        return None

