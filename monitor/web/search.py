"""Full-text search over messages, one function for both databases (migration 0017).

PostgreSQL matches the stored ``to_tsvector('russian', text)`` (column fts_vector, GIN); SQLite its FTS5 table
``messages_fts``. Both get the same terms: each query word's Snowball stem (PostgreSQL's russian
stemmer, in Python) cut back to its consonant root and searched as a prefix, so «протекает»
(stem «протека») finds «протекла» (stem «протекл») through «протек*»: the Snowball stemmer alone
keeps the two apart, on PostgreSQL too.

PostgreSQL at a million cards (bench/web.py): the queue takes the matching cards' ids first
(``card_match``), so each state's deadline index is walked keeping those ids (an index-only
range), where joining the matches to the cards made the planner read every card of the states
(EXPLAIN: a hash semi join over ~90,000 rows, ~20,000 heap pages, ~350 ms).
"""

from __future__ import annotations

import re
from functools import lru_cache, reduce
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    Text,
    and_,
    any_,
    bindparam,
    cast,
    distinct,
    false,
    func,
    inspect,
    literal,
    literal_column,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import column

from db.models import Incident, Message

VOWELS = "аеёиоуыэюяьйъ"
MIN_ROOT = 3
MAX_TERMS = 8
EXPAND_CAP = 32  # a prefix standing for more known words is searched as a prefix
PLAIN = re.compile(r"[a-zа-яё]+|[0-9]+")  # terms the 'simple' configuration takes as one lexeme, as they are
WORD_LIST = table("messages_fts_words", column("word"))
DIGITS = re.compile(r"\{[0-9,-]*\}")
HITS_CAP = 20_000  # matching messages taken as a list of card ids; more are matched by the database's join
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


def card_match(session: Session, query: str) -> tuple[ColumnElement[bool], bool]:
    """``text_match`` for the queue, and whether the matching cards were picked by id: on
    PostgreSQL the ids of the cards with a matching message, read first (text index → messages),
    are handed back as an array when there are at most ``HITS_CAP`` matches."""
    dialect = session.get_bind().dialect.name
    found = terms(query)
    if dialect != "postgresql" or not found:
        return text_match(dialect, query), False
    wanted = expanded(session, found)
    if wanted is None:
        return false(), True
    hits = select(Message.incident_id).where(_vector(Message).op("@@")(wanted), Message.incident_id.is_not(None))
    count, ids = HITS_CAP + 1, None
    if _estimate(session, hits) <= HITS_CAP:  # reading 20,000 messages only to count them cost ~50 ms
        picked = hits.limit(HITS_CAP + 1).subquery()
        # The ids stay PostgreSQL's array text, "{1,2,…}": a Python list of 10,000 ints cost ~8 ms a
        # query to send.
        count, ids = session.execute(select(func.count(), cast(func.array_agg(distinct(picked.c.incident_id)),
                                                                Text))).one()
    if count > HITS_CAP:
        inner = aliased(Message, name="hit")
        return Incident.id.in_(select(inner.incident_id).where(_vector(inner).op("@@")(wanted))), False
    if not count or ids is None:
        return false(), True
    if not DIGITS.fullmatch(ids):  # PostgreSQL's own text of an array of ids
        raise ValueError(f"not an array of ids: {ids[:40]}")
    # Written into the SQL at execution (not kept in SQLAlchemy's statement cache), not bound: a
    # prepared statement's generic plan (psycopg prepares a query after 5 runs) takes the array as
    # a parameter, which PostgreSQL then scans whole for every card walked instead of hashing it
    # once (~160 ms instead of ~1 ms).
    return Incident.id == any_(cast(bindparam("hits", ids, Text(), literal_execute=True), ARRAY(BigInteger()))), True


def expanded(session: Session, found: list[str]) -> Any | None:
    """The PostgreSQL tsquery for ``found`` with each prefix of letters or digits replaced by the
    words it stands for (messages_fts_words, migration 0019) when they are at most ``EXPAND_CAP``:
    the text index finds «протека | протекл» in ~6 ms, «протек:*» in ~40-80 ms (it gathers every
    row of every word with the prefix, here 143,000). None: a prefix no message has, nothing matches."""
    exact: list[str] = []
    rest: list[str] = []
    for term in found:
        words = _words(session, term) if PLAIN.fullmatch(term) else None
        if words is None:
            rest.append(term)
        elif not words:
            return None
        else:
            exact.append("(" + " | ".join(_lexeme(w) for w in words) + ")")
    parts: list[Any] = [cast(literal(" & ".join(exact), Text()), TSQUERY)] if exact else []
    if rest:
        parts.append(_prefixes(rest))
    return reduce(lambda a, b: a.op("&&")(b), parts)


def _words(session: Session, prefix: str) -> list[str] | None:
    """The known words starting with ``prefix`` (byte order: the list is collated "C"), None when too many."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    words = list(session.scalars(select(WORD_LIST.c.word).where(WORD_LIST.c.word >= prefix, WORD_LIST.c.word < upper)
                                 .order_by(WORD_LIST.c.word).limit(EXPAND_CAP + 1)))
    return None if len(words) > EXPAND_CAP else words


def _estimate(session: Session, query: Select[Any]) -> int:
    """The planner's estimate of the rows ``query`` returns (a plan, not a run)."""
    compiled = query.compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True})
    plan = session.connection().exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}").scalar_one()
    return int(plan[0]["Plan"]["Plan Rows"])


def _lexeme(word: str) -> str:
    """A word as a quoted tsquery lexeme, taken as it is (no parser, no dictionary)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _vector(message: Any) -> Any:
    return literal_column(f"{inspect(message).selectable.name}.fts_vector")  # not in the models


def _prefixes(found: list[str]) -> Any:
    return func.to_tsquery(literal_column("'simple'::regconfig"), " & ".join(f"{t}:*" for t in found))


def message_match(dialect: str, found: list[str], message: Any = Message) -> ColumnElement[bool]:
    """A condition on ``message`` (the Message entity or an alias): its text has every prefix ``found``."""
    if dialect == "postgresql":
        condition: ColumnElement[bool] = _vector(message).op("@@")(_prefixes(found))
        return condition
    if dialect == "sqlite":
        match = " ".join(f'"{t}"*' for t in found)
        ids = select(FTS.c.rowid).where(literal_column("messages_fts").op("MATCH")(match))
        return message.id.in_(ids)
    lower = func.lower(message.text)  # any other database: a plain substring match per word
    return and_(*(lower.contains(t) for t in found))
