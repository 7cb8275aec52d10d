"""Publishing: replies per second through the sandbox, and the delay from approval to publication.

Prints one JSON object:
  replies_per_s_1_worker: one `otklik worker --jobs publisher --once` process posting N due
    replies into a sandbox process, on SQLite;
  replies_per_s_2_workers: two such processes at once on PostgreSQL (--postgres URL), else null;
  p50_delay_s, p99_delay_s: approval to publication (publications.created_at to sent_at) while a
    worker runs with the default job interval and cards are approved one by one at a steady rate
    (2 a second for 30 seconds), on SQLite; the target is p99 <= 5 s.
Rates are counted from the first to the last publication (process start-up excluded; the wall
time with start-up is in the details). The sandbox limits every token to 3 requests/s; here the
community token gets 20/s, VK's limit for community tokens (set through /_sandbox/config). All
workers post with the one community token, so that limit caps them together; the details also
give two workers with the sandbox's limit lifted, i.e. what the software does past VK's cap.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import requests
import yaml
from _support import ROOT, quiet_logs, sandbox_process, scratch_database

OWN_WALL = -100001  # the administration's community: its token may comment only on its own wall
COMMUNITY_RPS = 20
LIMITS = {"requests_per_second_by_kind": {"group": COMMUNITY_RPS}}
NO_LIMITS = {"requests_per_second": 0, "requests_per_second_by_kind": {}}
CHUNK = 50


def _context(db_url: str) -> Any:
    from monitor.app.context import AppContext
    from monitor.app.wiring import sync_staff
    from monitor.core.clock import SystemClock
    from monitor.core.settings import Database, load_settings

    ctx = AppContext(load_settings().model_copy(update={"database": Database(url=db_url)}), SystemClock())
    sync_staff(ctx)
    return ctx


def _drafted_cards(ctx: Any, base: str, count: int) -> list[int]:
    """``count`` cards, each for a new post on our wall, routed and with a draft awaiting approval."""
    from db.models import Message
    from monitor.app.wiring import workflow_service
    from monitor.ingest.pipeline import source_row

    posts = []
    for i in range(count):
        answer = requests.post(f"{base}/_sandbox/posts", timeout=10, json={
            "network": "vk", "owner_id": OWN_WALL, "author": "Ирина Ковалёва",
            "text": f"Обращение №{i + 1}: когда починят дорогу на Набережной?"})
        answer.raise_for_status()
        posts.append(answer.json())
    service = workflow_service(ctx)
    cards: list[int] = []
    for start in range(0, count, CHUNK):
        with ctx.sessions() as s, s.begin():
            source = source_row(s, "vk-walls", "vk")
            now = ctx.clock.now()
            for post in posts[start:start + CHUNK]:
                message = Message(platform="vk", source_id=source.id, kind="post",
                                  external_id=f"{post['owner_id']}_{post['post_id']}", owner_id=str(post["owner_id"]),
                                  post_id=str(post["post_id"]), author_name="Ирина Ковалёва", url=post["url"],
                                  text="дорога", created_at=now, detected_at=now, relevant=True, topic="roads",
                                  topics=["roads"], location="sobolevo", importance="normal")
                s.add(message)
                s.flush()
                card_id = service.open_card(s, message).id
                service.route(s, card_id, ["gkh"], actor="curator")
                service.submit_draft(s, card_id, actor="exec_gkh",
                                     text=f"Ответ по обращению №{card_id}: дорогу отсыплют.")
                cards.append(card_id)
    return cards


def _approve(ctx: Any, card_ids: Sequence[int]) -> None:
    from monitor.app.wiring import workflow_service

    service = workflow_service(ctx)
    with ctx.sessions() as s, s.begin():
        for card_id in card_ids:
            service.approve(s, card_id, actor="curator")


def _publications(ctx: Any) -> list[tuple[str, datetime, datetime | None]]:
    from sqlalchemy import select

    from db.models import Publication

    with ctx.sessions() as s:
        return [tuple(r) for r in s.execute(select(Publication.status, Publication.created_at, Publication.sent_at))]


def _settings_file(tmp: Path) -> Path:
    data = yaml.safe_load((ROOT / "settings.yaml").read_text(encoding="utf-8"))
    data["rules_dir"] = str(ROOT / (data.get("rules_dir") or "rules"))
    path = tmp / "settings.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _worker(settings: Path, db_url: str, base: str, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "OTKLIK_DATABASE_URL": db_url}
    return subprocess.Popen([sys.executable, "-m", "monitor", "--log-level", "WARNING", "--settings", str(settings),
                             "worker", "--jobs", "publisher", "--sandbox-url", base, *args],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _reset(base: str, limits: dict[str, Any] = LIMITS) -> None:
    requests.post(f"{base}/_sandbox/reset", timeout=30).raise_for_status()
    requests.post(f"{base}/_sandbox/config", json=limits, timeout=10).raise_for_status()


def _throughput(base: str, db_url: str, settings: Path, replies: int, workers: int,
                limits: dict[str, Any] = LIMITS) -> dict[str, Any]:
    """N due replies, ``workers`` processes started together with --once; rate from first to last post."""
    _reset(base, limits)
    ctx = _context(db_url)
    try:
        _approve(ctx, _drafted_cards(ctx, base, replies))
        started = time.perf_counter()
        procs = [_worker(settings, db_url, base, "--once") for _ in range(workers)]
        codes = [p.wait(timeout=1800) for p in procs]
        wall = time.perf_counter() - started
        rows = _publications(ctx)
    finally:
        ctx.close()
    sent = sorted(r[2] for r in rows if r[0] == "sent" and r[2] is not None)
    posted = len(requests.get(f"{base}/_sandbox/replies", timeout=30).json())
    span = (sent[-1] - sent[0]).total_seconds() if len(sent) > 1 else 0.0
    return {"replies": replies, "workers": workers, "exit_codes": codes, "sent": len(sent),
            "sandbox_replies": posted, "span_s": round(span, 2), "wall_s_with_startup": round(wall, 2),
            "replies_per_s": round((len(sent) - 1) / span, 1) if span else None}


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _delays(base: str, db_url: str, settings: Path, rate: float, seconds: float) -> dict[str, Any]:
    """Approve one card in each 1/rate-second slot while a worker runs with its default interval.

    The moment inside each slot is random (seeded): approvals exactly in step with the job's
    interval would all meet the same phase of it and make the figures an artefact.
    """

    _reset(base)
    ctx = _context(db_url)
    count = int(rate * seconds)
    try:
        cards = _drafted_cards(ctx, base, count)
        worker = _worker(settings, db_url, base)
        time.sleep(3.0)  # let the worker start up: its first run would otherwise look like a delay
        start = time.monotonic()
        slots = random.Random(20260302)
        for i, card_id in enumerate(cards):
            time.sleep(max(0.0, start + (i + slots.random()) / rate - time.monotonic()))
            _approve(ctx, [card_id])
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            rows = _publications(ctx)
            if len(rows) == count and all(r[0] != "pending" and r[0] != "sending" for r in rows):
                break
            time.sleep(0.2)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        interval = ctx.settings.publisher.interval_seconds
    finally:
        ctx.close()
    delays = [(sent - created).total_seconds() for status, created, sent in rows if status == "sent" and sent]
    return {"approved": count, "sent": len(delays), "rate_per_s": rate, "interval_s": interval,
            "p50_delay_s": round(_percentile(delays, 0.5), 2) if delays else None,
            "p99_delay_s": round(_percentile(delays, 0.99), 2) if delays else None,
            "max_delay_s": round(max(delays), 2) if delays else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL: also measure two workers on it")
    parser.add_argument("--replies", type=int, default=300, help="due replies for the throughput runs")
    parser.add_argument("--rate", type=float, default=2.0, help="approvals per second for the delay run")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the delay run")
    args = parser.parse_args()
    quiet_logs()
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, sandbox_process() as base:
        settings = _settings_file(Path(tmp))
        with scratch_database(None, Path(tmp)) as url:
            one = _throughput(base, url, settings, args.replies, 1)
        two = two_unlimited = None
        if args.postgres:
            with scratch_database(args.postgres, Path(tmp)) as url:
                two = _throughput(base, url, settings, args.replies, 2)
            with scratch_database(args.postgres, Path(tmp)) as url:  # what the workers do past VK's limit
                two_unlimited = _throughput(base, url, settings, args.replies, 2, NO_LIMITS)
        with scratch_database(None, Path(tmp)) as url:
            delay = _delays(base, url, settings, args.rate, args.seconds)
    out["replies_per_s_1_worker"] = one["replies_per_s"]
    out["replies_per_s_2_workers"] = two["replies_per_s"] if two else None
    out["p50_delay_s"] = delay["p50_delay_s"]
    out["p99_delay_s"] = delay["p99_delay_s"]
    out["sandbox_limit"] = (f"community token {COMMUNITY_RPS} requests/s (VK's limit for community tokens; "
                            "the sandbox's default is 3/s), set through /_sandbox/config")
    out["detail"] = {"one_worker_sqlite": one, "two_workers_postgres": two,
                     "two_workers_postgres_sandbox_unlimited": two_unlimited, "delay_sqlite": delay}
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
