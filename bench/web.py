"""Web desk latency: the curator's queue (first page, a filtered page, a search) and a card page.

Seeds N cards (100,000 on SQLite by default; 1,000,000 with ``--postgres URL``, which is used as
given: migrated, emptied and filled, so pass a database of its own) with their first messages and
assignments, in bulk (PostgreSQL: COPY, the text index built after), then asks the real app (FastAPI
in-process, signed in as the curator) each page ``--rounds`` times and prints JSON: queue_p50_ms,
queue_p95_ms (the three queue pages together), card_p95_ms, each page's p95, seed time and the
process's peak resident memory (seeding included, done in chunks). The seed ends as autovacuum
would leave the tables: vacuumed (visibility map set, so index-only scans) and analyzed.
``--reuse`` skips the seed when the database already holds ``--cards`` cards.
Targets (issue 12): queue p95 <= 100 ms on PostgreSQL at 1M cards, <= 150 ms on SQLite at 100k.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _support import quiet_logs
from sqlalchemy import Engine, func, insert, select, text

CHUNK = 50_000
STATES = [("closed", 70), ("published", 8), ("new", 6), ("assigned", 8), ("draft", 2), ("rework", 1),
          ("returned", 1), ("approved", 1), ("interim", 1), ("dismissed", 1), ("excluded", 1)]
PROBLEMS = ["протекает крыша", "нет воды", "яма на дороге", "не вывозят мусор", "не горят фонари",
            "холодные батареи", "бродячие собаки", "нет связи", "сломана горка", "не ходит автобус",
            "протекла труба в подвале", "отключили свет", "грязь во дворе", "нет лекарств в аптеке"]
STREETS = ["Советской", "Набережной", "Лиственничной", "Школьной", "Береговой", "Комсомольской", "Мира",
           "Ленина", "Садовой", "Заречной", "Рыбацкой", "Лесной", "Центральной", "Почтовой", "Таёжной"]
PLACES = ["Соболево", "Устьевое", "Крутогоровский"]
TOPICS = ["water", "roads", "waste", "power", "heating", "housing", "animals", "communications", "improvement",
          "transport", "health", "other"]
IMPORTANCE = ["normal"] * 6 + ["high"] * 3 + ["critical", "low"]
LOCATIONS = ["sobolevo", "ustyevoye", "krutogorovsky", "district"]
PASSWORD = "бенчмарк-пароль-1"
PAGES = {"first": "/queue", "filtered": "/queue?topic=water&importance=high&network=vk",
         "search": "/queue?q=протекает+Лиственничная"}


def _rows(n: int, start: int, now: datetime, units: list[int], rnd: random.Random
          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    states = [s for s, w in STATES for _ in range(w)]
    messages, cards, assignments = [], [], []
    for i in range(start, start + n):
        detected = now - timedelta(minutes=rnd.randrange(0, 365 * 24 * 60))
        state = rnd.choice(states)
        body = (f"В {rnd.choice(PLACES)} на улице {rnd.choice(STREETS)} {rnd.choice(PROBLEMS)}, "
                f"дом {rnd.randrange(1, 80)}. Просим разобраться, обращение {i}")
        topic, place, importance = rnd.choice(TOPICS), rnd.choice(LOCATIONS), rnd.choice(IMPORTANCE)
        messages.append(dict(id=i, platform=rnd.choice(["vk", "vk", "telegram", "ok"]), external_id=f"b-{i}",
                             kind="post", url=f"https://vk.com/wall-1_{i}", text=body, created_at=detected,
                             detected_at=detected, likes=0, reposts=0, comments=0, views=0, relevant=True,
                             incident_id=i, topic=topic, location=place, importance=importance))
        cards.append(dict(id=i, state=state, platform=messages[-1]["platform"], url=messages[-1]["url"],
                          first_message_id=i, official=False, detected_at=detected, topic=topic, location=place,
                          importance=importance, version=1, reply_due_at=detected + timedelta(hours=rnd.choice(
                              [8, 24, 72, 120])), requires_measures_report=False,
                          published_at=detected + timedelta(hours=20) if state in ("published", "closed") else None,
                          closed_at=detected + timedelta(days=2) if state == "closed" else None))
        if state not in ("new", "dismissed", "excluded"):
            assignments.append(dict(incident_id=i, unit_id=rnd.choice(units), cycle=1, position=0,
                                    assigned_at=detected + timedelta(hours=1), assigned_by="curator", active=True))
    return messages, cards, assignments


def _copy(engine: Engine, table: Any, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL COPY of plain rows (JSON-free columns only)."""
    if not rows:
        return
    cols = list(rows[0])
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET session_replication_role = replica")  # the two tables point at each other
        with cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in cols])
        raw.commit()
    finally:
        raw.close()


