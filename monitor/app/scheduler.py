"""The service in one process: the scheduler with a job per source and the periodic jobs.

`otklik run` builds one Service; each job only calls into the services (polling, SLA watch,
publisher), so the same jobs run unchanged in `otklik worker` processes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from monitor.app.context import AppContext
from monitor.core.gc_pause import freeze_survivors
from monitor.core.logs import get_logger
from monitor.ingest.pipeline import IngestPipeline
from monitor.ingest.polling import SourcePoller
from monitor.ingest.relevance import Labeler
from monitor.ingest.source_switch import take_poll_requests

STREAM_GAP_S = 1  # a streaming source that failed or backs off is asked again this soon
POLL_REQUESTS_S = 2  # how often an administrator's «poll now» (web desk) is looked for


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Callable[[], object]
    seconds: float


def _safe(name: str, func: Callable[[], object]) -> Callable[[], object]:
    """A job that fails is logged and tried again at its next run; it never kills the scheduler
    (or a stream). Its result, None when it failed."""
    log = get_logger(job=name)

    def run() -> object:
        try:
            return func()
        except Exception as exc:
            log.exception("job.failed", error=str(exc))
            return None

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
        self._streams: list[threading.Thread] = []
        self._running: set[str] = set()  # the scheduled sources whose poll is under way
        self._running_lock = threading.Lock()

    def start(self) -> None:
        # What start-up built (settings, the classifier's rules, connectors: some 470,000 objects)
        # stays out of every later collection's walk: one full pass over it in a big poll cost
        # about 0.3 s of the store (bench/ingest.py), and freed nothing.
        freeze_survivors()
        now = datetime.now(UTC)
        for poller in self.pollers:
            if poller.streaming:  # a long poll waits by itself: asked again as soon as it answers
                self._streams.append(threading.Thread(target=self._stream, args=(poller,),
                                                      name=f"poll:{poller.name}"))
                continue
            self.scheduler.add_job(_safe(f"poll:{poller.name}", self._tracked(poller)), "interval",
                                   seconds=poller.interval, jitter=poller.jitter or None,
                                   id=f"poll:{poller.name}", next_run_time=now)
        for job in self.periodic:
            self.scheduler.add_job(_safe(job.name, job.func), "interval", seconds=job.seconds,
                                   id=job.name, next_run_time=now)
        if any(not poller.streaming for poller in self.pollers):
            self.scheduler.add_job(_safe("poll-requests", self.poll_requested), "interval", seconds=POLL_REQUESTS_S,
                                   id="poll-requests")
        self.scheduler.start()
        for stream in self._streams:
            stream.start()
        self._log.info("service.started", sources=[p.name for p in self.pollers],
                       jobs=[j.name for j in self.periodic])

    def poll_requested(self) -> list[str]:
        """Run now the polls an administrator asked for (web desk) among the sources this service
        schedules; each request is taken once, by whichever process looks first. A source whose poll
        is under way keeps its request for the next look (a run asked for now would be skipped as a
        second instance); a long poll's request is taken and dropped: it asks again by itself. The
        names run."""
        with self._running_lock:
            running = set(self._running)
        scheduled = [p.name for p in self.pollers if not p.streaming and p.name not in running]
        with self.ctx.sessions() as session, session.begin():
            names = take_poll_requests(session, [*scheduled, *(p.name for p in self.pollers if p.streaming)])
        now, ran = datetime.now(UTC), []
        for name in names:
            job = self.scheduler.get_job(f"poll:{name}")
            if job is not None:
                job.modify(next_run_time=now)
                ran.append(name)
        if names:
            self._log.info("source.poll_requested", sources=names, run=ran)
        return ran

    def _tracked(self, poller: SourcePoller) -> Callable[[], object]:
        """``poller.poll``, noting while it runs (``poll_requested`` leaves a running source's request)."""
        def poll() -> object:
            with self._running_lock:
                self._running.add(poller.name)
            try:
                return poller.poll()
            finally:
                with self._running_lock:
                    self._running.discard(poller.name)

        return poll

    def _stream(self, poller: SourcePoller) -> None:
        """Long polls back to back until the service stops, in a thread of its own (a scheduler
        job ticking every second would be skipped, with a warning, for as long as it waits)."""
        poll = _safe(f"poll:{poller.name}", poller.poll)
        while not self._stopping.is_set():
            if poll() is None:  # backing off, stopped or failed: the poller's own pace decides
                self._stopping.wait(STREAM_GAP_S)

    def stop(self) -> None:
        self._stopping.set()
        for poller in self.pollers:  # a long poll under way ends now, not within its wait
            poller.interrupt()
        self.scheduler.shutdown(wait=True)
        for stream in self._streams:
            if stream.is_alive():
                stream.join()
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
