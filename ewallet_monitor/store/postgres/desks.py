"""A desk's link to the others through the shared PostgreSQL store.

:class:`DeskLink` registers this desk (name, OS user, host), beats every
``heartbeat_s``, sweeps the claims of desks gone for ``timeout_s``, lists the desks, and
listens (``LISTEN ewallet_claims, ewallet_desks``) so a claim taken, released or taken over
at one desk reaches every other within milliseconds. Claims are taken through it
(:meth:`DeskLink.claim`…): blocking calls on one connection of its own, for a worker
thread (``asyncio.to_thread``), never the GUI thread.

Callbacks (``on_claim``, ``on_snapshot``, ``on_desks``, ``on_reachable``) run on the
link's threads; marshal them yourself. After every (re)connection ``on_snapshot`` gives
all open claims, since notifications sent while this desk was away are lost.

When the database cannot be reached, the calls raise :class:`DesksUnreachable` at once
(the caller asks before acting unclaimed) and the link keeps trying every ``retry_s``.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg

from ewallet_monitor.store.postgres import claims as sql
from ewallet_monitor.store.postgres.claims import Claim, ClaimAnswer, DeskIdentity, DeskInfo
from ewallet_monitor.store.postgres.migrations import migrate
from ewallet_monitor.store.postgres.url import (
    PasswordSource,
    StoreUrl,
    keyring_password,
    parse_store_url,
)

log = logging.getLogger(__name__)
_T = TypeVar("_T")

CLAIMS_CHANNEL = "ewallet_claims"
DESKS_CHANNEL = "ewallet_desks"


@dataclass(frozen=True, slots=True)
class DeskOptions:
    """The desks' timing policy, in one place (seconds)."""

    heartbeat_s: float = 5.0
    # A desk silent this long is gone: its held (not deciding) claims are free.
    timeout_s: float = 60.0
    retry_s: float = 1.0
    connect_timeout_s: float = 3.0

    def __post_init__(self) -> None:
        if not (self.heartbeat_s > 0 and self.timeout_s > 0 and self.retry_s > 0):
            raise ValueError("the desk intervals must be positive")
        if self.timeout_s <= self.heartbeat_s:
            raise ValueError("the claim timeout must be longer than the heartbeat")

    @classmethod
    def for_timeout(cls, timeout_s: float) -> DeskOptions:
        """The policy for a claim timeout: beating every 5 s, or three times per
        timeout when it is shorter (a test's 2 s)."""
        heartbeat = min(5.0, timeout_s / 3)
        return cls(heartbeat_s=heartbeat, timeout_s=timeout_s, retry_s=min(1.0, heartbeat))


class DesksUnreachable(Exception):
    """The shared database cannot be reached: no claim can be taken now."""


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def default_desk_name() -> str:
    """``user@host`` (the store's own default desk name)."""
    return f"{os_user()}@{socket.gethostname()}"


