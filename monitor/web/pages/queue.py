"""The queue: the curator's home page, the executor's inbox, the head's overview (read only).

Every filter lives in the URL's query, so a filtered view is a link; the curator's extra pages
(bulk actions, a card opened by hand, excluded and dismissed messages) are routers included here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Unit, User
from db.statuses import Role
from monitor.web.app import Viewer, WebDeps, db, viewer
from monitor.web.bulk import BULK_ACTIONS
from monitor.web.queue import Filters, queue
from monitor.workflow.words import IMPORTANCE_WORDS, LOCATION_WORDS, PLATFORM_WORDS, STATE_WORDS, TOPIC_WORDS

router = APIRouter()
TITLES: dict[str, str] = {Role.CURATOR: "Очередь карточек", Role.EXECUTOR: "Входящие подразделения",
                          Role.HEAD: "Все карточки", Role.ADMIN: "Все карточки"}
FILTER_KEYS = ("state", "network", "topic", "location", "importance", "unit", "from", "to", "overdue", "q")


def one(request: Request, name: str) -> str | None:
    value = (request.query_params.get(name) or "").strip()
    return value[:200] or None


def filters_of(request: Request) -> Filters:
    return Filters(state=one(request, "state"), network=one(request, "network"), topic=one(request, "topic"),
                   location=one(request, "location"), importance=one(request, "importance"),
                   unit=one(request, "unit"), since=one(request, "from"), until=one(request, "to"),
                   overdue=request.query_params.get("overdue") == "1", q=one(request, "q"),
                   after=one(request, "after"))


def kept_query(request: Request) -> dict[str, str]:
    """The view's filters as they came, to build links that keep them."""
    return {k: v for k in FILTER_KEYS if (v := (request.query_params.get(k) or "").strip())}


def unit_choices(session: Session) -> list[tuple[str, str]]:
    return [(u.code, u.name) for u in session.scalars(select(Unit).order_by(Unit.name))]


def queue_context(request: Request, who: Viewer, session: Session) -> dict[str, Any]:
    deps: WebDeps = request.app.state.deps
    user = session.get(User, who.user_id)
    assert user is not None
    filters = filters_of(request)
    rows, cursor = queue(session, user, filters, deps.now(), tz=deps.tz)
    kept = kept_query(request)
    return {"me": who, "rows": rows, "filters": filters, "title": TITLES.get(who.role, "Карточки"),
            "more": f"/queue?{urlencode({**kept, 'after': cursor})}" if cursor else None,
            "poll": f"/queue/rows?{urlencode(kept)}", "back": f"/queue?{urlencode(kept)}" if kept else "/queue",
            "states": STATE_WORDS, "networks": PLATFORM_WORDS, "topics": TOPIC_WORDS, "locations": LOCATION_WORDS,
            "importance": IMPORTANCE_WORDS, "units": unit_choices(session), "bulk": who.role == Role.CURATOR,
            "bulk_actions": BULK_ACTIONS}


@router.get("/")
def home(who: Viewer = Depends(viewer)) -> Response:
    """The head lands on the dashboard; everyone else on the queue."""
    return RedirectResponse("/dashboard" if who.role == Role.HEAD else "/queue", status_code=303)


@router.get("/queue")
def queue_page(request: Request, who: Viewer = Depends(viewer), session: Session = Depends(db)) -> Response:
    return request.app.state.templates.TemplateResponse(request, "queue.html", queue_context(request, who, session))


@router.get("/queue/rows")
def queue_rows(request: Request, who: Viewer = Depends(viewer), session: Session = Depends(db)) -> Response:
    """The first page's rows alone: htmx polls it so new cards appear without a reload."""
    return request.app.state.templates.TemplateResponse(request, "_rows.html", queue_context(request, who, session))


def _include() -> None:
    from monitor.web.pages import queue_bulk, queue_excluded, queue_intake

    for module in (queue_bulk, queue_intake, queue_excluded):
        router.include_router(module.router)


_include()
