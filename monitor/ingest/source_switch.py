"""An administrator switches a source off or on (web desk); the poller reads the flag each poll.

Switching on also lifts a stop (a bad token, a captcha, our bug): the administrator who fixed
the cause says so by switching the source on, and the next poll tries again from its cursor.
An administrator may also ask for a poll now (after fixing a token, to see a new post at once):
the request is persisted, so the service that runs the poller sees it whichever process it is.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Source
from monitor.ingest.pipeline import source_row


def switch_source(session: Session, name: str, platform: str, *, enabled: bool) -> Source:
    row = source_row(session, name, platform, lock=True)
    row.disabled = not enabled
    if enabled and row.status == "stopped":
        row.status, row.failures, row.retry_at = "ok", 0, None
    session.flush()
    return row


def request_poll(session: Session, name: str, platform: str, now: datetime) -> Source:
    """Ask the service to poll the source now rather than at its next interval."""
    row = source_row(session, name, platform, lock=True)
    row.poll_requested_at = now
    session.flush()
    return row


def take_poll_requests(session: Session, names: Collection[str]) -> list[str]:
    """Those of ``names`` whose poll was asked for, each request cleared (taken once, by one process)."""
    rows = list(session.scalars(select(Source).where(Source.poll_requested_at.is_not(None), Source.name.in_(names))
                                .order_by(Source.name).with_for_update(skip_locked=True)))
    for row in rows:
        row.poll_requested_at = None
    session.flush()
    return [row.name for row in rows]
