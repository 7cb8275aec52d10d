"""/metrics at scrape time: how long the database collector's aggregate queries take.

Prints one JSON object: scrape_p50_ms, scrape_p95_ms over 20 scrapes of the collector (the
figures Prometheus reads, monitor/web/metrics.py) with N cards (default 100,000: one message and
two stage deadlines each, spread over states and sources; the latest 2,000 cards' stages still
open and overdue), on SQLite or (--postgres URL) on a fresh PostgreSQL database. The overdue
count's cost grows with the number of open overdue stages, the others with the table sizes.
Rows are written with bulk inserts; only the scrapes are timed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _support import quiet_logs, scratch_database

STATES = ("new", "assigned", "draft", "approved", "published", "closed", "dismissed")
SOURCES = 20
OPEN = 2_000  # the latest cards have open stages (all past due at the scrape): the rest are done


def _fill(url: str, cards: int) -> None:
    from sqlalchemy import create_engine, insert

    from db.models import Incident, Message, Source, StageDeadline

    engine = create_engine(url)
    start = datetime(2026, 3, 2, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(insert(Source), [{"id": i + 1, "name": f"src-{i}", "platform": "vk", "status": "ok",
                                       "failures": 0, "sandbox": False} for i in range(SOURCES)])
        for first in range(0, cards, 10000):
            ids = range(first + 1, min(cards, first + 10000) + 1)
            at = [start + timedelta(minutes=i) for i in ids]
            conn.execute(insert(Message), [{
                "id": i, "platform": "vk", "external_id": f"m{i}", "source_id": 1 + i % SOURCES, "kind": "post",
                "url": "https://vk.com/x", "text": "Яма на дороге", "created_at": t, "detected_at": t,
                "relevant": True, "likes": 0, "reposts": 0, "comments": 0, "views": 0}
                for i, t in zip(ids, at, strict=True)])
            conn.execute(insert(Incident), [{
                "id": i, "state": STATES[i % len(STATES)], "platform": "vk", "url": "https://vk.com/x",
                "first_message_id": i, "detected_at": t, "official": False, "version": 1,
                "requires_measures_report": False} for i, t in zip(ids, at, strict=True)])
            conn.execute(insert(StageDeadline), [{
                "incident_id": i, "stage": stage, "cycle": 1, "started_at": t, "due_at": t + timedelta(hours=2),
                "done_at": None if i > cards - OPEN else t + timedelta(hours=1), "working": True,
                "reminded_percent": 0}
                for i, t in zip(ids, at, strict=True) for stage in ("reply", "draft")])
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--postgres", default=None, metavar="URL")
    args = parser.parse_args()
    quiet_logs()
    from prometheus_client import CollectorRegistry, generate_latest

    from db.session import make_engine, make_session_factory
    from monitor.core.clock import FrozenClock
    from monitor.web.metrics import DatabaseCollector

    with tempfile.TemporaryDirectory() as tmp, scratch_database(args.postgres, Path(tmp)) as url:
        _fill(url, args.cards)
        engine = make_engine(url)
        registry = CollectorRegistry()
        scrape_at = FrozenClock(datetime(2026, 6, 1, tzinfo=UTC))
        registry.register(DatabaseCollector(make_session_factory(engine), scrape_at))
        generate_latest(registry)  # warm the caches once
        took = []
        for _ in range(20):
            began = time.perf_counter()
            body = generate_latest(registry)
            took.append((time.perf_counter() - began) * 1000)
        engine.dispose()
    took.sort()
    print(json.dumps({"cards": args.cards, "database": "postgresql" if args.postgres else "sqlite",
                      "scrape_p50_ms": round(statistics.median(took), 1),
                      "scrape_p95_ms": round(took[int(len(took) * 0.95) - 1], 1), "bytes": len(body)}))


if __name__ == "__main__":
    main()