def seed(engine: Engine, settings: Any, cards: int, now: datetime) -> float:
    from db.models import Assignment, Incident, Message, Unit
    from monitor.workflow.staffing import sync_units_and_users

    started = time.perf_counter()
    pg = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        for table in ("events", "stage_deadlines", "drafts", "assignments", "notifications"):
            conn.execute(text(f"DELETE FROM {table}"))
        if pg:
            conn.execute(text("TRUNCATE incidents, messages, messages_fts_words CASCADE"))
            conn.execute(text("DROP INDEX IF EXISTS ix_messages_fts"))
        else:
            conn.execute(text("UPDATE incidents SET first_message_id = NULL, repeat_of_id = NULL"))
            conn.execute(text("UPDATE messages SET incident_id = NULL, parent_id = NULL"))
            conn.execute(text("DELETE FROM incidents"))
            conn.execute(text("DELETE FROM messages"))
    from sqlalchemy.orm import Session

    with Session(engine) as s, s.begin():
        sync_units_and_users(s, settings)
    with engine.connect() as conn:
        units = list(conn.scalars(select(Unit.id)))
    rnd = random.Random(12)
    for start in range(1, cards + 1, CHUNK):
        messages, incidents, assignments = _rows(min(CHUNK, cards + 1 - start), start, now, units, rnd)
        if pg:
            _copy(engine, Message.__table__, messages)
            _copy(engine, Incident.__table__, incidents)
            _copy(engine, Assignment.__table__, assignments)
        else:
            with engine.begin() as conn:  # foreign keys on: the card's link to its message comes after
                conn.execute(insert(Message.__table__), [{**m, "incident_id": None} for m in messages])
                conn.execute(insert(Incident.__table__), incidents)
                conn.execute(insert(Assignment.__table__), assignments)
    with engine.begin() as conn:
        if pg:
            conn.execute(text("CREATE INDEX ix_messages_fts ON messages USING gin (fts_vector)"))
            # COPY ran with triggers off: the search's word list (migration 0019) is filled as its trigger would
            conn.execute(text("INSERT INTO messages_fts_words (word) SELECT DISTINCT w.lexeme FROM messages, "
                              "unnest(messages.fts_vector) AS w ORDER BY 1"))
            conn.execute(text("SELECT setval(pg_get_serial_sequence('incidents', 'id'), max(id)) FROM incidents"))
            conn.execute(text("SELECT setval(pg_get_serial_sequence('messages', 'id'), max(id)) FROM messages"))
        else:
            conn.execute(text("UPDATE messages SET incident_id = id"))
            conn.execute(text("ANALYZE"))
    if pg:  # what autovacuum does after a million inserts (PostgreSQL 13+): the visibility map, the statistics
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE)"))
    return time.perf_counter() - started


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(url: str, settings: Any, rounds: int, now: datetime) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from db.models import Incident, User
    from db.session import make_engine, make_session_factory
    from monitor.app.context import AppContext
    from monitor.core.clock import FrozenClock
    from monitor.web.app import create_app
    from monitor.web.auth import hash_password
    from monitor.web.server import freeze_startup_objects, web_deps

    engine = make_engine(url)
    sessions = make_session_factory(engine)
    password = PASSWORD
    with sessions() as s, s.begin():
        s.scalars(select(User).where(User.login == "curator")).one().password_hash = hash_password(password)
        open_ids = list(s.scalars(select(Incident.id).where(Incident.state == "new").order_by(func.random())
                                  .limit(rounds)))
    ctx = AppContext(settings, FrozenClock(now))
    ctx.sessions = sessions
    client = TestClient(create_app(web_deps(ctx, sessions=sessions)), base_url="http://bench.test")
    freeze_startup_objects()  # as WebServer.start does in `otklik run`
    page = client.get("/login")
    pre = re.search(r'name="pre" value="([^"]+)"', page.text)
    assert pre is not None
    client.post("/login", data={"login": "curator", "password": password, "pre": pre.group(1), "next": "/"})

    times: dict[str, list[float]] = {k: [] for k in (*PAGES, "card")}
    for n in range(rounds + 1):
        for name, path in PAGES.items():
            t = time.perf_counter()
            answer = client.get(path)
            spent = (time.perf_counter() - t) * 1000
            assert answer.status_code == 200 and 'class="row' in answer.text, (path, answer.status_code)
            if n:  # the first round warms caches
                times[name].append(spent)
        card = open_ids[n % len(open_ids)]
        t = time.perf_counter()
        answer = client.get(f"/cards/{card}")
        assert answer.status_code == 200, answer.status_code
        if n:
            times["card"].append((time.perf_counter() - t) * 1000)
    queue = times["first"] + times["filtered"] + times["search"]
    client.close()
    engine.dispose()
    return {"queue_p50_ms": round(statistics.median(queue), 1), "queue_p95_ms": round(_percentile(queue, 95), 1),
            "card_p95_ms": round(_percentile(times["card"], 95), 1),
            **{f"{k}_p95_ms": round(_percentile(times[k], 95), 1) for k in PAGES}}