def new_identity(name: str | None, kind: str, desk_id: str | None = None) -> DeskIdentity:
    return DeskIdentity(
        desk_id=desk_id or str(uuid.uuid4()),
        name=(name or "").strip() or default_desk_name(),
        os_user=os_user(),
        host=socket.gethostname(),
        pid=os.getpid(),
        kind=kind,
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class DeskLink:
    """This desk, registered in the shared store, and its claims."""

    def __init__(
        self,
        url: StoreUrl | str,
        *,
        name: str | None = None,
        kind: str = "window",
        options: DeskOptions | None = None,
        password: PasswordSource = keyring_password,
        on_claim: Callable[[Claim], None] | None = None,
        on_snapshot: Callable[[list[Claim]], None] | None = None,
        on_desks: Callable[[list[DeskInfo]], None] | None = None,
        on_reachable: Callable[[bool], None] | None = None,
        desk_id: str | None = None,
    ) -> None:
        self.url = parse_store_url(url) if isinstance(url, str) else url
        self.options = options or DeskOptions()
        self.identity = new_identity(name, kind, desk_id)
        self.on_claim = on_claim
        self.on_snapshot = on_snapshot
        self.on_desks = on_desks
        self.on_reachable = on_reachable
        self._conninfo = self.url.conninfo(password(self.url))
        self._lock = threading.Lock()
        self._work: psycopg.Connection[tuple[Any, ...]] | None = None
        self._stop = threading.Event()
        self._reachable = False
        self.last_error = ""
        self._threads: list[threading.Thread] = []
        self._migrated = False
        self.listening = threading.Event()
        """Set while notifications are received (cleared while the listener reconnects)."""

    # -- life ---------------------------------------------------------------------------------

    def start(self) -> DeskLink:
        """Register (when the database answers) and start beating and listening."""
        # Unreachable now: the beat thread keeps trying.
        with contextlib.suppress(DesksUnreachable):
            self._connection()
        for target, label in ((self._beat_loop, "beat"), (self._listen_loop, "listen")):
            thread = threading.Thread(target=target, name=f"desk-{label}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def close(self) -> None:
        """Say this desk stopped (its held claims go free), stop the threads."""
        self._stop.set()
        with self._lock:
            if self._work is not None and not self._work.closed:
                try:
                    sql.stop_desk(self._work, self.identity)
                except psycopg.Error as exc:
                    log.warning("the desk could not say it stopped: %s", _first_line(exc))
                self._work.close()
            self._work = None
        for thread in self._threads:
            thread.join(5.0)

    def __enter__(self) -> DeskLink:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def reachable(self) -> bool:
        return self._reachable

    # -- claims (blocking; from a worker thread) ----------------------------------------------

    def claim(self, server: str, consumption_id: str, action: str) -> ClaimAnswer:
        return self._call(
            lambda c: sql.take_claim(
                c, self.identity, server, consumption_id, action, self.options.timeout_s
            )
        )

    def hold_again(self, server: str, consumption_id: str) -> None:
        self._call(lambda c: sql.hold_again(c, self.identity, server, consumption_id))

    def release(
        self,
        server: str,
        consumption_id: str,
        outcome: str,
        outcome_data: dict[str, Any] | None = None,
    ) -> bool:
        return self._call(
            lambda c: sql.release_claim(c, server, consumption_id, outcome, outcome_data)
        )

    def take_over(self, server: str, consumption_id: str, reason: str) -> ClaimAnswer:
        return self._call(lambda c: sql.take_over(c, self.identity, server, consumption_id, reason))

    def get(self, server: str, consumption_id: str) -> Claim | None:
        return self._call(lambda c: sql.get_claim(c, server, consumption_id))

    def open_claims(self, server: str | None = None) -> list[Claim]:
        return self._call(lambda c: sql.open_claims(c, server))

    def desks(self) -> list[DeskInfo]:
        return self._call(lambda c: sql.list_desks(c, self.options.timeout_s))

    # -- internals ------------------------------------------------------------------------------

    def _call(self, work: Callable[[psycopg.Connection[tuple[Any, ...]]], _T]) -> _T:
        with self._lock:
            connection = self._connection_locked()
            try:
                return work(connection)
            except psycopg.OperationalError as exc:
                self._lost(exc)
                raise DesksUnreachable(self.last_error) from exc

    def _connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        with self._lock:
            return self._connection_locked()

    def _connection_locked(self) -> psycopg.Connection[tuple[Any, ...]]:
        if self._stop.is_set():
            raise DesksUnreachable("this desk is closing")
        if self._work is not None and not self._work.closed:
            return self._work
        try:
            connection = self._connect()
            if not self._migrated:
                migrate(connection)
                self._migrated = True
            sql.register_desk(connection, self.identity)
        except psycopg.OperationalError as exc:
            self._lost(exc)
            raise DesksUnreachable(self.last_error) from exc
        self._work = connection
        self._set_reachable(True)
        return connection

    def _connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        return psycopg.connect(
            self._conninfo,
            autocommit=True,
            connect_timeout=max(1, int(self.options.connect_timeout_s)),
        )

    def _lost(self, exc: BaseException) -> None:
        self.last_error = f"the shared database {self.url.display} is unreachable: " + (
            _first_line(exc)
        )
        if self._work is not None:
            with contextlib.suppress(psycopg.Error):
                self._work.close()
        self._work = None
        self._set_reachable(False)

    def _set_reachable(self, reachable: bool) -> None:
        if reachable == self._reachable:
            return
        self._reachable = reachable
        if reachable:
            self.last_error = ""
        if self.on_reachable is not None:
            self.on_reachable(reachable)

    def _beat_loop(self) -> None:
        interval = self.options.heartbeat_s
        while not self._stop.is_set():
            try:
                with self._lock:
                    connection = self._connection_locked()
                    try:
                        sql.beat(connection, self.identity)
                        sql.sweep_stale(connection, self.options.timeout_s)
                        desks = sql.list_desks(connection, self.options.timeout_s)
                    except psycopg.OperationalError as exc:
                        self._lost(exc)
                        raise DesksUnreachable(self.last_error) from exc
                if self.on_desks is not None:
                    self.on_desks(desks)
                wait = interval
            except DesksUnreachable:
                wait = min(interval, self.options.retry_s)
            except psycopg.Error as exc:  # a statement refused: say so, keep beating
                log.warning("desk heartbeat failed: %s", _first_line(exc))
                wait = interval
            self._stop.wait(wait)

    def _listen_loop(self) -> None:
        while not self._stop.is_set():
            try:
                with self._connect() as connection:
                    connection.execute(f"LISTEN {CLAIMS_CHANNEL}")
                    connection.execute(f"LISTEN {DESKS_CHANNEL}")
                    # Listening first, then the snapshot: nothing falls between the two.
                    if self.on_snapshot is not None:
                        self.on_snapshot(sql.open_claims(connection))
                    if self.on_desks is not None:
                        self.on_desks(sql.list_desks(connection, self.options.timeout_s))
                    self.listening.set()
                    while not self._stop.is_set():
                        # Collected first: no statement may run while the generator
                        # waits on the connection (reading outcome data is one).
                        notes = list(connection.notifies(timeout=0.5, stop_after=1))
                        for note in notes:
                            self._on_notify(connection, note.channel, note.payload)
            except psycopg.Error as exc:
                self.listening.clear()
                if not self._stop.is_set():
                    log.info("desk listener lost the database: %s", _first_line(exc))
                    self._stop.wait(self.options.retry_s)

    def _on_notify(
        self, connection: psycopg.Connection[tuple[Any, ...]], channel: str, payload: str
    ) -> None:
        if channel == DESKS_CHANNEL:
            if self.on_desks is not None:
                self.on_desks(sql.list_desks(connection, self.options.timeout_s))
            return
        claim = Claim.from_notify(payload)
        if claim is None:
            log.warning("an unreadable claim notification was ignored")
            return
        if claim.has_data:
            # The payload leaves the consumption out (NOTIFY's size limit): read it.
            stored = sql.get_claim(connection, claim.server, claim.consumption_id)
            if stored is not None and stored.state == claim.state:
                claim = stored
        if self.on_claim is not None:
            self.on_claim(claim)


__all__ = [
    "CLAIMS_CHANNEL",
    "DESKS_CHANNEL",
    "DeskLink",
    "DeskOptions",
    "DesksUnreachable",
    "default_desk_name",
    "new_identity",
    "os_user",
]
