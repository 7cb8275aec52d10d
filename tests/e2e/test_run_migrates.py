"""Issue 10, item 11: `otklik run` on a database nobody migrated brings it to the schema itself,
where every other command asks for `otklik db upgrade`."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.migrate import expected_heads

from .conftest import StartOtklik, free_port, otklik_cli, otklik_env, project_settings, write_settings

START_BOUND_S = 60.0
STOP_BOUND_S = 15.0


@pytest.mark.slow
def test_run_migrates_a_fresh_database(tmp_path: Path, start_otklik: StartOtklik) -> None:
    """A fresh SQLite file: `incidents` refuses in one line; `run` starts (schema at head, logged
    as db.upgraded); afterwards `incidents` answers."""
    data = project_settings()
    data["database"]["url"] = f"sqlite:///{tmp_path / 'fresh' / 'otklik.db'}"
    data["sandbox"]["port"], data["web"]["port"] = free_port(), free_port()
    settings = write_settings(tmp_path / "settings.yaml", data)
    env = otklik_env()

    before = otklik_cli(settings, "incidents", env=env)
    assert before.returncode == 2
    assert "Traceback" not in before.stderr
    assert before.stderr.strip().startswith("otklik: база данных не подготовлена")

    service = start_otklik(settings, "--sandbox", env=env)
    service.wait_for("db.upgraded", START_BOUND_S, revision="head")
    service.wait_for("service.started", START_BOUND_S)
    assert service.terminate(STOP_BOUND_S) == 0

    current = otklik_cli(settings, "db", "current", env=env)
    assert current.stdout.strip() == ", ".join(expected_heads())
    after = otklik_cli(settings, "incidents", "--json", env=env)
    assert after.returncode == 0, after.stderr
