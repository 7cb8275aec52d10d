"""Python's cycle collector kept off work that frees nothing: paused while many short-lived
objects are alive (one big fetch being written, a month's rows being read and counted), and the
long-lived ones (start-up's rules and templates, a report's loaded rows) frozen out of its walks.

Storing a fetch of thousands of messages allocates a few hundred thousand objects (records,
labels, row dicts, cards, events) that all live until its transaction ends. Each full pass of
the collector walks them and every long-lived object of the process (the classifier's
dictionaries) and frees nothing: at 10,000 messages three such passes took a quarter of the
store time. Reference counting still frees what the batch drops; cycles wait for the pause to end.
Only fetches of ``PAUSE_FROM`` messages or more pause it (a first poll of many walls), so the
everyday small polls of several workers never keep the collector off between them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PAUSE_FROM = 500


class _Pauses:
    """How many stores are inside a pause, and whether the first of them turned the collector off."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.turned_off = False


_PAUSES = _Pauses()


@contextmanager
def collector_paused(messages: int | None = None) -> Iterator[None]:
    """No cycle collection inside, for a batch of ``messages`` at or above ``PAUSE_FROM`` (any
    size when not given). Safe across threads: the collector resumes when the last pause ends."""
    if messages is not None and messages < PAUSE_FROM:
        yield
        return
    with _PAUSES.lock:
        if _PAUSES.depth == 0:
            _PAUSES.turned_off = gc.isenabled()
            gc.disable()
        _PAUSES.depth += 1
    try:
        yield
    finally:
        with _PAUSES.lock:
            _PAUSES.depth -= 1
            if _PAUSES.depth == 0 and _PAUSES.turned_off:
                gc.enable()
                _PAUSES.turned_off = False


def freeze_survivors() -> None:
    """What is alive now (after a collection) is left out of every later collection's walk: for
    objects built once and kept (start-up's settings, the classifier's rules, the web app)."""
    gc.collect()
    gc.freeze()


@contextmanager
def survivors_set_aside() -> Iterator[None]:
    """``freeze_survivors`` for the block only (the freeze is the whole process's: for a one-shot
    command, e.g. a report's loaded rows while its documents are made)."""
    freeze_survivors()
    try:
        yield
    finally:
        gc.unfreeze()
