"""The service's HTTP port: health for now (the web UI with sign-in comes later).

``GET /health`` answers 200 with the sources' polling status, the cards per state and the
warnings an administrator must act on (a coming year with no production calendar), or 503 when
the database cannot be read, so a supervisor or a load balancer can tell the service is alive.
Warnings do not make the service unhealthy. Each source says whether it is polled from the
sandbox (``"sandbox": true``: invented posts, not citizens). Nothing here shows citizens'
messages: that needs the signed-in, role-aware web UI.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Incident, Source
from monitor.core.logs import get_logger

Warnings = Callable[[], list[str]]


def _none() -> list[str]:
    return []


def health(factory: sessionmaker[Session], warnings: Warnings = _none) -> dict[str, Any]:
    with factory() as session:
        sources = [
            {"name": s.name, "platform": s.platform, "status": s.status,
             "last_polled_at": s.last_polled_at.isoformat() if s.last_polled_at else None,
             "last_error": s.last_error, "sandbox": s.sandbox}
            for s in session.scalars(select(Source).order_by(Source.name))
        ]
        states = dict(session.execute(select(Incident.state, func.count()).group_by(Incident.state)).all())
    return {"ok": all(s["status"] != "stopped" for s in sources), "sources": sources, "cards": states,
            "warnings": warnings()}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] != "/health":
            self._send(404, {"error": "not found"})
            return
        try:
            self._send(200, health(self.server.sessions, self.server.warnings))
        except Exception as exc:
            self._send(503, {"ok": False, "error": type(exc).__name__})

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    sessions: sessionmaker[Session]
    warnings: Warnings


class WebServer:
    """``warnings`` is asked on every request, so a warning that starts while running shows."""

    def __init__(self, host: str, port: int, sessions: sessionmaker[Session], warnings: Warnings = _none) -> None:
        self._httpd = _Server((host, port), _Handler)
        self._httpd.sessions = sessions
        self._httpd.warnings = warnings
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="otklik-web", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> WebServer:
        self._thread.start()
        get_logger().info("web.started", url=self.url, health=f"{self.url}/health")
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
