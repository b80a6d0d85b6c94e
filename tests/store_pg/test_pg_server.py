"""The test PostgreSQL server itself: it starts, gives each test its own database, asks
passwords of ordinary roles, and survives a stop and start."""

from __future__ import annotations

import psycopg
import pytest

from tests.pg_server import PgServer


def test_each_test_gets_a_fresh_database_with_trigram(pg_database: str) -> None:
    with psycopg.connect(pg_database) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
        trgm = conn.execute("SELECT similarity('payment', 'payments')").fetchone()
    assert tables == (0,)
    assert trgm is not None and trgm[0] > 0.5


def test_databases_are_separate(pg_server: PgServer, pg_database: str) -> None:
    with psycopg.connect(pg_database) as conn:
        conn.execute("CREATE TABLE marker (x int)")
    other = pg_server.fresh_database()
    try:
        with psycopg.connect(pg_server.dsn(other)) as conn:
            found = conn.execute("SELECT to_regclass('marker')").fetchone()
        assert found == (None,)
    finally:
        pg_server.drop_database(other)


def test_an_ordinary_role_must_give_its_password(pg_server: PgServer, pg_database: str) -> None:
    dbname = pg_database.rsplit("/", 1)[1]
    pg_server.admin_execute(
        "DROP ROLE IF EXISTS desk_test",
        "CREATE ROLE desk_test LOGIN PASSWORD 's3cret'",
        f"GRANT ALL ON DATABASE {dbname} TO desk_test",
    )
    try:
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(pg_server.dsn(dbname, user="desk_test")).close()
        with psycopg.connect(pg_server.dsn(dbname, user="desk_test"), password="s3cret") as c:
            assert c.execute("SELECT current_user").fetchone() == ("desk_test",)
    finally:
        pg_server.admin_execute(f"REVOKE ALL ON DATABASE {dbname} FROM desk_test")
        pg_server.drop_database(dbname)  # drops the grant's dependency before the role
        pg_server.admin_execute("DROP ROLE desk_test")


def test_a_private_server_stops_and_starts(own_pg_server: PgServer) -> None:
    name = own_pg_server.fresh_database()
    with psycopg.connect(own_pg_server.dsn(name)) as conn:
        conn.execute("CREATE TABLE kept (x int)")
        conn.execute("INSERT INTO kept VALUES (1)")
    own_pg_server.stop()
    assert not own_pg_server.is_running()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(own_pg_server.dsn(name), connect_timeout=2).close()
    own_pg_server.start()
    with psycopg.connect(own_pg_server.dsn(name)) as conn:
        assert conn.execute("SELECT x FROM kept").fetchall() == [(1,)]
