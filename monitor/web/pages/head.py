"""The head's dashboard (issue 12 item 8) and the acknowledgement of a p. 25 report.

The head and the curator read it; only the head acknowledges a case («Ознакомлен»), which
``monitor.activity.cases.acknowledge`` records on the case and in each of its cards' histories.
Everyone else gets 403: the page exists, it is just not theirs.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from monitor.activity.cases import acknowledge
from monitor.core.logs import get_logger
from monitor.web.app import Refused, Viewer, WebDeps, csrf, db, viewer
from monitor.web.dashboard import dashboard
from monitor.web.svgchart import days_chart
from monitor.workflow.errors import AccessError, InputError, NotFoundError

router = APIRouter()
READERS = ("head", "curator")


def require_reader(who: Viewer) -> None:
    """The head's pages are the head's and the curator's (the curator prepares the reports)."""
    if who.role not in READERS:
        raise Refused(403, "Эта страница доступна главе и куратору")


@router.get("/dashboard")
def dashboard_page(request: Request, who: Viewer = Depends(viewer), session: Session = Depends(db)) -> Response:
    require_reader(who)
    deps: WebDeps = request.app.state.deps
    board = dashboard(session, deps.now(), deps.tz)
    chart = Markup(days_chart(board.days, "Карточки и ответы за 30 дней", "Поступило карточек", "Дано ответов"))
    return request.app.state.templates.TemplateResponse(request, "dashboard.html", {
        "me": who, "board": board, "chart": chart, "spans": (board.today, board.month)})


@router.post("/dashboard/cases/{case_id}/acknowledge")
def acknowledge_case(request: Request, case_id: int, who: Viewer = Depends(csrf),
                     session: Session = Depends(db)) -> Response:
    """«Ознакомлен»: the head has taken the report of a case; recorded once."""
    if who.role != "head":
        raise Refused(403, "Подтвердить ознакомление может только глава")
    deps: WebDeps = request.app.state.deps
    try:
        acknowledge(session, case_id, actor=who.login, now=deps.now())
    except NotFoundError as exc:
        raise Refused(404, str(exc)) from None
    except AccessError as exc:
        raise Refused(403, str(exc)) from None
    except InputError as exc:
        raise Refused(409, str(exc)) from None
    session.commit()  # before the redirect: the dashboard must show it acknowledged
    get_logger().info("web.case_acknowledged", case=case_id, login=who.login)
    return RedirectResponse("/dashboard", status_code=303)
