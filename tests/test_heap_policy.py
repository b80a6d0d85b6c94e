"""The heap trimmer gives freed memory back (Linux/glibc), and starts once per process."""

from __future__ import annotations

import os
import threading

import pytest

from ewallet_monitor import heap_policy
from ewallet_monitor.heap_policy import (
    can_return_freed_memory,
    return_freed_memory,
    start_returning_freed_memory,
)

needs_glibc = pytest.mark.skipif(
    not can_return_freed_memory(), reason="this C library has no malloc_trim"
)


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@needs_glibc
def test_freed_frame_texts_between_survivors_go_back_to_the_system() -> None:
    # As a burst leaves the heap: 4 KB texts (malloc'd: too big for Python's allocator)
    # freed, with every tenth kept, so the free chunks cannot merge into the heap's top
    # and plain free() keeps them resident.
    texts = [os.urandom(4096).hex()[:4096] for _ in range(20_000)]
    survivors = texts[::10]
    del texts
    before = _resident_mb()
    assert return_freed_memory()
    after = _resident_mb()
    assert before - after > 30, (before, after)
    assert len(survivors) == 2_000


@needs_glibc
def test_one_trimmer_thread_per_process() -> None:
    assert start_returning_freed_memory(interval_s=0.05)
    assert start_returning_freed_memory(interval_s=0.05)
    trimmers = [t for t in threading.enumerate() if t.name == "heap-trimmer"]
    assert len(trimmers) == 1
    assert trimmers[0].daemon


def test_without_malloc_trim_nothing_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap_policy, "_malloc_trim", None)
    assert not can_return_freed_memory()
    assert not return_freed_memory()
    assert not start_returning_freed_memory()
