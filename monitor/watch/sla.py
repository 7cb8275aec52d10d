"""The SLA watch job: remind before a stage's deadline, record and escalate when it passes
(and the same for a unit left without an executor, p. 7: monitor.watch.vacancies).

Run every minute by the scheduler, on any number of workers at once. Each run reads the stages
that need something, then handles each in its own short transaction: it locks the card and the
stage (PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so a card another worker or a transition holds
is simply left for the next minute; the card is locked before the stage, in the order the
workflow uses, so the two never deadlock) and writes a marker row first — a handled reminder
point, or the breach — with ``ON CONFLICT DO NOTHING``. Only the worker whose marker was
written notifies, so a reminder or an escalation goes out once however many runs overlap.

When one run finds more than ``DIGEST_FROM`` reminders (or breaches), it handles them in one
transaction, each stage in a savepoint of its own, and a person owed more than that many gets one
digest listing the cards instead of a notification per card: a batch of cards opened together
(a first poll, a morning after a long weekend) comes due together, and a flood would bury it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from db.models import Breach, DeadlineReminder, Incident, Message, StageDeadline, User
from db.session import transaction
from db.statuses import Role
from monitor.core.clock import Clock
from monitor.core.settings import Settings
from monitor.notify.outbox import DIGEST_FROM, enqueue, insert_once, users_with_role
from monitor.notify.templates import stage_title
from monitor.watch.plan import (
    REPLY_STAGE,
    ReminderPlan,
    SlaPolicy,
    StageTiming,
    WorkingTime,
    is_breached,
    plan_reminder,
)
from monitor.watch.recipients import (
    reminded,
    responsible_for,
    stage_unit_id,
    unit_name,
)
from monitor.watch.vacancies import watch_vacancies
from monitor.workflow.history import EventName, record
from monitor.workflow.stages import CURATOR_STAGES
from monitor.workflow.states import FINAL_STATES

log = structlog.get_logger()  # lazy: follows the logging configuration in force
_FINAL = [s.value for s in FINAL_STATES]


@dataclass
class WatchReport:
    reminders: int = 0  # reminder points notified
    breaches: int = 0  # breaches recorded
    busy: int = 0  # stages left for the next run: locked by a transition or another worker
    errors: int = 0


def sla_policy(settings: Settings, calendar: WorkingTime) -> SlaPolicy:
    """The watch's policy from settings (``notifications.reminder_points``) and the work calendar."""
    return SlaPolicy(calendar=calendar, reminder_points=tuple(settings.notifications.reminder_points))


def run_sla_watch(factory: sessionmaker[Session], clock: Clock, policy: SlaPolicy) -> WatchReport:
    """One pass: reminders that are due, then breaches not yet recorded. Never raises per stage."""
    now = clock.now()
    report = WatchReport()
    reminders, breaches = _scan(factory, now, policy)
    if len(reminders) > DIGEST_FROM:
        _together(report, factory, "reminders", now, [
            (sid, lambda s, held, sid=sid, iid=iid, p=plan: _remind(s, iid, sid, p, now, policy, held))
            for sid, iid, plan in reminders])
    else:
        for stage_id, incident_id, plan in reminders:
            _guarded(report, stage_id, lambda s, sid=stage_id, iid=incident_id, p=plan:
                     _remind(s, iid, sid, p, now, policy), factory, "reminders")
    if len(breaches) > DIGEST_FROM:
        _together(report, factory, "breaches", now, [
            (sid, lambda s, held, sid=sid, iid=iid: _breach(s, iid, sid, now, held)) for sid, iid in breaches])
    else:
        for stage_id, incident_id in breaches:
            _guarded(report, stage_id, lambda s, sid=stage_id, iid=incident_id:
                     _breach(s, iid, sid, now), factory, "breaches")
    watch_vacancies(factory, now, policy, lambda counter, outcome: _tally(report, counter, outcome))
    if report.reminders or report.breaches or report.errors:
        log.info("sla.watch_done", reminders=report.reminders, breaches=report.breaches,
                 busy=report.busy, errors=report.errors)
    return report


def _guarded(report: WatchReport, stage_id: int, step: Any, factory: sessionmaker[Session], counter: str) -> None:
    try:
        with transaction(factory) as session:
            outcome = step(session)
    except Exception:
        report.errors += 1
        log.exception("sla.stage_failed", stage_id=stage_id)
        return
    _tally(report, counter, outcome)


@dataclass
class _Held:
    """A notification a stage owes, held back by ``_together`` to be sent alone or in a digest."""

    key: str
    kind: str  # reminder, breach or reply_breach
    card_id: int
    stage: str
    due_at: datetime
    context: dict[str, Any]
    recipients: list[User]


_DIGESTS = {"reminder": "reminders", "breach": "breaches", "reply_breach": "breaches"}
_LISTED = 20  # cards a digest names; the rest are counted («и ещё 73»)


