"""Repeats at intake (p. 18): a new message that repeats a recent card is linked to it.

For the (topic, location) buckets a batch touches, the recent cards (opened within the window,
not excluded or dismissed) are read once with their first message and indexed; each new message
is looked up there (classifier.repeats: same topic and location, similar text, the same author
weighs more). A repeat opens its own card linked to the earlier one, routed to the same unit by
default and flagged to report the measures taken.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from classifier.repeats import RecentCard, RepeatIndex, RepeatQuery
from db.models import Incident, Message
from monitor.ingest import StoredMessage

WINDOW = timedelta(days=30)
CLOSED_FOR_REPEATS = ("excluded", "dismissed")
Lemmatizer = Callable[[str], Sequence[str]]


class RepeatFinder:
    def __init__(self, lemmas_of: Lemmatizer, window: timedelta = WINDOW) -> None:
        self._lemmas_of = lemmas_of
        self._window = window

    def split(self, session: Session, messages: Sequence[StoredMessage], now: datetime
              ) -> tuple[list[StoredMessage], list[tuple[StoredMessage, int]]]:
        """The messages that open new cards, and the repeats with the card each one repeats."""
        buckets = {(m.topic, m.location) for m in messages if m.topic and m.topic != "other"}
        if not buckets:
            return list(messages), []
        index = RepeatIndex()
        rows = session.execute(
            select(Incident.id, Incident.topic, Incident.location, Message.text, Message.author_id,
                   Incident.detected_at)
            .join(Message, Message.id == Incident.first_message_id)
            .where(Incident.detected_at >= now - self._window,
                   Incident.state.not_in(CLOSED_FOR_REPEATS),
                   tuple_(Incident.topic, Incident.location).in_(sorted(buckets)))
        )
        index.extend(RecentCard(card_id=cid, topic=topic, location=loc, lemmas=self._lemmas_of(text),
                                author_id=author, at=at) for cid, topic, loc, text, author, at in rows)
        if not len(index):
            return list(messages), []
        fresh: list[StoredMessage] = []
        repeats: list[tuple[StoredMessage, int]] = []
        for m in messages:
            match = None
            if m.topic and m.topic != "other":
                match = index.find(RepeatQuery(topic=m.topic, location=m.location,
                                               lemmas=self._lemmas_of(m.text), author_id=m.author_id))
            if match is None:
                fresh.append(m)
            else:
                repeats.append((m, int(match.card_id)))
        return fresh, repeats
