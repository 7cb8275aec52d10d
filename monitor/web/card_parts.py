"""Pieces of the card page that are not a route: the diff of two
draft versions, the return reasons, the check of an uploaded photo by its bytes, and whether the
card's network takes photos (the connector declares it; the desk says so before approval)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from connectors.base import Capabilities, Connector
from db.models import Incident, Message, Publication, ReplyTemplate, Source
from monitor.workflow.views import AttachmentView, DraftView

# p. 9: why a unit returns a card; the official picks one and adds a sentence
RETURN_REASONS = {
    "other_unit": "Относится к компетенции другого подразделения",
    "other_authority": "Относится к полномочиям региональных или федеральных органов",
    "other_territory": "Касается другой территории",
    "not_a_request": "Не требует ответа подразделения",
}

# photos a network takes through its API: JPEG and PNG, told by their first bytes
IMAGE_MAGIC = ((b"\xff\xd8\xff", "image/jpeg", "jpg"), (b"\x89PNG\r\n\x1a\n", "image/png", "png"))


def sniff_image(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a JPEG or PNG by its magic bytes, whatever the file's name says."""
    for magic, content_type, ext in IMAGE_MAGIC:
        if head.startswith(magic):
            return content_type, ext
    return None


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+\s*|[^\w\s]\s*|\s+", text)  # a word with the space after it


def diff_markup(old: str, new: str) -> Markup:
    """The words removed (<del>) and added (<ins>) from ``old`` to ``new``; the texts are escaped."""
    a, b = _tokens(old), _tokens(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(str(escape("".join(a[i1:i2]))))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return Markup("".join(out))  # every piece above is escaped


def version_diffs(drafts: Sequence[DraftView]) -> list[tuple[DraftView, DraftView, Markup]]:
    """Each draft version against the one before it, newest first."""
    pairs = [(drafts[i - 1], drafts[i], diff_markup(drafts[i - 1].text, drafts[i].text))
             for i in range(1, len(drafts))]
    return pairs[::-1]


def card_capabilities(session: Session, card: Incident, connectors: Mapping[str, Connector]
                      ) -> Capabilities | None:
    """What the connector the reply goes through can do; None when the desk runs without connectors."""
    message = session.get(Message, card.first_message_id) if card.first_message_id else None
    source = session.get(Source, message.source_id) if message is not None and message.source_id else None
    connector = connectors.get(source.name) if source is not None else None
    if connector is None:
        connector = next((c for c in connectors.values() if c.platform == card.platform), None)
    return connector.capabilities if connector is not None else None


def attachment_note(capabilities: Capabilities | None, attachments: Sequence[AttachmentView]) -> str | None:
    """What the official must know before approval: the network will not take the photos."""
    photos = [a for a in attachments if a.kind == "photo" and not a.removed]
    if not photos or capabilities is None:
        return None
    if not capabilities.replies:
        return "Эта сеть не принимает ответы через API: ответ с фотографиями размещается вручную (Отметить размещение)."
    if not capabilities.photos:
        return ("Эта сеть (или её ключ доступа) не принимает фотографии через API: ответ с фотографиями "
                "придётся разместить вручную (Отметить размещение).")
    return None


def templates_for(session: Session, topic: str | None) -> list[ReplyTemplate]:
    """The templates of ``topic`` and those for any topic, by title."""
    return list(session.scalars(select(ReplyTemplate).where(or_(ReplyTemplate.topic.is_(None),
                                                                ReplyTemplate.topic == topic))
                                .order_by(ReplyTemplate.title)))


def reply_note(capabilities: Capabilities | None) -> str | None:
    """A network the service only reads: the approved reply is published by hand, said before approval."""
    if capabilities is not None and not capabilities.replies:
        return ("Эта сеть не принимает ответы через API: после согласования разместите ответ вручную "
                "и отметьте размещение со ссылкой.")
    return None


def manual_reason(session: Session, card_id: int) -> str | None:
    """Why the publisher handed the card's approved reply to a person, if it did (the latest such row)."""
    row = session.scalars(select(Publication).where(Publication.incident_id == card_id,
                                                    Publication.status == "manual")
                          .order_by(Publication.id.desc())).first()
    return row.last_error or "размещение через API не удалось" if row is not None else None
