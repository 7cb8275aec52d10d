"""The sandbox never writes into a real database, and a real run never into the sandbox's.

`otklik run` as a user starts it: with a VK token that does not resolve and a database other than
the demo one it stops with one line naming the variable (it used to start the sandbox silently and
put invented posts into the configured database); `--sandbox` on a database with real sources'
data, and a real run on a database the sandbox filled, stop with one line and write nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from connectors.base import FetchResult
from connectors.base import NetworkMessage as Record
from db.models import Incident, Message, Source
from db.session import make_engine, make_session_factory
from monitor.app.sandbox_db import prepare
from monitor.core.clock import FrozenClock
from monitor.ingest.pipeline import IngestPipeline
from monitor.ingest.relevance import KeywordLabeler, WatchTerms

from ..monitor.fakes import open_cards_simple
from .conftest import free_port, otklik_cli, otklik_env, project_settings, write_settings

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
REFUSED = 2
RUN_BOUND_S = 90.0  # start-up to the refusal; a run that does not refuse is killed here and fails


def _settings(tmp_path: Path) -> Path:
    """The project's settings (token: ${VK_TOKEN}), on free ports, VK pointed at a closed port so
    nothing ever reaches the real VK."""
    data = project_settings()
    data["sandbox"]["port"] = free_port()
    data["web"]["port"] = free_port()
    data["sources"][0]["api_base"] = f"http://127.0.0.1:{free_port()}/vk"
    # VK and the feed only: the other networks' demo sources would ask for credentials of their own.
    data["sources"] = [s for s in data["sources"] if s["platform"] in ("vk", "rss")]
    return write_settings(tmp_path / "settings.yaml", data)


def _store_one_post(db_url: str, *, sandbox: bool) -> None:
    """One citizen's post stored by the ingest pipeline for vk-walls, as a poll would store it;
    from the sandbox (the source claimed by it first) or from a real network."""
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    try:
        if sandbox:
            prepare(sessions, db_url, True, {"vk-walls": "vk"})
        post = Record(platform="vk", external_id="-100001_9001", kind="post", url="https://vk.com/wall-100001_9001",
                      text="В Соболево нет воды третий день", created_at=NOW, owner_id="-100001", post_id="9001")
        IngestPipeline(sessions, KeywordLabeler(), FrozenClock(NOW), open_cards_simple).store(
            "vk-walls", "vk", FetchResult([post], {"version": 1, "walls": {"-100001": {"max_post_id": 9001}}}),
            watch=WatchTerms.of([], ["соболево"]))
    finally:
        engine.dispose()


def _database(db_url: str) -> dict[str, Any]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return {"messages": conn.scalar(select(func.count()).select_from(Message)),
                    "cards": conn.scalar(select(func.count()).select_from(Incident)),
                    "sources": dict(conn.execute(select(Source.name, Source.sandbox)).all())}
    finally:
        engine.dispose()


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("otklik:")]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.slow
def test_an_unset_token_is_an_error_naming_it_not_the_sandbox(tmp_path: Path, db_url: str) -> None:
    """`token: ${VK_TOKEN}` with VK_TOKEN unset, on a database that is not the demo one: `run` and
    `check-config` stop with one line naming the variable and the setting; nothing is written."""
    settings = _settings(tmp_path)
    env = otklik_env(OTKLIK_DATABASE_URL=db_url)
    for command in (["run"], ["check-config"]):
        done = otklik_cli(settings, *command, env=env, timeout=RUN_BOUND_S)
        assert done.returncode == REFUSED, (command, done.stderr[-2000:])
        line = _one_line(done.stderr)
        assert "не задан токен VK: переменная окружения VK_TOKEN (sources[0].token)" in line, line
        assert "VK_GROUP_TOKEN (sources[0].reply_token)" in line, line
        assert "sandbox.enabled" not in done.stderr
    assert _database(db_url) == {"messages": 0, "cards": 0, "sources": {}}


@pytest.mark.slow
def test_the_sandbox_refuses_a_database_with_real_sources_data(tmp_path: Path, db_url: str) -> None:
    """`otklik run --sandbox` on a database holding a real source's messages stops with one line
    naming the source; the database is left as it was."""
    _store_one_post(db_url, sandbox=False)
    before = _database(db_url)
    assert before["sources"] == {"vk-walls": False} and before["messages"] == 1
    done = otklik_cli(_settings(tmp_path), "run", "--sandbox", env=otklik_env(OTKLIK_DATABASE_URL=db_url),
                      timeout=RUN_BOUND_S)
    assert done.returncode == REFUSED, done.stderr[-2000:]
    line = _one_line(done.stderr)
    assert "песочница не запущена" in line and "данные реальных источников (vk-walls)" in line, line
    assert "sandbox.enabled" not in done.stderr
    assert _database(db_url) == before


@pytest.mark.slow
def test_a_real_run_refuses_a_database_the_sandbox_filled(tmp_path: Path, db_url: str) -> None:
    """With credentials set, `otklik run` on a database of sandbox cards stops with one line: its
    demo cards are not work, and their replies must never reach the real network."""
    _store_one_post(db_url, sandbox=True)
    before = _database(db_url)
    assert before["sources"] == {"vk-walls": True}
    env = otklik_env(OTKLIK_DATABASE_URL=db_url, VK_TOKEN="svc.test", VK_GROUP_TOKEN="grp.100001.test")
    done = otklik_cli(_settings(tmp_path), "run", env=env, timeout=RUN_BOUND_S)
    assert done.returncode == REFUSED, done.stderr[-2000:]
    line = _one_line(done.stderr)
    assert "данные песочницы (источники vk-walls)" in line, line
    assert _database(db_url) == before
