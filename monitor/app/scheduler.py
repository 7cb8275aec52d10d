"""The service in one process: the scheduler with a job per source and the periodic jobs.

`otklik run` builds one Service; each job only calls into the services (polling, SLA watch,
publisher), so the same jobs run unchanged in `otklik worker` processes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from monitor.app.context import AppContext
from monitor.core.logs import get_logger
from monitor.ingest.pipeline import IngestPipeline
from monitor.ingest.polling import SourcePoller
from monitor.ingest.relevance import Labeler

STREAM_GAP_S = 1  # a streaming source's job is started again this soon after it ends
STREAM_SPELL_S = 50  # how long one run of it keeps long-polling back to back


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Callable[[], object]
    seconds: float


def _safe(name: str, func: Callable[[], object]) -> Callable[[], None]:
    """A job that fails is logged and tried again at its next run; it never kills the scheduler."""
    log = get_logger(job=name)

    def run() -> None:
        try:
            func()
        except Exception as exc:
            log.exception("job.failed", error=str(exc))

    return run


class Service:
    def __init__(self, ctx: AppContext, pollers: list[SourcePoller],
                 periodic: list[PeriodicJob] | None = None, workers: int = 4) -> None:
        self.ctx = ctx
        self.pollers = pollers
        self.periodic = periodic or []
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(workers)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
            timezone=UTC,
        )
        self._log = get_logger()
        self._stopping = threading.Event()

    def start(self) -> None:
        now = datetime.now(UTC)
        sources = {s.name: s for s in self.ctx.settings.sources}
        for poller in self.pollers:
            cfg = sources[poller.name]
            streaming = poller.streaming  # a long poll waits by itself: asked again as soon as it answers
            func = self._stream(poller) if streaming else poller.poll
            self.scheduler.add_job(_safe(f"poll:{poller.name}", func), "interval",
                                   seconds=STREAM_GAP_S if streaming else cfg.interval,
                                   jitter=None if streaming else cfg.jitter or None,
                                   id=f"poll:{poller.name}", next_run_time=now)
        for job in self.periodic:
            self.scheduler.add_job(_safe(job.name, job.func), "interval", seconds=job.seconds,
                                   id=job.name, next_run_time=now)
        self.scheduler.start()
        self._log.info("service.started", sources=[p.name for p in self.pollers],
                       jobs=[j.name for j in self.periodic])

    def _stream(self, poller: SourcePoller) -> Callable[[], None]:
        """Long polls back to back for a while (then the scheduler starts the job again)."""
        def run() -> None:
            until = time.monotonic() + STREAM_SPELL_S
            while not self._stopping.is_set() and time.monotonic() < until:
                if poller.poll() is None:  # backing off, stopped or failed: the scheduler's pace
                    return

        return run

    def stop(self) -> None:
        self._stopping.set()  # a long poll under way ends within its wait (longpoll_wait)
        self.scheduler.shutdown(wait=True)
        self._log.info("service.stopped")


def make_labeler(ctx: AppContext) -> Labeler:
    """Labels and relevance from the classifier compiled from the settings' rules."""
    from monitor.ingest.labeling import ClassifierLabeler

    labeler = ClassifierLabeler(ctx.classifier)
    ctx.classifier_listeners.append(labeler.swap)  # rules reloaded by an administrator (web desk)
    return labeler


def make_pipeline(ctx: AppContext) -> IngestPipeline:
    from monitor.app.card_opener import card_opener

    return IngestPipeline(ctx.sessions, make_labeler(ctx), ctx.clock, open_cards=card_opener(ctx),
                          label_process=ctx.label_process)
