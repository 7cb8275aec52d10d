"""Big pages labelled in a second process, while this one writes the page before.

Labelling is pure CPU (the classifier) and so is much of storing a page (rows, cards, repeats):
under one interpreter lock they take turns. A first poll of many walls brings pages of
thousands of messages; with a second core, a child process holding its own classifier, built
from the same rules folder, labels page N+1 while the pipeline writes page N.

The child's labels are the ones this process would give: the same rules, the same code. A rules
reload (``swap``) retires the child; the next big page starts a new one from the new rules, and
pages are labelled here until it is ready, so nothing waits for a build. Should the child fail
(killed, out of memory), the page is labelled here and the failure logged: nothing is lost or
labelled twice, and the next big page starts a fresh child.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from classifier.pipeline import Incoming
from connectors.base import NetworkMessage as Record
from monitor.core.logs import get_logger
from monitor.ingest.relevance import Labeler, MessageLabels, WatchTerms, incoming

PROCESS_FROM = 200  # records in a page worth sending over (smaller ones are labelled at once)
LabelsLater = Callable[[], list[MessageLabels]]  # a page's labels, in its order, once they are wanted
_Row = tuple[object, ...]  # MessageLabels' fields, which pickle faster than the objects

_child_labeler: Labeler | None = None  # in the child: built once by ``_build``


class LabelProcess:
    """One child process labelling big pages with the rules of ``rules_dir``."""

    def __init__(self, rules_dir: Path) -> None:
        self._rules_dir = rules_dir
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._ready: Future[None] | None = None

    def start(self) -> Future[None]:
        """Start the child (if not running): the future is done once it has built its rules."""
        return self._running()[1]

    def _running(self) -> tuple[ProcessPoolExecutor, Future[None]]:
        with self._lock:
            if self._pool is None or self._ready is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
                self._ready = self._pool.submit(_build, str(self._rules_dir))
            return self._pool, self._ready

    def later(self, records: Sequence[Record], *, official: bool, watch: WatchTerms | None,
              here: LabelsLater) -> LabelsLater | None:
        """``records``' labels, sent to the child; None when they are better labelled here (a
        small page, the child still starting or failed). ``here`` labels them here should the
        child fail on the way."""
        if len(records) < PROCESS_FROM:
            return None
        pool, ready = self._running()
        if not ready.done():
            return None
        if ready.exception() is not None:
            self._failed(pool, ready.exception())
            return None
        try:
            sent: Future[list[_Row]] = pool.submit(_label, incoming(records, official), watch)
        except RuntimeError as exc:  # the child died, or was retired by a reload, since it was ready
            self._failed(pool, exc)
            return None

        def result() -> list[MessageLabels]:
            try:
                return [MessageLabels(*row) for row in sent.result()]  # type: ignore[arg-type]
            except Exception as exc:  # any failure of the child: label here instead
                self._failed(pool, exc)
                return here()

        return result

    def swap(self, _classifier: object = None) -> None:
        """The rules were reloaded: retire the child (a page it is labelling finishes with the
        rules it started with); the next big page starts one with the new rules."""
        self.close(wait=False)

    def close(self, wait: bool = True) -> None:
        """Stop the child once it has labelled what it was sent (``wait``: and wait for that)."""
        with self._lock:
            pool, self._pool, self._ready = self._pool, None, None
        if pool is not None:
            pool.shutdown(wait=wait)

    def _failed(self, pool: ProcessPoolExecutor, error: BaseException | None) -> None:
        """Log the failure of ``pool``'s child once and retire it (if not already replaced):
        the next big page starts a new one."""
        with self._lock:
            if self._pool is not pool:
                return
            self._pool, self._ready = None, None
        get_logger().error("labelling.process_failed", error=repr(error), exc_info=error)
        pool.shutdown(wait=False, cancel_futures=True)


def _build(rules_dir: str) -> None:
    """In the child: compile the rules once; they live as long as the child (kept out of the
    cycle collector's walks, as ``otklik run`` keeps its own)."""
    from monitor.core.gc_pause import freeze_survivors
    from monitor.ingest.classifier_build import build_classifier
    from monitor.ingest.labeling import ClassifierLabeler

    _end_with_parent()
    global _child_labeler
    _child_labeler = ClassifierLabeler(build_classifier(rules_dir))
    freeze_survivors()


def _end_with_parent() -> None:
    """In the child: exit when the service that started it is gone. A service killed outright
    (kill -9, out of memory) cannot shut its pool down, and the child, waiting for work on a
    queue whose other end it holds too, would otherwise wait forever with its rules in memory."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)  # nothing to finish: the service that wanted the labels is gone

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _label(messages: list[Incoming], watch: WatchTerms | None) -> list[_Row]:
    """In the child: a page's labels, as plain tuples in MessageLabels' field order."""
    assert _child_labeler is not None, "the child labels only after _build"
    return [(got.topic, got.topics, got.location, got.importance, got.kind, got.excluded, got.rules, got.relevant,
             got.lemmas) for got in _child_labeler.label_many(messages, watch)]
