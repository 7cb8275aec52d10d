"""A card opened by hand (a phone call, a network not watched, a message the rules missed).

The message goes through the ingest pipeline like any fetched one, in its own transaction: the
classifier labels it and the card opener (monitor/app/card_opener.py: repeats, deadlines,
listeners) opens its card; ``by_hand`` only makes it open whatever the relevance rules say.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors.base import FetchResult
from connectors.base import NetworkMessage as Record
from db.models import Message
from monitor.workflow.errors import InputError
from monitor.workflow.words import BY_HAND, PLATFORM_WORDS

HAND_SOURCE = "manual"  # the sources row hand-entered messages are stored under
HAND_CHANNELS = {**BY_HAND, **{k: v for k, v in PLATFORM_WORDS.items() if k not in BY_HAND}}
MAX_TEXT = 10_000


@dataclass(frozen=True)
class HandMessage:
    text: str
    author: str
    channel: str
    url: str = ""


def check(message: HandMessage) -> None:
    """Refuse, in the curator's words, what cannot become a card."""
    if not message.text.strip():
        raise InputError("Введите текст сообщения")
    if len(message.text) > MAX_TEXT:
        raise InputError(f"Текст длиннее {MAX_TEXT} знаков")
    if message.channel not in HAND_CHANNELS:
        raise InputError("Выберите канал из списка")
    if message.url and not message.url.lower().startswith(("http://", "https://")):
        raise InputError("Ссылка должна начинаться с http:// или https://")


def open_by_hand(pipeline: Any, sessions: sessionmaker[Session], message: HandMessage, *, login: str,
                 now: datetime) -> int:
    """Store and classify the message, open its card; the card's id, read back in a session of
    its own once the pipeline's transaction has committed."""
    check(message)
    external_id = f"hand-{uuid.uuid4().hex}"
    record = Record(platform=message.channel, external_id=external_id, kind="post", text=message.text.strip(),
                    url=message.url.strip(), created_at=now, author_name=message.author.strip() or None,
                    raw={"opened_by": login, "channel": message.channel})
    pipeline.store(HAND_SOURCE, "manual", FetchResult(messages=[record], cursor={}), by_hand=True)
    with sessions() as session:
        card_id = session.scalar(select(Message.incident_id).where(Message.platform == message.channel,
                                                                   Message.external_id == external_id))
    if card_id is None:
        raise InputError("Карточка не открыта: сообщение не сохранено")
    return int(card_id)
