"""End to end: deliberate decisions, urgent first, cards of their server, closing asks.

The real window against the real simulator; the decision guard runs on the injected
clock of ``tests/e2e/conftest.py`` (no real sleeps decide anything here).
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ewallet_monitor.app.gui import demo_connection
from ewallet_monitor.models.approval_queue import LEFT_UNDECIDED
from ewallet_monitor.protocol.approval import CardState
from tests.e2e.conftest import Cockpit, make_settings, shown_window, start_simulator


def request_named(cockpit: Cockpit, label: str) -> str:
    return next(r["id"] for r in cockpit.info["transaction_requests"] if r["label"] == label)


def approvals_sent(cockpit: Cockpit) -> list[str]:
    """Consumptions the simulator has seen approved, by id."""
    return [c.id for c in cockpit.sim.world.consumptions.values() if c.status == "confirmed"]


def test_two_shortcuts_150_ms_apart_decide_one_payment(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        window = cockpit.parts.window
        window.queue_view.set_threshold("")
        coffee = request_named(cockpit, "Coffee bar")
        first = await cockpit.pending_card_for(coffee)
        second = await cockpit.pending_card_for(coffee, look=False)
        assert window.queue_view.selected_id == first
        window.approve_action.trigger()
        cockpit.clock.advance(0.15)  # key repeat, or a double press
        window.approve_action.trigger()
        queue = cockpit.parts.queue
        await cockpit.until(lambda: queue.card(first).state is CardState.CONFIRMED)
        # The acted-on card keeps the focus and shows its outcome; the other one waits.
        assert window.queue_view.selected_id == first
        widget = window.queue_view.card_widget(first)
        assert widget is not None and "Confirmed" in widget.state_label.text()
        cockpit.clock.advance(0.15)
        window.approve_action.trigger()
        await asyncio.sleep(0.3)
        assert queue.card(second).state is CardState.PENDING
        assert approvals_sent(cockpit) == [first]

    cockpit.run(scenario)


def test_a_shortcut_never_decides_an_unseen_card(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        window = cockpit.parts.window
        window.queue_view.set_threshold("")
        consumption_id = await cockpit.pending_card_for(request_named(cockpit, "Coffee bar"))
        queue = cockpit.parts.queue
        window.queue_dock.hide()  # the Approvals panel is out of sight
        window.approve_action.trigger()
        await asyncio.sleep(0.2)
        assert queue.card(consumption_id).state is CardState.PENDING
        window.queue_dock.show()
        window.queue_view.refresh_in_view()
        window.approve_action.trigger()  # back in view, but not yet looked at
        await asyncio.sleep(0.2)
        assert queue.card(consumption_id).state is CardState.PENDING
        assert "just been shown" in window.status.currentMessage()
        cockpit.clock.advance(0.6)
        window.approve_action.trigger()
        await cockpit.until(lambda: queue.card(consumption_id).state is CardState.CONFIRMED)

    cockpit.run(scenario)


@pytest.mark.parametrize("linger_ms", [300])
def test_the_outcome_stays_then_the_most_urgent_comes_into_focus_undecided(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path, linger_ms: int
) -> None:
    sim = start_simulator()
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), linger_ms=linger_ms) as parts:
            cockpit = Cockpit(parts, sim, qtbot, qasync_loop)

            async def scenario() -> None:
                await cockpit.connect_as_cashier()
                view = parts.window.queue_view
                view.set_threshold("")
                later = await cockpit.pending_card_for(request_named(cockpit, "Limited offer"))
                sooner = await cockpit.pending_card_for(
                    request_named(cockpit, "Coffee bar"), look=False
                )
                assert view.list_model.ids() == [sooner, later]  # expiry first, not age
                assert view.selected_id == later
                parts.window.approve_action.trigger()
                await cockpit.until(lambda: parts.queue.card(later) is None)  # to history
                assert view.selected_id == sooner  # the most urgent, in focus
                parts.window.approve_action.trigger()  # not looked at yet: nothing
                await asyncio.sleep(0.2)
                assert parts.queue.card(sooner).state is CardState.PENDING

            cockpit.run(scenario)
    finally:
        sim.stop()


def test_the_most_urgent_is_first_and_the_selection_keeps_its_place(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        view = cockpit.parts.window.queue_view
        limited = request_named(cockpit, "Limited offer")  # 2 minutes to decide
        ids = [await cockpit.pending_card_for(limited, look=False) for _ in range(12)]
        await cockpit.until(lambda: len(view.list_model.ids()) == 12)
        never = await cockpit.pending_card_for(request_named(cockpit, "Crypto desk"), look=False)
        assert view.list_model.ids() == [*ids, never]  # by expiry, then age; none last
        chosen = ids[3]
        view.select(chosen)
        list_view = view.list_view
        before = list_view.visualRect(view.list_model.index_of(chosen)).top()
        # A payment expiring in under 30 s arrives at the top of the list.
        urgent = await cockpit.pending_card_for(request_named(cockpit, "Token counter"), look=False)
        assert view.list_model.ids()[0] == urgent
        assert view.selected_id == chosen
        assert list_view.visualRect(view.list_model.index_of(chosen)).top() == before
        assert not list_view.is_row_visible(0)
        await cockpit.until(lambda: view.strip.text().startswith("1 more payment expires in 0:"))
        assert view.strip.isVisible()
        assert view.strip.text().endswith("— Ctrl+1")
        cockpit.parts.window.focus_queue_action.trigger()  # Ctrl+1
        assert view.selected_id == urgent
        assert list_view.is_row_visible(0)
        card = view.card_widget(urgent)
        assert card is not None
        assert card.countdown_label.accessibleName().startswith("expires in ")
        assert "seconds" in card.countdown_label.accessibleName()

    cockpit.run(scenario)


def test_the_card_says_when_it_will_ask_and_each_token_has_its_threshold(
    cockpit: Cockpit,
) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        view = cockpit.parts.window.queue_view
        view.set_threshold("100")
        omg = await cockpit.pending_card_for(request_named(cockpit, "Token counter"))  # 25 OMG
        card = view.card_widget(omg)
        assert card is not None
        assert card.threshold_label.text() == "asks to confirm: above 100 OMG"
        view.threshold_spin.setValue(10)  # OMG only
        assert card.threshold_label.text() == "asks to confirm: above 10 OMG"
        settings = cockpit.parts.window.settings
        assert settings.store.value("cashier/confirm_thresholds") == "OMG=10.00"
        cockpit.parts.window.approve_action.trigger()
        assert card.is_confirming  # 25 OMG is above OMG's own 10
        card.confirm_no.click()
        usd = await cockpit.pending_card_for(request_named(cockpit, "Coffee bar"))
        usd_card = view.card_widget(usd)
        assert usd_card is not None
        assert usd_card.threshold_label.text() == "asks to confirm: above 100 USD"

    cockpit.run(scenario)


def test_a_changed_server_leaves_the_old_cards_not_actionable(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    first_sim, second_sim = start_simulator(), start_simulator()
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), demo_mode="cashier") as parts:
            cockpit = Cockpit(parts, first_sim, qtbot, qasync_loop)
            window = parts.window

            async def scenario() -> None:
                await cockpit.connect_as_cashier()  # the demo's server
                assert window.demo_banner.isVisibleTo(window)
                assert window.status.demo_label.isVisibleTo(window.status)
                old = await cockpit.pending_card_for(request_named(cockpit, "Coffee bar"))
                values = demo_connection(second_sim.info(), "cashier")
                window.connection_form.set_values(**values)
                window.connection_form.submit()
                await cockpit.until(lambda: parts.queue.card(old) is None)
                assert parts.queue.history.outcome_for(old) == LEFT_UNDECIDED
                assert not window.queue_view.has_card(old)
                assert parts.controller.cashier.decide(old, "approve") is None
                assert not window.demo_banner.isVisibleTo(window)
                assert not window.status.demo_label.isVisibleTo(window.status)
                await asyncio.sleep(0.2)
                assert first_sim.world.consumptions[old].status == "pending"
                assert old not in second_sim.world.consumptions

            cockpit.run(scenario)
    finally:
        first_sim.stop()
        second_sim.stop()


@pytest.fixture
def restored_signals(qapp: Any) -> Iterator[None]:
    """The app's signal handlers for one test, and its rule that the loop ends when the
    window says so (not when Qt sees the last window close)."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)}
    quit_on_close = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    try:
        yield
    finally:
        qapp.setQuitOnLastWindowClosed(quit_on_close)
        for number, handler in saved.items():
            signal.signal(number, handler)


