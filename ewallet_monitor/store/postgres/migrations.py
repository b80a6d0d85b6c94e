"""The PostgreSQL schema's migrations: numbered SQL files applied in order, once each.

``migrations/NNNN_name.sql`` (``0001``–``0049`` the history's, ``0050`` on the desks' and
claims'). :func:`migrate` applies every file whose number is not in ``schema_migrations``
yet, each in its own transaction together with its row there, under an advisory lock, so
desks starting at the same moment neither race nor apply a file twice. A database that
records a number this release has no file for comes from a newer release and is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# pg_advisory_xact_lock's key: any constant of our own ("ewmo" in ASCII).
_LOCK_KEY = 0x65776D6F


class PgSchemaError(Exception):
    """The database cannot be used: from a newer release, or a migration failed."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    path: Path

    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def available_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migration files, in order; two files with one number are refused."""
    found: dict[int, Migration] = {}
    for path in sorted(folder.glob("*.sql")):
        match = _FILE.match(path.name)
        if match is None:
            raise PgSchemaError(f"{path.name}: a migration is named NNNN_name.sql")
        version = int(match.group(1))
        if version in found:
            raise PgSchemaError(
                f"two migrations numbered {version:04d}: {found[version].path.name}, {path.name}"
            )
        found[version] = Migration(version, match.group(2), path)
    return [found[v] for v in sorted(found)]


def applied_versions(connection: psycopg.Connection[tuple[object, ...]]) -> set[int]:
    """The numbers recorded in ``schema_migrations`` (empty for a new database)."""
    exists = connection.execute("SELECT to_regclass('schema_migrations')").fetchone()
    if exists is None or exists[0] is None:
        return set()
    return {int(str(v)) for (v,) in connection.execute("SELECT version FROM schema_migrations")}


def migrate(
    connection: psycopg.Connection[tuple[object, ...]], folder: Path = MIGRATIONS_DIR
) -> list[int]:
    """Apply the missing migrations; returns the numbers applied now.

    ``connection`` must not be inside a transaction. Raises :class:`PgSchemaError` for a
    database from a newer release or a migration the server refused.
    """
    migrations = available_migrations(folder)
    known = {m.version for m in migrations}
    applied_now: list[int] = []
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
    done = applied_versions(connection)
    unknown = sorted(done - known)
    if unknown:
        raise PgSchemaError(
            f"the database has migration {unknown[-1]:04d}, newer than this release "
            f"understands (up to {max(known, default=0):04d}); use a newer ewallet-monitor"
        )
    for migration in migrations:
        if migration.version in done:
            continue
        try:
            with connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                # Another desk may have applied it while this one waited for the lock.
                if migration.version in applied_versions(connection):
                    continue
                connection.execute(migration.sql().encode())
                connection.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (migration.version, migration.name),
                )
        except psycopg.Error as exc:
            raise PgSchemaError(
                f"migration {migration.version:04d}_{migration.name} failed: {exc}"
            ) from exc
        applied_now.append(migration.version)
    return applied_now


def connect_and_migrate(conninfo: str, connect_timeout: int) -> None:
    """Open one connection, bring the schema up to date (:func:`migrate`), close it.

    Raises :class:`PgSchemaError`, or the ``psycopg.Error`` of a server that cannot be
    reached or refuses: each caller says which in its own terms (a reader gives up, the
    writer spools while the server is unreachable)."""
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=connect_timeout) as connection:
        migrate(connection)


def schema_version(connection: psycopg.Connection[tuple[object, ...]]) -> int:
    """The highest migration number applied (0 for a new database)."""
    return max(applied_versions(connection), default=0)
