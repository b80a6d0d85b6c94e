"""The database schema, its migrations, and the SQL of the text-search index.

The schema version lives in ``PRAGMA user_version``. :func:`migrate` applies every
migration above the file's version, in order, each in its own transaction, so a database
written by any earlier release opens and upgrades in place. A file written by a newer
release is refused rather than guessed at.

Text search uses an FTS5 table with the ``trigram`` tokenizer (case-insensitive substring
matching) over each stored frame's *search body* (store/search_body.py), which the
``frames_search`` view computes and the index reads (external content: the body is not
stored). The index is filled behind the writes by the writer
(``search_progress.indexed_upto``), so a burst never waits for indexing; rows above that
mark are searched by computing the same body on the fly. When the SQLite build lacks FTS5
there is no index and every search is that scan.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ewallet_monitor.store import codec, search_body

SCHEMA_VERSION = 6
DATABASE_NAME = "events.sqlite3"
FTS_TABLE = "frames_fts"


class SchemaError(Exception):
    """The file cannot be used: written by a newer release, or not this app's database."""


# Version 1: the first release. Kept verbatim: tests build a v1 file from it.
_V1 = """
CREATE TABLE frames (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    direction TEXT NOT NULL,
    kind TEXT NOT NULL,
    topic TEXT NOT NULL DEFAULT '',
    event TEXT NOT NULL DEFAULT '',
    ref TEXT,
    consumption_id TEXT,
    status TEXT,
    error_code TEXT,
    reason TEXT,
    raw TEXT NOT NULL
);
CREATE INDEX frames_at ON frames(at_ms);
CREATE INDEX frames_topic ON frames(topic);
CREATE INDEX frames_event ON frames(event);
CREATE INDEX frames_consumption ON frames(consumption_id) WHERE consumption_id IS NOT NULL;
CREATE TABLE gaps (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    channels TEXT NOT NULL,
    recoverable INTEGER NOT NULL
);
CREATE INDEX gaps_at ON gaps(at_ms);
CREATE TABLE channel_states (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    topic TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX channel_states_at ON channel_states(at_ms);
CREATE TABLE connection_states (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    state TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    retry_in REAL,
    code TEXT
);
CREATE INDEX connection_states_at ON connection_states(at_ms);
CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    level TEXT NOT NULL,
    text TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX notices_at ON notices(at_ms);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    os_user TEXT NOT NULL,
    profile TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    consumption_id TEXT NOT NULL,
    amount TEXT,
    token TEXT,
    answer TEXT,
    outcome TEXT
);
CREATE INDEX audit_consumption ON audit(consumption_id);
"""

# Version 2: the answer's error code and when the outcome arrived get their own columns
# (the CSV and the GUI filter on them); text search gets its index and progress mark.
_V2 = """
ALTER TABLE audit ADD COLUMN answer_code TEXT;
ALTER TABLE audit ADD COLUMN outcome_at_ms INTEGER;
ALTER TABLE audit ADD COLUMN outcome_code TEXT;
CREATE INDEX audit_at ON audit(at_ms);
CREATE TABLE search_progress (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_upto INTEGER NOT NULL
);
INSERT INTO search_progress (id, indexed_upto) VALUES (1, 0);
"""

# The search body of a row (store/search_body.py builds it; registered as a function).
SEARCH_BODY_SQL = "search_body(f.topic, f.event, f.reason, f.raw)"
# The index reads a row's body through this view (an external-content FTS5 table): the
# body is not stored a second time, and a LIKE on the index is checked against it.
SEARCH_VIEW = "frames_search"


def register_functions(connection: sqlite3.Connection) -> None:
    """The SQL functions the schema's SQL uses: ``frame_text`` and ``search_body``."""
    codec.register(connection)
    search_body.register(connection)


def fts5_available(connection: sqlite3.Connection) -> bool:
    """True when this SQLite build has FTS5 with the trigram tokenizer (SQLite ≥ 3.34)."""
    try:
        connection.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError:
        return False
    connection.execute("DROP TABLE temp.fts5_probe")
    return True


