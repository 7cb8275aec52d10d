"""Crash safety of ingest: `otklik run` killed with SIGKILL while it stores a large fetch, then
restarted, stores every post and comment of the watched walls exactly once, with one card each."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Incident, Message, Source
from db.session import make_engine
from monitor.ingest.source_switch import request_poll
from monitor.sandbox import SandboxServer

from .conftest import (
    StartOtklik,
    free_port,
    otklik_env,
    project_settings,
    write_settings,
)

SOURCE = "vk-bulk"
INTERVAL_S = 30
START_BOUND_S = 60.0
# the next poll is asked for as an administrator does («Опросить сейчас»): within seconds, not the interval
POLL_BOUND_S = 15.0  # half the interval: the interval's own poll would come too late
STOP_BOUND_S = 15.0
# The kill waits this long after the fetch, so the store's transaction is open and writing (the
# store itself takes seconds; `source.polled` not being logged proves the kill came first).
INTO_STORE_S = 0.2
# 40 walls x 100 posts: wall.get reads 100 posts a wall, so every post is seen on the first poll;
# 5 small walls carry comments (all under their newest posts, inside `comments_posts`).
BIG = {"walls": 40, "posts_per_wall": 100, "comments_per_post": 0}
COMMENTED = {"walls": 5, "posts_per_wall": 8, "comments_per_post": 3}


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer("127.0.0.1", 0) as server:
        yield server


def _bulk(base: str, body: dict[str, int]) -> list[int]:
    answer = requests.post(f"{base}/_sandbox/bulk", json=body, timeout=60)
    assert answer.status_code == 201, answer.text
    return list(answer.json()["owner_ids"])


def _settings(tmp_path: Path, base: str, walls: list[int], db_url: str) -> Path:
    data = project_settings()
    data["database"]["url"] = db_url
    data["sandbox"]["port"] = free_port()
    data["web"]["port"] = free_port()
    data["sources"] = [{
        "name": SOURCE, "platform": "vk", "interval": INTERVAL_S, "jitter": 0,
        "token": "${VK_TOKEN}", "token_type": "service", "walls": walls, "comments_posts": 10,
        "api_base": f"{base}/vk",
    }]
    return write_settings(tmp_path / "settings.yaml", data)


def _sandbox_keys(server: SandboxServer, walls: list[int]) -> set[tuple[str, str, str | None]]:
    """(owner, post, comment or None) of every post and comment on ``walls``, read in-process."""
    keys: set[tuple[str, str, str | None]] = set()
    with server.state.lock:
        for owner in walls:
            for post in server.state.walls[owner].posts:
                keys.add((str(owner), str(post.id), None))
                keys.update((str(owner), str(post.id), str(c.id)) for c in post.comments)
    return keys


def _ask_for_a_poll(db_url: str) -> None:
    """The web desk's «Опросить сейчас»: the request persisted for the running service to take."""
    engine = make_engine(db_url)
    try:
        with Session(engine) as session, session.begin():
            request_poll(session, SOURCE, "vk", datetime.now(UTC))
    finally:
        engine.dispose()


