"""``GET /health``: the service's health, answered by the web desk (monitor.web.app).

``GET /health`` answers 200 with the sources' polling status, the cards per state and the
warnings an administrator must act on (a coming year with no production calendar), or 503 when
the database cannot be read, so a supervisor or a load balancer can tell the service is alive.
Warnings do not make the service unhealthy. Each source says whether it is polled from the
sandbox (``"sandbox": true``: invented posts, not citizens). Nothing here shows citizens'
messages: those need a signed-in, role-aware page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Incident, Source
from db.statuses import SourceStatus

Warnings = Callable[[], list[str]]


def no_warnings() -> list[str]:
    return []



def health(factory: sessionmaker[Session], warnings: Warnings = no_warnings) -> dict[str, Any]:
    with factory() as session:
        sources = [
            {"name": s.name, "platform": s.platform, "status": s.status,
             "last_polled_at": s.last_polled_at.isoformat() if s.last_polled_at else None,
             "last_error": s.last_error, "sandbox": s.sandbox}
            for s in session.scalars(select(Source).order_by(Source.name))
        ]
        states = dict(session.execute(select(Incident.state, func.count()).group_by(Incident.state)).all())
    return {"ok": all(s["status"] != SourceStatus.STOPPED for s in sources), "sources": sources, "cards": states,
            "warnings": warnings()}