def _create_search_index_v2(connection: sqlite3.Connection) -> None:
    # Version 2's index, kept as it was: version 6 replaces it.
    connection.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
        "USING fts5(body, tokenize='trigram', detail='none')"
    )


def _create_search_index(connection: sqlite3.Connection) -> None:
    # detail='none' and columnsize=0 keep the index small; LIKE on a trigram table still
    # uses it, and SQLite re-checks each candidate against the body the view computes, so
    # results are exact.
    connection.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(body, tokenize='trigram', "
        f"detail='none', columnsize=0, content='{SEARCH_VIEW}', content_rowid='seq')"
    )


def has_search_index(connection: sqlite3.Connection) -> bool:
    row = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
    ).fetchone()
    return row is not None


def _apply_v1(connection: sqlite3.Connection) -> None:
    for statement in _split(_V1):
        connection.execute(statement)


def _apply_v2(connection: sqlite3.Connection) -> None:
    for statement in _split(_V2):
        connection.execute(statement)
    if fts5_available(connection):
        _create_search_index_v2(connection)


def _split(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def _apply_v3(connection: sqlite3.Connection) -> None:
    # Version 3: one row per consumption for the supervisor's statistics (store/stats.py).
    from ewallet_monitor.store.stats import create_stats_table

    create_stats_table(connection)


def _apply_v4(connection: sqlite3.Connection) -> None:
    # Version 4: the statistics' hourly summary and approval times (store/stats.py).
    from ewallet_monitor.store.stats import create_summaries

    create_summaries(connection)


def _apply_v5(connection: sqlite3.Connection) -> None:
    # Version 5: frames.raw may hold a zstd BLOB (store/codec.py), read through the SQL
    # function frame_text(raw); rows already stored stay text. No table changes: the
    # version keeps older releases, which would read BLOBs as text, from opening the file.
    pass


def _apply_v6(connection: sqlite3.Connection) -> None:
    # Version 6: the search body covers the fields people search (store/search_body.py),
    # built in Python, and the index no longer stores a copy of it. The old index is
    # dropped; the writer re-indexes every stored row behind the writes, and searches scan
    # the rows not indexed yet meanwhile.
    connection.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    connection.execute(f"DROP VIEW IF EXISTS {SEARCH_VIEW}")
    connection.execute(
        f"CREATE VIEW {SEARCH_VIEW} AS SELECT seq, {SEARCH_BODY_SQL} AS body FROM frames f"
    )
    if fts5_available(connection):
        _create_search_index(connection)
    connection.execute("UPDATE search_progress SET indexed_upto = 0 WHERE id = 1")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _apply_v1,
    2: _apply_v2,
    3: _apply_v3,
    4: _apply_v4,
    5: _apply_v5,
    6: _apply_v6,
}


def schema_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the database up to :data:`SCHEMA_VERSION`; return the version found.

    ``connection`` must be in autocommit mode (``isolation_level=None``). Each step runs
    in an immediate transaction together with its ``user_version`` bump, so a crash in
    the middle leaves the file at the previous version, never half-migrated. Raises
    :class:`SchemaError` for a file from a newer release.
    """
    # The statistics' migrations read frames through them.
    register_functions(connection)
    found = schema_version(connection)
    if found > SCHEMA_VERSION:
        raise SchemaError(
            f"the database has schema version {found}, newer than this release "
            f"understands ({SCHEMA_VERSION}); use a newer ewallet-monitor"
        )
    if found == 0 and _has_foreign_tables(connection):
        raise SchemaError("the file is an SQLite database but not an ewallet-monitor one")
    for version in range(found + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the write lock.
            if schema_version(connection) >= version:
                connection.execute("COMMIT")
                continue
            MIGRATIONS[version](connection)
            connection.execute(f"PRAGMA user_version = {version}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return found


def _has_foreign_tables(connection: sqlite3.Connection) -> bool:
    row = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()
    return int(row[0]) > 0
