"""``otklik worker``: the service's periodic jobs in their own process, without sandbox or web.

``otklik worker [--jobs publisher,sla,notifications,alerts,reports,pollers] [--once] [--sandbox-url URL]``

Several workers may run at once on PostgreSQL: the publisher and the notification outbox claim
rows under ``FOR UPDATE SKIP LOCKED`` leases, the SLA watch locks each stage, and a poller drops
a fetch whose cursor another worker has already moved, so no job's work is done twice. On
SQLite one worker is enough. ``--once`` runs each selected job until it has nothing left to do
and exits (cron, tests); ``--sandbox-url`` points the connectors at a running ``otklik
sandbox`` (with the sandbox's tokens) instead of the real platforms.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from monitor.app.context import AppContext, context_from_args
from monitor.core.logs import get_logger

if TYPE_CHECKING:  # the scheduler (APScheduler) is loaded by the worker itself, not by every command
    from monitor.app.scheduler import PeriodicJob

JOBS = ("publisher", "sla", "notifications", "alerts", "reports", "pollers")
PERIODIC_NAMES = {"publisher": "publisher", "sla": "sla_watch", "notifications": "notifications",
                  "alerts": "spike_watch", "reports": "monthly_report"}
ONCE_MAX_PASSES = 100  # --once: passes of one job before we call it idle anyway
WORK_FIELDS = ("sent", "retried", "failed", "reminders", "breaches")
EXIT_JOB_FAILED = 1


def job_list(value: str) -> tuple[str, ...]:
    """``publisher,sla`` → ("publisher", "sla"); an unknown name is an argparse error."""
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in JOBS]
    if unknown or not names:
        what = f"неизвестная задача {', '.join(unknown)}" if unknown else "не названо ни одной задачи"
        raise argparse.ArgumentTypeError(f"{what}; есть: {', '.join(JOBS)}")
    return names


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("worker", help="периодические задачи отдельным процессом: размещение ответов, "
                                      "контроль сроков, уведомления, всплески, отчёты, опрос источников")
    p.add_argument("--jobs", type=job_list, default=JOBS, metavar="СПИСОК",
                   help=f"задачи через запятую (по умолчанию все: {','.join(JOBS)})")
    p.add_argument("--once", action="store_true", help="выполнить каждую задачу, пока есть работа, и выйти")
    p.add_argument("--sandbox-url", default=None, metavar="URL",
                   help="работать с запущенной «otklik sandbox» по адресу URL вместо настоящих соцсетей")
    p.set_defaults(func=run_worker)


def sync_staff_once(ctx: AppContext) -> None:
    """Units and users from the settings; a worker starting alongside another may lose the race."""
    from monitor.app.wiring import sync_staff

    try:
        sync_staff(ctx)
    except IntegrityError:  # another worker inserted the same rows first: theirs are as good
        sync_staff(ctx)


def did_work(result: object) -> bool:
    """Whether one pass of a job handled anything (then --once runs it again)."""
    if isinstance(result, Sequence):
        return len(result) > 0
    return any(getattr(result, name, 0) for name in WORK_FIELDS)


def run_until_idle(jobs: Sequence[PeriodicJob], pollers: Sequence[object]) -> int:
    """--once: each job until a pass finds nothing to do, each poller once; 1 if any failed."""
    failed = 0
    for job in jobs:
        log = get_logger(job=job.name)
        try:
            for _ in range(ONCE_MAX_PASSES):
                if not did_work(job.func()):
                    break
        except Exception as exc:  # report it, run the other jobs, exit non-zero
            log.exception("job.failed", error=str(exc))
            failed += 1
    for poller in pollers:
        try:
            poller.poll()  # type: ignore[attr-defined]
        except Exception as exc:
            get_logger(job=f"poll:{poller.name}").exception("job.failed", error=str(exc))  # type: ignore[attr-defined]
            failed += 1
    return EXIT_JOB_FAILED if failed else 0


def run_worker(args: argparse.Namespace) -> int:
    ctx = context_from_args(args)
    log = get_logger()
    try:
        ctx.sessions  # noqa: B018 -- the schema check: an empty database is one line, not a failed job
        from monitor.app.scheduler import Service, make_pipeline
        from monitor.app.sources import build_connectors, build_pollers
        from monitor.app.wiring import periodic_jobs

        wanted = {PERIODIC_NAMES[name] for name in args.jobs if name in PERIODIC_NAMES}
        sync_staff_once(ctx)
        connectors = build_connectors(ctx.settings, args.sandbox_url)
        jobs = [job for job in periodic_jobs(ctx, connectors) if job.name in wanted]
        pollers = (build_pollers(ctx, make_pipeline(ctx), args.sandbox_url, connectors=connectors)
                   if "pollers" in args.jobs else [])
        log.info("worker.started", jobs=list(args.jobs), once=args.once, sandbox=args.sandbox_url)
        if args.once:
            code = run_until_idle(jobs, pollers)
            log.info("worker.idle", exit_code=code)
            return code
        service = Service(ctx, pollers, jobs)
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        service.start()
        try:
            stop.wait()
        finally:
            service.stop()
        return 0
    finally:
        ctx.close()
