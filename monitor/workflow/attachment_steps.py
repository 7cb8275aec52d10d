"""Photos and video links that go out with the reply (p. 19), kept on the card.

The files themselves are the web desk's business (checked by content and size, stored under the
data dir); here is who may add or remove one and when (the table's ``attach``), the history
event, and which of them a draft version takes along (``current_attachments``).
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Attachment
from monitor.workflow.errors import InputError, NotFoundError
from monitor.workflow.history import EventName
from monitor.workflow.steps_base import WorkflowCore, need

ATTACHMENT_KINDS = ("photo", "video")
MAX_ATTACHMENTS = 10  # VK takes at most 10 attachments on a comment


def current_attachments(session: Session, card_id: int) -> list[Attachment]:
    """The card's attachments not removed, oldest first: what the next draft version goes out with."""
    return list(session.scalars(select(Attachment).where(Attachment.incident_id == card_id,
                                                         Attachment.removed_at.is_(None))
                                .order_by(Attachment.id)))


def with_links(text: str, links: list[str]) -> str:
    """The reply text with the video links after it: a network takes a video as a link (p. 19)."""
    missing = [link for link in links if link not in text]
    return "\n".join([text.rstrip(), *missing]) if missing else text


class AttachmentSteps(WorkflowCore):
    def add_attachment(self, session: Session, card_id: int, *, actor: str, kind: str, name: str,
                       size: int = 0, content_type: str | None = None, path: str | None = None,
                       url: str | None = None) -> Attachment:
        """A photo (already stored at ``path``) or a video link (``url``) for the card's reply."""
        with self.transition(session, card_id, "attach", actor, EventName.ATTACHMENT_ADDED) as step:
            card, who, now = step.card, step.actor, step.now
            if who.role == "executor":
                self._own_assignment(session, card, who, now)
            if kind not in ATTACHMENT_KINDS:
                raise InputError(f"Неизвестный вид вложения «{kind}»")
            if kind == "video" and not re.match(r"^https?://\S+$", url or ""):
                raise InputError("Ссылка на видео должна начинаться с http:// или https://")
            if kind == "photo" and not path:
                raise InputError("Файл фотографии не сохранён")
            if len(current_attachments(session, card.id)) >= MAX_ATTACHMENTS:
                raise InputError(f"К ответу можно приложить не больше {MAX_ATTACHMENTS} вложений")
            row = Attachment(incident_id=card.id, kind=kind, name=need(name, "название вложения", "name")[:200],
                             content_type=content_type, size=size, path=path, url=url, added_at=now,
                             added_by=who.login)
            session.add(row)
            session.flush()
            step.after = {"attachment": row.id, "kind": kind, "name": row.name, "size": size}
            if url:
                step.after["url"] = url
        return row

    def remove_attachment(self, session: Session, card_id: int, attachment_id: int, *, actor: str) -> Attachment:
        """Take an attachment out of the reply; the row stays (an earlier draft version may name it)."""
        with self.transition(session, card_id, "attach", actor, EventName.ATTACHMENT_REMOVED) as step:
            card, who, now = step.card, step.actor, step.now
            if who.role == "executor":
                self._own_assignment(session, card, who, now)
            row = session.get(Attachment, attachment_id)
            if row is None or row.incident_id != card.id or row.removed_at is not None:
                raise NotFoundError(f"Вложение №{attachment_id} не найдено")
            row.removed_at = now
            step.before = {"attachment": row.id, "kind": row.kind, "name": row.name}
        return row
