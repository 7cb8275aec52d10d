"""Latency of the own community in real time, and requests per poll cycle per network.

Prints one JSON object:
  vk_longpoll_p50_s, vk_longpoll_p99_s: a resident's comment in the own community (sandbox) →
    its card in the database, through Bots Long Poll, the ingest pipeline and card intake, with
    the poller asked again as soon as it answers (as `otklik run` does); target p99 <= 2 s;
  requests_per_cycle: HTTP requests of one quiet poll cycle (nothing new) over 100 watched
    sources of each network: VK walls (one source, execute batches), RSS feeds, OK groups,
    Telegram channels (web preview) plus the bot's getUpdates, the VK long poll (one per answer);
  samples and the database used.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _support import quiet_logs, scratch_database

SOURCES = 100
SAMPLES = 60


def _latency(base: str, db_url: str, samples: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from db.models import Message
    from monitor.app.context import AppContext
    from monitor.app.scheduler import Service, make_pipeline
    from monitor.app.sources import build_pollers
    from monitor.app.wiring import sync_staff
    from monitor.core.clock import SystemClock
    from monitor.core.settings import Database, load_settings
    from monitor.sandbox.control import inject

    settings = load_settings().model_copy(update={"database": Database(url=db_url)})
    ctx = AppContext(settings, SystemClock())
    sync_staff(ctx)
    [live] = [p for p in build_pollers(ctx, make_pipeline(ctx), base) if p.name == "vk-own-live"]
    stop = threading.Event()
    seen: dict[str, float] = {}
    live.poll()  # the stream starts now
    service = Service(ctx, [live])  # the scheduler `otklik run` uses: a streaming source is asked again at once

    def watch_cards() -> None:
        while not stop.is_set():
            with ctx.sessions() as s:
                texts = list(s.scalars(select(Message.text).where(Message.incident_id.is_not(None))))
            now = time.perf_counter()
            for text in texts:
                seen.setdefault(text, now)
            time.sleep(0.01)

    service.start()
    thread = threading.Thread(target=watch_cards, daemon=True)
    thread.start()
    return_value: dict[str, Any] = {}
    try:
        state = SANDBOX.state
        _, parent = inject(state, {"network": "vk", "text": "График подачи воды", "author": "group",
                                   "owner_id": -100001}, base)
        sent: dict[str, float] = {}
        for i in range(samples):
            text = f"В Соболево на улице номер {i} нет воды третий день, когда дадут?"
            sent[text] = time.perf_counter()
            inject(state, {"network": "vk", "owner_id": -100001, "post_id": parent["post_id"], "text": text,
                           "author": f"Житель {i}"}, base)
            time.sleep(0.15 + (i % 7) * 0.05)  # comments arrive at uneven moments
        deadline = time.perf_counter() + 30
        while len([t for t in sent if t in seen]) < samples and time.perf_counter() < deadline:
            time.sleep(0.05)
        delays = sorted(seen[t] - sent[t] for t in sent if t in seen)
        return_value = {
            "vk_longpoll_p50_s": round(statistics.median(delays), 3) if delays else None,
            "vk_longpoll_p99_s": round(delays[min(len(delays) - 1, int(len(delays) * 0.99))], 3) if delays else None,
            "longpoll_samples": len(delays), "longpoll_lost": samples - len(delays),
        }
        with ctx.sessions() as s:
            return_value["longpoll_cards"] = s.scalar(select(func.count()).select_from(Message)
                                                      .where(Message.incident_id.is_not(None),
                                                             Message.text.like("%улице номер%")))
    finally:
        stop.set()
        thread.join(timeout=5)
        service.stop()
        ctx.close()
    return return_value


def _requests_per_cycle(base: str) -> dict[str, int]:
    from connectors.ok import OkSource
    from connectors.registry import build_connector
    from connectors.rss import RssSource
    from connectors.telegram import TelegramSource
    from connectors.vk import VkSource
    from monitor.core.clock import SystemClock
    from monitor.sandbox.bulk import bulk
    from monitor.sandbox.control import inject
    from monitor.sandbox.ok import OkGroup

    state = SANDBOX.state
    out: dict[str, int] = {}

    def quiet_cycle(connectors: list[Any]) -> int:
        cursors = [c.fetch(None).cursor for c in connectors]
        return sum(c.fetch(cursor).requests for c, cursor in zip(connectors, cursors, strict=True))

    _, made = bulk(state, {"walls": SOURCES, "posts_per_wall": 10})
    vk = VkSource(name="vk-bench", platform="vk", walls=made["owner_ids"], comments_posts=10).connector_config(base)
    out["vk"] = quiet_cycle([build_connector(dataclasses.replace(vk, min_request_interval=0.0))])
    for i in range(SOURCES):
        inject(state, {"network": "rss", "feed": f"bench-{i}", "text": f"Новость {i}"}, base)
    out["rss"] = quiet_cycle([build_connector(RssSource(name=f"bench-{i}", platform="rss",
                                                        url="https://example.org/").connector_config(base))
                              for i in range(SOURCES)])
    groups = [str(80000000000000 + i) for i in range(SOURCES)]
    with state.lock:
        for gid in groups:
            state.ok.groups[gid] = OkGroup(gid, f"Группа {gid}")
    ok = OkSource(name="ok-bench", platform="ok", application_key="CBAOKSANDBOX", groups=groups)
    out["ok"] = quiet_cycle([build_connector(ok.connector_config(base), clock=SystemClock())])
    telegram = [TelegramSource(name=f"tg-{i}", platform="telegram", channels=["adm_district"],
                               bot_token="${TELEGRAM_BOT_TOKEN}" if i == 0 else None).connector_config(base)
                for i in range(SOURCES)]
    out["telegram"] = quiet_cycle([build_connector(c) for c in telegram])
    live = VkSource(name="vk-live", platform="vk", longpoll=True, longpoll_wait=1, reply_token="${VK_GROUP_TOKEN}",
                    group_id=100001).connector_config(base)
    out["vk_longpoll_per_answer"] = quiet_cycle([build_connector(live)])
    return out


SANDBOX: Any = None


def main() -> None:
    global SANDBOX
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL to store in instead of SQLite")
    parser.add_argument("--samples", type=int, default=SAMPLES)
    args = parser.parse_args()
    quiet_logs()
    from monitor.core.clock import SystemClock
    from monitor.sandbox import SandboxServer

    out: dict[str, Any] = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds")}
    with tempfile.TemporaryDirectory() as tmp, SandboxServer("127.0.0.1", 0, clock=SystemClock()) as sandbox:
        SANDBOX = sandbox
        sandbox.state.options.requests_per_second = 0
        with scratch_database(args.postgres, Path(tmp)) as url:
            out.update(_latency(sandbox.base_url, url, args.samples))
        out["database"] = "postgres" if args.postgres else "sqlite"
        out["requests_per_cycle"] = _requests_per_cycle(sandbox.base_url)
        out["sources_per_network"] = SOURCES
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
