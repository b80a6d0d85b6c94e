"""A window on the shared PostgreSQL history: frames and decisions land there, History
searches it, and an outage shows in the status bar and reaches the claims' signal."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from ewallet_monitor.protocol.approval import CardState
from ewallet_monitor.store import FrameFilter
from ewallet_monitor.store.postgres import PostgresStore
from ewallet_monitor.ui.history_view import fetch_page
from tests.e2e.conftest import WAIT_S, Cockpit, make_settings, shown_window, start_simulator
from tests.e2e.test_history_and_profiles import approve_now, connect_with_profile
from tests.pg_server import PgServer
from tests.settings.memory_keyring import MemoryKeyring
from tests.store_pg.conftest import FAST, no_password


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def test_a_window_writes_the_shared_history_and_shows_its_outage(
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    own_pg_server: PgServer,
    memory_keyring: MemoryKeyring,
) -> None:
    name = own_pg_server.fresh_database()
    sim = start_simulator()
    store = PostgresStore(
        own_pg_server.dsn(name),
        spool_dir=tmp_path,
        desk="desk-1",
        limits=FAST,
        password=no_password,
    )
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), store) as parts:  # type: ignore[arg-type]
            cockpit = Cockpit(parts, sim, qtbot, qasync_loop)
            shared = parts.shared_store
            assert shared is not None and shared.database_reachable
            changes: list[bool] = []
            shared.reachability_changed.connect(changes.append)
            warning = parts.window.status.store_label

            async def scenario() -> None:
                await connect_with_profile(cockpit)
                request = cockpit.requests(confirmation=True)[0]
                approved = await cockpit.pending_card_for(request["id"])
                approve_now(cockpit, approved)
                await cockpit.until(lambda: parts.queue.card(approved).state is CardState.CONFIRMED)

                def audited() -> bool:
                    store.flush(1.0)
                    entries = store.audit_entries(consumption_id=approved)
                    return len(entries) == 1 and entries[0].outcome == "confirmed"

                await cockpit.until(audited)
                page = await asyncio.to_thread(fetch_page, store, FrameFilter(text=approved), None)
                assert {r.event for r in page.records} >= {"transaction_consumption_request"}

                await asyncio.to_thread(own_pg_server.stop)
                cockpit.consume(request["id"])  # events keep arriving meanwhile
                await cockpit.until(lambda: not shared.database_reachable)
                await cockpit.until(lambda: not warning.isHidden())
                assert warning.text().startswith(
                    "⚠ History database unreachable — spooling locally ("
                )
                assert "Claims cannot be taken" in warning.toolTip()
                await asyncio.to_thread(own_pg_server.start)
                await cockpit.until(lambda: shared.database_reachable, within=2 * WAIT_S)
                await cockpit.until(warning.isHidden)

            cockpit.run(scenario)
            qtbot.waitUntil(lambda: changes == [False, True], timeout=int(WAIT_S * 1000))
            assert store.spooled == 0
    finally:
        store.close()
        sim.stop()
