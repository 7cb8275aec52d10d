"""Excluded and dismissed messages with their reason, and «Восстановить» for a wrong one."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from monitor.web.app import Refused, Viewer, WebDeps, csrf, db, viewer
from monitor.web.excluded import kept, restore
from monitor.workflow.errors import WorkflowError

router = APIRouter()
EXCLUDED_READERS = ("curator", "head", "admin")


def _page(request: Request, who: Viewer, session: Session, error: str | None = None, status: int = 200
          ) -> Response:
    deps: WebDeps = request.app.state.deps
    q = request.query_params
    since, until = (q.get("from") or "").strip() or None, (q.get("to") or "").strip() or None
    rows, cursor = kept(session, deps.tz, since, until, (q.get("before") or "").strip() or None)
    period = {k: v for k, v in (("from", since), ("to", until)) if v}
    return request.app.state.templates.TemplateResponse(request, "queue_excluded.html", {
        "me": who, "rows": rows, "since": since or "", "until": until or "", "error": error,
        "more": f"/queue/excluded?{urlencode({**period, 'before': cursor})}" if cursor else None},
        status_code=status)


@router.get("/queue/excluded")
def excluded_page(request: Request, who: Viewer = Depends(viewer), session: Session = Depends(db)) -> Response:
    if who.role not in EXCLUDED_READERS:
        raise Refused(403, "Исключённые сообщения видит куратор")
    return _page(request, who, session)


@router.post("/queue/excluded/{message_id}/restore")
async def restore_message(request: Request, message_id: int, who: Viewer = Depends(csrf),
                          session: Session = Depends(db)) -> Response:
    if who.role != "curator":
        raise Refused(403, "Восстановить сообщение может куратор")
    reason = str((await request.form()).get("reason") or "").strip()
    if not reason:
        raise Refused(400, "Укажите, почему сообщение нужно восстановить")
    deps: WebDeps = request.app.state.deps
    try:
        with session.begin_nested():
            card_id = restore(deps.service(), session, message_id, actor=who.login, reason=reason)
    except WorkflowError as exc:
        return _page(request, who, session, str(exc), status=409)
    session.commit()
    return RedirectResponse(f"/cards/{card_id}", status_code=303)
