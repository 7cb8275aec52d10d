"""Engine and session factory: one place that knows about SQLite versus PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def json_dumps(value: Any) -> str:
    """JSON columns' text (orjson: about six times json.dumps' speed, which an ingest batch
    spent on each message's raw post, rule names and history; UTF-8, not \\u escapes)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and enforced foreign keys."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, json_serializer=json_dumps,
                               json_deserializer=orjson.loads, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
            # SQLite's lower() folds ASCII only; the desk's search needs Cyrillic folded too
            dbapi_conn.create_function("unicode_lower", 1, lambda v: v.lower() if isinstance(v, str) else v,
                                       deterministic=True)

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn: Any) -> None:
            # Take the write lock at BEGIN: a read-then-write transaction can then never fail
            # with "database is locked" because another connection committed in between; it
            # waits (busy timeout) instead. SQLite serializes writers anyway.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=json_dumps, json_deserializer=orjson.loads,
                         **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits as one unit, or not at all."""
    with factory() as session, session.begin():
        yield session
