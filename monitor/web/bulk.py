"""Bulk actions of the curator's queue: each card through the same WorkflowService call as the
card page, in its own savepoint, so one refusal leaves the other cards done and is reported."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from monitor.workflow.errors import WorkflowError
from monitor.workflow.service import WorkflowService

BULK_ACTIONS = {"route": "Направить", "dismiss": "Отклонить", "exclude": "Исключить (п. 20)"}
MAX_CARDS = 200


@dataclass(frozen=True)
class BulkOutcome:
    card_id: int
    ok: bool
    message: str


def apply(service: WorkflowService, session: Session, card_ids: Sequence[int], *, action: str, actor: str,
          unit: str = "", reason: str = "") -> list[BulkOutcome]:
    """One outcome per card, in the order given; each success is one history event of its card."""
    out: list[BulkOutcome] = []
    for card_id in list(dict.fromkeys(card_ids))[:MAX_CARDS]:
        try:
            with session.begin_nested():
                if action == "route":
                    service.route(session, card_id, [unit], actor=actor, note=reason or None)
                elif action == "dismiss":
                    service.dismiss(session, card_id, actor=actor, reason=reason)
                elif action == "exclude":
                    service.exclude(session, card_id, actor=actor, reason=reason)
                else:
                    raise WorkflowError("Нет такого действия")
        except WorkflowError as exc:
            out.append(BulkOutcome(card_id, False, str(exc)))
        else:
            out.append(BulkOutcome(card_id, True, "выполнено"))
    return out
