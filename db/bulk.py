"""Many rows into one table, the way each driver is fastest, inside the caller's transaction.

SQLAlchemy sends an executemany with RETURNING as a few huge multi-VALUES statements
("insertmanyvalues"). That suits SQLite, but psycopg parses every such statement in Python
(too long for its statement cache), which dominated ingest on PostgreSQL. There one small
INSERT ... RETURNING is sent for every row through psycopg's own executemany, which pipelines
them (one round trip, the server parses the statement once).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnDefault, Table, insert, update
from sqlalchemy.orm import Session

_CHUNK = 1000  # cards per UPDATE: well under SQLite's limit on bound parameters


def insert_returning_ids(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (dicts with the same keys) and return their new ids, in row order."""
    if not rows:
        return []
    conn = session.connection()
    if conn.dialect.driver != "psycopg":
        result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        return [row[0] for row in result]
    rows, keys = _with_defaults(table, rows)
    compiled = insert(table).returning(table.c.id).compile(dialect=conn.dialect, column_keys=keys)
    with conn.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
        cursor.executemany(str(compiled), _bound(table, keys, rows, conn.dialect), returning=True)
        ids = [cursor.fetchone()[0]]
        while cursor.nextset():
            ids.append(cursor.fetchone()[0])
    return ids


def link_first_messages(session: Session, card_ids: Sequence[int]) -> None:
    """Point each new card's first message at its card: one UPDATE ... FROM per chunk of cards."""
    from db.models import Incident, Message

    for i in range(0, len(card_ids), _CHUNK):
        chunk = card_ids[i : i + _CHUNK]
        session.connection().execute(
            update(Message).where(Message.id == Incident.first_message_id, Incident.id.in_(chunk))
            .values(incident_id=Incident.id))


def insert_many(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) when their ids are not needed."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.driver != "psycopg":
        conn.execute(insert(table), rows)
        return
    rows, keys = _with_defaults(table, rows)
    sql = str(insert(table).compile(dialect=conn.dialect, column_keys=keys))
    with conn.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
        cursor.executemany(sql, _bound(table, keys, rows, conn.dialect))


def _with_defaults(table: Table, rows: Sequence[dict[str, Any]]) -> tuple[Sequence[dict[str, Any]], list[str]]:
    """The rows with the columns' scalar Python-side defaults filled in, as the ORM would."""
    defaults = {c.key: c.default.arg for c in table.c
                if c.key not in rows[0] and isinstance(c.default, ColumnDefault) and c.default.is_scalar}
    if defaults:
        rows = [{**defaults, **row} for row in rows]
    return rows, list(rows[0])


def _bound(table: Table, keys: list[str], rows: Sequence[dict[str, Any]],
           dialect: Any) -> list[dict[str, Any]]:
    """The rows with each column's bind processing applied (UTC check, JSON serialization)."""
    procs: dict[str, Callable[[Any], Any]] = {}
    for key in keys:
        processor = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            procs[key] = processor
    if not procs:
        return list(rows)
    out = []
    for row in rows:
        bound = dict(row)
        for key, proc in procs.items():
            bound[key] = proc(bound[key])
        out.append(bound)
    return out
