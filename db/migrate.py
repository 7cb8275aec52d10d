"""Run Alembic migrations programmatically (``otklik db upgrade``); no alembic.ini needed.

Also the check every command makes before its first query: the database answers and its schema
is this code's (``check_current``), each failure a typed error the CLI turns into one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaNotCurrent(Exception):
    """The database's schema is not the one this code expects (never migrated, or behind)."""

    def __init__(self, current: tuple[str, ...], expected: tuple[str, ...]) -> None:
        super().__init__(f"schema at {', '.join(current) or 'nothing'}, expected {', '.join(expected)}")
        self.current = current
        self.expected = expected


class DatabaseUnavailable(Exception):
    """The database cannot be reached or opened; the message is the driver's first line."""


@contextmanager
def _reaching() -> Iterator[None]:
    """A driver's connection error as DatabaseUnavailable with its first line."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        first = str(exc.orig or exc).strip().splitlines()
        raise DatabaseUnavailable(first[0] if first else type(exc).__name__) from None


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (DatabaseUnavailable when it cannot be reached)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    try:
        with _reaching(), engine.connect():
            pass  # a migration's own failure stays itself; only "cannot connect" is translated
    finally:
        engine.dispose()
    command.upgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = create_engine(url)
    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return rev


def expected_heads() -> tuple[str, ...]:
    """The head revision(s) of this code's migrations."""
    from alembic.script import ScriptDirectory

    return tuple(sorted(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()))


def check_current(engine: Engine) -> None:
    """Raise DatabaseUnavailable or SchemaNotCurrent unless ``engine``'s schema is at the head.

    Commands call this before their first query, so an empty or outdated database is one clear
    sentence ("run `otklik db upgrade`") instead of a "no such table" traceback mid-way.
    """
    from alembic.runtime.migration import MigrationContext

    with _reaching(), engine.connect() as conn:
        current = tuple(sorted(MigrationContext.configure(conn).get_current_heads()))
    expected = expected_heads()
    if current != expected:
        raise SchemaNotCurrent(current, expected)
