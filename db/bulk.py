"""Many rows into one table, the way each driver is fastest, inside the caller's transaction.

SQLAlchemy sends an executemany with RETURNING as a few huge multi-VALUES statements
("insertmanyvalues"), binding every value in Python. psycopg then parses each such statement in
Python too (too long for its statement cache), which dominated ingest on PostgreSQL: there the
rows go by COPY, with ids taken from the table's sequence beforehand when the caller needs them.
On SQLite they go by the driver's own executemany (a C loop), ids read back after it. Either way
each value is bound by its column type as SQLAlchemy would (UTC check, JSON), once per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any, TypeVar

from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import BigInteger, ColumnDefault, Connection, DateTime, Table, any_, bindparam, insert, inspect, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

_CHUNK = 1000  # cards per UPDATE on SQLite: well under its limit on bound parameters
Mapped = TypeVar("Mapped")


def reserve_ids(session: Session, table: Table, count: int) -> list[int] | None:
    """``count`` new ids from the table's sequence (PostgreSQL), so rows may point at each other
    before they are written; None where the database gives ids only on insert (SQLite)."""
    conn = session.connection()
    if conn.dialect.driver != "psycopg":
        return None
    with conn.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       (table.name, count))
        return [int(row[0]) for row in cursor.fetchall()]


def insert_returning_ids(session: Session, table: Table, rows: Sequence[dict[str, Any]],
                         ids: Sequence[int] | None = None, *, sending: ExitStack | None = None) -> list[int]:
    """Insert ``rows`` (dicts with the same keys) and return their new ids, in row order;
    ``ids`` from ``reserve_ids`` when the caller took them beforehand.

    ``sending``: on PostgreSQL the COPY is left open in this stack once every row is sent, so
    that the server takes them in while the caller works on; closing the stack awaits the
    result. Until then the connection belongs to the COPY: the session's next statement must
    come after (psycopg would wait for its own lock). Elsewhere the rows are written at once.
    """
    if not rows:
        return []
    conn = session.connection()
    if ids is None and conn.dialect.driver == "pysqlite":
        return _sqlite_insert_returning_ids(conn, table, rows)
    if ids is None and conn.dialect.driver != "psycopg":
        result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        return [row[0] for row in result]
    if ids is None:
        ids = reserve_ids(session, table, len(rows))
        assert ids is not None
    _insert(conn, table, [{"id": new_id, **row} for new_id, row in zip(ids, rows, strict=True)], sending)
    return list(ids)


def insert_many(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) when their ids are not needed."""
    if not rows:
        return
    _insert(session.connection(), table, rows)


def _insert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], sending: ExitStack | None = None) -> None:
    if conn.dialect.driver == "psycopg":
        _copy(conn, table, rows, sending)
    elif conn.dialect.driver == "pysqlite":
        _sqlite_executemany(conn, table, rows)
    else:
        conn.execute(insert(table), rows)


def as_written(cls: type[Mapped], ids: Sequence[int], rows: Sequence[dict[str, Any]]) -> list[Mapped]:
    """The mapped objects of rows just written, for listeners (in no session, never flushed).

    Their values go straight into each object's dict, as the ORM fills a loaded row; the
    constructor would send every value through its change tracking, which for an ingest batch
    of cards and their events cost more than writing them.
    """
    new = inspect(cls).class_manager.new_instance
    objects = []
    for new_id, row in zip(ids, rows, strict=True):
        obj = new()
        obj.__dict__.update(row)
        obj.__dict__["id"] = new_id
        objects.append(obj)
    return objects


def defer_card_links(session: Session) -> None:
    """Check messages.incident_id at commit for the rest of this transaction: its messages are
    written pointing at cards the same transaction opens afterwards (migration 0020)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # until this transaction ends
    else:
        conn.exec_driver_sql("SET CONSTRAINTS messages_incident_id_fkey DEFERRED")


def link_first_messages(session: Session, card_ids: Sequence[int]) -> None:
    """Point each new card's first message at its card, in one UPDATE ... FROM (per chunk on SQLite)."""
    from db.models import Incident, Message

    conn = session.connection()
    link = update(Message).where(Message.id == Incident.first_message_id).values(incident_id=Incident.id)
    if conn.dialect.driver == "psycopg":
        conn.execute(link.where(Incident.id == any_(bindparam("ids", type_=ARRAY(BigInteger)))),
                     {"ids": list(card_ids)})
        return
    for i in range(0, len(card_ids), _CHUNK):
        conn.execute(link.where(Incident.id.in_(card_ids[i : i + _CHUNK])))


