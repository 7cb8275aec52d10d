"""Reactions counted as they grow (issue 13 item 2): re-read likes, comments and reposts of a
source's recent posts, within a request budget, and store the latest counts on the message.

A connector declares ``capabilities.reactions`` (connectors.base.ReactionsReader); one that does
not is never asked. Each refresh takes the source's posts of the last ``days`` days, those never
re-read or read longest ago first, at most ``max_requests`` requests' worth; the analytical note
(p. 24) ranks by the stored counts, so it sees the latest ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors.base import Connector, ReactionsReader
from db.models import Message
from monitor.ingest.pipeline import source_row

IDS_PER_REQUEST = 100  # the most any connector reads per request (VK wall.getById); a cap on the list


@dataclass(frozen=True)
class ReactionsPolicy:
    days: int = 3  # posts younger than this are re-read
    every: timedelta = timedelta(minutes=30)  # at most this often per source
    max_requests: int = 3  # per refresh, within the network's request budget


@dataclass(frozen=True)
class Refreshed:
    asked: int  # posts asked about
    found: int  # posts the network returned
    changed: int  # posts whose counts changed
    requests: int


def refresh_reactions(session: Session, source: str, platform: str, connector: Connector, now: datetime,
                      policy: ReactionsPolicy) -> Refreshed | None:
    """One refresh for one source, in the caller's transaction; None when the connector cannot."""
    if not connector.capabilities.reactions:
        return None
    reader = cast(ReactionsReader, connector)
    row = source_row(session, source, platform)
    oldest_first = Message.reactions_at.is_(None).desc(), Message.reactions_at, Message.id.desc()
    messages = list(session.scalars(select(Message).where(
        Message.source_id == row.id, Message.kind == "post", Message.created_at >= now - timedelta(days=policy.days))
        .order_by(*oldest_first).limit(policy.max_requests * IDS_PER_REQUEST)))
    if not messages:
        return Refreshed(0, 0, 0, 0)
    result = reader.refresh_reactions([m.external_id for m in messages], policy.max_requests)
    changed = 0
    for message in messages:
        message.reactions_at = now  # asked: a deleted post does not take the budget next time
        counts = result.counts.get(message.external_id)
        if counts is None:
            continue
        fresh = (counts.likes, counts.comments, counts.reposts, max(counts.views, message.views))
        if fresh != (message.likes, message.comments, message.reposts, message.views):
            message.likes, message.comments, message.reposts, message.views = fresh
            changed += 1
    return Refreshed(len(messages), len(result.counts), changed, result.requests)


class ReactionsRefresher:
    """Decides when a source is due and runs the refresh in its own transaction."""

    def __init__(self, sessions: sessionmaker[Session], policy: ReactionsPolicy) -> None:
        self._sessions = sessions
        self.policy = policy
        self._last: datetime | None = None

    def due(self, now: datetime) -> bool:
        return self._last is None or now - self._last >= self.policy.every

    def run(self, source: str, platform: str, connector: Connector, now: datetime) -> Refreshed | None:
        self._last = now
        with self._sessions() as session, session.begin():
            return refresh_reactions(session, source, platform, connector, now, self.policy)
