"""The monthly report (pp. 23-24) and the KPIs (p. 22) as pages for the head and the curator.

The figures come from the same code as the documents (monitor.reports); the page shows them as
HTML tables and links to the month's DOCX and XLSX, made on request. Read only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from monitor.reports import tables
from monitor.reports.files import CONTENT_TYPES, monthly_files
from monitor.reports.monthly import kpi_report, monthly_report
from monitor.reports.period import Period, month, parse_month, parse_period
from monitor.reports.stats import minutes_text, percent
from monitor.web.app import Refused, Viewer, WebDeps, db, viewer
from monitor.web.pages.head import require_reader
from monitor.web.reporthtml import html_table

router = APIRouter()
DOWNLOADS = ("docx", "xlsx")
MONTHS_LISTED = 13


def _month(deps: WebDeps, text: str | None) -> Period:
    if not text:
        today = deps.now().astimezone(deps.tz).date()
        return month(today.year, today.month, deps.tz)
    try:
        return parse_month(text, deps.tz)
    except ValueError as exc:
        raise Refused(400, str(exc)) from None


def _month_choices(deps: WebDeps) -> list[tuple[str, str]]:
    today = deps.now().astimezone(deps.tz).date()
    y, m, out = today.year, today.month, []
    for _ in range(MONTHS_LISTED):
        p = month(y, m, deps.tz)
        out.append((p.code(), p.title()))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


@router.get("/reports")
def reports_home() -> Response:
    """The reports' address as a person would type it leads to the monthly report."""
    return RedirectResponse("/reports/monthly", status_code=303)


@router.get("/reports/monthly")
def monthly_page(request: Request, month: str | None = None, who: Viewer = Depends(viewer),
                 session: Session = Depends(db)) -> Response:
    require_reader(who)
    deps: WebDeps = request.app.state.deps
    period = _month(deps, month)
    report = monthly_report(session, deps.settings, deps.service().calendar, period, deps.now(), with_cards=False)
    shown = [*tables.timeliness_tables(report.timeliness), *tables.quality_tables(report.quality),
             *tables.dynamics_tables(report), tables.top_table(report), *tables.kpi_tables(report.kpi)]
    total = report.timeliness.total
    summary = [("Сообщений", str(report.dynamics.totals("messages")[0])),
               ("Карточек", str(report.dynamics.totals("cards")[0])),
               ("Этапов в срок", f"{total.on_time} из {total.count} ({percent(total.share_on_time)})"),
               ("Медиана рабочего времени до ответа", minutes_text(report.kpi.median_reply)),
               ("Решено положительно",
                f"{report.note.resolved} из {report.note.cards} ({percent(report.note.resolved_share)})")]
    choices = _month_choices(deps)
    if period.code() not in dict(choices):
        choices.insert(0, (period.code(), period.title()))
    return request.app.state.templates.TemplateResponse(request, "report_monthly.html", {
        "me": who, "period": period, "code": period.code(), "choices": choices, "empty": report.empty,
        "summary": summary, "tables": [html_table(t, deps.tz) for t in shown], "formats": DOWNLOADS})


@router.get("/reports/monthly/{code}/{fmt}")
def monthly_file(request: Request, code: str, fmt: str, who: Viewer = Depends(viewer),
                 session: Session = Depends(db)) -> Response:
    """The month's DOCX or XLSX, made now from the database, as the scheduled job would make it."""
    require_reader(who)
    if fmt not in DOWNLOADS:
        raise Refused(404, "Такого формата нет: docx или xlsx")
    deps: WebDeps = request.app.state.deps
    period = _month(deps, code)
    report = monthly_report(session, deps.settings, deps.service().calendar, period, deps.now(),
                            with_cards=fmt == "xlsx")
    name, content = next(iter(monthly_files(report, (fmt,)).items()))
    return Response(content, media_type=CONTENT_TYPES[f".{fmt}"],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _span(deps: WebDeps, first: str | None, last: str | None) -> Period:
    today = deps.now().astimezone(deps.tz).date()
    if not first and not last:
        return Period(today.replace(day=1), today, deps.tz)
    try:
        return parse_period(first or (last or ""), last or today.isoformat(), deps.tz)
    except ValueError as exc:
        raise Refused(400, str(exc)) from None


@router.get("/reports/kpi")
def kpi_page(request: Request, who: Viewer = Depends(viewer), session: Session = Depends(db)) -> Response:
    require_reader(who)
    deps: WebDeps = request.app.state.deps
    q = request.query_params
    period = _span(deps, q.get("from"), q.get("to"))
    if period.last - period.first > timedelta(days=366):
        raise Refused(400, "Период не длиннее года")
    report = kpi_report(session, deps.settings, deps.service().calendar, period, deps.now())
    shown: list[Any] = [*tables.kpi_tables(report.kpi), tables.timeliness_tables(report.timeliness)[0]]
    return request.app.state.templates.TemplateResponse(request, "report_kpi.html", {
        "me": who, "period": period, "first": period.first.isoformat(), "last": period.last.isoformat(),
        "median": minutes_text(report.kpi.median_reply), "tables": [html_table(t, deps.tz) for t in shown],
        "today": date.isoformat(deps.now().astimezone(deps.tz).date())})
