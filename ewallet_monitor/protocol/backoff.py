"""The reconnect schedule: fast at first, then growing with jitter to a cap; reset after a
stable connection that proved useful.

Pure: the caller passes the monotonic time for connections and may inject the clock and
the random source, so the schedule is fully reproducible in tests.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence

# Fast at first (a blip should cost a fraction of a second), then capped at 1.5 s (±20 %):
# a cashier's monitor must be back within 2 s of the server's return however long the
# outage was, and short-lived connections do not reset the schedule, so a 5 s
# cap (Phoenix's JS client, the eWallet SDKs) would break that after a few quick restarts.
# One attempt per ~1.5 s per monitor is no load for a server.
DEFAULT_STEPS: tuple[float, ...] = (0.1, 0.25, 0.5, 1.0, 1.5)
DEFAULT_JITTER = 0.2
DEFAULT_STABLE_AFTER = 10.0
# ...for an outage's first 10 s only; a server that stays away is then tried at doubling
# intervals up to every 30 s (jittered downwards, so monitors at the cap stay spread), not
# forever every 1.5 s (two log rows per attempt for as long as the server was gone).
DEFAULT_FAST_FOR = 10.0
DEFAULT_CAP = 30.0


class Backoff:
    """Delays between connection attempts.

    For the first ``fast_for`` seconds of an outage (from the first delay handed out since
    the last reset), ``next_delay()`` walks ``steps`` and then stays on the last one, each
    delay jittered by ±``jitter`` (a fraction) so that many monitors do not reconnect in
    lockstep. After that each delay doubles from the last step up to ``cap``, jittered
    downwards by up to ``jitter`` (never above ``cap``).
    Call ``connected(now)`` when a connection opens and ``disconnected(now)`` when it is lost:
    a connection that lasted at least ``stable_after`` seconds (and, with
    ``useful=False``, did something: joined a channel) resets the schedule, a shorter one
    does not (so a server that accepts and drops at once, or accepts and stays silent,
    cannot cause a storm).
    """

    def __init__(
        self,
        steps: Sequence[float] = DEFAULT_STEPS,
        *,
        jitter: float = DEFAULT_JITTER,
        stable_after: float = DEFAULT_STABLE_AFTER,
        rand: Callable[[], float] = random.random,
        fast_for: float = DEFAULT_FAST_FOR,
        cap: float = DEFAULT_CAP,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not steps or any(step < 0 for step in steps):
            raise ValueError("steps must be a non-empty sequence of non-negative delays")
        if not 0 <= jitter < 1:
            raise ValueError("jitter must be in [0, 1)")
        self.steps = tuple(float(step) for step in steps)
        self.jitter = jitter
        self.stable_after = stable_after
        self.fast_for = fast_for
        self.cap = max(cap, self.steps[-1])
        self._rand = rand
        self._clock = clock
        self._attempt = 0
        self._fast_attempt = 0
        self._slow_attempt = 0
        self._outage_start: float | None = None
        self._connected_at: float | None = None

    @property
    def attempt(self) -> int:
        """How many delays were handed out since the last reset."""
        return self._attempt

    def next_delay(self) -> float:
        """The delay before the next attempt, in seconds (never negative, never above
        ``cap``)."""
        now = self._clock()
        if self._outage_start is None:
            self._outage_start = now
        self._attempt += 1
        if now - self._outage_start < self.fast_for:
            base = self.steps[min(self._fast_attempt, len(self.steps) - 1)]
            self._fast_attempt += 1
            # rand() is in [0, 1): map it to a factor in [1 - jitter, 1 + jitter).
            factor = 1.0 + self.jitter * (2.0 * self._rand() - 1.0)
            return max(0.0, base * factor)
        self._slow_attempt += 1
        base = min(self.cap, self.steps[-1] * 2.0**self._slow_attempt)
        return max(0.0, base * (1.0 - self.jitter * self._rand()))

    def reset(self) -> None:
        """Start again from the first step (a new outage)."""
        self._attempt = 0
        self._fast_attempt = 0
        self._slow_attempt = 0
        self._outage_start = None

    def connected(self, now: float) -> None:
        self._connected_at = now

    def disconnected(self, now: float, useful: bool = True) -> bool:
        """Record a loss; returns True when the connection was stable and ``useful``
        (schedule reset)."""
        started, self._connected_at = self._connected_at, None
        if useful and started is not None and now - started >= self.stable_after:
            self.reset()
            return True
        return False

    def was_stable(self, now: float) -> bool:
        """True while the current connection has lasted at least ``stable_after`` seconds."""
        return self._connected_at is not None and now - self._connected_at >= self.stable_after
