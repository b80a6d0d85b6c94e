"""The streaming GC settings the app's entry points apply."""

from __future__ import annotations

import gc

from ewallet_monitor.gc_policy import STREAMING_THRESHOLDS, tune_for_streaming


def test_tuning_freezes_what_exists_and_raises_the_thresholds() -> None:
    survivor = [{"kept": index} for index in range(100)]
    tune_for_streaming()
    assert gc.get_threshold() == STREAMING_THRESHOLDS
    assert gc.get_freeze_count() >= len(survivor)
    # The conftest fixture restores the defaults after this test.


def test_cycles_are_still_collected_after_tuning() -> None:
    tune_for_streaming()

    class Node:
        pass

    import weakref

    node = Node()
    node.self = node  # type: ignore[attr-defined]
    alive = weakref.ref(node)
    del node
    gc.collect()
    assert alive() is None
