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
