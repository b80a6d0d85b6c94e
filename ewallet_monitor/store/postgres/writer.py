"""Writing keyed rows to PostgreSQL: one transaction per batch, idempotent.

Frames go through a temporary staging table (one ``COPY``), then into ``frames`` with
``ON CONFLICT (event_key) DO NOTHING`` and into ``frame_desks`` for every row received,
new or not. The other tables are inserted the same way on their ``row_key``. Writers of
several desks take one advisory lock per transaction: their batches overlap (the same
broadcasts), and taking the rows' unique-index locks in different orders would deadlock;
a batch holds the lock for a few milliseconds.
"""

from __future__ import annotations

from typing import Any

import psycopg

from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.store.postgres.rows import PgRows

# pg_advisory_xact_lock's key for history writes ("ewwr" in ASCII).
WRITE_LOCK_KEY = 0x65777772

FRAME_COLUMNS = (
    "event_key, desk, at_ms, direction, kind, topic, event, ref, consumption_id, status, "
    "error_code, reason, raw, json_ok, body"
)
_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS incoming_frames ("
    " n integer, event_key bytea, desk text, at_ms bigint, direction text, kind text,"
    " topic text, event text, ref text, consumption_id text, status text, error_code text,"
    " reason text, raw text, json_ok boolean, body text) ON COMMIT DELETE ROWS"
)
_COPY = f"COPY incoming_frames (n, {FRAME_COLUMNS}) FROM STDIN"
_INSERT_FRAMES = (
    f"INSERT INTO frames ({FRAME_COLUMNS}) SELECT {FRAME_COLUMNS} FROM incoming_frames "
    "ORDER BY n ON CONFLICT (event_key) DO NOTHING"
)
_INSERT_FRAME_DESKS = (
    "INSERT INTO frame_desks (seq, desk, at_ms) SELECT f.seq, i.desk, i.at_ms "
    "FROM incoming_frames i JOIN frames f ON f.event_key = i.event_key "
    "ON CONFLICT DO NOTHING"
)
_INSERTS = {
    "gaps": "INSERT INTO gaps (row_key, desk, at_ms, start_ms, end_ms, channels, recoverable) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (row_key) DO NOTHING",
    "channel_states": "INSERT INTO channel_states (row_key, desk, at_ms, topic, state, reason) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (row_key) DO NOTHING",
    "connection_states": "INSERT INTO connection_states "
    "(row_key, desk, at_ms, state, detail, url, retry_in, code) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (row_key) DO NOTHING",
    "notices": "INSERT INTO notices (row_key, desk, at_ms, level, text, details) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (row_key) DO NOTHING",
}
_INSERT_AUDIT = (
    "INSERT INTO audit (row_key, desk, at_ms, os_user, profile, action, consumption_id, "
    "amount, token, answer, answer_code) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (row_key) DO NOTHING"
)
# A finalized event may arrive before the action's HTTP answer (the server broadcasts
# first), so a new audit row takes the outcome already stored, if any.
_FILL_OUTCOME_FROM_FRAMES = (
    "UPDATE audit a SET outcome = f.status, outcome_code = f.error_code, "
    "outcome_at_ms = f.at_ms FROM (SELECT status, error_code, at_ms FROM frames "
    " WHERE consumption_id = %(cid)s AND event = %(event)s AND status IS NOT NULL "
    " ORDER BY seq DESC LIMIT 1) f "
    "WHERE a.row_key = %(key)s AND a.outcome IS NULL"
)
_UPDATE_OUTCOME = (
    "UPDATE audit SET outcome = %s, outcome_code = %s, outcome_at_ms = %s "
    "WHERE consumption_id = %s AND outcome IS NULL"
)


def write_rows(connection: psycopg.Connection[Any], rows: PgRows) -> None:
    """Store ``rows`` in one transaction (``connection`` outside any transaction).

    Raises what psycopg raises: :class:`psycopg.OperationalError` when the database is
    unreachable (the caller keeps the rows), another :class:`psycopg.Error` for rows the
    database refuses.
    """
    with connection.transaction(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        if rows.frames:
            cursor.execute(_STAGING)
            with cursor.copy(_COPY) as copy:
                for n, row in enumerate(rows.frames):
                    copy.write_row((n, *row))
            cursor.execute(_INSERT_FRAMES)
            cursor.execute(_INSERT_FRAME_DESKS)
        for table, sql in _INSERTS.items():
            table_rows = getattr(rows, table)
            if table_rows:
                cursor.executemany(sql, table_rows)
        for audit in rows.audits:
            cursor.execute(_INSERT_AUDIT, audit)
            cursor.execute(
                _FILL_OUTCOME_FROM_FRAMES,
                {"cid": audit[6], "event": CONSUMPTION_FINALIZED, "key": audit[0]},
            )
        if rows.outcomes:
            cursor.executemany(_UPDATE_OUTCOME, rows.outcomes)
