"""The administrator's system pages (issue 12 item 9): units and competence, sources, rules,
the working calendar.

Units, their competence and the calendar's local days off come from settings.yaml (units are
rewritten from it at every start), so those pages show them and say where to change them.
Sources are switched off and on here (persisted, the poller skips a disabled one), checked
with one call through the connector, and polled now on request (persisted, the service runs it
within seconds). Rules are validated and reloaded into the running service
(AppContext.reload_classifier): a broken file is reported and the rules in use stay.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry, Source, Unit
from monitor.app.source_check import check_connection
from monitor.core.settings import SettingsError
from monitor.ingest.labeling import load_classifier
from monitor.ingest.source_switch import request_poll, switch_source
from monitor.web import auth
from monitor.web.app import Refused, Viewer, WebDeps, address, db
from monitor.web.pages.admin import admin_form, admin_only, render
from monitor.workcal import WorkCalendar
from monitor.workcal.organization import working_calendar

router = APIRouter()
RULE_SUFFIXES = (".yaml", ".yml", ".md", ".json")


@router.get("/admin/units")
def units_page(request: Request, who: Viewer = Depends(admin_only), session: Session = Depends(db)) -> Response:
    units = list(session.scalars(select(Unit).order_by(Unit.id)))
    return render(request, session, "admin_units.html", {"me": who, "units": units, "error": None, "done": []})


def _sources_page(request: Request, session: Session, who: Viewer, *, done: list[str] | None = None,
                  error: str | None = None, checked: dict[str, tuple[bool, str]] | None = None,
                  commit: bool = False) -> Response:
    deps: WebDeps = request.app.state.deps
    rows = {r.name: r for r in session.scalars(select(Source))}
    return render(request, session, "admin_sources.html", {
        "me": who, "sources": deps.settings.sources, "rows": rows, "done": done or [], "error": error,
        "checked": checked or {}, "sandbox": deps.sandbox_base}, commit=commit)


@router.get("/admin/sources")
def sources_page(request: Request, who: Viewer = Depends(admin_only), session: Session = Depends(db)) -> Response:
    return _sources_page(request, session, who)


@router.post("/admin/sources/{name}/{op}")
def source_action(request: Request, name: str, op: str, who: Viewer = Depends(admin_form),
                  session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    source = next((s for s in deps.settings.sources if s.name == name), None)
    if source is None:
        raise Refused(404, f"Источник «{name}» не найден")
    if op not in ("enable", "disable", "check", "poll"):
        raise Refused(404, "Нет такого действия")
    if not source.enabled:
        return _sources_page(request, session, who, error=f"Источник «{name}» выключен в settings.yaml "
                             "(enabled: false): включите его там и перезапустите сервис")
    row = session.scalars(select(Source).where(Source.name == name)).one_or_none()
    if op == "check":
        result = check_connection(source, row.cursor if row else None, deps.sandbox_base)
        auth.audit(session, deps.now(), "source.checked", who.login, address(request), source=name, ok=result.ok)
        return _sources_page(request, session, who, checked={name: (result.ok, result.message)}, commit=True)
    if op == "poll":
        if source.streams():
            return _sources_page(request, session, who, error=f"Источник «{name}» получает события сразу, "
                                 "как только они происходят: опрашивать его вручную не нужно")
        if row is not None and row.halted:
            return _sources_page(request, session, who, error=f"Источник «{name}» не опрашивается: "
                                 "сначала включите его")
        request_poll(session, name, source.platform, deps.now())
        auth.audit(session, deps.now(), "source.poll_requested", who.login, address(request), source=name)
        return _sources_page(request, session, who, commit=True, done=[
            f"Опрос источника {name} запрошен: он начнётся в течение нескольких секунд, если сервис запущен"])
    switch_source(session, name, source.platform, enabled=op == "enable")
    auth.audit(session, deps.now(), f"source.{op}d", who.login, address(request), source=name)
    word = "включён: опрос продолжится" if op == "enable" else "отключён: опрос остановлен"
    return _sources_page(request, session, who, done=[f"Источник {name} {word}"], commit=True)


def _rule_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in RULE_SUFFIXES)


def _rules_page(request: Request, session: Session, who: Viewer, *, shown: str | None = None,
                done: list[str] | None = None, error: str | None = None, status: int = 200,
                commit: bool = False) -> Response:
    deps: WebDeps = request.app.state.deps
    folder = deps.settings.path(deps.settings.rules_dir)
    files = _rule_files(folder)
    text = None
    if shown is not None:
        found = next((p for p in files if p.name == shown), None)  # only a listed file: no path tricks
        if found is None:
            raise Refused(404, f"Файл правил «{shown}» не найден")
        text = found.read_text(encoding="utf-8", errors="replace")
    last = session.scalars(select(AuditEntry).where(AuditEntry.action == "rules.reloaded")
                           .order_by(AuditEntry.id.desc())).first()
    return render(request, session, "admin_rules.html", {
        "me": who, "folder": folder, "files": files, "shown": shown, "text": text, "done": done or [],
        "error": error, "live": deps.reload_rules is not None, "last": last}, status, commit)


@router.get("/admin/rules")
def rules_page(request: Request, file: str | None = None, who: Viewer = Depends(admin_only),
               session: Session = Depends(db)) -> Response:
    return _rules_page(request, session, who, shown=file)


@router.post("/admin/rules/{op}")
def rules_action(request: Request, op: str, who: Viewer = Depends(admin_form),
                 session: Session = Depends(db)) -> Response:
    """``validate`` compiles the folder as a start would; ``reload`` also swaps it into the
    running service, only after it compiled."""
    deps: WebDeps = request.app.state.deps
    if op not in ("validate", "reload"):
        raise Refused(404, "Нет такого действия")
    if op == "reload" and deps.reload_rules is None:
        return _rules_page(request, session, who, status=409, error=(
            "Этот процесс не разбирает сообщения (запущен только веб-интерфейс): правила применятся "
            "при перезапуске otklik run или otklik worker"))
    try:
        if op == "validate":
            load_classifier(deps.settings)
        else:
            deps.reload_rules()  # type: ignore[misc]
    except SettingsError as exc:
        auth.audit(session, deps.now(), f"rules.{op}_failed", who.login, address(request), error=str(exc)[:500])
        prefix = "Правила не перезагружены, действуют прежние" if op == "reload" else "В правилах ошибка"
        return _rules_page(request, session, who, status=400, commit=True,
                           error=f"{prefix}: {str(exc).removeprefix('rules_dir: ')}")
    if op == "validate":
        return _rules_page(request, session, who, done=["Правила проверены: ошибок нет"])
    auth.audit(session, deps.now(), "rules.reloaded", who.login, address(request))
    return _rules_page(request, session, who, done=["Правила перезагружены: новые сообщения размечаются по ним"],
                       commit=True)


@router.get("/admin/calendar")
def calendar_page(request: Request, who: Viewer = Depends(admin_only), session: Session = Depends(db)) -> Response:
    deps: WebDeps = request.app.state.deps
    calendar = deps.service().calendar  # the running service's: years loaded since start need a restart
    if not isinstance(calendar, WorkCalendar):
        calendar = working_calendar(deps.settings)
    production = calendar.production
    years = [production.year(y) for y in production.official_years()]
    org = deps.settings.organization
    return render(request, session, "admin_calendar.html", {
        "me": who, "years": years, "days_off": sorted(str(d) for d in org.extra_days_off),
        "workdays": sorted(str(d) for d in org.extra_workdays), "error": None, "done": []})
