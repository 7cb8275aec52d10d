"""The web desk's FastAPI application: built by ``create_app(deps)``, served by uvicorn.

Pages are rendered on the server (Jinja2, autoescaped); htmx (vendored under static/) swaps
parts of them. Every page but /health, /login and /static needs a live session (auth.py), every
POST a CSRF token (form field ``csrf`` or header ``X-CSRF-Token``, which the layout's
``hx-headers`` adds to every htmx request). Security headers go on every answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from connectors.base import Connector
from db.models import Notification
from monitor.core.clock import Clock
from monitor.core.settings import Settings
from monitor.notify.outbox import INBOX
from monitor.web import auth
from monitor.web.health import Warnings, health, no_warnings
from monitor.web.present import register_filters
from monitor.workflow.service import WorkflowService

HERE = Path(__file__).parent
COOKIE = "otklik_session"
PRE_COOKIE = "otklik_pre"  # the sign-in form's double-submit CSRF token (no session yet)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


@dataclass
class WebDeps:
    sessions: sessionmaker[Session]
    settings: Settings
    clock: Clock
    service: Callable[[], WorkflowService]
    warnings: Warnings = no_warnings
    base_url: str = ""
    # the running service's connectors by source name (what each network takes: photos, replies)
    connectors: Mapping[str, Connector] = field(default_factory=dict)
    uploads: Path | None = None  # where attached photos are kept; None: settings' web.uploads_dir

    @property
    def uploads_dir(self) -> Path:
        return self.uploads or self.settings.path(self.settings.web.uploads_dir)
    intake: Callable[[], Any] | None = None  # the ingest pipeline, for cards opened by hand (pages/intake.py)
    # The running service's rules reload (AppContext.reload_classifier); None where this process
    # labels nothing (``otklik web`` alone, tests): the rules page then validates only.
    reload_rules: Callable[[], object] | None = None
    sandbox_base: str | None = None  # where the sources point in sandbox mode («Проверить подключение»)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.organization.timezone)

    def now(self) -> datetime:
        return self.clock.now()


@dataclass(frozen=True)
class Viewer:
    user_id: int
    login: str
    name: str
    role: str
    csrf: str
    session_id: int
    unread: int = 0


class NeedSignIn(Exception):
    pass


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def address(request: Request) -> str:
    return request.client.host if request.client else "-"


def db(request: Request) -> Iterator[Session]:
    """One transaction per request, rolled back on error. FastAPI may run this exit after the
    answer is sent, so a handler whose answer leads to another request commits itself first."""
    deps: WebDeps = request.app.state.deps
    with deps.sessions() as session, session.begin():
        yield session


def viewer(request: Request, session: Session = Depends(db)) -> Viewer:
    deps: WebDeps = request.app.state.deps
    found = auth.current(session, request.cookies.get(COOKIE), deps.now(), deps.settings.web)
    if found is None:
        session.commit()  # an expired session is marked revoked
        raise NeedSignIn()
    row, user = found
    unread = session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.channel == INBOX, Notification.read_at.is_(None)))
    return Viewer(user.id, user.login, user.name, user.role, row.csrf, row.id, int(unread or 0))


async def csrf(request: Request, who: Viewer = Depends(viewer)) -> Viewer:
    """State-changing requests carry the session's CSRF token, or are refused (403)."""
    sent = request.headers.get("x-csrf-token")
    if not sent and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get("csrf")  # type: ignore[assignment]
    if not sent or not auth.hmac.compare_digest(who.csrf, str(sent)):
        raise Refused(403, "Запрос отклонён: устаревшая форма. Обновите страницу и повторите.")
    return who


def create_app(deps: WebDeps) -> FastAPI:
    app = FastAPI(title="Отклик", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.deps = deps
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescapes .html
    register_filters(templates.env, deps)
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Content-Type-Options"] = "nosniff"
        if not request.url.path.startswith("/static"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(NeedSignIn)
    async def _sign_in(request: Request, exc: NeedSignIn) -> Response:
        if request.method == "GET" and "hx-request" not in request.headers:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        response = Response("Требуется вход", status_code=401)
        response.headers["HX-Redirect"] = "/login"
        return response

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        return templates.TemplateResponse(request, "error.html", {"message": str(exc), "me": None},
                                          status_code=exc.status)

    @app.get("/health", include_in_schema=False)
    def _health() -> JSONResponse:
        try:
            return JSONResponse(health(deps.sessions, deps.warnings))
        except Exception as exc:
            return JSONResponse({"ok": False, "error": type(exc).__name__}, status_code=503)

    from monitor.web import api, metrics
    from monitor.web.pages import (
        admin_system,
        admin_users,
        card_files,
        cards,
        head,
        notices,
        queue,
        reply_templates,
        reports,
        signin,
        tokens,
    )

    # card_files and reply_templates before cards' /{action}
    for module in (signin, queue, card_files, reply_templates, cards, notices, tokens, head, reports, admin_users,
                   admin_system):
        app.include_router(module.router)
    api.install(app)  # /api/v1, /api/openapi.json, /api/docs (monitor/web/api)
    metrics.install(app, deps)  # /metrics and the HTTP latency histogram
    return app
