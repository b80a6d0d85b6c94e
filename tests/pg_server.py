"""A real PostgreSQL server for the tests, started in a temporary directory.

``PgServer`` runs Debian's ``initdb``/``pg_ctl`` (``/usr/lib/postgresql/<n>/bin``, or the
folder of ``pg_config --bindir``, or ``$EWALLET_TEST_PG_BINDIR``) on a free loopback port,
with its unix socket in the same temporary directory. ``initdb`` refuses to run as root, so
when the suite runs as root (CI does) the server runs as the unprivileged ``postgres`` user
(``runuser -u postgres --``) and the directory is handed to that user.

Authentication: the superuser ``postgres`` is trusted (socket and loopback), every other
role must give its password (``scram-sha-256``) — so the store's password sources
(keyring, ``PGPASSFILE``) are tested against a server that really asks.

When the server cannot start, the tests that need it fail — they never skip: a skipped
database test passes a change that breaks the shared store, and the suite's setup script
(``scripts/install-system-deps.sh``) installs ``postgresql``, so a machine that ran it has
a server. ``EWALLET_TEST_SKIP_PG=1`` is the one way out, for a developer who knowingly has
no PostgreSQL; it is never set in CI.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SUPERUSER = "postgres"
TEMPLATE_DB = "ewallet_template"
_RUN_AS = "postgres"  # the OS user the server runs as when the tests run as root


class PgServerError(RuntimeError):
    """The test server could not be set up, started or stopped."""


def find_bindir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``, newest major version first."""
    explicit = os.environ.get("EWALLET_TEST_PG_BINDIR")
    if explicit:
        return Path(explicit)
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if debian:
        return debian[-1].parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    raise PgServerError(
        "PostgreSQL's initdb was not found (install the Debian package 'postgresql': "
        "bash scripts/install-system-deps.sh; or set EWALLET_TEST_PG_BINDIR)"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One PostgreSQL cluster in its own temporary directory, started and stopped on demand."""

    def __init__(self, bindir: Path | None = None) -> None:
        self.bindir = bindir or find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="ewallet-pg-"))
        self.datadir = self.root / "data"
        self.socket_dir = self.root
        self.port = _free_port()
        self.host = "127.0.0.1"
        self._as_root = os.geteuid() == 0
        self._names = itertools.count(1)
        if self._as_root:
            try:
                user = pwd.getpwnam(_RUN_AS)
            except KeyError as exc:
                raise PgServerError(
                    f"running as root and there is no '{_RUN_AS}' user to run PostgreSQL as "
                    "(initdb refuses root): install the Debian package 'postgresql'"
                ) from exc
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.root.chmod(0o755)

    # -- process control ------------------------------------------------------------------

    def _run(self, *argv: str, timeout: float = 120) -> str:
        cmd = [str(self.bindir / argv[0]), *argv[1:]]
        if self._as_root:
            cmd = ["runuser", "-u", _RUN_AS, "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        if proc.returncode != 0:
            raise PgServerError(
                f"{' '.join(argv[:2])} failed ({proc.returncode}): "
                f"{(proc.stderr or proc.stdout).strip()[-2000:]}"
            )
        return proc.stdout

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            SUPERUSER,
            "--auth=trust",  # pg_hba.conf is written next
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        (self.datadir / "pg_hba.conf").write_text(
            "local all postgres trust\n"
            "host all postgres 127.0.0.1/32 trust\n"
            "local all all scram-sha-256\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        # A test server: durability is not what is tested, speed on a shared machine is.
        with (self.datadir / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\n"
                f"listen_addresses = '{self.host}'\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 200\nshared_buffers = 128MB\n"
                "log_min_messages = warning\n"
            )

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.datadir),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "-t", "60", "stop")

    def is_running(self) -> bool:
        cmd = [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "status"]
        if self._as_root:
            cmd = ["runuser", "-u", _RUN_AS, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, check=False).returncode == 0

    def log_tail(self, chars: int = 4000) -> str:
        log = self.root / "server.log"
        return log.read_text(errors="replace")[-chars:] if log.exists() else ""

    def cleanup(self) -> None:
        with contextlib.suppress(PgServerError, subprocess.SubprocessError):
            if self.datadir.exists() and self.is_running():
                self.stop("immediate")
        # A server's last files may still be appearing as the folder is removed: again.
        for _ in range(3):
            shutil.rmtree(self.root, ignore_errors=True)
            if not self.root.exists():
                return

    # -- addresses and databases ------------------------------------------------------------

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """A ``postgresql://`` URL over loopback TCP (no password: the superuser is trusted)."""
        return f"postgresql://{user}@{self.host}:{self.port}/{dbname}"

    def admin_execute(self, *statements: str, dbname: str = "postgres") -> None:
        """Runs statements as the superuser, each in autocommit (CREATE DATABASE needs it)."""
        import psycopg

        with psycopg.connect(self.dsn(dbname), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement.encode())

    def create_template(self) -> None:
        """The template each test's database is copied from (extensions already in)."""
        self.admin_execute(f"CREATE DATABASE {TEMPLATE_DB}")
        self.admin_execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", dbname=TEMPLATE_DB)

    def fresh_database(self) -> str:
        """A new empty database copied from the template; returns its name."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        self.admin_execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
        return name

    def drop_database(self, name: str) -> None:
        self.admin_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_server() -> PgServer:
    """A new started cluster with the template database; the caller cleans it up."""
    server = PgServer()
    try:
        server.init()
        server.start()
        server.create_template()
    except BaseException as exc:
        tail = server.log_tail()
        server.cleanup()
        if isinstance(exc, PgServerError) and tail:
            raise PgServerError(f"{exc}\n--- server log ---\n{tail}") from exc
        raise
    return server


def _start_or_fail() -> PgServer:
    reason = ""
    try:
        return start_server()
    except (PgServerError, OSError, subprocess.SubprocessError) as exc:
        reason = str(exc)
    # Outside the except block, so the report shows the reason, not a chained traceback.
    if os.environ.get("EWALLET_TEST_SKIP_PG") == "1":
        pytest.skip(f"PostgreSQL unavailable and EWALLET_TEST_SKIP_PG=1: {reason}")
    pytest.fail(f"the test PostgreSQL server could not start: {reason}", pytrace=False)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The suite's PostgreSQL server, started on first use and stopped at the end."""
    server = _start_or_fail()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def pg_database(pg_server: PgServer) -> Iterator[str]:
    """A fresh database for one test; yields its ``postgresql://`` URL."""
    if not pg_server.is_running():
        # A test that stopped the shared server and failed before restarting it.
        pg_server.start()
    name = pg_server.fresh_database()
    try:
        yield pg_server.dsn(name)
    finally:
        pg_server.drop_database(name)


@pytest.fixture
def own_pg_server() -> Iterator[PgServer]:
    """A private server for a test that stops and restarts it (outage tests)."""
    server = _start_or_fail()
    try:
        yield server
    finally:
        server.cleanup()
