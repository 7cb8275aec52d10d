"""``otklik run``: everything in one process (sandbox when needed, pollers, jobs, web port)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from contextlib import ExitStack
from typing import TYPE_CHECKING

from monitor.app.context import AppContext, context_from_args
from monitor.app.sandbox_mode import choose_mode, default_owner_id, missing_credentials
from monitor.cli.database import migrate_on_start
from monitor.core.logs import get_logger
from monitor.workcal import live_warnings

if TYPE_CHECKING:
    from monitor.sandbox.state import Numbering


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("run", help="запустить весь сервис одним процессом (база данных обновляется сама)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--sandbox", dest="sandbox", action="store_true", default=None,
                      help="работать с песочницей (никогда — на базе с данными реальных источников)")
    mode.add_argument("--no-sandbox", dest="sandbox", action="store_false",
                      help="никогда не запускать песочницу")
    p.set_defaults(func=run)


class PortTaken(Exception):
    """A port the service must listen on is in use; the message says which and what to set."""


def _listen(what: str, setting: str, host: str, port: int, make):
    try:
        return make()
    except OSError as exc:
        raise PortTaken(f"cannot listen on {host}:{port} for the {what}: {exc.strerror} "
                        f"(is another otklik running? set {setting})") from None


def _prepare_database(ctx: AppContext, sandbox: bool) -> Numbering | None:
    """The sandbox claims the database (or is refused it) and learns its numbering there; a real
    run is refused a database the sandbox filled."""
    from monitor.app.sandbox_db import prepare

    sources = {s.name: s.platform for s in ctx.settings.sources if s.enabled}
    return prepare(ctx.sessions, ctx.settings.database.url, sandbox, sources)


def _print_demo_sign_in(ctx: AppContext, url: str) -> None:
    """Sandbox only: demo users without a password get one now, shown once on stdout (never logged)."""
    from monitor.web.auth import demo_passwords

    with ctx.sessions() as session, session.begin():
        made = demo_passwords(session, ctx.clock.now())
    print(f"Отклик: {url}/ (песочница)", flush=True)
    if made:
        print("Вход для демонстрации (пароли показаны один раз):", flush=True)
        for login, password in made.items():
            print(f"  {login}: {password}", flush=True)


def run(args: argparse.Namespace) -> int:
    # The scheduler, the pipeline and the connectors are loaded here, not by every command's
    # parser (`otklik report` starts quicker).
    from monitor.app.sandbox_db import DatabaseInUse
    from monitor.app.scheduler import Service, make_pipeline
    from monitor.app.sources import build_connectors, build_pollers
    from monitor.app.startup import validate

    ctx = context_from_args(args)
    settings = ctx.settings
    log = get_logger()
    warnings = validate(settings, lambda: ctx.classifier, ctx.clock, sandbox=args.sandbox)
    migrate_on_start(settings.database.url)
    mode = choose_mode(settings, args.sandbox)
    use_sandbox = mode.sandbox
    try:
        numbering = _prepare_database(ctx, use_sandbox)
    except DatabaseInUse as exc:
        ctx.close()
        hint = missing_credentials(settings) if use_sandbox and args.sandbox is None else []
        print("otklik: " + "; ".join([str(exc), *hint]), file=sys.stderr)  # perhaps real networks were meant
        return 2
    for warning in warnings:
        log.warning("startup.warning", detail=warning)
    with ExitStack() as cleanup:
        cleanup.callback(ctx.close)
        try:
            sandbox_base = None
            if use_sandbox:
                from monitor.sandbox import SandboxServer

                scenario = settings.sandbox.scenario and str(settings.path(settings.sandbox.scenario))
                sandbox = _listen("sandbox", "sandbox.port", settings.sandbox.host, settings.sandbox.port,
                                  lambda: SandboxServer(settings.sandbox.host, settings.sandbox.port, scenario=scenario,
                                                        default_owner_id=default_owner_id(settings),
                                                        numbering=numbering).start())
                cleanup.callback(sandbox.stop)
                sandbox_base = sandbox.base_url
                log.warning("sandbox.enabled", url=sandbox_base, reason=mode.reason,
                            inject=f"{sandbox_base}/_sandbox/posts", replies=f"{sandbox_base}/_sandbox/replies")
            from monitor.web.server import WebServer, web_deps

            warn = live_warnings(ctx.calendar, ctx.clock)
            deps = web_deps(ctx, warn)
            web = _listen("web port", "web.port", settings.web.host, settings.web.port,
                          lambda: WebServer(settings.web.host, settings.web.port, ctx.sessions, warn,
                                            deps=web_deps(ctx, warn, sandbox_base=sandbox_base, labels=True)))
        except PortTaken as exc:
            print(f"otklik: {exc}", file=sys.stderr)
            return 1
        from monitor.app.wiring import periodic_jobs, sync_staff

        sync_staff(ctx)
        if use_sandbox:
            _print_demo_sign_in(ctx, web.url)
        else:
            print(f"Отклик: {web.url}/", flush=True)
        connectors = build_connectors(settings, sandbox_base)
        deps.connectors = connectors  # the card page says which network takes photos
        service = Service(ctx, build_pollers(ctx, make_pipeline(ctx), sandbox_base, connectors=connectors),
                          periodic_jobs(ctx, connectors))
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        service.start()
        cleanup.callback(service.stop)
        web.start()
        cleanup.callback(web.stop)
        stop.wait()
    return 0