def _together(report: WatchReport, factory: sessionmaker[Session], counter: str, now: datetime,
              steps: list[tuple[int, Any]]) -> None:
    """Many stages in one transaction, each in a savepoint (one that fails is logged and left for
    the next run), then their notifications: a digest to whoever is owed more than DIGEST_FROM."""
    held: list[_Held] = []
    try:
        with transaction(factory) as session:
            for stage_id, step in steps:
                mark = len(held)
                try:
                    with session.begin_nested():
                        _tally(report, counter, step(session, held))
                except Exception:
                    del held[mark:]  # its marker is rolled back: the next run notifies for it
                    report.errors += 1
                    log.exception("sla.stage_failed", stage_id=stage_id)
            _send_held(session, held, now)
    except Exception:
        report.errors += 1
        log.exception("sla.digest_failed", counter=counter, stages=len(steps))


def _send_held(session: Session, held: list[_Held], now: datetime) -> None:
    by_user: dict[int, tuple[User, list[_Held]]] = {}
    for item in held:
        for user in item.recipients:
            by_user.setdefault(user.id, (user, []))[1].append(item)
    for user, items in by_user.values():
        if len(items) <= DIGEST_FROM:
            for item in items:
                enqueue(session, key=item.key, kind=item.kind, recipients=[user], now=now, incident_id=item.card_id,
                        context=item.context)
            continue
        kinds = {_DIGESTS[item.kind] for item in items}
        for kind in sorted(kinds):
            mine = sorted((i for i in items if _DIGESTS[i.kind] == kind), key=lambda i: (i.due_at, i.card_id))
            enqueue(session, key=f"{kind}:{now.isoformat()}:{mine[0].key}:{len(mine)}", kind=kind,
                    recipients=[user], now=now, context={
                        "count": len(mine),
                        "cards": [{"id": i.card_id, "stage": i.stage, "due_at": i.due_at.isoformat()}
                                  for i in mine[:_LISTED]]})


def _tally(report: WatchReport, counter: str, outcome: bool | None) -> None:
    if outcome is None:
        report.busy += 1
    elif outcome:
        setattr(report, counter, getattr(report, counter) + 1)


def _folded_into_draft() -> Any:
    """A contribution stage of the unit writing the joint draft (p. 17.3): its part is the joint
    draft, so the draft stage reminds and escalates for both, and this one is left alone."""
    draft = aliased(StageDeadline)
    return and_(StageDeadline.stage == "contribution", exists().where(
        draft.incident_id == StageDeadline.incident_id, draft.unit_id == StageDeadline.unit_id,
        draft.stage == "draft", draft.started_at >= StageDeadline.started_at,
        or_(StageDeadline.done_at.is_(None), StageDeadline.done_at >= draft.started_at)))


def _scan(factory: sessionmaker[Session], now: datetime, policy: SlaPolicy
          ) -> tuple[list[tuple[int, int, ReminderPlan]], list[tuple[int, int]]]:
    """Stages with a reminder due, and stages breached without a record (read-only)."""
    with factory() as session:
        open_rows = session.execute(
            select(StageDeadline.id, StageDeadline.incident_id, StageDeadline.started_at, StageDeadline.due_at,
                   StageDeadline.working)
            .join(Incident, Incident.id == StageDeadline.incident_id)
            .where(StageDeadline.done_at.is_(None), StageDeadline.breached_at.is_(None),
                   StageDeadline.started_at <= now, StageDeadline.due_at > now, Incident.state.not_in(_FINAL),
                   ~_folded_into_draft())
            .order_by(StageDeadline.due_at, StageDeadline.id)
        ).all()
        handled: dict[int, set[int]] = {}
        ids = [row.id for row in open_rows]
        for chunk in range(0, len(ids), 500):
            for stage_id, pct in session.execute(
                select(DeadlineReminder.stage_deadline_id, DeadlineReminder.percent)
                .where(DeadlineReminder.stage_deadline_id.in_(ids[chunk:chunk + 500]))
            ):
                handled.setdefault(stage_id, set()).add(pct)
        reminders = []
        for row in open_rows:
            timing = StageTiming(row.started_at, row.due_at, row.working)
            plan = plan_reminder(timing, now, policy.percents, handled.get(row.id, ()), policy.calendar)
            if plan.send is not None:
                reminders.append((row.id, row.incident_id, plan))
        breaches = [tuple(r) for r in session.execute(
            select(StageDeadline.id, StageDeadline.incident_id)
            .join(Incident, Incident.id == StageDeadline.incident_id)
            .where(StageDeadline.due_at < now,
                   or_(and_(StageDeadline.done_at.is_(None), Incident.state.not_in(_FINAL)),
                       StageDeadline.done_at > StageDeadline.due_at),
                   ~exists().where(Breach.stage_deadline_id == StageDeadline.id), ~_folded_into_draft())
            .order_by(StageDeadline.due_at, StageDeadline.id)
        ).all()]
    return reminders, breaches  # type: ignore[return-value]


def _lock(session: Session, incident_id: int, stage_id: int) -> tuple[Incident, StageDeadline] | None:
    """The card, then the stage, locked; None when a transition or another worker holds either."""
    card = session.scalars(select(Incident).where(Incident.id == incident_id)
                           .with_for_update(skip_locked=True)).one_or_none()
    if card is None:
        return None
    stage = session.scalars(select(StageDeadline).where(StageDeadline.id == stage_id)
                            .with_for_update(skip_locked=True)).one_or_none()
    if stage is None:
        return None
    return card, stage


