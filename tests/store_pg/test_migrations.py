"""The PostgreSQL schema's migrations: applied once each, in order, recorded, and a
database from a newer release refused."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from ewallet_monitor.store.postgres.migrations import (
    PgSchemaError,
    available_migrations,
    migrate,
    schema_version,
)
from ewallet_monitor.store.postgres.rows import legacy_desk_id


def test_a_new_database_gets_every_migration_once(pg_database: str) -> None:
    with psycopg.connect(pg_database, autocommit=True) as conn:
        applied = migrate(conn)
        assert applied == [m.version for m in available_migrations()]
        assert migrate(conn) == []
        tables = {
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        }
        assert schema_version(conn) == applied[-1]
    assert {
        "frames",
        "frame_desks",
        "gaps",
        "channel_states",
        "audit",
        "schema_migrations",
    } <= tables


def test_migration_numbers_leave_room_for_the_desks(pg_database: str) -> None:
    history = [m.version for m in available_migrations() if m.version < 50]
    assert history[0] == 1 and history == sorted(set(history))


def test_a_database_from_a_newer_release_is_refused(pg_database: str) -> None:
    with psycopg.connect(pg_database, autocommit=True) as conn:
        migrate(conn)
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')")
        with pytest.raises(PgSchemaError, match="9999, newer than this release"):
            migrate(conn)


def test_files_apply_in_order_and_a_failed_one_leaves_nothing(
    pg_database: str, tmp_path: Path
) -> None:
    (tmp_path / "0001_first.sql").write_text("CREATE TABLE one (x int);")
    (tmp_path / "0002_second.sql").write_text(
        "INSERT INTO one VALUES (1); CREATE TABLE two (y int);"
    )
    (tmp_path / "0003_broken.sql").write_text("CREATE TABLE three (z int); SELECT nonsense();")
    with psycopg.connect(pg_database, autocommit=True) as conn:
        with pytest.raises(PgSchemaError, match="0003_broken failed"):
            migrate(conn, tmp_path)
        assert schema_version(conn) == 2
        assert conn.execute("SELECT to_regclass('three')").fetchone() == (None,)
        assert conn.execute("SELECT x FROM one").fetchall() == [(1,)]


def test_two_files_with_one_number_are_refused(tmp_path: Path) -> None:
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "0001_b.sql").write_text("SELECT 1;")
    with pytest.raises(PgSchemaError, match="two migrations numbered 0001"):
        available_migrations(tmp_path)


def _migrated_up_to(conn: psycopg.Connection[tuple[object, ...]], last: int, folder: Path) -> None:
    """Apply the release's migrations up to ``last`` only (an older release's database)."""
    folder.mkdir()
    for migration in available_migrations():
        if migration.version <= last:
            (folder / migration.path.name).write_text(migration.sql())
    migrate(conn, folder)


def _frame(conn: psycopg.Connection[tuple[object, ...]], key: bytes, at_ms: int) -> int:
    row = conn.execute(
        "INSERT INTO frames (event_key, at_ms, direction, kind, raw) "
        "VALUES (%s, %s, 'in', 'frame', '{}') RETURNING seq",
        (key, at_ms),
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


def _desks_by_frame(conn: psycopg.Connection[tuple[object, ...]]) -> list[tuple[object, ...]]:
    return conn.execute(
        "SELECT fd.seq, d.name, d.kind FROM frame_desks fd JOIN desks d USING (desk_id) "
        "ORDER BY fd.seq, d.name"
    ).fetchall()


@pytest.mark.parametrize("last", [2, 50], ids=["history only", "with desks"])
def test_frame_desks_rows_by_name_are_keyed_by_desk_id_after_the_upgrade(
    pg_database: str, tmp_path: Path, last: int
) -> None:
    with psycopg.connect(pg_database, autocommit=True) as conn:
        _migrated_up_to(conn, last, tmp_path / "older")
        one, two = _frame(conn, b"k1", 1_000), _frame(conn, b"k2", 2_000)
        for seq, desk in ((one, "Till"), (one, "Back office"), (two, "Till")):
            conn.execute(
                "INSERT INTO frame_desks (seq, desk, at_ms) VALUES (%s, %s, 1)", (seq, desk)
            )
        registered = None
        if last >= 50:
            # A desk of that name registered (twice: the last start is the one kept).
            for desk_id, started in (
                ("00000000-0000-0000-0000-00000000000a", "2026-01-01"),
                ("00000000-0000-0000-0000-00000000000b", "2026-02-01"),
            ):
                conn.execute(
                    "INSERT INTO desks (desk_id, name, os_user, host, pid, kind, started_at)"
                    " VALUES (%s, 'Till', 'carla', 'pos1', 1, 'window', %s)",
                    (desk_id, started),
                )
            registered = "00000000-0000-0000-0000-00000000000b"
        migrate(conn)
        columns = {
            name
            for (name,) in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'frame_desks'"
            )
        }
        till = conn.execute(
            "SELECT DISTINCT desk_id::text FROM frame_desks fd JOIN desks d USING (desk_id) "
            "WHERE d.name = 'Till'"
        ).fetchall()
        earlier = conn.execute(
            "SELECT desk_id::text, stopped_at IS NOT NULL FROM desks WHERE name = 'Back office'"
        ).fetchall()
        assert _desks_by_frame(conn) == [
            (one, "Back office", "earlier"),
            (one, "Till", "window" if registered else "earlier"),
            (two, "Till", "window" if registered else "earlier"),
        ]
    assert columns == {"seq", "desk_id", "at_ms"}
    assert till == [(registered or legacy_desk_id("Till"),)]
    # A desk known only by name gets the id an older release's spool maps its rows to.
    assert earlier == [(legacy_desk_id("Back office"), True)]