def _database(db_url: str) -> dict[str, Any]:
    """What the service stored: message keys with their counts, cards, and the source's cursor."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            per_key = conn.execute(
                select(Message.platform, Message.external_id, func.count())
                .group_by(Message.platform, Message.external_id)).all()
            keys = conn.execute(select(Message.owner_id, Message.post_id, Message.comment_id)).all()
            relevant = conn.execute(select(Message.id, Message.incident_id).where(Message.relevant.is_(True))).all()
            cards = conn.execute(select(Incident.first_message_id, Incident.state)).all()
            cursor = conn.execute(select(Source.cursor).where(Source.name == SOURCE)).scalar_one_or_none()
    finally:
        engine.dispose()
    return {"per_key": per_key, "keys": [tuple(k) for k in keys], "relevant": relevant,
            "cards": cards, "cursor": cursor}


@pytest.mark.slow
def test_sigkill_mid_ingest_then_restart_stores_everything_once(
        tmp_path: Path, db_url: str, sandbox: SandboxServer, start_otklik: StartOtklik) -> None:
    """Killed with SIGKILL while storing a 4,000-post fetch and restarted, the service stores every
    post and comment of the watched walls exactly once, opens one card per relevant message, and
    keeps following the walls (three later messages arrive once, too)."""
    base = sandbox.base_url
    walls = _bulk(base, BIG) + _bulk(base, COMMENTED)
    tuned = requests.post(f"{base}/_sandbox/config", json={"requests_per_second": 0}, timeout=10)
    assert tuned.status_code == 200, tuned.text
    settings = _settings(tmp_path, base, walls, db_url)
    env = otklik_env(VK_TOKEN="svc.test", OTKLIK_DATABASE_URL=db_url)
    expected = _sandbox_keys(sandbox, walls)
    assert len(expected) == 4000 + 40 + 120

    # 1. Killed after the fetch (vk.polled) and before the store commits (source.polled).
    first = start_otklik(settings, "--no-sandbox", env=env)
    fetched = first.wait_for("vk.polled", START_BOUND_S, source=SOURCE)
    assert fetched["messages"] == len(expected)
    time.sleep(INTO_STORE_S)
    assert first.kill() == -signal.SIGKILL
    assert first.find("source.polled") is None, "the store finished before the kill: make the batch bigger"
    killed = _database(db_url)
    assert killed["cursor"] is None and killed["keys"] == [], "the killed store left a partial commit"

    # 2. Restarted: the same fetch again, stored whole.
    second = start_otklik(settings, "--no-sandbox", env=env)
    polled = second.wait_for("source.polled", START_BOUND_S, source=SOURCE)
    assert (polled["stored"], polled["duplicates"]) == (len(expected), 0), polled

    # 3. Three more messages, one a comment under an already-stored post, reach the next poll.
    after = second.mark()
    commented_wall = walls[len(walls) - COMMENTED["walls"]]
    with sandbox.state.lock:
        newest_post = sandbox.state.walls[commented_wall].posts[-1].id
    later_messages: list[dict[str, Any]] = [
        {"owner_id": walls[0], "text": "Соболево, улица Набережная: опять нет света с утра"},
        {"owner_id": walls[-1], "text": "В Устьевом грейдер так и не прошёл, дорогу развезло"},
        {"owner_id": commented_wall, "post_id": newest_post, "text": "У нас в Соболево тоже нет воды"},
    ]
    for body in later_messages:
        made = requests.post(f"{base}/_sandbox/posts", json={"network": "vk", **body}, timeout=10)
        assert made.status_code == 201, made.text
    _ask_for_a_poll(db_url)
    later = second.wait_for("source.polled", POLL_BOUND_S, since=after, source=SOURCE)
    assert (later["received"], later["stored"], later["duplicates"]) == (3, 3, 0), later
    assert second.terminate(STOP_BOUND_S) == 0

    expected = _sandbox_keys(sandbox, walls)
    stored = _database(db_url)
    assert len(expected) == 4000 + 40 + 120 + 3
    assert all(count == 1 for _, _, count in stored["per_key"])
    assert len(stored["keys"]) == len(expected)
    assert set(stored["keys"]) == expected
    card_messages = [mid for mid, _ in stored["cards"]]
    assert len(card_messages) == len(set(card_messages)), "a message has two cards"
    relevant_ids = {mid for mid, _ in stored["relevant"]}
    work_cards = {mid for mid, state in stored["cards"] if state != "excluded"}
    assert work_cards == relevant_ids and len(relevant_ids) > 2000
    assert all(card_id is not None for _, card_id in stored["relevant"])
    assert stored["cursor"] and set(stored["cursor"]["walls"]) == {str(w) for w in walls}
