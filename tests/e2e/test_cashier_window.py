"""End to end: the real window, as a cashier uses it, against the real simulator."""

from __future__ import annotations

from typing import Any

import pytest

from ewallet_monitor.app.gui import demo_connection
from ewallet_monitor.models.channel_tree import ChannelColumn
from ewallet_monitor.protocol.approval import CardState
from ewallet_monitor.protocol.events import ChannelState, ConnectionState
from tests.e2e.conftest import Cockpit


def test_connecting_joins_the_cashiers_channels_and_shows_connected(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        window = cockpit.parts.window
        await cockpit.until(lambda: "Connected" in window.status.connection_text)
        assert window.connection_form.disconnect_button.isEnabled()
        assert not window.queue_view.offline_label.isVisibleTo(window.queue_view)

    cockpit.run(scenario)


def test_a_request_shows_a_card_and_a_row_in_the_event_log(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        widget = cockpit.parts.window.queue_view.card_widget(consumption_id)
        assert widget is not None
        card = widget.card
        assert widget.amount_label.text() == card.consumption.formatted_amount()
        assert card.consumption.consumer_name in widget.consumer_label.text()
        assert request["id"] in widget.details_label.text()
        assert widget.approve_button.isEnabled()
        event_log = cockpit.parts.event_log
        await cockpit.until(
            lambda: any(
                event_log.record_at(row).event == "transaction_consumption_request"
                for row in range(event_log.rowCount())
            )
        )
        assert cockpit.parts.window.status.pending_label.text() == "1 waiting"

    cockpit.run(scenario)


def approve_now(cockpit: Cockpit, consumption_id: str) -> None:
    cockpit.parts.window.queue_view.set_threshold("")  # no confirmation step
    widget = cockpit.parts.window.queue_view.card_widget(consumption_id)
    assert widget is not None
    widget.approve_button.click()


def test_approve_ends_confirmed(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        approve_now(cockpit, consumption_id)
        queue = cockpit.parts.queue
        await cockpit.until(lambda: queue.card(consumption_id).state is CardState.CONFIRMED)
        widget = cockpit.parts.window.queue_view.card_widget(consumption_id)
        assert widget is not None
        assert "Confirmed" in widget.state_label.text()
        assert widget.approve_button.isHidden()
        assert cockpit.sim.world.consumptions[consumption_id].status == "confirmed"

    cockpit.run(scenario)


def test_reject_ends_rejected(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        widget = cockpit.parts.window.queue_view.card_widget(consumption_id)
        assert widget is not None
        widget.reject_button.click()
        queue = cockpit.parts.queue
        await cockpit.until(lambda: queue.card(consumption_id).state is CardState.REJECTED)
        assert "Rejected" in widget.state_label.text()

    cockpit.run(scenario)


def test_keyboard_approve_asks_to_confirm_above_the_threshold(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        view = cockpit.parts.window.queue_view
        view.set_threshold("0")  # every approval asks
        cockpit.parts.window.approve_action.trigger()
        widget = view.card_widget(consumption_id)
        assert widget is not None
        assert widget.is_confirming
        assert cockpit.parts.queue.card(consumption_id).state is CardState.PENDING
        widget.confirm_yes.click()
        queue = cockpit.parts.queue
        await cockpit.until(lambda: queue.card(consumption_id).state is CardState.CONFIRMED)

    cockpit.run(scenario)


@pytest.mark.parametrize("sim_options", [{"consumption_lifetime_ms": 600}])
def test_a_request_left_alone_expires(cockpit: Cockpit, sim_options: dict[str, Any]) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        queue = cockpit.parts.queue
        await cockpit.until(lambda: queue.card(consumption_id).state is CardState.EXPIRED)
        widget = cockpit.parts.window.queue_view.card_widget(consumption_id)
        assert widget is not None
        assert "Expired" in widget.state_label.text()

    cockpit.run(scenario)


@pytest.mark.parametrize(
    "sim_options", [{"consumption_lifetime_ms": 300, "expiry_mode": "minute_job"}]
)
def test_approving_after_the_local_expiry_ends_in_the_servers_state(
    cockpit: Cockpit, sim_options: dict[str, Any]
) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        queue = cockpit.parts.queue
        widget = cockpit.parts.window.queue_view.card_widget(consumption_id)
        assert widget is not None
        # The local clock passes the expiration date; the card only says "expiring…".
        await cockpit.until(lambda: (queue.seconds_left(consumption_id) or 1) < 0)
        widget.update_countdown(queue.now())
        assert widget.countdown_label.text() == "expiring…"
        assert queue.card(consumption_id).is_actionable
        approve_now(cockpit, consumption_id)
        await cockpit.until(lambda: queue.card(consumption_id).is_final)
        server_status = cockpit.sim.world.consumptions[consumption_id].status
        assert queue.card(consumption_id).state.value == server_status

    cockpit.run(scenario)


def test_a_refused_join_shows_its_reason(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        stranger = cockpit.info["credentials"]["consumer"]["user_id"]
        topic = f"user:{stranger}"
        cockpit.parts.controller.join(topic)
        tree = cockpit.parts.channel_tree
        await cockpit.until(lambda: tree.state_of(topic) is ChannelState.REFUSED)
        reason = tree.index_of(topic, ChannelColumn.REASON)
        assert "forbidden" in str(reason.data()).lower()  # type: ignore[attr-defined]

    cockpit.run(scenario)


def test_a_server_restart_reconnects_and_rejoins(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        controller = cockpit.parts.controller
        seen: list[ConnectionState] = []
        texts: list[str] = []
        status = cockpit.parts.window.status

        def record(event: Any) -> None:
            seen.append(event.state)
            texts.append(status.connection_text)

        controller.status_changed.connect(record)
        cockpit.sim.restart()
        await cockpit.until(lambda: ConnectionState.RECONNECTING in seen)
        await cockpit.until(lambda: seen and seen[-1] is ConnectionState.CONNECTED)
        assert any("Reconnecting" in text for text in texts)
        topics = [f"user:{cockpit.cashier_id}"]
        await cockpit.wait_joined(topics)
        # A request after the restart arrives on the rejoined channels.
        request = cockpit.requests(confirmation=True)[0]
        await cockpit.pending_card_for(request["id"])

    cockpit.run(scenario)


def test_filter_narrows_the_table_and_follow_tail_pauses(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        await cockpit.pending_card_for(request["id"])
        view = cockpit.parts.window.event_log_view
        view.model.flush()
        everything = view.proxy.rowCount()
        view.set_filter_text("transaction_consumption_request")
        assert 0 < view.proxy.rowCount() < everything
        view.set_filter_text("")
        view.set_follow_tail(False)
        await cockpit.pending_card_for(request["id"])
        await cockpit.until(lambda: view.new_events_pending > 0)
        assert not view.follow_tail
        view.jump_to_tail()
        assert view.follow_tail
        assert view.new_events_pending == 0

    cockpit.run(scenario)


def test_the_socket_down_warning_shows_while_disconnected(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        window = cockpit.parts.window
        window.controller.stop()
        await cockpit.until(lambda: not window.controller.is_running)
        assert window.queue_view.offline_label.isVisibleTo(window.queue_view)
        view = window.queue_view
        view.set_threshold("")
        widget = view.card_widget(consumption_id)
        assert widget is not None
        widget.approve_button.click()
        # Offline: the cashier is asked, and told the confirmation cannot arrive.
        assert widget.is_confirming
        assert "connection is down" in widget.confirm_label.text()

    cockpit.run(scenario)


@pytest.mark.parametrize("sim_options", [{"channel_defect": False}])
def test_the_operator_sees_the_account_channel(
    cockpit: Cockpit, sim_options: dict[str, Any]
) -> None:
    async def scenario() -> None:
        values = demo_connection(cockpit.info, "operator")
        form = cockpit.parts.window.connection_form
        form.set_values(**values)
        form.submit()
        await cockpit.wait_joined(values["topics"])
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        assert cockpit.parts.queue.card(consumption_id) is not None

    cockpit.run(scenario)


def test_approve_in_the_event_log_brings_the_payment_into_focus_to_decide_there(
    cockpit: Cockpit,
) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        first = await cockpit.pending_card_for(request["id"])
        consumption_id = await cockpit.pending_card_for(request["id"], look=False)
        window = cockpit.parts.window
        window.queue_view.set_threshold("")
        assert window.queue_view.selected_id == first
        log_view = window.event_log_view
        log_view.select_latest()
        assert log_view.detail.offers_approval
        log_view.detail.approve_button.click()
        queue = cockpit.parts.queue
        assert window.queue_view.selected_id == consumption_id
        assert queue.card(consumption_id).state is CardState.PENDING  # nothing decided yet
        cockpit.look_at(consumption_id)
        widget = window.queue_view.card_widget(consumption_id)
        assert widget is not None
        widget.approve_button.click()
        await cockpit.until(lambda: queue.card(consumption_id).state is CardState.CONFIRMED)

    cockpit.run(scenario)
