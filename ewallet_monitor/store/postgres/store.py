"""The PostgreSQL event store: the SQLite store's queue and interface, several desks on
one database.

The same three parts as the embedded store (docs/store.md): the window-side queue of
:class:`~ewallet_monitor.store.event_store.EventStore` (``record`` and the rest only queue,
from any thread, never blocking), a transport (a thread of this process by default), and
the :class:`~ewallet_monitor.store.postgres.writer.PostgresWriter`, which writes every
``commit_interval`` in one transaction, or to the local spool while the database cannot be
reached. Its status comes back through the transport's status channel
(:attr:`PostgresStore.reachable`, :attr:`PostgresStore.spooled`, ``on_state``). Reads use a
connection pool of their own.
"""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from ewallet_monitor.pipeline_limits import DEFAULT_STORE_LIMITS, StoreLimits
from ewallet_monitor.store.event_store import EventStore, normalized_secrets, os_user
from ewallet_monitor.store.postgres.migrations import PgSchemaError, connect_and_migrate
from ewallet_monitor.store.postgres.reader import PostgresReader
from ewallet_monitor.store.postgres.spool import SPOOL_NAME
from ewallet_monitor.store.postgres.url import (
    PasswordSource,
    StoreUrl,
    keyring_password,
    parse_store_url,
)
from ewallet_monitor.store.postgres.writer import PostgresWriterFactory, first_line, open_pool
from ewallet_monitor.store.reader import StoreError
from ewallet_monitor.store.writer import WriterStatus

log = logging.getLogger(__name__)


def default_desk() -> str:
    """This desk's name when none is given: ``user@host``."""
    return f"{os_user()}@{socket.gethostname()}"


class PostgresStore(EventStore):
    """Record monitor events and the audit trail in PostgreSQL; read them back.

    The same calls as :class:`~ewallet_monitor.store.EventStore` (it is one, on another
    writer). ``desk`` names this desk in ``frame_desks`` and on its rows. ``spool_dir`` is
    where the outage spool lives (the desk's data folder). ``on_state`` is called from the
    writer's thread whenever :attr:`reachable` or :attr:`spooled` changes (marshal it to
    the GUI thread yourself). ``separate_process`` runs the writer in a process of its own,
    as for SQLite.

    Raises :class:`StoreError` when the server answers but refuses (a wrong password, no
    such database, a schema from a newer release); an unreachable server is no error: the
    store starts spooling.
    """

    def __init__(
        self,
        url: StoreUrl | str,
        *,
        spool_dir: Path | str,
        desk: str | None = None,
        secrets: Iterable[str] = (),
        limits: StoreLimits = DEFAULT_STORE_LIMITS,
        password: PasswordSource = keyring_password,
        on_state: Callable[[PostgresStore], None] | None = None,
        separate_process: bool = False,
    ) -> None:
        self.url = parse_store_url(url) if isinstance(url, str) else url
        self.desk = desk or default_desk()
        self.desk_id = str(uuid.uuid4())
        """This desk's id for this run (``frame_desks``, and its ``DeskLink``)."""
        self.on_state = on_state
        self._limits = limits
        secret = password(self.url)
        secrets_now = normalized_secrets(secrets)
        factory = PostgresWriterFactory(
            url=self.url,
            spool_path=Path(spool_dir) / SPOOL_NAME,
            desk=self.desk,
            desk_id=self.desk_id,
            password=secret,
            secrets=secrets_now,
            limits=limits,
        )
        self._start(factory, secrets_now, separate_process=separate_process)
        pool = open_pool(
            self.url.conninfo(secret),
            limits,
            size=limits.pg_read_pool_max,
            name=f"ewallet-reads-{self.desk}",
        )
        self.reader: PostgresReader = PostgresReader(pool, self.url, owns_pool=True)

    @property
    def reachable(self) -> bool:
        """The database answers and the spool is written back."""
        return self.status.reachable

    @property
    def spooled(self) -> int:
        """Events (frames) in the local spool, waiting for the database."""
        return self.status.spooled

    @property
    def status_text(self) -> str:
        """What the status bar says about the history database ("" when all is well)."""
        status = self.status
        if not status.reachable:
            return f"History database unreachable — spooling locally ({status.spooled} events)"
        if status.spooled:
            return f"History database back — writing back {status.spooled} spooled events"
        return ""

    def _status_changed(self, status: WriterStatus) -> None:
        if self.on_state is not None:
            try:
                self.on_state(self)
            except Exception:  # a listener's bug must not stop the writer
                log.exception("PostgreSQL store state listener failed")


def open_pg_reader(
    url: StoreUrl | str, *, password: PasswordSource = keyring_password, connect_timeout: int = 5
) -> PostgresReader:
    """A reader on the PostgreSQL store (``stats``, ``export``), its schema brought up to
    date first. :class:`StoreError` when it cannot be reached or refuses."""
    parsed = parse_store_url(url) if isinstance(url, str) else url
    conninfo = parsed.conninfo(password(parsed))
    try:
        connect_and_migrate(conninfo, connect_timeout)
    except PgSchemaError as exc:
        raise StoreError(f"the store {parsed.display}: {exc}") from exc
    except psycopg.Error as exc:
        raise StoreError(f"the store {parsed.display}: {first_line(exc)}") from exc
    pool: ConnectionPool[psycopg.Connection[tuple[Any, ...]]] = ConnectionPool(
        conninfo,
        min_size=1,
        max_size=2,
        open=True,
        timeout=float(connect_timeout),
        kwargs={"connect_timeout": connect_timeout},
    )
    return PostgresReader(pool, parsed, owns_pool=True)


# psycopg_pool logs every failed connection attempt at WARNING; during an outage the
# store says it once itself (and in the status bar), so only errors of the pool show.
logging.getLogger("psycopg.pool").setLevel(logging.ERROR)
