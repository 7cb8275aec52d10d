"""``otklik run``: everything in one process (sandbox when needed, pollers, jobs)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from monitor.context import context_from_args
from monitor.logs import get_logger
from monitor.sandbox_mode import default_owner_id, has_credentials
from monitor.service import Service, make_pipeline
from monitor.sources import build_pollers


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("run", help="run the whole service in one process")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--sandbox", dest="sandbox", action="store_true", default=None,
                      help="use the sandbox network even when credentials are configured")
    mode.add_argument("--no-sandbox", dest="sandbox", action="store_false",
                      help="never start the sandbox")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ctx = context_from_args(args)
    log = get_logger()
    settings = ctx.settings
    use_sandbox = args.sandbox if args.sandbox is not None else not has_credentials(settings)
    sandbox = None
    sandbox_base = None
    if use_sandbox:
        from monitor.sandbox import SandboxServer

        sandbox = SandboxServer(settings.sandbox.host, settings.sandbox.port,
                                scenario=settings.sandbox.scenario and str(settings.path(settings.sandbox.scenario)),
                                default_owner_id=default_owner_id(settings))
        try:
            sandbox.start()
        except OSError as exc:
            print(f"otklik: cannot start the sandbox on {settings.sandbox.host}:{settings.sandbox.port}: "
                  f"{exc.strerror} (is another otklik running? set sandbox.port)", file=sys.stderr)
            return 1
        sandbox_base = sandbox.base_url
        log.warning("sandbox.enabled", url=sandbox_base,
                    reason="no platform credentials configured" if args.sandbox is None else "--sandbox",
                    inject=f"{sandbox_base}/_sandbox/posts", replies=f"{sandbox_base}/_sandbox/replies")
    from monitor.sources import build_connectors
    from monitor.wiring import periodic_jobs, sync_staff

    sync_staff(ctx)
    connectors = build_connectors(settings, sandbox_base)
    pollers = build_pollers(ctx, make_pipeline(ctx), sandbox_base, connectors=connectors)
    service = Service(ctx, pollers, periodic_jobs(ctx, connectors))
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    service.start()
    try:
        stop.wait()
    finally:
        service.stop()
        if sandbox:
            sandbox.stop()
        ctx.close()
    return 0
