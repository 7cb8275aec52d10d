"""An administrator switches a source off or on (web desk); the poller reads the flag each poll.

Switching on also lifts a stop (a bad token, a captcha, our bug): the administrator who fixed
the cause says so by switching the source on, and the next poll tries again from its cursor.
"""

from __future__ import annotations

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
