"""Ingest throughput: messages per second from the sandbox's VK API into the database.

Prints one JSON object:
  sqlite_msgs_per_s, postgres_msgs_per_s (null without --postgres URL): 100 walls x 100 posts
    fetched through the VK connector (execute batches) and stored, labelled, carded through the
    service's own poll (SourcePoller over make_pipeline: the fetch's pages stored while the next
    is fetched, the classifier, repeats, the card opener); the detail says how long the store
    waited for labels (classify_s: labelled in this process, or awaited from the labelling
    process, which is up before the clock starts, as a service's is after its first big poll)
    and spent finding repeats (repeats_s), and the bench process's CPU seconds (cpu_s: the
    labelling process's, the sandbox's and the database's are not in it; on a loaded machine it
    moves less than the wall-clock figures);
  vk_requests_per_100_walls: HTTP requests of a steady-state cycle over 100 watched walls
    (nothing new), and vk_requests_first_cycle for the first one.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from _support import quiet_logs, sandbox_process, scratch_database

WALLS = 100
POSTS = 100


def _run(base: str, owner_ids: list[int], db_url: str) -> dict[str, float | int]:
    from connectors.registry import build_connector
    from connectors.vk import VkConfig
    from monitor.app.context import AppContext
    from monitor.app.scheduler import make_pipeline
    from monitor.core.gc_pause import freeze_survivors
    from monitor.core.settings import Database, load_settings
    from monitor.ingest.polling import SourcePoller
    from monitor.ingest.relevance import WatchTerms

    settings = load_settings()
    settings = settings.model_copy(update={"database": Database(url=db_url)})
    connector = build_connector(VkConfig(name="bench", token="svc.bench", token_type="service",
                                         reply_token=None, group_id=None, walls=tuple(owner_ids),
                                         search=(), comments_posts=0, api_base=f"{base}/vk"))
    ctx = AppContext(settings)
    pipeline = make_pipeline(ctx)  # the production path (it builds the classifier before the clock starts)
    if ctx.label_process is not None:  # up, as a running service's is after its first big poll
        ctx.label_process.start().result()
    freeze_survivors()  # as Service.start does in `otklik run` and `otklik worker`, before the first poll
    spent = _time_the_parts()
    watch = WatchTerms.of(settings.watch.keywords, settings.watch.locations)
    poller = SourcePoller("bench", "vk", connector, pipeline, ctx.sessions, ctx.clock, interval=60, watch=watch)
    requests_made = connector._read_adapter.request_count  # type: ignore[attr-defined]
    started, cpu = time.perf_counter(), time.process_time()
    stats = poller.poll()  # as the service polls: the fetch's pages stored while the next is fetched
    stored, cpu = time.perf_counter(), time.process_time() - cpu
    assert stats is not None, "the bench's poll failed (see the log)"
    first = connector._read_adapter.request_count - requests_made  # type: ignore[attr-defined]
    poller.poll()
    steady = connector._read_adapter.request_count - requests_made - first  # type: ignore[attr-defined]
    ctx.close()
    return {"messages": stats.stored, "cards": stats.cards, "seconds": round(stored - started, 3),
            "cpu_s": round(cpu, 3), "msgs_per_s": round(stats.stored / (stored - started), 1),
            **{k: round(v, 3) for k, v in spent.items()},
            "first_requests": first, "steady_requests": steady}


def _time_the_parts() -> dict[str, float]:
    """Seconds the store waited for labels and spent finding repeats, of ``seconds``."""
    from monitor.ingest import pipeline as stages
    from monitor.ingest.repeat_links import RepeatFinder

    spent = {"classify_s": 0.0, "repeats_s": 0.0}

    def timed(fn: Callable[..., Any], key: str) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - start
        return run

    stages._Pending.__call__ = timed(stages._Pending.__call__, "classify_s")  # type: ignore[method-assign]
    RepeatFinder.split = timed(RepeatFinder.split, "repeats_s")  # type: ignore[method-assign]
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL to measure on as well")
    parser.add_argument("--walls", type=int, default=WALLS, help="fewer walls for a quick look (the figure is at 100)")
    args = parser.parse_args()
    quiet_logs()
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp, sandbox_process() as base:
        for label, pg in (("sqlite", None), ("postgres", args.postgres)):
            if label == "postgres" and not pg:
                out["postgres_msgs_per_s"] = None
                continue
            requests.post(f"{base}/_sandbox/reset", timeout=30)
            bulk = requests.post(f"{base}/_sandbox/bulk", json={"walls": args.walls, "posts_per_wall": POSTS},
                                 timeout=120).json()
            with scratch_database(pg, Path(tmp)) as url:
                figures = _run(base, bulk["owner_ids"], url)
            out[f"{label}_msgs_per_s"] = figures["msgs_per_s"]
            out[f"{label}_detail"] = figures
            out["vk_requests_per_100_walls"] = figures["steady_requests"]
            out["vk_requests_first_cycle"] = figures["first_requests"]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
