"""Intake and routing: open a card (p. 8 deadlines at once), suggest and route units, returns
(p. 9) and contributions of several units (p. 17)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any, Protocol

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from db.bulk import as_written, insert_many, insert_returning_ids, link_first_messages, reserve_ids
from db.models import Assignment, Event, Incident, Message, StageDeadline, Unit
from db.statuses import CardState
from monitor.workflow import stages
from monitor.workflow.errors import InputError
from monitor.workflow.history import EventName, plain
from monitor.workflow.routing import RoutingAdvice, suggest_units
from monitor.workflow.staffing import get_unit, unit_infos
from monitor.workflow.steps_base import SYSTEM, WorkflowCore, need

_CHUNK = 500  # card ids per IN (...): well under SQLite's limit on bound parameters


class NewMessage(Protocol):
    """What opening a card needs of a stored message (an ORM row or the ingest's plain record)."""

    id: int
    platform: str
    url: str
    detected_at: datetime
    topic: str | None
    location: str | None
    importance: str | None

    @property
    def topics(self) -> Sequence[str] | None: ...  # all its topics (secondary ones suggest units too)


def _point_repeats(rows: list[dict[str, Any]], messages: Sequence[NewMessage], card_ids: Mapping[int, int],
                   in_batch: Mapping[int, int]) -> None:
    """Each in-batch repeat's row points at the card of the message it repeats."""
    for row, message in zip(rows, messages, strict=True):
        if message.id in in_batch:
            row["repeat_of_id"] = card_ids[in_batch[message.id]]


def _link_repeats_in_batch(session: Session, rows: list[dict[str, Any]], messages: Sequence[NewMessage],
                           card_ids: Mapping[int, int], in_batch: Mapping[int, int]) -> None:
    """Point each in-batch repeat at the card of the message it repeats (known once inserted)."""
    links = [{"b_id": card_ids[mid], "b_earlier": card_ids[earlier]} for mid, earlier in in_batch.items()]
    if not links:
        return
    session.connection().execute(
        update(Incident).where(Incident.id == bindparam("b_id")).values(repeat_of_id=bindparam("b_earlier")), links)
    _point_repeats(rows, messages, card_ids, in_batch)


def _orm_message(session: Session, message: NewMessage) -> Message:
    if isinstance(message, Message):
        return message
    row = session.get(Message, message.id)
    assert row is not None
    return row


class RoutingSteps(WorkflowCore):
    # -- intake ----------------------------------------------------------------------------------

    def open_card(self, session: Session, message: Message, *, official: bool = False,
                  repeat_of: int | None = None) -> Incident:
        """A card in ``new`` for a relevant message, with route and reply deadlines set at once."""
        now = self.clock.now()
        card = Incident(id=message.incident_id,  # the id taken for it at ingest, which the message points at
                        state=CardState.NEW.value, platform=message.platform, url=message.url,
                        first_message_id=message.id, official=official, detected_at=message.detected_at,
                        topic=message.topic, location=message.location, importance=message.importance,
                        repeat_of_id=repeat_of, requires_measures_report=repeat_of is not None, version=0)
        session.add(card)
        session.flush()
        message.incident_id = card.id
        card.reply_due_at = self.reply_due(card)
        stages.start_stage(session, card.id, "route", started_at=card.detected_at,
                           due_at=self.due.route(card.detected_at), working=self.policy.route.working)
        span = self.policy.reply_span(official=official, importance=card.importance, minutes_set=None)
        stages.start_stage(session, card.id, "reply", started_at=card.detected_at, due_at=card.reply_due_at,
                           working=span.working)
        advice = self.suggest(session, card)
        after: dict[str, Any] = {"state": card.state, "message_id": message.id, "official": official,
                                 "route_due_at": self.due.route(card.detected_at), "reply_due_at": card.reply_due_at}
        if repeat_of is not None:
            after |= {"repeat_of": repeat_of, "suggested_units": advice.codes}
        self._record(session, card, now, SYSTEM, EventName.OPENED, after=after)
        if self.auto_route and advice.unambiguous:
            self.route(session, card.id, advice.codes, actor="system", note="автоматически: компетенция однозначна")
        return card

    def open_cards(self, session: Session, messages: Sequence[NewMessage], *, official: bool = False,
                   repeat_of: Mapping[int, int] | None = None,
                   repeat_of_message: Mapping[int, int] | None = None,
                   card_ids: Mapping[int, int] | None = None,
                   hold: list[tuple[Incident, Event]] | None = None) -> list[Incident]:
        """Open a card for each message of an ingest batch: what ``open_card`` writes, in a few statements.

        ``repeat_of`` maps a message id to the earlier card it repeats (p. 18);
        ``repeat_of_message`` to an earlier message of the same batch, whose card it repeats;
        ``card_ids`` to the id taken for its card at ingest, which the message already points at
        (every message has one, or none does: then the messages are linked to their new cards).
        Fresh cards have no earlier stages, so cycles start at 1 without a query; cards, stage
        rows, history events and the messages' card links go in one multi-row statement each.
        The returned cards and the events handed to the listener are the mapped classes, built
        from the rows written and not added to the session (they are already in the database).
        Auto-routing needs per-card decisions and goes through ``open_card``.
        ``hold``: the listener is not called; the cards and their events are added to the list,
        for the caller to hand on with those of later batches (a fetch carded page by page). With
        auto-routing each card is opened, routed and announced by ``open_card``, as without ``hold``.
        """
        if not messages:
            return []
        links, in_batch, taken = repeat_of or {}, repeat_of_message or {}, card_ids or {}
        if taken and taken.keys() != {m.id for m in messages}:
            raise ValueError("open_cards: card ids were taken for some of the messages only")
        if (len(messages) < 2 and hold is None) or self.auto_route:
            card_of: dict[int, int] = {}
            cards = []
            for m in messages:  # an in-batch repeat comes after the message it repeats
                earlier = card_of[in_batch[m.id]] if m.id in in_batch else links.get(m.id)
                card = self.open_card(session, _orm_message(session, m), official=official, repeat_of=earlier)
                card_of[m.id] = card.id
                cards.append(card)
            return cards
        now = self.clock.now()
        rows: list[dict[str, Any]] = [
            dict(state=CardState.NEW.value, platform=m.platform, url=m.url, first_message_id=m.id,
                 official=official, detected_at=m.detected_at, topic=m.topic, location=m.location,
                 importance=m.importance, repeat_of_id=links.get(m.id),
                 requires_measures_report=m.id in links or m.id in in_batch, version=1)
            for m in messages]
        # A batch shares a few detection instants and importances: each deadline is computed once.
        route_due_of = cache(self.due.route)
        reply_due_of = cache(lambda at, importance: self.due.reply(at, official=official, importance=importance,
                                                                   minutes_set=None))
        for row in rows:
            row["reply_due_at"] = reply_due_of(row["detected_at"], row["importance"])
        json_at = cache(plain)  # the history's form of those few instants, also computed once
        if taken:
            reserved: list[int] | None = [taken[m.id] for m in messages]
        else:
            reserved = reserve_ids(session, Incident.__table__, len(rows)) if in_batch else None
        if reserved is not None:  # PostgreSQL: in-batch repeats point at their cards as they are written
            _point_repeats(rows, messages, dict(zip([m.id for m in messages], reserved, strict=True)), in_batch)
        ids = insert_returning_ids(session, Incident.__table__, rows, reserved)
        card_ids = {m.id: cid for m, cid in zip(messages, ids, strict=True)}
        if reserved is None:
            _link_repeats_in_batch(session, rows, messages, card_ids, in_batch)
        if not taken:
            link_first_messages(session, ids)
        cards = as_written(Incident, ids, rows)
        previous = self._previous_units(session, {v for v in links.values()}) if self.repeat_same_unit else {}
        units = unit_infos(session) if links or in_batch else []
        advised: dict[tuple[Any, ...], list[str]] = {}
        stage_rows: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        for card, message in zip(cards, messages, strict=True):
            route_due = route_due_of(card.detected_at)
            span = self.policy.reply_span(official=official, importance=card.importance, minutes_set=None)
            stage_rows += [
                dict(incident_id=card.id, stage="route", unit_id=None, user_id=None, cycle=1,
                     working=self.policy.route.working, started_at=card.detected_at, due_at=route_due),
                dict(incident_id=card.id, stage="reply", unit_id=None, user_id=None, cycle=1, working=span.working,
                     started_at=card.detected_at, due_at=card.reply_due_at),
            ]
            # plain(after) of open_card, built plain: strings, numbers and ISO instants
            after: dict[str, Any] = {"state": card.state, "message_id": message.id, "official": official,
                                     "route_due_at": json_at(route_due), "reply_due_at": json_at(card.reply_due_at)}
            if card.repeat_of_id is not None:  # an earlier card of the batch has no units yet
                key = (card.topic, card.location, tuple(message.topics or ()),
                       tuple(previous.get(card.repeat_of_id, ())))
                if key not in advised:  # a batch's repeats share a handful of these
                    advised[key] = suggest_units(units, topic=key[0], location=key[1], topics=key[2],
                                                 previous=key[3]).codes
                after |= {"repeat_of": card.repeat_of_id, "suggested_units": list(advised[key])}
            event_rows.append(dict(incident_id=card.id, at=now, actor=SYSTEM.login, action=EventName.OPENED.value,
                                   before=None, note=None, after=after))
        insert_many(session, StageDeadline.__table__, stage_rows)
        event_ids = insert_returning_ids(session, Event.__table__, event_rows)
        events = as_written(Event, event_ids, event_rows)
        self._log.info("card.opened_batch", cards=len(cards), first=cards[0].id, last=cards[-1].id,
                       repeats=len(links) + len(in_batch))
        if hold is None:
            self.listeners.on_opened(session, list(zip(cards, events, strict=True)))
        else:
            hold.extend(zip(cards, events, strict=True))
        return cards

    @staticmethod
    def _previous_units(session: Session, card_ids: Collection[int]) -> dict[int, list[str]]:
        """Each card's active units of its latest routing, in order (what ``suggest`` reads one by one)."""
        found: dict[int, list[str]] = {}
        last: dict[int, int] = {}
        wanted = sorted(card_ids)
        for i in range(0, len(wanted), _CHUNK):
            rows = session.execute(
                select(Assignment.incident_id, Assignment.cycle, Assignment.active, Unit.code)
                .join(Unit, Unit.id == Assignment.unit_id)
                .where(Assignment.incident_id.in_(wanted[i : i + _CHUNK]))
                .order_by(Assignment.incident_id, Assignment.cycle.desc(), Assignment.position))
            for card_id, cycle, active, code in rows:
                if last.setdefault(card_id, cycle) == cycle and active:
                    found.setdefault(card_id, []).append(code)
        return found

    def suggest(self, session: Session, card: Incident | int) -> RoutingAdvice:
        """Units for the card by competence; a repeat's earlier units first (p. 18)."""
        if isinstance(card, int):
            card = self.card(session, card, lock=False)
        previous: list[str] = []
        if card.repeat_of_id is not None and self.repeat_same_unit:
            earlier = session.scalars(select(Assignment).where(Assignment.incident_id == card.repeat_of_id)
                                      .order_by(Assignment.cycle.desc(), Assignment.position)).all()
            last_cycle = earlier[0].cycle if earlier else None
            previous = [c for a in earlier if a.cycle == last_cycle and a.active
                        if (c := self._unit_code(session, a.unit_id))]
        first = session.get(Message, card.first_message_id) if card.first_message_id else None
        return suggest_units(unit_infos(session), topic=card.topic_set or card.topic,
                             location=card.location_set or card.location,
                             topics=(first.topics or []) if first else [], previous=previous)

    # -- curator: routing ------------------------------------------------------------------------

    def route(self, session: Session, card_id: int, units: Sequence[str], *, actor: str,
              note: str | None = None) -> Incident:
        """Send the card to one or more units (p. 8); several units each owe a part (p. 17)."""
        with self.transition(session, card_id, "route", actor, EventName.ROUTED) as step:
            card, who, now = step.card, step.actor, step.now
            codes = list(dict.fromkeys(u.strip() for u in units if u and u.strip()))
            if not codes:
                raise InputError("Укажите подразделение", field="unit")
            rows = [get_unit(session, code) for code in codes]
            old = self.active_assignments(session, card.id)
            for assignment in old:
                assignment.active = False
            stages.finish(session, card.id, now, ["route", "draft", "contribution"])
            cycle = self.current_cycle(session, card.id) + 1
            for position, unit in enumerate(rows):
                session.add(Assignment(incident_id=card.id, unit_id=unit.id, cycle=cycle, position=position,
                                       assigned_at=now, assigned_by=who.login, active=True))
                if len(rows) > 1:
                    stages.start_stage(session, card.id, "contribution", unit_id=unit.id, started_at=now,
                                       user_id=self._responsible_id(session, unit.id, now),
                                       due_at=self.due.contribution(now), working=self.policy.contribution.working)
            session.flush()
            if card.reply_due_at is None:
                self._recompute_reply(session, card)
            if len(rows) == 1:
                self._start_draft_stage(session, card, rows[0].id, now)
            step.move(CardState.ASSIGNED)
            step.before["units"] = [c for a in old if (c := self._unit_code(session, a.unit_id))]
            step.record(after={"state": card.state, "units": codes, "cycle": cycle}, note=note)
        return card

    def return_card(self, session: Session, card_id: int, *, actor: str, reason: str) -> Incident:
        """Not our competence (p. 9): the unit hands the card back to the curator with the reason."""
        with self.transition(session, card_id, "return", actor, EventName.RETURNED) as step:
            card, who, now = step.card, step.actor, step.now
            reason = need(reason, "причину возврата", "reason")
            mine = self._own_assignment(session, card, who, now)
            mine.active, mine.returned_at, mine.return_reason = False, now, reason
            window_due = self.due.return_window(mine.assigned_at)
            row = stages.start_stage(session, card.id, "return", unit_id=mine.unit_id,
                                     user_id=who.user.id if who.user else None,
                                     started_at=mine.assigned_at, due_at=window_due, done_at=now,
                                     working=self.policy.return_.working)
            if now > window_due:
                row.breached_at = window_due
            stages.finish(session, card.id, now, ["draft", "contribution"], mine.unit_id)
            remaining = self.active_assignments(session, card.id)
            if remaining:
                state = CardState.ASSIGNED
                composer = self.composer(remaining)
                if composer is not None:
                    self._start_draft_stage(session, card, composer.unit_id, now)
            else:
                state = CardState.RETURNED
                stages.start_stage(session, card.id, "route", started_at=now, due_at=self.due.route(now),
                                   working=self.policy.route.working)
            step.move(state)
            step.record(after={"state": card.state, "unit": self._unit_code(session, mine.unit_id),
                               "late": now > window_due}, note=reason)
        return card

    def contribute(self, session: Session, card_id: int, *, actor: str, text: str) -> Incident:
        """A unit's part of a joint reply (p. 17.1-2); the last unit then composes the draft."""
        with self.transition(session, card_id, "contribute", actor, EventName.CONTRIBUTED) as step:
            card, who, now = step.card, step.actor, step.now
            text = need(text, "текст информации", "text")
            mine = self._own_assignment(session, card, who, now)
            active = self.active_assignments(session, card.id)
            if len(active) < 2:
                raise InputError("Карточка направлена одному подразделению: направьте проект ответа")
            if mine.contributed_at is not None:
                raise InputError("Информация от вашего подразделения уже направлена")
            if self.composer(active) is mine:
                raise InputError("Вы последний исполнитель: подготовьте общий проект ответа "
                                 "с учётом информации остальных")
            mine.contribution, mine.contributed_at, mine.contributed_by = text, now, who.login
            stages.finish(session, card.id, now, ["contribution"], mine.unit_id)
            composer = self.composer(active)
            if composer is not None:
                self._start_draft_stage(session, card, composer.unit_id, now)
            waiting = [self._unit_code(session, a.unit_id) for a in active if a.contributed_at is None]
            step.record(after={"state": card.state, "unit": self._unit_code(session, mine.unit_id),
                               "composer": self._unit_code(session, composer.unit_id) if composer else None,
                               "waiting": waiting}, note=text)
        return card
