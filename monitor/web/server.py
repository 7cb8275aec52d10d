"""The web desk served by uvicorn on a thread of ``otklik run`` (or of ``otklik web``).

The socket is bound in the constructor, so a busy port fails at once (``OSError``) where
``otklik run`` reports it, and port 0 picks a free one (tests).
"""

from __future__ import annotations

import socket
import threading
import time
from functools import cache

from sqlalchemy.orm import Session, sessionmaker

from monitor.app.context import AppContext
from monitor.core.gc_pause import freeze_survivors
from monitor.core.logs import get_logger
from monitor.web.app import WebDeps, create_app
from monitor.web.health import Warnings, no_warnings


def web_deps(ctx: AppContext, warnings: Warnings = no_warnings, sessions: sessionmaker[Session] | None = None,
             *, sandbox_base: str | None = None, labels: bool = False) -> WebDeps:
    """What the desk needs from the running service: its database, clock, settings and workflow;
    with ``labels`` (this process polls and labels: ``otklik run``) the admin's rules reload."""
    from monitor.app.scheduler import make_pipeline
    from monitor.app.wiring import workflow_service
    from monitor.notify.config import card_base_url

    return WebDeps(sessions=sessions or ctx.sessions, settings=ctx.settings, clock=ctx.clock,
                   service=cache(lambda: workflow_service(ctx)), warnings=warnings,
                   base_url=card_base_url(ctx.settings), intake=cache(lambda: make_pipeline(ctx)),
                   sandbox_base=sandbox_base, reload_rules=ctx.reload_classifier if labels else None)


def default_deps(sessions: sessionmaker[Session], warnings: Warnings) -> WebDeps:
    """Deps from the embedded default settings (health checks in tests need nothing more)."""
    from monitor.core.settings import Settings

    return web_deps(AppContext(Settings()), warnings, sessions)


def freeze_startup_objects() -> None:
    """Keep what start-up built (settings, the classifier's rules, the app and its templates, some
    200,000 objects) out of the garbage collector's full passes: each re-walked them all, a pause
    of ~80 ms of CPU every few dozen pages that set the queue's p95 (bench/web.py)."""
    freeze_survivors()


class WebServer:
    """``warnings`` is asked on every request, so a warning that starts while running shows."""

    def __init__(self, host: str, port: int, sessions: sessionmaker[Session], warnings: Warnings = no_warnings,
                 deps: WebDeps | None = None) -> None:
        import uvicorn

        self._deps = deps or default_deps(sessions, warnings)
        self._sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self._sock.bind((host, port))
        except OSError:
            self._sock.close()
            raise
        self._sock.listen(128)
        config = uvicorn.Config(create_app(self._deps), log_config=None, access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name="otklik-web", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def start(self) -> WebServer:
        freeze_startup_objects()
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        get_logger().info("web.started", url=self.url, health=f"{self.url}/health")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self._sock.close()
