"""A fetch's messages written inside the pipeline's transaction: parents before comments.

The messages may come in pages (a paged fetch is written while its next page is on the way),
and a comment may come before the page holding its post: it waits, and is written once its
post is (then it points at it), or at the end without a parent when the post never comes and
is not in the database either, exactly as a whole fetch written at once would store it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from datetime import datetime
from typing import Any

from sqlalchemy import Text, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from connectors.base import NetworkMessage as Record
from db.bulk import defer_card_links, insert_returning_ids, reserve_ids
from db.models import Incident, Message
from monitor.ingest.relevance import MessageLabels

_CHUNK = 500
Labelled = list[tuple[Record, MessageLabels]]


def existing_ids(session: Session, platform: str, external_ids: Sequence[str]) -> dict[str, int]:
    """The stored messages among ``external_ids``: external id → message id (on PostgreSQL in
    one statement with one array parameter; elsewhere in chunks under SQLite's limit on them)."""
    found: dict[str, int] = {}
    if not external_ids:
        return found
    if session.get_bind().dialect.name == "postgresql":
        wanted = bindparam("ids", list(external_ids), type_=ARRAY(Text))
        rows = session.execute(select(Message.external_id, Message.id).where(
            Message.platform == platform, Message.external_id == any_(wanted)))
        return {ext: mid for ext, mid in rows}
    for i in range(0, len(external_ids), _CHUNK):
        chunk = external_ids[i : i + _CHUNK]
        rows = session.execute(
            select(Message.external_id, Message.id).where(
                Message.platform == platform, Message.external_id.in_(chunk)
            )
        )
        found.update({ext: mid for ext, mid in rows})
    return found


class MessageWriter:
    """Inserts labelled messages of one fetch as they come; ``ids`` maps each to its new row.

    Where the database gives ids before rows are written (PostgreSQL), a message that will open
    a card is written already pointing at it: ``cards`` maps it to the card id taken for it,
    which the card opener must use in the same transaction (its link is checked at commit).
    Elsewhere the cards are linked to their messages once they are opened.

    ``overlap``: on PostgreSQL a batch's rows are sent and the writer returns while the server
    is still taking them in (the caller labels the next page meanwhile); the writer awaits the
    result before its next statement, and the caller must call ``settle`` before its own. Used
    as a context manager, so that an error on the way aborts an unfinished COPY.
    """

    def __init__(self, session: Session, platform: str, source_id: int, now: datetime,
                 overlap: bool = False) -> None:
        self._session = session
        self._sending: ExitStack | None = ExitStack() if overlap else None
        self._platform = platform
        self._source_id = source_id
        self._now = now
        self.ids: dict[str, int] = {}  # written by this fetch: external id → message id
        self.cards: dict[str, int] = {}  # external id → the id of the card it opens, taken beforehand
        self._parents: dict[str, int] = {}  # every known possible parent: stored before or just now
        self._absent: set[str] = set()  # parents looked up and not stored (they may come later)
        self._waiting: Labelled = []  # comments whose post is neither stored nor written yet

    def __enter__(self) -> MessageWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._sending is not None:
            self._sending.__exit__(*exc)  # an error aborts a COPY still open; else it is awaited

    def settle(self) -> None:
        """Await the rows still being taken in: the session is free for statements again."""
        if self._sending is not None:
            self._sending.close()

    def known(self, stored: dict[str, int]) -> None:
        """Messages found already stored (they are not written again, but may be parents)."""
        self._parents.update(stored)

    def add(self, labelled: Labelled) -> None:
        """Write what can be written now: messages without a parent or whose parent is known."""
        self.settle()
        self._waiting.extend(labelled)
        wanted = sorted({rec.parent_external_id for rec, _ in self._waiting if rec.parent_external_id}
                        - self._parents.keys() - self._absent - {rec.external_id for rec, _ in self._waiting})
        if wanted:
            found = existing_ids(self._session, self._platform, wanted)
            self._parents.update(found)
            self._absent.update(set(wanted) - found.keys())
        while True:  # parents first, then the comments they make ready
            ready = [(rec, lab) for rec, lab in self._waiting
                     if not rec.parent_external_id or rec.parent_external_id in self._parents]
            if not ready:
                return
            self._waiting = [(rec, lab) for rec, lab in self._waiting
                             if rec.parent_external_id and rec.parent_external_id not in self._parents]
            self._insert(ready)

    def finish(self) -> None:
        """The fetch is complete: comments whose post never came are written without a parent."""
        self.settle()
        waiting, self._waiting = self._waiting, []
        self._insert(waiting)
        self.settle()

    def _insert(self, labelled: Labelled) -> None:
        if not labelled:
            return
        self.settle()  # the rows of an earlier call first: ids are taken by a statement
        parents = self._parents
        rows = [_row(rec, lab, self._source_id, parents.get(rec.parent_external_id or ""), self._now)
                for rec, lab in labelled]
        self._take_card_ids(rows)
        new_ids = insert_returning_ids(self._session, Message.__table__, rows, sending=self._sending)
        written = {row["external_id"]: mid for row, mid in zip(rows, new_ids, strict=True)}
        self.ids.update(written)
        parents.update(written)
        self._absent.difference_update(written)


    def _take_card_ids(self, rows: list[dict[str, Any]]) -> None:
        carded = [row for row in rows if row["relevant"]]  # each opens a card (a repeat too, p. 18)
        if not carded:
            return
        card_ids = reserve_ids(self._session, Incident.__table__, len(carded))
        if card_ids is None:
            return
        if not self.cards:
            defer_card_links(self._session)
        for row, card_id in zip(carded, card_ids, strict=True):
            row["incident_id"] = card_id
            self.cards[row["external_id"]] = card_id


def unique(records: Iterable[Record], seen: set[str] | None = None) -> list[Record]:
    """Each external id once, the first seen kept (``seen``: those of earlier pages, updated)."""
    seen = set() if seen is None else seen
    out = []
    for rec in records:
        if rec.external_id not in seen:
            seen.add(rec.external_id)
            out.append(rec)
    return out


def _row(rec: Record, labels: MessageLabels, source_id: int, parent_id: int | None, now: datetime) -> dict[str, Any]:
    """A messages row as a plain dict, for one multi-row INSERT per batch."""
    lat, lon = rec.geo if rec.geo else (None, None)
    return dict(
        platform=rec.platform, external_id=rec.external_id, source_id=source_id, kind=rec.kind,
        parent_id=parent_id, parent_external_id=rec.parent_external_id, owner_id=rec.owner_id,
        post_id=rec.post_id, comment_id=rec.comment_id, author_id=rec.author_id,
        author_name=rec.author_name, url=rec.url, text=rec.text, created_at=rec.created_at,
        detected_at=now, raw=rec.raw, likes=rec.likes, reposts=rec.reposts, comments=rec.comments,
        views=rec.views, latitude=lat, longitude=lon, topic=labels.topic,
        topics=list(labels.topics) or None, location=labels.location, importance=labels.importance,
        message_kind=labels.kind, excluded=labels.excluded, rules=list(labels.rules) or None,
        relevant=labels.relevant and not labels.excluded, incident_id=None,
    )
