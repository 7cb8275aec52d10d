"""Full-text search over messages, one function for both databases (migration 0017).

PostgreSQL matches the stored ``to_tsvector('russian', text)`` (column fts_vector, GIN); SQLite its FTS5 table
``messages_fts``. Both get the same terms: each query word's Snowball stem (PostgreSQL's russian
stemmer, in Python) cut back to its consonant root and searched as a prefix, so «протекает»
(stem «протека») finds «протекла» (stem «протекл») through «протек*»: the Snowball stemmer alone
keeps the two apart, on PostgreSQL too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]
from sqlalchemy import ColumnElement, and_, false, func, inspect, literal_column, select, table
from sqlalchemy.orm import aliased
from sqlalchemy.sql import column

from db.models import Incident, Message

VOWELS = "аеёиоуыэюяьйъ"
MIN_ROOT = 3
MAX_TERMS = 8
FTS = table("messages_fts", column("rowid"))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("russian")


def terms(query: str) -> list[str]:
    """The prefixes searched for: one per number and per word of three letters or more (shorter
    words, mostly prepositions PostgreSQL drops as stop words, would match everything)."""
    out: list[str] = []
    for word in re.findall(r"\w+", query.lower().replace("_", " ")):
        if word.isdigit():
            out.append(word)
            continue
        if len(word) < MIN_ROOT:
            continue
        root = _stemmer().stemWord(word)
        while len(root) > MIN_ROOT and root[-1] in VOWELS:
            root = root[:-1]
        if root not in out:
            out.append(root)
    return out[:MAX_TERMS]


def text_match(dialect: str, query: str) -> ColumnElement[bool]:
    """A condition on ``Incident``: one of the card's messages matches every word of ``query``
    (no card at all when the query has no word to search for: «%» finds nothing). The matches
    lead: text index → message by key → card by key, then the few cards are ordered."""
    found = terms(query)
    if not found:
        return false()
    inner = aliased(Message, name="hit")  # not the card's first message the queue joins
    return Incident.id.in_(select(inner.incident_id).where(message_match(dialect, found, inner)))


def message_match(dialect: str, found: list[str], message: Any = Message) -> ColumnElement[bool]:
    """A condition on ``message`` (the Message entity or an alias): its text has every prefix ``found``."""
    if dialect == "postgresql":
        vector: Any = literal_column(f"{inspect(message).selectable.name}.fts_vector")  # not in the models
        wanted = func.to_tsquery(literal_column("'simple'::regconfig"), " & ".join(f"{t}:*" for t in found))
        return vector.op("@@")(wanted)
    if dialect == "sqlite":
        match = " ".join(f'"{t}"*' for t in found)
        ids = select(FTS.c.rowid).where(literal_column("messages_fts").op("MATCH")(match))
        return message.id.in_(ids)
    lower = func.lower(message.text)  # any other database: a plain substring match per word
    return and_(*(lower.contains(t) for t in found))
