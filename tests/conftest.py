"""Shared fixtures: a migrated database per test, on SQLite or on PostgreSQL.

With OTKLIK_DATABASE_URL set to a PostgreSQL URL, the session creates its own scratch database
on that server (so parallel runs never collide), migrates it once, and empties every table
between tests. Otherwise a migrated SQLite template is copied for each test.

Every test that gets a database (the ``db_url`` fixture, directly or through ``engine``,
``session_factory``, ``race``) and every end-to-end test is marked ``db``: the PostgreSQL pass
runs ``-m db`` only. A test without the marker that connects to PostgreSQL fails, so nothing
that needs the database can slip out of that pass.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from db.migrate import upgrade
from db.models import Base
from db.session import make_engine, make_session_factory

PG_ENV = "OTKLIK_DATABASE_URL"
DB_FIXTURES = frozenset({"db_url", "_database_template"})
E2E_DIR = Path(__file__).resolve().parent / "e2e"
_current: list[pytest.Item] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "db: touches the database (the PostgreSQL pass runs these)")
    config.addinivalue_line("markers", "xdist_group(name): tests one xdist worker runs in turn")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        e2e = E2E_DIR in Path(item.path).parents
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())) or e2e:
            item.add_marker(pytest.mark.db)
        if e2e or item.get_closest_marker("slow") is not None:
            # Under `make test` (xdist, --dist loadgroup) the tests that start the service or the
            # classifier in subprocesses run one after another in one worker, the rest beside them:
            # two at once on two cores missed their own time bounds.
            item.add_marker(pytest.mark.xdist_group("processes"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    _current[:] = [item]
    try:
        return (yield)
    finally:
        _current.clear()


@event.listens_for(Engine, "engine_connect")
def _only_db_tests_reach_postgres(conn):  # type: ignore[no-untyped-def]
    """A test outside the ``db`` marker would be skipped by the PostgreSQL pass: refuse it there."""
    if conn.engine.url.get_backend_name() == "postgresql" and _current \
            and _current[0].get_closest_marker("db") is None:
        raise RuntimeError(f"{_current[0].nodeid} connects to PostgreSQL without the db marker: "
                           "use the db_url fixture")


@pytest.fixture(scope="session", autouse=True)
def _project_classifier_once() -> Iterator[None]:
    """Code under test that loads the project's own rules/ gets one classifier per session.

    Building it takes seconds and tests only read it; a test with its own rules folder (a copy
    it edits, a second district) still gets a classifier built from that folder.
    """
    from monitor.ingest import labeling
    from tests.project_classifier import RULES_DIR, default_classifier

    real = labeling.load_classifier

    def load_classifier(settings):  # type: ignore[no-untyped-def]
        if Path(settings.path(settings.rules_dir)).resolve() == RULES_DIR.resolve():
            return default_classifier()
        return real(settings)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(labeling, "load_classifier", load_classifier)
        yield


def _pg_base_url() -> str | None:
    url = os.environ.get(PG_ENV, "")
    return url if url.startswith("postgresql") else None


@pytest.fixture(scope="session")
def _database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = _pg_base_url()
    if base:
        name = f"otklik_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
        upgrade(url)
        yield url
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("dbtemplate") / "template.db"
        upgrade(f"sqlite:///{path}")
        yield str(path)


@pytest.fixture
def db_url(_database_template: str, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database for one test (SQLite copy, or emptied PostgreSQL)."""
    if _database_template.startswith("postgresql"):
        engine = create_engine(_database_template)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        yield _database_template
    else:
        path = tmp_path / "otklik.db"
        shutil.copyfile(_database_template, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine):  # type: ignore[no-untyped-def]
    return make_session_factory(engine)


@pytest.fixture(autouse=True)
def _reset_logging() -> Iterator[None]:
    """A test that runs the CLI configures structlog; the next test starts from the defaults."""
    import structlog

    yield
    structlog.reset_defaults()


@pytest.fixture
def race(db_url: str):  # type: ignore[no-untyped-def]
    """race(work, workers=2) runs ``work(session_factory)`` in threads released at the same moment,
    each with its own engine (a worker process in miniature); returns their results in finishing
    order and fails the test if any of them raised."""
    import threading

    def run(work, workers: int = 2, timeout: float = 120):  # type: ignore[no-untyped-def]
        engines = [make_engine(db_url) for _ in range(workers)]
        start = threading.Barrier(workers)
        results: list[object] = []
        errors: list[BaseException] = []

        def worker(factory) -> None:  # type: ignore[no-untyped-def]
            try:
                start.wait(timeout=30)
                results.append(work(factory))
            except Exception as exc:  # reported below, in the test's thread
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(make_session_factory(e),)) for e in engines]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=timeout)
        for e in engines:
            e.dispose()
        assert errors == []
        return results

    return run
