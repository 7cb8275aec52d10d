"""The monthly report on a month of 50,000 cards: time and peak memory.

Prints one JSON object:
  monthly_report_s: `otklik report monthly` for November 2026 (load, figures, DOCX, XLSX with the
    list of cards, the agency's XLSX and JSON), in a fresh process, on SQLite; targets <= 10 s;
  peak_rss_mb: that process's peak resident memory; target <= 300 MB;
  the details add the process's CPU time and the machine's load average: on a shared machine
  the wall time grows with the load, the CPU time much less;
  postgres_monthly_report_s, postgres_peak_rss_mb: the same on PostgreSQL (--postgres URL, else
    null); target <= 5 s.
On PostgreSQL the tables are analyzed after the bulk insert, as autovacuum does on a live
database (a planner with no statistics picks poor plans for the month's queries).
The rows are bulk-inserted directly (not through the workflow): per card its message, the
route, reply, draft, review and publish stages (a share late, a share reworked, returned, given
an interim reply or still open), its assignment, drafts, history events and the breaches;
plus the previous month's and a year-earlier month's messages and cards for the comparisons.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _support import ROOT, quiet_logs, scratch_database

TOPICS = ["roads", "heating", "water", "waste", "improvement", "power", "transport", "housing", "social", "other"]
PLACES = ["sobolevo", "ustyevoye", "krutogorovsky", "district", "unknown"]
IMPORTANCE = ["low", "normal", "normal", "normal", "high", "critical"]
NOV = datetime(2026, 10, 31, 12, 0, tzinfo=UTC)  # 1 November 2026, 00:00 on Kamchatka
CHUNK = 5000


def _insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[i:i + CHUNK])


def seed(url: str, cards: int) -> None:
    """Bulk-insert the month's rows (a few statements per table, in chunks)."""
    from sqlalchemy import bindparam, update

    from db.models import Assignment, Breach, Draft, Event, Incident, Message, StageDeadline, Unit, User
    from db.session import make_engine, make_session_factory
    from monitor.core.settings import load_settings
    from monitor.workflow.staffing import sync_units_and_users

    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as s, s.begin():
        sync_units_and_users(s, load_settings())
        units = [u.id for u in s.query(Unit).order_by(Unit.id)]
        executor = {u.unit_id: u.id for u in s.query(User).filter(User.role == "executor")}
    rng = random.Random(2026)
    minute = timedelta(minutes=1)
    messages, incidents, stages, assignments, drafts, events, breaches = [], [], [], [], [], [], []

    def message(i: int, at: datetime, topic: str, place: str, card: int | None) -> dict[str, Any]:
        return dict(id=i, platform="vk", external_id=f"-1_{i}", kind="post", url=f"https://vk.com/wall-1_{i}",
                    text=f"Обращение {i}: " + "текст сообщения о проблеме " * rng.randint(2, 8), created_at=at,
                    detected_at=at, likes=rng.randint(0, 200), reposts=rng.randint(0, 20),
                    comments=rng.randint(0, 50), views=rng.randint(0, 5000), topic=topic, topics=[topic],
                    location=place, importance=rng.choice(IMPORTANCE), relevant=True, incident_id=card,
                    author_name="Житель")

    msg_id = card_id = stage_id = 0
    extra = [(NOV - timedelta(days=30), cards // 2), (NOV - timedelta(days=365), cards // 3)]
    for start, n in extra:  # the compared months: messages and cards, no workflow
        for _ in range(n):
            msg_id += 1
            card_id += 1
            at = start + rng.random() * timedelta(days=30)
            topic, place = rng.choice(TOPICS), rng.choice(PLACES)
            messages.append(message(msg_id, at, topic, place, None))
            incidents.append(dict(id=card_id, state="closed", platform="vk", url="https://vk.com/x", official=False,
                                  detected_at=at, topic=topic, location=place, importance="normal", version=1,
                                  first_message_id=None, outcome="resolved", closed_at=at))
    for _ in range(cards):
        msg_id += 1
        card_id += 1
        at = NOV + rng.random() * timedelta(days=30)
        topic, place = rng.choice(TOPICS), rng.choice(PLACES)
        unit = rng.choice(units)
        messages.append(message(msg_id, at, topic, place, card_id))
        fate = rng.random()
        late = rng.random() < 0.15
        outcome: str | None
        closed: datetime | None
        state, outcome, closed = "closed", rng.choice(["resolved", "explained", "not_resolved"]), at + 600 * minute
        routed = at + rng.randint(5, 45 if late else 25) * minute
        drafted = routed + rng.randint(20, 300) * minute
        decided = drafted + rng.randint(10, 90) * minute
        published = decided + rng.randint(5, 80) * minute
        if fate < 0.05:
            state, outcome, closed = "assigned", None, None
        incidents.append(dict(id=card_id, state=state, platform="vk", url=f"https://vk.com/wall-1_{msg_id}",
                              official=False, detected_at=at, topic=topic, location=place,
                              importance=rng.choice(IMPORTANCE), version=5, first_message_id=msg_id, outcome=outcome,
                              closed_at=closed, repeat_of_id=card_id - 1 if rng.random() < 0.05 else None,
                              published_at=published if state == "closed" else None))
        assignments.append(dict(incident_id=card_id, unit_id=unit, cycle=1, position=0, assigned_at=routed,
                                assigned_by="curator", active=True,
                                returned_at=routed + 10 * minute if fate > 0.97 else None,
                                return_reason="Не наша компетенция" if fate > 0.97 else None))
        plan: list[tuple[str, int | None, datetime, datetime, datetime | None]] = [
                ("route", None, at, at + 30 * minute, routed), ("reply", None, at, at + 480 * minute, published),
                ("draft", unit, routed, at + 240 * minute, drafted),
                ("review", None, drafted, drafted + 60 * minute, decided),
                ("publish", unit, decided, decided + 60 * minute, published)]
        if fate < 0.05:  # routed and left: the draft and the reply still open
            plan = [plan[0], ("reply", None, at, at + 480 * minute, None),
                    ("draft", unit, routed, at + 240 * minute, None)]
        for stage, unit_id, started, due, done in plan:
            stage_id += 1
            stages.append(dict(id=stage_id, incident_id=card_id, stage=stage, unit_id=unit_id,
                               user_id=executor.get(unit_id) if unit_id else None, cycle=1, working=True,
                               started_at=started, due_at=due, done_at=done))
            if done is None or done > due:
                breaches.append(dict(stage_deadline_id=stage_id, incident_id=card_id, stage=stage, unit_id=unit_id,
                                     user_id=executor.get(unit_id) if unit_id else None, due_at=due, done_at=done,
                                     recorded_at=due + minute))
        if fate >= 0.05:
            reworked = rng.random() < 0.1
            drafts.append(dict(incident_id=card_id, version=1, kind="interim" if fate > 0.95 else "final",
                               text="Ответ", publish_text="Ответ", unit_id=unit, author="exec_gkh",
                               submitted_at=drafted, decision="rework" if reworked else "approved", decided_at=decided,
                               decided_by="curator", decision_note="Уточните сроки" if reworked else None,
                               published_at=None if reworked else published, measures_reported=False))
            if reworked:
                drafts.append(dict(incident_id=card_id, version=2, kind="final", text="Ответ", publish_text="Ответ",
                                   unit_id=unit, author="exec_gkh", submitted_at=decided + 30 * minute,
                                   decision="approved", decided_at=decided + 40 * minute, decided_by="curator",
                                   decision_note=None, published_at=published, measures_reported=False))
        for action, when, actor in (("opened", at, "system"), ("routed", routed, "curator"),
                                    ("draft_submitted", drafted, "exec_gkh"), ("approved", decided, "curator"),
                                    ("published", published, "system" if rng.random() < 0.97 else "exec_gkh"),
                                    ("closed", closed, "curator")):
            if when is not None and (fate >= 0.05 or action in ("opened", "routed")):
                events.append(dict(incident_id=card_id, at=when, actor=actor, action=action, before=None,
                                   after={"state": "x"}, note=None))
    with engine.begin() as conn:
        _insert(conn, Message.__table__, [{**m, "incident_id": None} for m in messages])
        _insert(conn, Incident.__table__, incidents)
        links = [{"mid": m["id"], "cid": m["incident_id"]} for m in messages if m["incident_id"] is not None]
        link = update(Message.__table__).where(Message.__table__.c.id == bindparam("mid")).values(
            incident_id=bindparam("cid"))
        for i in range(0, len(links), CHUNK):
            conn.execute(link, links[i:i + CHUNK])
        _insert(conn, StageDeadline.__table__, stages)
        _insert(conn, Assignment.__table__, assignments)
        _insert(conn, Draft.__table__, drafts)
        _insert(conn, Event.__table__, events)
        _insert(conn, Breach.__table__, breaches)
    if engine.dialect.name == "postgresql":  # as autovacuum would after a month of inserts
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not getrusage's ru_maxrss: Linux carries the
    forking parent's peak over exec into it, and the parent here has just seeded the database."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(url: str, out: str) -> None:
    """In a fresh process: `otklik report monthly` for November 2026; prints seconds and peak RSS."""

    os.environ["OTKLIK_DATABASE_URL"] = url
    quiet_logs()
    from monitor.cli.main import main

    start, cpu = time.perf_counter(), time.process_time()
    code = main(["--log-level", "ERROR", "report", "monthly", "--month", "2026-11", "--out", out])
    seconds = time.perf_counter() - start
    cpu_s = time.process_time() - cpu
    peak_mb = peak_rss_mb()
    print(json.dumps({"code": code, "seconds": round(seconds, 2), "cpu_s": round(cpu_s, 2),
                      "load_average": round(os.getloadavg()[0], 2), "peak_rss_mb": round(peak_mb, 1),
                      "files": {p.name: p.stat().st_size for p in Path(out).iterdir()}}))


def run_once(url: str, cards: int, tmp: Path) -> dict[str, Any]:
    t = time.perf_counter()
    seed(url, cards)
    seeded = time.perf_counter() - t
    out = tmp / f"out-{url.split(':')[0]}"
    result = subprocess.run([sys.executable, __file__, "--measure", url, "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["seed_s"] = round(seeded, 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=50_000)
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL to measure on as well")
    parser.add_argument("--measure", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.out)
        return
    quiet_logs()
    details: dict[str, Any] = {"cards": args.cards}
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        with scratch_database(None, tmp) as url:
            details["sqlite"] = run_once(url, args.cards, tmp)
        if args.postgres:
            with scratch_database(args.postgres, tmp) as url:
                details["postgres"] = run_once(url, args.cards, tmp)
    pg = details.get("postgres") or {}
    print(json.dumps({"monthly_report_s": details["sqlite"]["seconds"],
                      "peak_rss_mb": details["sqlite"]["peak_rss_mb"],
                      "postgres_monthly_report_s": pg.get("seconds"), "postgres_peak_rss_mb": pg.get("peak_rss_mb"),
                      "details": details}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
