"""End to end: the real window with a real store and profiles, against the real simulator.

Frames and the cashier's actions land in the store; History and Export answer from it;
the last profile comes back and connects with the secret from the keyring; the secret
never reaches QSettings, the database, an export or a log.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from ewallet_monitor.app.gui import build_window, demo_connection
from ewallet_monitor.protocol.approval import CardState
from ewallet_monitor.settings.profiles import KEYRING_SERVICE
from ewallet_monitor.store import EventStore, FrameFilter
from ewallet_monitor.ui.export_dialog import CSV, EVENTS, NDJSON, SCOPE_ALL
from tests.e2e.conftest import (
    FAST_CONFIG,
    WAIT_S,
    Cockpit,
    make_settings,
    shown_window,
    start_simulator,
)
from tests.settings.memory_keyring import MemoryKeyring
from tests.store.samples import locked
from tests.windows import delete_window

PROFILE = "front desk"
WAIT_MS = int(WAIT_S * 1000)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


class StoredCockpit(Cockpit):
    store: EventStore
    data_dir: Path

    def build_another_window(self) -> Any:
        """A second window on the same settings, store and keyring (a restart)."""
        parts = build_window(
            make_settings(self.data_dir), linger_ms=60_000, flush_interval_ms=10, store=self.store
        )
        parts.controller.config_overrides.update(FAST_CONFIG)
        parts.window.show()
        return parts

    def secret(self) -> str:
        return str(self.info["credentials"]["cashier"]["authentication_token"])


@pytest.fixture
def cockpit(
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[StoredCockpit]:
    caplog.set_level(logging.DEBUG)
    sim = start_simulator()
    store = EventStore(tmp_path / "events.sqlite3", commit_interval=0.02)
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), store) as parts:
            cockpit = StoredCockpit(parts, sim, qtbot, qasync_loop)
            cockpit.store = store
            cockpit.data_dir = tmp_path
            yield cockpit
    finally:
        store.close()
        sim.stop()


async def connect_with_profile(cockpit: StoredCockpit) -> list[str]:
    """Fill the form as the cashier, save it as a profile, and connect."""
    values = demo_connection(cockpit.info, "cashier")
    form = cockpit.parts.window.connection_form
    form.set_values(**values)
    assert form.save_profile(PROFILE)
    form.submit()
    await cockpit.wait_joined(values["topics"])
    return list(values["topics"])


def approve_now(cockpit: Cockpit, consumption_id: str) -> None:
    cockpit.parts.window.queue_view.set_threshold("")
    widget = cockpit.parts.window.queue_view.card_widget(consumption_id)
    assert widget is not None
    widget.approve_button.click()


def test_frames_and_actions_land_in_the_store_with_the_audit_trail(
    cockpit: StoredCockpit,
) -> None:
    store = cockpit.store

    async def scenario() -> None:
        topics = await connect_with_profile(cockpit)
        assert cockpit.parts.controller.cashier.profile_name == PROFILE
        request = cockpit.requests(confirmation=True)[0]
        approved = await cockpit.pending_card_for(request["id"])
        approve_now(cockpit, approved)
        queue = cockpit.parts.queue
        await cockpit.until(lambda: queue.card(approved).state is CardState.CONFIRMED)
        rejected = await cockpit.pending_card_for(request["id"])
        widget = cockpit.parts.window.queue_view.card_widget(rejected)
        assert widget is not None
        widget.reject_button.click()
        await cockpit.until(lambda: queue.card(rejected).state is CardState.REJECTED)

        def stored_events(consumption_id: str) -> set[str]:
            return {f.event for f in store.search(consumption_id=consumption_id)}

        def audited_and_finalized() -> bool:
            # The API's answer can settle a card before the socket's finalized frame
            # arrives, so wait for both: the audit outcomes and the stored frames.
            store.flush(1.0)
            entries = store.audit_entries()
            return (
                len(entries) == 2
                and all(entry.outcome for entry in entries)
                and all(
                    "transaction_consumption_finalized" in stored_events(consumption_id)
                    for consumption_id in (approved, rejected)
                )
            )

        await cockpit.until(audited_and_finalized)
        # Frames in both directions, the joins' channel states, the consumptions' events.
        for topic in topics:
            assert store.search(topic=topic, event="phx_join", direction="out")
            assert store.reader.channel_states(topic=topic)
        for consumption_id, final in ((approved, "confirmed"), (rejected, "rejected")):
            assert {"transaction_consumption_request", "transaction_consumption_finalized"} <= (
                stored_events(consumption_id)
            )
            (entry,) = store.audit_entries(consumption_id=consumption_id)
            card = queue.card(consumption_id)
            assert entry.action == ("approve" if final == "confirmed" else "reject")
            assert entry.os_user == getpass.getuser()
            assert entry.profile == PROFILE
            assert entry.amount == card.consumption.amount
            assert entry.token == card.consumption.token_symbol
            assert entry.answer_code == "ok"
            assert entry.outcome == final
        # Every frame the window showed was stored.
        assert store.count(FrameFilter(direction="in")) >= cockpit.parts.controller.frames_received

    cockpit.run(scenario)


def test_history_and_export_from_the_window_answer_from_the_store(
    cockpit: StoredCockpit, tmp_path: Path
) -> None:
    store = cockpit.store
    window = cockpit.parts.window

    async def scenario() -> None:
        await connect_with_profile(cockpit)
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        store.flush(5.0)

        dialog = window.show_history()
        assert dialog is not None
        view = dialog.view
        await cockpit.until(lambda: not view.busy and view.records())
        newest = [frame.seq for frame in store.page(limit=view.page_size)]
        assert [r.seq for r in view.records()] == sorted(newest)

        view.consumption_edit.setText(consumption_id)
        assert view.search()
        await cockpit.until(lambda: not view.busy)
        wanted = FrameFilter(consumption_id=consumption_id)
        assert [r.seq for r in view.records()] == [f.seq for f in store.reader.iter_frames(wanted)]

        export = window.show_export()
        assert export is not None
        assert export.search_radio.isEnabled()  # the History search is offered
        finished: list[tuple[bool, str]] = []
        export.export_finished.connect(lambda ok, text: finished.append((ok, text)))
        path = tmp_path / "events.ndjson"
        export.set_choice(what=EVENTS, fmt=NDJSON, scope="search", path=path)
        assert export.start_export()
        await cockpit.until(lambda: finished)
        lines = path.read_text().splitlines()
        assert finished == [(True, f"Exported {len(lines)} events to {path}")]
        assert len(lines) == len(list(store.reader.iter_frames(wanted)))
        assert all(consumption_id in line for line in lines)
        assert window.status.currentMessage() == finished[0][1]

    cockpit.run(scenario)


def test_the_last_profile_comes_back_and_connects_with_the_keyring_secret(
    cockpit: StoredCockpit, memory_keyring: MemoryKeyring
) -> None:
    async def scenario() -> None:
        topics = await connect_with_profile(cockpit)
        secret = cockpit.secret()
        key = demo_connection(cockpit.info, "cashier")["key"]
        assert memory_keyring.passwords == {(KEYRING_SERVICE, f"{PROFILE}/{key}"): secret}
        await cockpit.parts.controller.shutdown()

        again = cockpit.build_another_window()
        try:
            form = again.window.connection_form
            assert again.window.restore_last_profile()
            assert form.current_profile == PROFILE
            assert form.topic_lines() == topics
            tree = again.channel_tree
            await cockpit.until(
                lambda: all(
                    tree.state_of(t) is not None and tree.state_of(t).value == "joined"
                    for t in topics
                )
            )
            assert again.controller.cashier.profile_name == PROFILE
        finally:
            await again.controller.shutdown()
            delete_window(again.window)

    cockpit.run(scenario)


def test_without_the_secret_the_last_profile_waits_for_it(
    cockpit: StoredCockpit, memory_keyring: MemoryKeyring
) -> None:
    async def scenario() -> None:
        await connect_with_profile(cockpit)
        await cockpit.parts.controller.shutdown()
        memory_keyring.passwords.clear()  # e.g. another machine, or the keyring was reset

        again = cockpit.build_another_window()
        try:
            form = again.window.connection_form
            assert not again.window.restore_last_profile()
            assert form.current_profile == PROFILE
            assert form.url_edit.text() == cockpit.info["client_socket"]
            assert form.secret_edit.text() == ""
            assert not again.controller.is_running
            assert "enter the secret" in form.profile_message.text()
        finally:
            delete_window(again.window)

    cockpit.run(scenario)


def test_the_secret_never_reaches_settings_database_export_or_log(
    cockpit: StoredCockpit, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = cockpit.store
    window = cockpit.parts.window

    async def scenario() -> None:
        await connect_with_profile(cockpit)
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        approve_now(cockpit, consumption_id)
        queue = cockpit.parts.queue
        await cockpit.until(lambda: queue.card(consumption_id).state is CardState.CONFIRMED)
        store.flush(5.0)
        export = window.show_export()
        assert export is not None
        for what, fmt, name in ((EVENTS, CSV, "events.csv"), ("audit", CSV, "audit.csv")):
            finished: list[bool] = []
            export.export_finished.connect(lambda ok, _text, sink=finished: sink.append(ok))
            export.set_choice(what=what, fmt=fmt, scope=SCOPE_ALL, path=tmp_path / name)
            assert export.start_export()
            await cockpit.until(lambda sink=finished: sink)
            assert finished == [True]
        window.save_settings()

    cockpit.run(scenario)
    store.close()
    secret = cockpit.secret()
    written = {
        path.name: path.read_bytes()
        for path in tmp_path.rglob("*")
        if path.is_file() and not path.name.endswith(".part")
    }
    assert {"settings.ini", "events.sqlite3", "events.csv", "audit.csv"} <= set(written)
    for name, content in written.items():
        assert secret.encode() not in content, f"the secret is in {name}"
    assert secret not in caplog.text
    assert (tmp_path / "events.csv").read_text().count("\n") > 3
    assert len(secret) >= 8  # a real secret, not a string found everywhere by chance


def test_a_history_that_cannot_be_written_shows_in_the_status_bar_until_it_recovers(
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    """As the app opens it: the writer in a process of its own, which reports its failing
    write while it retries (the window reads the store's health every second)."""
    sim = start_simulator()
    store = EventStore(
        tmp_path / "events.sqlite3",
        commit_interval=0.02,
        busy_timeout=0.05,
        separate_process=True,
    )
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), store) as parts:
            cockpit = StoredCockpit(parts, sim, qtbot, qasync_loop)
            cockpit.store, cockpit.data_dir = store, tmp_path
            warning = parts.window.status.store_label
            with locked(store.path):  # as another program would
                topics = qasync_loop.run_until_complete(connect_with_profile(cockpit))
                qtbot.waitUntil(lambda: not warning.isHidden(), timeout=WAIT_MS)
                assert warning.text() == "⚠ History not saving — retrying"
                assert "database is locked" in warning.toolTip()
            qtbot.waitUntil(warning.isHidden, timeout=WAIT_MS)
            # Nothing received meanwhile was lost: the join replies are stored.
            assert store.flush(WAIT_S)
            replies = store.search(event="phx_reply", direction="in")
            assert {frame.topic for frame in replies} >= set(topics)
    finally:
        store.close()
        sim.stop()
