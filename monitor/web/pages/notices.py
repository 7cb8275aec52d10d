"""The in-app inbox: what email and Telegram would carry, with the unread count (monitor.notify.inbox)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from db.models import User
from monitor.notify.inbox import inbox, mark_read
from monitor.web.app import Viewer, WebDeps, csrf, db, viewer

router = APIRouter()


@router.get("/notifications")
def notifications(request: Request, who: Viewer = Depends(viewer), session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    user = session.get(User, who.user_id)
    assert user is not None
    items = inbox(session, user, base_url=deps.base_url, tz=deps.tz, limit=200)
    return request.app.state.templates.TemplateResponse(
        request, "notifications.html", {"me": who, "items": items, "unread": sum(i.read_at is None for i in items)})


@router.post("/notifications/read")
def read_all(request: Request, who: Viewer = Depends(csrf), session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    user = session.get(User, who.user_id)
    assert user is not None
    ids = [i.id for i in inbox(session, user, base_url=deps.base_url, tz=deps.tz, unread_only=True)]
    mark_read(session, user, ids, deps.now())
    session.commit()
    return RedirectResponse("/notifications", status_code=303)
