"""The queue: the curator's home page, the executor's inbox, the head's overview (read only)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Unit, User
from db.statuses import Role
from monitor.web.app import Viewer, WebDeps, db, viewer
from monitor.web.queue import Filters, queue
from monitor.workflow.words import IMPORTANCE_WORDS, LOCATION_WORDS, STATE_WORDS, TOPIC_WORDS

router = APIRouter()
TITLES: dict[str, str] = {Role.CURATOR: "Очередь карточек", Role.EXECUTOR: "Входящие подразделения",
                          Role.HEAD: "Все карточки", Role.ADMIN: "Все карточки"}


def _filters(request: Request) -> Filters:
    q = request.query_params

    def one(name: str) -> str | None:
        value = (q.get(name) or "").strip()
        return value[:200] or None

    return Filters(state=one("state"), topic=one("topic"), location=one("location"), importance=one("importance"),
                   unit=one("unit"), overdue=q.get("overdue") == "1", q=one("q"), after=one("after"))


def _context(request: Request, who: Viewer, session: Session) -> dict:
    deps: WebDeps = request.app.state.deps
    user = session.get(User, who.user_id)
    assert user is not None
    filters = _filters(request)
    rows, cursor = queue(session, user, filters, deps.now())
    kept = {k: v for k, v in request.query_params.items() if k != "after" and v}
    return {"me": who, "rows": rows, "filters": filters, "title": TITLES.get(who.role, "Карточки"),
            "more": f"/queue?{urlencode({**kept, 'after': cursor})}" if cursor else None,
            "poll": f"/queue/rows?{urlencode(kept)}",
            "states": STATE_WORDS, "topics": TOPIC_WORDS, "locations": LOCATION_WORDS, "importance": IMPORTANCE_WORDS,
            "units": [(u.code, u.name) for u in session.scalars(select(Unit).order_by(Unit.name))]}


@router.get("/")
def home(who: Viewer = Depends(viewer)) -> Response:
    """The head lands on the dashboard; everyone else on the queue."""
    return RedirectResponse("/dashboard" if who.role == "head" else "/queue", status_code=303)


@router.get("/queue")
def queue_page(request: Request, who: Viewer = Depends(viewer), session: Session = Depends(db)) -> Response:
    return request.app.state.templates.TemplateResponse(request, "queue.html", _context(request, who, session))


@router.get("/queue/rows")
def queue_rows(request: Request, who: Viewer = Depends(viewer), session: Session = Depends(db)) -> Response:
    """The first page's rows alone: htmx polls it so new cards appear without a reload."""
    return request.app.state.templates.TemplateResponse(request, "_rows.html", _context(request, who, session))
