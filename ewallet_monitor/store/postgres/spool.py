"""The local spool: rows a desk could not write to PostgreSQL, kept in SQLite until the
database is back.

One file in the desk's data folder (private to the user, like the embedded store).
Rows are kept with their keys, in order, so a replay writes exactly what would have been
written and, the keys being unique in PostgreSQL, a row replayed twice (the spool's
removal lost after a commit) is stored once.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from ewallet_monitor.private_files import private_dir, private_file
from ewallet_monitor.store.postgres.rows import PgRows

SPOOL_NAME = "postgresql-spool.sqlite3"


class Spool:
    """Append, take in order, remove what was written. Safe from several threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        private_dir(self.path.parent)
        private_file(self.path)
        self._connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._connection.execute("PRAGMA journal_mode = WAL")
        self._connection.execute("PRAGMA synchronous = NORMAL")
        self._connection.execute(
            "CREATE TABLE IF NOT EXISTS spool ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, cells TEXT NOT NULL)"
        )
        self._lock = threading.Lock()
        self._count = self._read_count()
        self._frames = self._read_frames()

    def _read_count(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM spool").fetchone()[0])

    def _read_frames(self) -> int:
        row = self._connection.execute("SELECT count(*) FROM spool WHERE tbl = 'frames'")
        return int(row.fetchone()[0])

    @property
    def count(self) -> int:
        """Rows waiting (every table)."""
        return self._count

    @property
    def frames(self) -> int:
        """Frames (events) waiting."""
        return self._frames

    def append(self, rows: PgRows) -> None:
        items = rows.to_spool()
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                self._connection.executemany("INSERT INTO spool (tbl, cells) VALUES (?, ?)", items)
                self._connection.execute("COMMIT")
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._count += len(items)
            self._frames += len(rows.frames)

    def take(self, limit: int) -> tuple[int, PgRows]:
        """The oldest ``limit`` rows and the id to remove up to once they are written
        (0 and nothing when the spool is empty)."""
        with self._lock:
            found = self._connection.execute(
                "SELECT id, tbl, cells FROM spool ORDER BY id LIMIT ?", (limit,)
            ).fetchall()
        if not found:
            return 0, PgRows()
        return int(found[-1][0]), PgRows.from_spool([(tbl, cells) for _id, tbl, cells in found])

    def remove_upto(self, last_id: int) -> None:
        with self._lock:
            self._connection.execute("DELETE FROM spool WHERE id <= ?", (last_id,))
            self._count = self._read_count()
            self._frames = self._read_frames()

    def close(self) -> None:
        with self._lock:
            self._connection.close()
