"""Events per second by kind over the last minutes: a ring of one-second bins per kind.

Pure Python (no Qt): the status bar and the live chart read it on their own timers.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class RateCounter:
    """Counts events per kind in one-second bins over the last ``window_seconds``.

    ``clock`` returns seconds (monotonic by default); tests pass a fake one. Recording is
    O(1) except after an idle stretch, when the skipped bins are zeroed (at most the window).
    """

    def __init__(
        self, window_seconds: int = 300, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if window_seconds < 1:
            raise ValueError(f"window_seconds must be at least 1, got {window_seconds}")
        self._size = window_seconds
        self._clock = clock
        self._bins: dict[str, list[int]] = {}
        self._current = math.floor(clock())  # the second the newest bin stands for

    @property
    def window_seconds(self) -> int:
        return self._size

    def kinds(self) -> list[str]:
        """Every kind recorded so far."""
        return list(self._bins)

    def record(self, kind: str, count: int = 1) -> None:
        """Count ``count`` events of ``kind`` now."""
        self._advance()
        bins = self._bins.get(kind)
        if bins is None:
            bins = self._bins[kind] = [0] * self._size
        bins[self._current % self._size] += count

    def series(self, kind: str) -> list[int]:
        """Per-second counts for ``kind``, oldest first; the last bin is the current second."""
        self._advance()
        bins = self._bins.get(kind)
        if bins is None:
            return [0] * self._size
        start = (self._current + 1) % self._size
        return bins[start:] + bins[:start]

    def rate(self, kind: str | None = None, seconds: int = 5) -> float:
        """Mean events per second over the last ``seconds`` full seconds (the current,
        partial second excluded); ``kind=None`` sums every kind."""
        seconds = max(1, min(seconds, self._size - 1))
        kinds = self.kinds() if kind is None else [kind]
        total = 0
        for name in kinds:
            values = self.series(name)
            total += sum(values[-seconds - 1 : -1])
        return total / seconds

    def total(self, kind: str | None = None) -> int:
        """Events inside the window (for ``kind``, or all)."""
        kinds = self.kinds() if kind is None else [kind]
        return sum(sum(self.series(name)) for name in kinds)

    def _advance(self) -> None:
        now = math.floor(self._clock())
        if now <= self._current:
            return
        steps = min(now - self._current, self._size)
        for bins in self._bins.values():
            for offset in range(1, steps + 1):
                bins[(self._current + offset) % self._size] = 0
        self._current = now