def _remind(session: Session, incident_id: int, stage_id: int, plan: ReminderPlan, now: datetime,
            policy: SlaPolicy, held: list[_Held] | None = None) -> bool | None:
    locked = _lock(session, incident_id, stage_id)
    if locked is None:
        return None
    card, stage = locked
    if stage.done_at is not None or stage.breached_at is not None or now >= stage.due_at or card.state in _FINAL:
        return False  # finished (or moved) since the scan
    for pct in plan.skip:
        insert_once(session, DeadlineReminder, {"stage_deadline_id": stage.id, "percent": pct, "user_id": None,
                                                "at": now}, ["stage_deadline_id", "percent"])
    people = reminded(session, stage, now)
    assert plan.send is not None
    marker = {"stage_deadline_id": stage.id, "percent": plan.send, "at": now,
              "user_id": people[0].id if len(people) == 1 else None}
    if not insert_once(session, DeadlineReminder, marker, ["stage_deadline_id", "percent"]):
        return False  # another worker handled this point
    _notify(session, held, _Held(f"reminder:{card.id}:{stage.stage}:{plan.send}:{stage.id}", "reminder", card.id,
                                 stage.stage, stage.due_at, {"stage": stage.stage, "due_at": stage.due_at,
                                                             "percent": plan.send}, people), now)
    log.info("sla.reminder", case_id=card.id, stage=stage.stage, stage_id=stage.id, percent=plan.send,
             recipients=[u.login for u in people], skipped=list(plan.skip))
    return True


def _notify(session: Session, held: list[_Held] | None, item: _Held, now: datetime) -> None:
    """Send ``item`` now, or hold it for ``_together``'s digest."""
    if held is not None:
        held.append(item)
    else:
        enqueue(session, key=item.key, kind=item.kind, recipients=item.recipients, now=now, incident_id=item.card_id,
                context=item.context)


def _breach(session: Session, incident_id: int, stage_id: int, now: datetime,
            held: list[_Held] | None = None) -> bool | None:
    locked = _lock(session, incident_id, stage_id)
    if locked is None:
        return None
    card, stage = locked
    if not is_breached(stage.due_at, stage.done_at, now):
        return False
    executor = responsible_for(session, stage, stage.due_at)
    unit_id = stage_unit_id(session, stage)
    row = {"stage_deadline_id": stage.id, "incident_id": card.id, "stage": stage.stage, "unit_id": unit_id,
           "user_id": executor.id if executor else None, "due_at": stage.due_at, "done_at": stage.done_at,
           "recorded_at": now}
    if not insert_once(session, Breach, row, ["stage_deadline_id"]):
        return False  # another worker recorded it
    if stage.breached_at is None:
        stage.breached_at = stage.due_at
    unit = unit_name(session, unit_id)
    record(session, card, at=now, actor="system", action=EventName.DEADLINE_BREACHED,
           after={"stage": stage.stage, "cycle": stage.cycle, "due_at": stage.due_at, "done_at": stage.done_at,
                  "unit_id": unit_id, "executor": executor.login if executor else None},
           note=_breach_note(stage, unit, executor))
    if stage.done_at is None:
        _escalate(session, card, stage, now, unit, executor, held)
    log.warning("sla.deadline_breached", case_id=card.id, stage=stage.stage, stage_id=stage.id,
                due_at=stage.due_at.isoformat(), unit_id=unit_id, executor=executor.login if executor else None,
                late_done=stage.done_at is not None)
    return True


def _breach_note(stage: StageDeadline, unit: str | None, executor: User | None) -> str:
    parts = [f"Нарушен срок этапа «{stage_title(stage.stage)}»"]
    if stage.stage not in CURATOR_STAGES:
        parts.append(f"подразделение: {unit or 'не назначено'}")
        parts.append(f"исполнитель: {executor.name if executor else 'не назначен'}")
    return "; ".join(parts)


def _escalate(session: Session, card: Incident, stage: StageDeadline, now: datetime, unit: str | None,
              executor: User | None, held: list[_Held] | None = None) -> None:
    """Executor and curator stages: the curators; the reply deadline: the head as well."""
    context = {"stage": stage.stage, "due_at": stage.due_at, "unit": unit,
               "executor": executor.name if executor else None}
    _notify(session, held, _Held(f"breach:{card.id}:{stage.stage}:{stage.id}", "breach", card.id, stage.stage,
                                 stage.due_at, context, users_with_role(session, Role.CURATOR)), now)
    if stage.stage == REPLY_STAGE:
        message = session.get(Message, card.first_message_id) if card.first_message_id else None
        _notify(session, held, _Held(f"reply_breach:{card.id}:{stage.id}", "reply_breach", card.id, stage.stage,
                                     stage.due_at, {**context, "excerpt": message.text if message else None},
                                     users_with_role(session, Role.HEAD)), now)
