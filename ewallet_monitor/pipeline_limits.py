"""The frame pipeline's limits, in one place: flow control, batch sizes, read sizes.

A received frame crosses the socket client, the engine process's batches and pipe, the
window's intake, the store's queue and its writer. Each stage bounds what may wait in
front of it and how much it takes at once; every such number is a field of
:class:`PipelineLimits`, which the composition root builds once (``DEFAULT_LIMITS``
unless a test or benchmark wants other numbers) and hands down: to the
``ConnectionConfig`` (socket client, engine process, engine client), the controller and
the event store. What each default was measured against is in docs/benchmarks.md
("The pipeline's limits").

The standard library only: every layer and every process may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

KIB = 1024
MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class PipelineLimits:
    """Every bound of the frame pipeline; a value object (frozen, picklable)."""

    # -- the socket (client.monitor) -------------------------------------------------------
    # The monitor sends a few hundred bytes a second: this much unsent means the server
    # stopped reading (pongs to a ping flood pile up), and the connection is dropped.
    max_unsent_bytes: int = MIB
    unsent_check_seconds: float = 0.05
    # Checked this often with nothing waiting (a write that leaves bytes unsent wakes the
    # check at once): an idle connection costs no timer ticks.
    unsent_idle_check_seconds: float = 1.0
    # More than this unsent when a connection ends: dropped, not closed politely.
    unsent_for_close_bytes: int = 64 * KIB
    # How often a paused intake asks again whether to read (a paused client costs nothing
    # else).
    intake_recheck_seconds: float = 0.02

    # -- the engine process's batches (engine.worker) ---------------------------------------
    # A batch leaves at this many items or this long after its first: a burst is cheap and
    # a quiet stream waits ~5 ms.
    batch_items: int = 256
    batch_delay_seconds: float = 0.005
    # With this many batches waiting for the pipe (~7 MB each at most) the socket is not
    # read; it is again once the sender is down to resume_below_batches.
    max_waiting_batches: int = 8
    resume_below_batches: int = 2

    # -- the pipes between processes (pipes, engine.client) ---------------------------------
    # A whole batch fits, so it is written in one go, not 64 KB at a time.
    pipe_bytes: int = MIB
    # One wake-up of the window reads at most this much, then lets the window paint.
    read_per_wake_bytes: int = 4 * MIB
    read_chunk_bytes: int = MIB

    # -- the window's intake (controllers) --------------------------------------------------
    # The window takes nothing from its engine while this many rows wait for the store
    # (~35 MB of frame text), and takes again below store_backlog_resume_rows.
    store_backlog_pause_rows: int = 5_000
    store_backlog_resume_rows: int = 2_500
    # Building cards gets this much of one turn of the event loop; the rest waits a turn.
    card_slice_ms: int = 10

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if not value > 0:
                raise ValueError(f"{spec.name} must be positive, not {value!r}")
        if self.resume_below_batches > self.max_waiting_batches:
            raise ValueError("resume_below_batches must not exceed max_waiting_batches")
        if self.store_backlog_resume_rows > self.store_backlog_pause_rows:
            raise ValueError("store_backlog_resume_rows must not exceed store_backlog_pause_rows")
        if self.read_chunk_bytes > self.read_per_wake_bytes:
            raise ValueError("read_chunk_bytes must not exceed read_per_wake_bytes")


DEFAULT_LIMITS = PipelineLimits()

__all__ = ["DEFAULT_LIMITS", "PipelineLimits"]
