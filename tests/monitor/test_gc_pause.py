"""A big fetch is written with the cycle collector paused; it is back on afterwards, even on error."""

from __future__ import annotations

import gc

import pytest

from monitor.core.gc_pause import PAUSE_FROM, collector_paused


def test_big_batch_pauses_the_collector_and_restores_it() -> None:
    assert gc.isenabled()
    with collector_paused(PAUSE_FROM):
        assert not gc.isenabled()
        with collector_paused(PAUSE_FROM * 2):  # another worker's big fetch at the same time
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first one is still writing
    assert gc.isenabled()


def test_small_batch_leaves_the_collector_alone() -> None:
    with collector_paused(PAUSE_FROM - 1):
        assert gc.isenabled()


def test_collector_is_back_after_a_failed_store() -> None:
    with pytest.raises(RuntimeError), collector_paused(PAUSE_FROM):
        raise RuntimeError("database went away")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_process_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused(PAUSE_FROM):
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
