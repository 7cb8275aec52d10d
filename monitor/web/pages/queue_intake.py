"""The curator opens a card by hand: a form, then the ingest pipeline (monitor/web/intake.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from monitor.web.app import Refused, Viewer, WebDeps, csrf, db, viewer
from monitor.web.intake import HAND_CHANNELS, HandMessage, check, open_by_hand
from monitor.workflow.errors import WorkflowError

router = APIRouter()


def _form(request: Request, who: Viewer, values: HandMessage | None = None, error: str | None = None,
          status: int = 200) -> Response:
    context: dict[str, Any] = {"me": who, "channels": HAND_CHANNELS, "values": values or HandMessage("", "", "phone"),
                               "error": error}
    return request.app.state.templates.TemplateResponse(request, "queue_new.html", context, status_code=status)


def _curator(who: Viewer) -> None:
    if who.role != "curator":
        raise Refused(403, "Открыть карточку вручную может куратор")


@router.get("/queue/new")
def new_card_form(request: Request, who: Viewer = Depends(viewer)) -> Response:
    _curator(who)
    return _form(request, who)


@router.post("/queue/new")
async def new_card(request: Request, who: Viewer = Depends(csrf), session: Session = Depends(db)) -> Response:
    _curator(who)
    deps: WebDeps = request.app.state.deps
    form = await request.form()
    message = HandMessage(text=str(form.get("text") or ""), author=str(form.get("author") or "")[:300],
                          channel=str(form.get("channel") or ""), url=str(form.get("url") or "")[:2000])
    try:
        check(message)
    except WorkflowError as exc:
        return _form(request, who, message, str(exc), status=400)
    if deps.intake is None:
        raise Refused(503, "Приём сообщений недоступен в этом запуске")
    session.commit()  # the pipeline writes in its own transaction (SQLite: one writer at a time)
    try:
        card_id = open_by_hand(deps.intake(), deps.sessions, message, login=who.login, now=deps.now())
    except WorkflowError as exc:
        return _form(request, who, message, str(exc), status=409)
    return RedirectResponse(f"/cards/{card_id}", status_code=303)
