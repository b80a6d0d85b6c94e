"""The reconnect schedule: stepped, jittered, capped, reset after a stable connection.

Pure: the caller passes the monotonic time and may inject the random source, so the
schedule is fully reproducible in tests.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

# Fast at first (a blip should cost a fraction of a second), then capped at 1.5 s (±20 %):
# a cashier's monitor must be back within 2 s of the server's return however long the
# outage was (issue 7), and short-lived connections do not reset the schedule, so a 5 s
# cap (Phoenix's JS client, the eWallet SDKs) would break that after a few quick restarts.
# One attempt per ~1.5 s per monitor is no load for a server.
DEFAULT_STEPS: tuple[float, ...] = (0.1, 0.25, 0.5, 1.0, 1.5)
DEFAULT_JITTER = 0.2
DEFAULT_STABLE_AFTER = 10.0


class Backoff:
    """Delays between connection attempts.

    ``next_delay()`` walks ``steps`` and then stays on the last one; each delay is jittered
    by ±``jitter`` (a fraction) so that many monitors do not reconnect in lockstep.
    Call ``connected(now)`` when a connection opens and ``disconnected(now)`` when it is lost:
    a connection that lasted at least ``stable_after`` seconds resets the schedule, a shorter
    one does not (so a server that accepts and drops at once cannot cause a storm).
    """

    def __init__(
        self,
        steps: Sequence[float] = DEFAULT_STEPS,
        *,
        jitter: float = DEFAULT_JITTER,
        stable_after: float = DEFAULT_STABLE_AFTER,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if not steps or any(step < 0 for step in steps):
            raise ValueError("steps must be a non-empty sequence of non-negative delays")
        if not 0 <= jitter < 1:
            raise ValueError("jitter must be in [0, 1)")
        self.steps = tuple(float(step) for step in steps)
        self.jitter = jitter
        self.stable_after = stable_after
        self._rand = rand
        self._attempt = 0
        self._connected_at: float | None = None

    @property
    def attempt(self) -> int:
        """How many delays were handed out since the last reset."""
        return self._attempt

    def next_delay(self) -> float:
        """The delay before the next attempt, in seconds (never negative)."""
        base = self.steps[min(self._attempt, len(self.steps) - 1)]
        self._attempt += 1
        # rand() is in [0, 1): map it to a factor in [1 - jitter, 1 + jitter).
        factor = 1.0 + self.jitter * (2.0 * self._rand() - 1.0)
        return max(0.0, base * factor)

    def reset(self) -> None:
        """Start again from the first step."""
        self._attempt = 0

    def connected(self, now: float) -> None:
        self._connected_at = now

    def disconnected(self, now: float) -> bool:
        """Record a loss; returns True when the connection was stable (schedule reset)."""
        started, self._connected_at = self._connected_at, None
        if started is not None and now - started >= self.stable_after:
            self.reset()
            return True
        return False

    def was_stable(self, now: float) -> bool:
        """True while the current connection has lasted at least ``stable_after`` seconds."""
        return self._connected_at is not None and now - self._connected_at >= self.stable_after
