"""Rows of stage_deadlines: start a stage, finish it, move its due instant.

Stages: route, reply, draft, review, rework, publish, contribution, final (and return, written
only when a unit returns a card). A stage restarted for the same card and unit gets the next
``cycle``; the service holds the card's row lock, so cycles never collide.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import StageDeadline

STAGES = ("route", "reply", "draft", "review", "rework", "publish", "contribution", "final", "return")
# The curator's own stages (pp. 8, 12): the SLA watch reminds and the reports count the curator for them.
CURATOR_STAGES = frozenset({"route", "review"})
STAGE_LABELS = {
    "route": "направление исполнителю (п. 8)",
    "reply": "размещение ответа (п. 10)",
    "draft": "проект ответа куратору (п. 11)",
    "review": "согласование куратором (п. 12)",
    "rework": "доработка (п. 13)",
    "publish": "размещение согласованного ответа (п. 14)",
    "contribution": "информация для общего ответа (п. 17)",
    "final": "окончательный ответ после промежуточного (п. 15)",
    "return": "возврат как не относящегося к компетенции (п. 9)",
}

_ANY = object()


def start_stage(session: Session, incident_id: int, stage: str, *, started_at: datetime, due_at: datetime,
                working: bool, unit_id: int | None = None, user_id: int | None = None,
                done_at: datetime | None = None) -> StageDeadline:
    """A new row for ``stage``: the next cycle for this card, stage and unit."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    unit_cond = StageDeadline.unit_id.is_(None) if unit_id is None else StageDeadline.unit_id == unit_id
    last = session.scalar(select(func.max(StageDeadline.cycle)).where(
        StageDeadline.incident_id == incident_id, StageDeadline.stage == stage, unit_cond))
    row = StageDeadline(incident_id=incident_id, stage=stage, unit_id=unit_id, user_id=user_id,
                        cycle=(last or 0) + 1, working=working, started_at=started_at, due_at=due_at,
                        done_at=done_at)
    session.add(row)
    session.flush()
    return row


def open_stages(session: Session, incident_id: int, stages: Iterable[str] | None = None,
                unit_id: object = _ANY) -> list[StageDeadline]:
    """Stages of the card not yet done, optionally of some kinds and one unit."""
    stmt = select(StageDeadline).where(StageDeadline.incident_id == incident_id, StageDeadline.done_at.is_(None))
    if stages is not None:
        stmt = stmt.where(StageDeadline.stage.in_(list(stages)))
    if unit_id is not _ANY:
        stmt = stmt.where(StageDeadline.unit_id.is_(None) if unit_id is None else StageDeadline.unit_id == unit_id)
    return list(session.scalars(stmt.order_by(StageDeadline.id)))


def finish(session: Session, incident_id: int, at: datetime, stages: Iterable[str] | None = None,
           unit_id: object = _ANY) -> list[StageDeadline]:
    """Mark open stages done at ``at``; returns them."""
    rows = open_stages(session, incident_id, stages, unit_id)
    for row in rows:
        row.done_at = at
    session.flush()
    return rows


def all_stages(session: Session, incident_id: int) -> list[StageDeadline]:
    return list(session.scalars(select(StageDeadline).where(StageDeadline.incident_id == incident_id)
                                .order_by(StageDeadline.started_at, StageDeadline.id)))
