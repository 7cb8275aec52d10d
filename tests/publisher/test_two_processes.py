"""Two publisher processes on PostgreSQL share 500 due replies: each is posted exactly once."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from db.models import Incident, Message
from monitor.app.context import AppContext
from monitor.app.wiring import workflow_service
from monitor.core.clock import SystemClock

from .test_e2e_sandbox import (
    app_context,
    inject,
    publications,
    sandbox_replies,
    start_sandbox,
    start_worker,
    vk_message,
    worker_settings,
)

REPLIES = 500
CHUNK = 50  # cards approved per transaction while setting up


def _approve_all(ctx: AppContext, message_ids: list[int]) -> list[int]:
    """Open, route, draft and approve a card per message, a chunk of cards per transaction."""
    service = workflow_service(ctx)
    card_ids: list[int] = []
    for start in range(0, len(message_ids), CHUNK):
        with ctx.sessions() as s, s.begin():
            for message_id in message_ids[start:start + CHUNK]:
                message = s.get(Message, message_id)
                assert message is not None
                card_id = service.open_card(s, message).id
                service.route(s, card_id, ["gkh"], actor="curator")
                service.submit_draft(s, card_id, actor="exec_gkh", text=f"Ответ по обращению №{card_id}: приняли в работу.")
                service.approve(s, card_id, actor="curator")
                card_ids.append(card_id)
    return card_ids


def _published_by(log: Path) -> int:
    lines = log.read_text(encoding="utf-8").splitlines()
    return sum(1 for line in lines if line.startswith("{") and json.loads(line).get("event") == "reply.published")


@pytest.mark.slow
def test_two_workers_post_each_of_500_replies_once(db_url: str, tmp_path: Path) -> None:
    """Two `otklik worker --jobs publisher --once` at the same time: the sandbox counts 500 replies, none twice."""
    if not db_url.startswith("postgresql"):
        pytest.skip("several workers share the outbox through PostgreSQL row locks; on SQLite one worker is enough")
    sandbox = start_sandbox()
    ctx = app_context(db_url, SystemClock())
    base = sandbox.base_url
    try:
        assert requests.post(f"{base}/_sandbox/config", json={"requests_per_second": 0}, timeout=10).ok
        posts = [inject(sandbox, text=f"Обращение №{i}: когда починят дорогу?", author="Ирина Ковалёва")
                 for i in range(REPLIES)]
        card_ids = _approve_all(ctx, [vk_message(ctx, p, author="Ирина Ковалёва", text="дорога") for p in posts])
        settings = worker_settings(tmp_path)
        logs = [tmp_path / f"worker{i}.log" for i in (1, 2)]
        workers = [start_worker(settings, db_url, base, "--jobs", "publisher", "--once", log=log) for log in logs]
        for worker, log in zip(workers, logs, strict=True):
            assert worker.wait(timeout=600) == 0, log.read_text(encoding="utf-8")[-3000:]

        replies = sandbox_replies(base)
        guids = Counter(r["guid"] for r in replies)
        assert len(replies) == REPLIES and guids.most_common(1)[0][1] == 1, "each reply posted exactly once"
        pubs = publications(ctx)
        assert set(guids) == {p.key for p in pubs} and {p.status for p in pubs} == {"sent"}
        assert {(r["owner_id"], r["post_id"]) for r in replies} == {(p["owner_id"], p["post_id"]) for p in posts}
        with ctx.sessions() as s:
            states = Counter(s.scalars(select(Incident.state).where(Incident.id.in_(card_ids))))
        assert states == {"published": REPLIES}
        shares = [_published_by(log) for log in logs]
        assert sum(shares) == REPLIES and min(shares) > 0, f"both workers took part: {shares}"
    finally:
        sandbox.stop()
        ctx.close()