def _copy(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], sending: ExitStack | None = None) -> None:
    """COPY ``rows`` into ``table`` (PostgreSQL), each value bound as SQLAlchemy would bind it;
    finished here, or left open in ``sending`` (``insert_returning_ids``)."""
    rows, keys = _with_defaults(table, rows)
    quote = conn.dialect.identifier_preparer
    columns = ", ".join(quote.quote(k) for k in keys)
    plan = _processors(table, keys, conn.dialect)
    with ExitStack() as here:
        stack = here if sending is None else sending
        cursor = stack.enter_context(conn.connection.driver_connection.cursor())  # type: ignore[union-attr]
        writer = QueuedLibpqWriter(cursor) if sending is not None else None  # the caller works on meanwhile
        copy = stack.enter_context(cursor.copy(f"COPY {quote.format_table(table)} ({columns}) FROM STDIN",
                                               writer=writer))
        write = copy.write_row
        if not any(proc for _, proc in plan):
            for row in rows:
                write([row[k] for k in keys])
            return
        for row in rows:  # one pass per row: no bound copy of it
            write([row[k] if proc is None else proc(row[k]) for k, proc in plan])


def _sqlite_executemany(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT ``rows`` by the driver's executemany (SQLite), each value bound as SQLAlchemy would
    bind it: one C loop instead of SQLAlchemy building multi-VALUES statements in Python."""
    rows, keys = _with_defaults(table, rows)
    quote = conn.dialect.identifier_preparer
    columns = ", ".join(quote.quote(k) for k in keys)
    plan = _processors(table, keys, conn.dialect)
    sql = f"INSERT INTO {quote.format_table(table)} ({columns}) VALUES ({', '.join(['?'] * len(keys))})"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, ([row[k] if proc is None else proc(row[k]) for k, proc in plan] for row in rows))
    finally:
        cursor.close()


def _sqlite_insert_returning_ids(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """``_sqlite_executemany``, then the ids: SQLite gives each new row the table's largest id + 1
    (no AUTOINCREMENT here) and the transaction holds the write lock (BEGIN IMMEDIATE), so a
    batch's ids run without a gap up to the last one inserted. Checked: were it otherwise, the
    transaction fails instead of linking rows to the wrong ids."""
    _sqlite_executemany(conn, table, rows)
    last = int(conn.exec_driver_sql("SELECT last_insert_rowid()").scalar_one())
    first = last - len(rows) + 1
    name = conn.dialect.identifier_preparer.format_table(table)
    found = conn.exec_driver_sql(f"SELECT count(*) FROM {name} WHERE id BETWEEN ? AND ?", (first, last)).scalar_one()
    if found != len(rows):
        raise RuntimeError(f"{table.name}: SQLite gave a batch ids out of sequence; nothing was stored")
    return list(range(first, last + 1))


def _with_defaults(table: Table, rows: Sequence[dict[str, Any]]) -> tuple[Sequence[dict[str, Any]], list[str]]:
    """The rows with the columns' scalar Python-side defaults filled in, as the ORM would."""
    defaults = {c.key: c.default.arg for c in table.c
                if c.key not in rows[0] and isinstance(c.default, ColumnDefault) and c.default.is_scalar}
    if defaults:
        rows = [{**defaults, **row} for row in rows]
    return rows, list(rows[0])


def _processors(table: Table, keys: list[str], dialect: Any) -> list[tuple[str, Callable[[Any], Any] | None]]:
    """Each column's bind processing (UTC check, JSON serialization), None where there is none.

    A batch repeats a few instants (its detection time, its deadlines): a datetime column's
    processing is remembered per value for the call.
    """
    plan: list[tuple[str, Callable[[Any], Any] | None]] = []
    for key in keys:
        column_type = table.c[key].type
        processor: Callable[[Any], Any] | None = column_type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None and isinstance(getattr(column_type, "impl", column_type), DateTime):
            processor = _remembered(processor)
        plan.append((key, processor))
    return plan


def _remembered(processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {}

    def process(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = bound = processor(value)
            return bound

    return process
