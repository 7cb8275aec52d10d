"""A scripted connector for pipeline tests: returns queued fetch results or raises errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from connectors.base import Capabilities, FetchResult, NetworkMessage, PostedReply, Reply, ReplyTarget
from db.event_names import EventName
from db.models import Event, Incident
from db.models import Message as MessageRow
from monitor.ingest.pipeline import StoredMessage

T0 = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # Monday 12:00 in Kamchatka


def vk_post(n: int, text: str, owner: int = -100002) -> NetworkMessage:
    return NetworkMessage(platform="vk", external_id=f"{owner}_{n}", kind="post", text=text,
                          url=f"https://vk.com/wall{owner}_{n}", created_at=T0, owner_id=str(owner),
                          post_id=str(n), author_id="501", author_name="Ирина Петрова")


def vk_comment(post: int, n: int, text: str, owner: int = -100002) -> NetworkMessage:
    return NetworkMessage(platform="vk", external_id=f"{owner}_{post}_c{n}", kind="comment", text=text,
                          url=f"https://vk.com/wall{owner}_{post}?reply={n}", created_at=T0,
                          owner_id=str(owner), post_id=str(post), comment_id=str(n),
                          parent_external_id=f"{owner}_{post}")


def open_cards_simple(session: Session, messages: list[StoredMessage], now: datetime,
                      official: bool) -> list[Incident]:
    """Cards in state `new` with an 'opened' event, without deadlines (tests of ingest alone)."""
    cards = [Incident(state="new", platform=m.platform, url=m.url, first_message_id=m.id, official=official,
                      detected_at=m.detected_at, topic=m.topic, location=m.location, importance=m.importance)
             for m in messages]
    session.add_all(cards)
    session.flush()
    session.execute(update(MessageRow), [{"id": m.id, "incident_id": c.id}
                                         for m, c in zip(messages, cards, strict=True)])
    for card, message in zip(cards, messages, strict=True):
        session.add(Event(incident_id=card.id, at=now, actor="system", action=EventName.OPENED.value,
                          after={"state": "new", "message_id": message.id}))
    return cards


class ScriptedConnector:
    platform = "vk"
    capabilities = Capabilities()

    def __init__(self, *steps: Any) -> None:
        self.steps = list(steps)
        self.cursors: list[Any] = []

    def fetch(self, cursor: dict[str, Any] | None) -> FetchResult:
        self.cursors.append(cursor)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    def post_reply(self, target: ReplyTarget, reply: Reply) -> PostedReply:
        raise NotImplementedError

    def check(self) -> list[str]:
        return []
