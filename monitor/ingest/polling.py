"""One poll of one source: fetch from its cursor, store, and handle the three error outcomes.

Transient trouble backs the source off (and is logged once, as is the recovery); a bad token
or a captcha stops the source and raises an alert for a person; so does an error that is not the
network's (a bug of ours: logged with its traceback, shown on /health); nothing here loops.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from sqlalchemy.orm import Session, sessionmaker

from connectors.backoff import Backoff
from connectors.base import (
    AuthError,
    CaptchaError,
    Connector,
    ConnectorError,
    FetchResult,
    Interruptible,
    PagedFetcher,
    PermanentError,
    TransientError,
)
from db.statuses import SourceStatus
from monitor.core.clock import Clock
from monitor.core.logs import get_logger, redact_text
from monitor.ingest.page_feed import PageFeed
from monitor.ingest.pipeline import IngestPipeline, IngestStats, source_row
from monitor.ingest.reactions import ReactionsRefresher
from monitor.ingest.relevance import WatchTerms

MAX_BACKOFF = timedelta(hours=1)


class SourcePoller:
    """Polls one configured source; safe to call from a scheduler job at any rate."""

    def __init__(self, name: str, platform: str, connector: Connector, pipeline: IngestPipeline,
                 session_factory: sessionmaker[Session], clock: Clock, *, interval: int, jitter: int = 0,
                 watch: WatchTerms | None = None, official: bool = False,
                 own_authors: frozenset[str] = frozenset(), own: bool = False,
                 reactions: ReactionsRefresher | None = None) -> None:
        self.name = name
        self.platform = platform
        self._connector = connector
        self._pipeline = pipeline
        self._sessions = session_factory
        self._clock = clock
        self.interval = interval  # seconds between polls (and the first back-off step)
        self.jitter = jitter  # seconds the scheduler may move a poll either way
        self._watch = watch
        self._official = official
        self._own_authors = own_authors
        self._own = own
        self._reactions = reactions
        self._log = get_logger(source=name, platform=platform)

    @property
    def streaming(self) -> bool:
        """The connector long-polls (waits for events itself): poll again as soon as it returns."""
        return self._connector.capabilities.streaming

    def interrupt(self) -> None:
        """The service is stopping: a streaming source's long poll under way ends now, not
        within its wait (a source that is not streaming finishes its poll)."""
        if self.streaming:
            cast(Interruptible, self._connector).interrupt()

    def _state(self) -> tuple[str, Any, Any, int]:
        """Where the source stands; an administrator's switch-off reads as ``disabled``."""
        with self._sessions() as session, session.begin():
            row = source_row(session, self.name, self.platform)
            return "disabled" if row.disabled else row.status, row.cursor, row.retry_at, row.failures

    def poll(self) -> IngestStats | None:
        """Fetch and store once; returns the stats, or None when skipped or failed."""
        status, cursor, retry_at, failures = self._state()
        now = self._clock.now()
        if status in (SourceStatus.STOPPED, "disabled"):
            return None
        if retry_at is not None and retry_at > now:
            return None
        done = self._fetch_and_store(cursor, failures)
        if done is None:
            return None
        result, stats = done
        for place in result.cursor_ahead if result else ():  # the connector re-read it; a person should know why
            self._log.warning("source.cursor_ahead", action="re-read", **place)
        if failures:
            self._log.info("source.recovered", after_failures=failures)
        self._log.info("source.polled", requests=result.requests if result else 0, **stats.as_dict())
        self._refresh_reactions()
        return stats

    def _fetch_and_store(self, cursor: Any, failures: int) -> tuple[FetchResult | None, IngestStats] | None:
        """Fetch from ``cursor`` and store it in one transaction; None when the fetch failed.

        A connector that fetches in pages is read in a thread of its own while the pages it
        has given are stored (``PageFeed``); its errors are handled as a whole fetch's are.
        The store's own errors (the database) are not the source's fault: they propagate.
        """
        options: dict[str, Any] = dict(watch=self._watch, official=self._official, own_authors=self._own_authors,
                                       own=self._own, expected_cursor=cursor)
        if not self._connector.capabilities.pages:
            try:
                result = self._connector.fetch(cursor)
            except Exception as exc:
                self._fetch_failed(exc, failures)
                return None
            return result, self._pipeline.store(self.name, self.platform, result, **options)
        paged = cast(PagedFetcher, self._connector)
        with PageFeed(lambda: paged.fetch_pages(cursor), name=self.name) as feed:
            try:
                stats, end = self._pipeline.store_pages(self.name, self.platform, feed, **options)
            except Exception as exc:
                if exc is not feed.failure:
                    raise
                self._fetch_failed(exc, failures)
                return None
        return end, stats

    def _fetch_failed(self, exc: Exception, failures: int) -> None:
        """Transient trouble backs off; a refused token, a captcha or a permanent error stops the
        source; anything else is a bug of ours: stopped loudly, with its traceback, never retried
        in silence. Called inside the ``except`` block (the traceback is logged from there)."""
        if isinstance(exc, TransientError):
            self._back_off(exc, failures)
        elif isinstance(exc, (AuthError, CaptchaError, PermanentError)):
            self._stop(exc)
        else:
            self._log.exception("source.failed", error=f"{type(exc).__name__}: {redact_text(str(exc))}", alert=True)
            self._stop(exc)

    def _refresh_reactions(self) -> None:
        """Likes, comments and reposts of recent posts, read again when due (issue 13 item 2).
        A failure here is logged and waits for the next turn: the source's polling goes on."""
        now = self._clock.now()
        if self._reactions is None or not self._connector.capabilities.reactions or not self._reactions.due(now):
            return
        try:
            done = self._reactions.run(self.name, self.platform, self._connector, now)
        except ConnectorError as exc:
            self._log.warning("source.reactions_failed", error=f"{type(exc).__name__}: {redact_text(str(exc))}")
            return
        if done is not None:
            self._log.info("source.reactions", asked=done.asked, found=done.found, changed=done.changed,
                           requests=done.requests)

    def _back_off(self, exc: TransientError, failures: int) -> None:
        failures += 1
        backoff = Backoff(first=self.interval, cap=MAX_BACKOFF.total_seconds(), jitter=0.25, max_doublings=6)
        delay = backoff.delay(failures, exc.retry_after)
        retry_at = self._clock.now() + delay
        with self._sessions() as session, session.begin():
            row = source_row(session, self.name, self.platform, lock=True)
            row.status, row.failures, row.retry_at = SourceStatus.BACKOFF, failures, retry_at
            row.last_error = redact_text(str(exc))
        if failures == 1:  # an outage is logged once, its recovery once
            self._log.warning("source.unavailable", error=redact_text(str(exc)),
                              retry_in_s=round(delay.total_seconds()))

    def _stop(self, exc: Exception) -> None:
        reason = {AuthError: "auth", CaptchaError: "captcha"}.get(type(exc), "permanent")
        if not isinstance(exc, (AuthError, CaptchaError, PermanentError)):
            reason, exc = "bug", RuntimeError(f"{type(exc).__name__}: {exc}")
        with self._sessions() as session, session.begin():
            row = source_row(session, self.name, self.platform, lock=True)
            row.status = SourceStatus.STOPPED
            row.last_error = f"{reason}: {redact_text(str(exc))}"
        extra = {}
        if isinstance(exc, CaptchaError):
            extra = {"captcha_sid": exc.sid, "captcha_img": exc.img}
        self._log.error("source.stopped", reason=reason, error=redact_text(str(exc)), alert=True, **extra)
