"""Files an email carries, read from the database (``stored_files``) when it is sent.

The notification's context names the files by id (``file_ids``), so the outbox row stays small
and any worker can send it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors.base import PermanentError
from db.models import StoredFile
from monitor.notify.templates import MailAttachment


def load_attachments(factory: sessionmaker[Session], ids: Sequence[int]) -> tuple[MailAttachment, ...]:
    """The files in the order given; a missing one makes the email undeliverable (never retried)."""
    wanted = [int(i) for i in ids]
    with factory() as session:
        rows = {f.id: f for f in session.scalars(select(StoredFile).where(StoredFile.id.in_(wanted)))}
        missing = [i for i in wanted if i not in rows]
        if missing:
            raise PermanentError(f"вложение не найдено: {', '.join(map(str, missing))}")
        return tuple(MailAttachment(rows[i].name, rows[i].content_type, rows[i].data) for i in wanted)
