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


def test_survivors_are_set_aside_for_the_block_only() -> None:
    """A report's loaded rows are out of the collector's walks while its documents are made, then back."""
    import gc

    from monitor.core.gc_pause import survivors_set_aside

    before = gc.get_freeze_count()
    rows = [[n] for n in range(1000)]
    with survivors_set_aside():
        assert gc.get_freeze_count() >= before + len(rows)
    assert gc.get_freeze_count() == 0  # unfreeze gives every frozen object back: one-shot commands only
