"""``make run`` end to end: `otklik run` without credentials on the demo database starts the
sandbox, and a post injected into it about Соболево becomes a card in `otklik incidents --json`
within two of the sandbox's polls (every source is read every ``sandbox.poll_seconds`` there)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from monitor.core.settings import SandboxSettings

from .conftest import (
    StartOtklik,
    free_port,
    otklik_cli,
    otklik_env,
    project_settings,
    write_settings,
)

POLL_S = SandboxSettings().poll_seconds  # how often every source is read in the sandbox
CARD_BOUND_S = 2 * POLL_S + 25.0  # two polls, plus labelling and `otklik incidents` on a busy machine
START_BOUND_S = 60.0
STOP_BOUND_S = 15.0
TEXT = "В Соболево на улице Заречной третий день нет воды, когда дадут?"


def _settings_for(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The project's settings with free ports; the database stays the demo one, ``var/otklik.db``
    in the folder `make run` runs in (the test's own)."""
    data = project_settings()
    data["sandbox"]["port"] = free_port()
    data["web"]["port"] = free_port()
    return write_settings(tmp_path / "settings.yaml", data), data


def _database_env(request: pytest.FixtureRequest, settings: Path) -> tuple[dict[str, str], tuple[str, ...]]:
    """`make run`'s database and flags: the demo SQLite file migrated by `otklik db upgrade`, no
    flag; with OTKLIK_DATABASE_URL set (CI's PostgreSQL run), this test's own scratch database,
    which is not the demo one, so the sandbox must be asked for."""
    if os.environ.get("OTKLIK_DATABASE_URL"):
        return otklik_env(OTKLIK_DATABASE_URL=request.getfixturevalue("db_url")), ("--sandbox",)
    env = otklik_env()
    upgraded = otklik_cli(settings, "db", "upgrade", env=env, cwd=settings.parent)
    assert upgraded.returncode == 0, upgraded.stderr
    assert (settings.parent / "var" / "otklik.db").exists()
    return env, ()


def _cards_by_text(settings: Path, env: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Every card `otklik incidents --json` lists, by its text (one process per look: each costs
    a second of CPU the service under test needs)."""
    done = otklik_cli(settings, "incidents", "--json", env=env, cwd=settings.parent)
    assert done.returncode == 0, done.stderr
    return {card["text"]: card for card in json.loads(done.stdout)}


@pytest.mark.slow
def test_injected_post_becomes_a_card_within_two_polls(
        tmp_path: Path, request: pytest.FixtureRequest, start_otklik: StartOtklik) -> None:
    """Without VK_TOKEN `otklik run` says it uses the sandbox; a post about Соболево injected there
    shows up in `otklik incidents --json` within two of the sandbox's polls; /health says the sources are
    the sandbox's; SIGTERM stops it with exit 0."""
    settings, data = _settings_for(tmp_path)
    env, flags = _database_env(request, settings)
    service = start_otklik(settings, *flags, env=env, cwd=tmp_path)

    started = service.wait_for("service.started", START_BOUND_S)
    first_lines = [e["event"] for e in service.events[: service.events.index(started)]][:5]
    assert "sandbox.enabled" in first_lines, first_lines
    sandbox = f"http://127.0.0.1:{data['sandbox']['port']}"
    assert service.find("sandbox.enabled", url=sandbox) is not None
    service.wait_for("source.polled", START_BOUND_S, source="vk-walls")
    service.wait_for("web.started", START_BOUND_S)
    health = requests.get(f"http://127.0.0.1:{data['web']['port']}/health", timeout=10).json()
    assert {s["name"]: s["sandbox"] for s in health["sources"]}["vk-walls"] is True

    answer = requests.post(f"{sandbox}/_sandbox/posts", json={"network": "vk", "text": TEXT}, timeout=10)
    injected_at = time.monotonic()
    assert answer.status_code == 201, answer.text
    post_url = answer.json()["url"]

    card = None
    while card is None:
        assert service.returncode is None, f"otklik run died\n{service.tail()}"
        card = _cards_by_text(settings, env).get(TEXT)
        waited = time.monotonic() - injected_at
        assert card is not None or waited < CARD_BOUND_S, (
            f"no card within {CARD_BOUND_S} s of the injection\n{service.tail()}")
        if card is None:
            time.sleep(2)

    assert card["state"] == "new"
    assert card["platform"] == "vk"
    assert card["url"] == post_url
    assert card["topic"] == "water"
    assert card["location"] == "sobolevo"
    assert card["deadlines"].get("reply") and card["reply_due_at"]

    assert service.terminate(STOP_BOUND_S) == 0
    assert service.find("service.stopped") is not None