def test_closing_with_payments_waiting_asks_naming_how_many(
    cockpit: Cockpit, restored_signals: None
) -> None:
    window = cockpit.parts.window
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        coffee = request_named(cockpit, "Coffee bar")
        await cockpit.pending_card_for(coffee, look=False)
        await cockpit.pending_card_for(coffee, look=False)
        window.quit_action.trigger()  # Ctrl+Q / File → Quit
        dialog = window.quit_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.text() == "2 payments are waiting for your decision. Quit anyway?"
        assert window.isVisible() and not closed
        dialog.reject()  # Cancel
        await asyncio.sleep(0)
        assert window.isVisible() and not closed
        window.close()  # the window's close button asks the same
        dialog = window.quit_dialog
        assert dialog is not None and dialog.isVisible()
        quit_button = next(b for b in dialog.buttons() if b.text() == "Quit anyway")
        quit_button.click()
        await cockpit.until(lambda: closed)
        assert not window.isVisible()

    cockpit.run(scenario)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_close_without_asking(
    cockpit: Cockpit, restored_signals: None, signum: int
) -> None:
    from ewallet_monitor.app.gui import _close_on_interrupt

    window = cockpit.parts.window
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        await cockpit.pending_card_for(request_named(cockpit, "Coffee bar"), look=False)
        _close_on_interrupt(window)
        os.kill(os.getpid(), signum)
        await cockpit.until(lambda: closed)
        assert window.quit_dialog is None

    cockpit.run(scenario)


def test_1500_payments_in_1_5_s_all_arrive_in_the_list(cockpit: Cockpit) -> None:
    count = 1500

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        coffee = request_named(cockpit, "Coffee bar")
        simulator = cockpit.sim.simulator

        async def flood() -> None:
            loop = asyncio.get_running_loop()
            start = loop.time()
            for index in range(count):
                await simulator.create_consumption(coffee, index % 3)
                # Spread over 1.5 s, as a customer's script with the public key would.
                delay = start + 1.5 * (index + 1) / count - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)

        await asyncio.get_running_loop().run_in_executor(None, cockpit.sim.call, flood)
        view = cockpit.parts.window.queue_view
        await cockpit.until(lambda: view.list_model.rowCount() == count, within=60)
        assert cockpit.parts.queue.pending_count == count
        # Rows are painted, never built: the panel holds one card widget, not 1,500.
        assert len(view.findChildren(type(view.focus_card))) == 1
        ids = view.list_model.ids()
        keys = [cockpit.parts.queue.urgency(cid) for cid in ids]
        assert keys == sorted(keys)  # type: ignore[type-var]

    cockpit.run(scenario)
