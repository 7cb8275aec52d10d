"""A paged fetch run in a thread of its own, so page N is stored while page N+1 is fetched.

A VK poll spends most of its time paced between ``execute`` requests and waiting on the
socket; the GIL is free meanwhile, so the pipeline labels and writes the pages already here.
The thread hands pages over through a small bounded queue (it runs at most ``depth`` pages
ahead). Its error is raised by the iteration in the consumer, the very exception object, and
remembered as ``failure`` so the poller can tell the connector's trouble from the store's.
Leaving the ``with`` block stops the fetch (no further request) and joins the thread: none is
left running, whatever happened; a request in flight is waited for (its timeout bounds it).
The pipeline runs one more on the pages it is given, to send each to labelling as it comes
(``T``: whatever the thread's iterator yields).
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Generic, TypeVar, cast

T = TypeVar("T")

DEPTH = 2  # pages fetched ahead of the store at most
_POLL_S = 0.05  # how often a producer blocked on a full queue looks whether it was stopped


@dataclass(frozen=True, slots=True)
class _Failed:
    error: BaseException


_DONE = object()


class PageFeed(Generic[T]):
    """The pages of ``fetch_pages()`` (called in the thread), iterated once by the consumer."""

    def __init__(self, fetch_pages: Callable[[], Iterator[T]], *, depth: int = DEPTH,
                 name: str = "fetch") -> None:
        self._fetch_pages = fetch_pages
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        context = contextvars.copy_context()  # the caller's log context goes with the fetch
        self._thread = threading.Thread(target=context.run, args=(self._produce,), name=f"{name}-pages",
                                        daemon=True)
        self.failure: BaseException | None = None

    def __enter__(self) -> PageFeed[T]:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop the fetch where it is and wait for its thread to end."""
        self._stop.set()
        while self._thread.is_alive():
            self._drain()
            self._thread.join(_POLL_S)
        self._drain()

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                self.failure = item.error
                raise item.error
            yield cast(T, item)

    def _produce(self) -> None:
        pages: Iterator[T] | None = None
        try:
            pages = self._fetch_pages()
            for page in pages:
                if not self._put(page):
                    return
            self._put(_DONE)
        except BaseException as exc:  # every failure reaches the consumer; none dies here unseen
            self._put(_Failed(exc))
        finally:
            close = getattr(pages, "close", None) if pages is not None else None
            if close is not None:  # a generator: its own cleanup (no further request) runs here
                close()

    def _put(self, item: object) -> bool:
        """Hand ``item`` over, or give up (False) once the consumer has stopped the fetch."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def _drain(self) -> None:
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass
