"""Who answers for a stage, who is reminded, and who hears of a breach (database reads only).

Executor stages name their executor (or unit); while that executor is absent the deputy stands
in (p. 7, ``monitor.workflow.staffing``). Curator stages go to the curators. The card-wide reply
deadline concerns the executors of the units the card is routed to, or the curators while it is
routed to nobody.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Assignment, StageDeadline, Unit, User
from db.statuses import Role
from monitor.notify.outbox import users_with_role
from monitor.watch.plan import REPLY_STAGE
from monitor.workflow.staffing import responsible_user, stand_in
from monitor.workflow.stages import CURATOR_STAGES


def active_unit_ids(session: Session, incident_id: int) -> list[int]:
    """Units the card is routed to now (the latest routing round, not returned), in order."""
    cycle = session.scalar(select(func.max(Assignment.cycle)).where(Assignment.incident_id == incident_id))
    if cycle is None:
        return []
    return list(session.scalars(
        select(Assignment.unit_id).where(Assignment.incident_id == incident_id, Assignment.cycle == cycle,
                                         Assignment.active.is_(True)).order_by(Assignment.position)))


def stage_unit_id(session: Session, stage: StageDeadline) -> int | None:
    """The stage's unit; for the reply deadline, the first unit the card is routed to."""
    if stage.unit_id is not None:
        return stage.unit_id
    if stage.stage == REPLY_STAGE:
        units = active_unit_ids(session, stage.incident_id)
        return units[0] if units else None
    return None


def responsible_for(session: Session, stage: StageDeadline, at: datetime) -> User | None:
    """The executor who answers for an executor stage at ``at`` (the deputy while absent)."""
    if stage.stage in CURATOR_STAGES:
        return None
    if stage.user_id is not None:
        user = session.get(User, stage.user_id)
        if user is not None and user.active:
            return stand_in(session, user, at)
    unit_id = stage_unit_id(session, stage)
    return responsible_user(session, unit_id, at) if unit_id is not None else None


def reminded(session: Session, stage: StageDeadline, at: datetime) -> list[User]:
    """Who gets a reminder for ``stage`` at ``at``."""
    if stage.stage in CURATOR_STAGES:
        return users_with_role(session, Role.CURATOR)
    if stage.stage == REPLY_STAGE and stage.unit_id is None and stage.user_id is None:
        people = [u for unit_id in active_unit_ids(session, stage.incident_id)
                  if (u := responsible_user(session, unit_id, at)) is not None]
        return people or users_with_role(session, Role.CURATOR)
    user = responsible_for(session, stage, at)
    return [user] if user is not None else users_with_role(session, Role.CURATOR)


def unit_name(session: Session, unit_id: int | None) -> str | None:
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    return unit.name if unit else None
