"""``otklik web``: the web desk alone (no polling, no jobs), e.g. a second front next to a worker."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from monitor.app.context import context_from_args
from monitor.cli.database import migrate_on_start
from monitor.workcal import live_warnings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("web", help="запустить только веб-интерфейс (адрес — web.host:web.port)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.web.server import WebServer, web_deps

    ctx = context_from_args(args)
    settings = ctx.settings
    migrate_on_start(settings.database.url)
    warn = live_warnings(ctx.calendar, ctx.clock)
    try:
        web = WebServer(settings.web.host, settings.web.port, ctx.sessions, warn, deps=web_deps(ctx, warn))
    except OSError as exc:
        print(f"otklik: адрес {settings.web.host}:{settings.web.port} занят ({exc.strerror}); "
              f"укажите другой в web.port", file=sys.stderr)
        ctx.close()
        return 1
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    web.start()
    print(f"Отклик: {web.url}/", flush=True)
    try:
        stop.wait()
    finally:
        web.stop()
        ctx.close()
    return 0
