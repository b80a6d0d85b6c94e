"""The frame pipeline's limits, in one place: flow control, batch sizes, read sizes.

A received frame crosses the socket client, the engine process's batches and pipe, the
window's intake, the store's queue and its writer. Each stage bounds what may wait in
front of it and how much it takes at once; every such number is a field of
:class:`PipelineLimits`, which the composition root builds once (``DEFAULT_LIMITS``
unless a test or benchmark wants other numbers) and hands down: to the
``ConnectionConfig`` (socket client, engine process, engine client), the controller and
the event store (``limits.store``) and the event log (``log_flush_interval_ms``).
What each default was measured against is in docs/benchmarks.md
("The pipeline's limits").

The standard library only: every layer and every process may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

KIB = 1024
MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoreLimits:
    """The store's part of the pipeline (:attr:`PipelineLimits.store`): the writer loop's
    cadence, the process transport's shipping, the writers' background work and the
    PostgreSQL writer's outage policy; a value object (frozen, picklable)."""

    # -- the writer loop -------------------------------------------------------------------
    # A commit at least this often (a kill -9 loses less than a second), of at most
    # batch_rows rows (a batch's texts are all in memory at once while it is written).
    commit_interval: float = 0.1
    batch_rows: int = 1000
    # Back-off after the database refused a write (locked by another process, disk full).
    write_retry_delay: float = 0.5
    # Indexing waits while this many rows are queued, or while rows arrive faster than
    # burst_rows_per_s (measured over rate_window seconds): in a burst the CPU is better
    # spent keeping up; the index catches up after.
    index_only_below_queued: int = 1000
    burst_rows_per_s: float = 2000.0
    rate_window: float = 0.5

    # -- the process transport --------------------------------------------------------------
    # Queued items go to the writer process this often, at most ship_max_items a message
    # (~256 KB pickled: it stays in the CPU's cache).
    ship_interval: float = 0.1
    ship_max_items: int = 64
    # The writer process stops reading its pipe while this many items (~6 MB of frame
    # text) wait to be written, so the application sees the backlog in the pipe and
    # applies flow control.
    child_max_queued: int = 1024
    # A writer process that has not exited this long after its stop is killed.
    exit_grace: float = 5.0

    # -- the SQLite writer's background work --------------------------------------------------
    retention_interval: float = 300.0
    # Rows deleted per retention step (each its own transaction, between commits).
    retention_chunk: int = 2000
    # Size retention deletes down to this fraction of max_bytes.
    size_retention_target: float = 0.9
    # How often the database size is compared with max_bytes.
    size_check_interval: float = 2.0
    # Time one search-index step aims at, so commits are not delayed by much.
    index_step_seconds: float = 0.04
    max_index_step_rows: int = 1024
    # While frames keep arriving, indexing takes at most this share of the writer's time,
    # and once caught up it waits this long for the next rows.
    index_share_while_busy: float = 0.2
    index_interval_while_streaming: float = 2.0
    # The WAL is checkpointed once it holds this many pages (32 MB), not SQLite's 1,000:
    # each checkpoint copies the index pages again and waits for the disk twice.
    wal_checkpoint_pages: int = 8000
    journal_size_limit: int = 64 * 1024 * 1024

    # -- the PostgreSQL writer ----------------------------------------------------------------
    # An unreachable database is tried again this often (its rows go to the spool meanwhile).
    pg_retry_interval: float = 1.0
    # Rows written back from the spool per transaction.
    pg_replay_rows: int = 5000
    pg_connect_timeout: float = 5.0
    # The reads' connection pool (the writer keeps one connection of its own).
    pg_read_pool_max: int = 4

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if not value > 0:
                raise ValueError(f"{spec.name} must be positive, not {value!r}")
        if self.size_retention_target >= 1 or self.index_share_while_busy > 1:
            raise ValueError("size_retention_target and index_share_while_busy are fractions")


DEFAULT_STORE_LIMITS = StoreLimits()


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
    # (~12 MB of frame text), and takes again below store_backlog_resume_rows.
    store_backlog_pause_rows: int = 2_000
    store_backlog_resume_rows: int = 1_000
    # Building cards gets this much of one turn of the event loop; the rest waits a turn.
    card_slice_ms: int = 10
    # The live event log inserts rows in batches, one repaint each: a row waits at most
    # log_calm_flush_ms; once log_busy_rows are buffered (a stream of 200/s or more), the
    # batch goes log_flush_interval_ms after its first row (twice that in a burst).
    log_flush_interval_ms: int = 25
    log_calm_flush_ms: int = 100
    log_busy_rows: int = 20

    # -- the store (queue, transport, writer) -----------------------------------------------
    store: StoreLimits = field(default=DEFAULT_STORE_LIMITS)

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if not isinstance(value, StoreLimits) and not value > 0:
                raise ValueError(f"{spec.name} must be positive, not {value!r}")
        if self.resume_below_batches > self.max_waiting_batches:
            raise ValueError("resume_below_batches must not exceed max_waiting_batches")
        if self.store_backlog_resume_rows > self.store_backlog_pause_rows:
            raise ValueError("store_backlog_resume_rows must not exceed store_backlog_pause_rows")
        if self.read_chunk_bytes > self.read_per_wake_bytes:
            raise ValueError("read_chunk_bytes must not exceed read_per_wake_bytes")


DEFAULT_LIMITS = PipelineLimits()

__all__ = ["DEFAULT_LIMITS", "DEFAULT_STORE_LIMITS", "PipelineLimits", "StoreLimits"]
