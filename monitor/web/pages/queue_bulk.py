"""Bulk actions of the curator's queue (route several cards to one unit, dismiss or exclude them
with a reason): each card through the workflow service (monitor/web/bulk.py), the outcome of
each shown in Russian."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from monitor.web.app import Refused, Viewer, WebDeps, csrf, db
from monitor.web.bulk import BULK_ACTIONS, apply

router = APIRouter()


def _back(value: str) -> str:
    return value if value.startswith("/queue") and "//" not in value else "/queue"


@router.post("/queue/bulk")
async def bulk(request: Request, who: Viewer = Depends(csrf), session: Session = Depends(db)) -> Response:
    if who.role != "curator":
        raise Refused(403, "Массовые действия доступны куратору")
    deps: WebDeps = request.app.state.deps
    form = await request.form()
    ids = [int(str(v)) for v in form.getlist("card") if str(v).isdigit()]
    action = str(form.get("action") or "")
    unit, reason = str(form.get("unit") or "").strip(), str(form.get("reason") or "").strip()
    if not ids:
        raise Refused(400, "Отметьте карточки в очереди")
    if action not in BULK_ACTIONS:
        raise Refused(400, "Выберите действие")
    if action == "route" and not unit:
        raise Refused(400, "Выберите подразделение, куда направить карточки")
    if action != "route" and not reason:
        raise Refused(400, "Укажите причину")
    outcomes = apply(deps.service(), session, ids, action=action, actor=who.login, unit=unit, reason=reason)
    session.commit()  # the queue the curator goes back to must show the change
    done = sum(o.ok for o in outcomes)
    return request.app.state.templates.TemplateResponse(request, "queue_bulk.html", {
        "me": who, "outcomes": outcomes, "action": BULK_ACTIONS[action], "done": done,
        "failed": len(outcomes) - done, "back": _back(str(form.get("back") or ""))})