def serve(url: str, seconds: float) -> dict[str, Any]:
    """``otklik run`` (no sandbox, every source off: the web desk and the jobs) on this database,
    its queue pages asked for ``seconds`` by two signed-in clients; its resident memory (at the
    start, its peak after the sign-ins, its peak (VmHWM) and its size at the end) and the
    answers' p95 over HTTP."""
    import os
    import subprocess
    import sys
    import threading

    import requests
    import yaml
    from _support import ROOT, free_port

    data = yaml.safe_load((ROOT / "settings.yaml").read_text(encoding="utf-8"))
    data["rules_dir"] = str(ROOT / data.get("rules_dir", "rules"))
    data["web"]["port"], data["sandbox"]["port"] = port, _ = free_port(), free_port()
    for source in data["sources"]:
        source["enabled"] = False
    with tempfile.TemporaryDirectory() as tmp:
        settings = Path(tmp) / "settings.yaml"
        settings.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        env = {**os.environ, "OTKLIK_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "--settings", str(settings), "run", "--no-sandbox"],
                                cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base, times, stop = f"http://127.0.0.1:{port}", [], time.monotonic() + 120
        try:
            while not _answers(f"{base}/login"):
                if proc.poll() is not None or time.monotonic() > stop:
                    raise RuntimeError("otklik run did not start")
                time.sleep(0.2)

            def signed_in() -> requests.Session:
                http = requests.Session()
                pre = re.search(r'name="pre" value="([^"]+)"', http.get(f"{base}/login", timeout=30).text)
                assert pre is not None
                http.post(f"{base}/login", data={"login": "curator", "password": PASSWORD, "pre": pre.group(1),
                                                 "next": "/"}, timeout=30)
                return http

            def client(http: requests.Session) -> None:
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    for path in PAGES.values():
                        t = time.perf_counter()
                        answer = http.get(f"{base}{path}", timeout=60)
                        assert answer.status_code == 200 and 'class="row' in answer.text, (path, answer.status_code)
                        times.append((time.perf_counter() - t) * 1000)

            started = _kb(proc.pid, "VmRSS")
            # at the same moment, as two officials arriving at nine would: each argon2 check takes
            # 64 MiB for a moment, and the desk runs one check at a time (monitor/web/auth.py)
            with ThreadPoolExecutor(2) as pool:
                clients = list(pool.map(lambda _: signed_in(), range(2)))
            signed = _kb(proc.pid, "VmHWM")
            workers = [threading.Thread(target=client, args=(http,)) for http in clients]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            peak, end_rss = _kb(proc.pid, "VmHWM"), _kb(proc.pid, "VmRSS")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return {"run_requests": len(times), "run_queue_p95_ms": round(_percentile(times, 95), 1),
            "run_started_rss_mb": round(started / 1024, 1), "run_signed_in_peak_mb": round(signed / 1024, 1),
            "run_peak_rss_mb": round(peak / 1024, 1), "run_end_rss_mb": round(end_rss / 1024, 1)}


def _kb(pid: int, field: str) -> int:
    """A memory figure of a process from /proc (Linux), in kB."""
    found = re.search(rf"{field}:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    assert found is not None, field
    return int(found.group(1))


def _answers(address: str) -> bool:
    import requests

    try:
        return requests.get(address, timeout=2).ok
    except requests.ConnectionError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="a PostgreSQL database of the bench's own (it is emptied)")
    parser.add_argument("--cards", type=int, help="cards to seed (100000 on SQLite, 1000000 on PostgreSQL)")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--sqlite", help="a SQLite file to seed and keep (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="keep the cards already seeded (same --cards)")
    parser.add_argument("--serve", type=float, metavar="SECONDS",
                        help="then run `otklik run` on the database, ask its queue pages for SECONDS, report its VmHWM")
    args = parser.parse_args()
    quiet_logs()
    from db.migrate import upgrade
    from db.session import make_engine
    from monitor.core.settings import load_settings

    settings = load_settings()
    cards = args.cards or (1_000_000 if args.postgres else 100_000)
    now = datetime.now(UTC).replace(microsecond=0)
    with _database(args.postgres, args.sqlite) as url:
        upgrade(url)
        engine = make_engine(url)
        with engine.connect() as conn:
            have = conn.scalar(select(func.count()).select_from(text("incidents")))
        seconds = 0.0 if args.reuse and have == cards else seed(engine, settings, cards, now)
        engine.dispose()
        out = {"database": "postgresql" if args.postgres else "sqlite", "cards": cards, "rounds": args.rounds,
               "seed_s": round(seconds, 1), **measure(url, settings, args.rounds, now),
               "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
        if args.serve:
            out.update(serve(url, args.serve))
    print(json.dumps(out, ensure_ascii=False))


def _database(postgres: str | None, sqlite: str | None) -> Any:
    from contextlib import contextmanager

    @contextmanager
    def scope() -> Iterator[str]:
        if postgres or sqlite:
            yield postgres or f"sqlite:///{Path(sqlite or '').resolve()}"
            return
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'web-bench.db'}"

    return scope()


if __name__ == "__main__":
    main()
