"""The SQLite store's tunables in one place: the writer loop's cadence, the process
transport's shipping, and the writer's background work (indexing, retention).

What each default was measured against is in docs/benchmarks.md and docs/store.md.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class StoreLimits:
    """Every bound of the store's pipeline; a value object (frozen, picklable)."""

    # -- the writer loop -------------------------------------------------------------------
    # A commit at least this often (a kill -9 loses less than a second), of at most
    # batch_rows rows.
    commit_interval: float = 0.1
    batch_rows: int = 5000
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
    ship_interval: float = 0.02
    ship_max_items: int = 64
    # The writer process stops reading its pipe while this many items wait to be written,
    # so the application sees the backlog in the pipe and applies flow control.
    child_max_queued: int = 4096
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
    # While frames keep arriving, indexing takes at most this share of the writer's time.
    index_share_while_busy: float = 0.2
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

__all__ = ["DEFAULT_STORE_LIMITS", "StoreLimits"]
