"""End to end: the window never decides blind, against the simulator that, like the real
eWallet, does not check that a consumption is still pending before approve or reject.

Each test ends with the server's record and the card agreeing, and checks that no
decision went out for a consumption the window knew to be non-pending.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from ewallet_monitor.api import ApiError, EWalletApi
from ewallet_monitor.app.gui import demo_connection
from ewallet_monitor.models.channel_tree import ChannelColumn
from ewallet_monitor.protocol.approval import CardState
from ewallet_monitor.protocol.events import ChannelState, ConnectionState
from ewallet_monitor.protocol.urls import resolve_endpoints
from ewallet_monitor.ui.approval_card import ApprovalCardWidget
from tests.client.harness import credentials
from tests.conftest import TIME_UNIT
from tests.e2e.conftest import Cockpit
from tests.e2e.test_reliability_window import ApiProxy, point_api_at


def test_a_token_that_stops_working_asks_for_a_new_one_in_the_token_field(
    cockpit: Cockpit,
) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        window = cockpit.parts.window
        token = cockpit.info["credentials"]["cashier"]["authentication_token"]
        cockpit.sim.expire_token(token)  # a logout elsewhere: the open socket stays open
        cockpit.sim.restart()
        controller = cockpit.parts.controller
        await cockpit.until(
            lambda: controller.state is ConnectionState.REFUSED and not controller.is_running
        )
        summary = window.error_banner.summary_label.text()
        assert "token may have expired or been logged out" in summary
        assert "Enter a new one" in summary
        assert window.connection_dock.isVisible()
        form = window.connection_form
        await cockpit.until(lambda: QApplication.focusWidget() is form.secret_edit)
        assert "expired" in window.status.connection_text

    cockpit.run(scenario)


# -- helpers ---------------------------------------------------------------------------------


async def connect(cockpit: Cockpit, mode: str) -> None:
    """Connect as the demo cashier (client credentials) or operator (admin user)."""
    values = demo_connection(cockpit.info, mode)
    form = cockpit.parts.window.connection_form
    form.set_values(**values)
    form.submit()
    await cockpit.wait_joined(values["topics"])


def desk(cockpit: Cockpit, who: str) -> EWalletApi:
    """Another terminal's HTTP API: ``cashier``, ``consumer`` or ``admin``; it does not
    check anything, as the server does not."""
    creds = credentials(cockpit.info, who)
    return EWalletApi(resolve_endpoints(cockpit.sim.url, creds.scheme), creds)


def server_status(cockpit: Cockpit, consumption_id: str) -> str:
    return str(cockpit.sim.world.consumptions[consumption_id].status)


def card_state(cockpit: Cockpit, consumption_id: str) -> CardState:
    card = cockpit.parts.queue.card(consumption_id)
    if card is None:
        card = cockpit.parts.queue.history.card_for(consumption_id)
    assert card is not None
    return card.state


def decisions_sent(proxy: ApiProxy, consumption_id: str) -> int:
    return sum(
        proxy.count(rpc, consumption_id)
        for rpc in (
            "approve_transaction_consumption",
            "reject_transaction_consumption",
            "consumption.approve",
            "consumption.reject",
        )
    )


async def leave_all(cockpit: Cockpit, mode: str) -> None:
    """Stop hearing the finalized events (as in a gap, without reconnecting)."""
    topics = demo_connection(cockpit.info, mode)["topics"]
    for topic in topics:
        cockpit.parts.controller.leave(topic)
    tree = cockpit.parts.channel_tree
    await cockpit.until(lambda: all(tree.state_of(t) is not ChannelState.JOINED for t in topics))
    await cockpit.until(lambda: all(tree.state_of(t) is ChannelState.CLOSED for t in topics))


def widget_of(cockpit: Cockpit, consumption_id: str) -> ApprovalCardWidget:
    widget = cockpit.parts.window.queue_view.card_widget(consumption_id)
    assert widget is not None
    return widget


# -- the danger itself -----------------------------------------------------------------------


def test_approving_a_rejected_consumption_pays_it_over_raw_http_but_the_window_never_sends_it(
    cockpit: Cockpit,
) -> None:
    proxy = ApiProxy(cockpit.sim.url)

    async def scenario() -> None:
        await connect(cockpit, "operator")
        point_api_at(cockpit.parts, proxy)
        request = cockpit.requests(confirmation=True)[0]
        other = desk(cockpit, "admin")
        try:
            # The server itself: approving a rejected consumption transfers the money.
            raw = cockpit.consume(request["id"])
            await other.reject(raw["id"])
            paid = await other.approve(raw["id"])
            assert paid["status"] == "confirmed" == server_status(cockpit, raw["id"])
            # The window: another desk rejects while this one hears nothing of it (its
            # channels left); Approve here reads first and sends nothing.
            consumption_id = await cockpit.pending_card_for(request["id"])
            await leave_all(cockpit, "operator")
            await other.reject(consumption_id)
            assert card_state(cockpit, consumption_id) is CardState.PENDING
            task = cockpit.parts.controller.cashier.act(consumption_id, "approve")
            assert task is not None
            await task
        finally:
            await other.close()
        await cockpit.until(lambda: card_state(cockpit, consumption_id) is CardState.REJECTED)
        assert server_status(cockpit, consumption_id) == "rejected"
        assert decisions_sent(proxy, consumption_id) == 0
        assert widget_of(cockpit, consumption_id).approve_button.isHidden()

    try:
        cockpit.run(scenario)
    finally:
        proxy.stop()


# -- races -----------------------------------------------------------------------------------


def test_a_reject_heard_from_another_desk_leaves_nothing_to_send(cockpit: Cockpit) -> None:
    proxy = ApiProxy(cockpit.sim.url)

    async def scenario() -> None:
        await connect(cockpit, "cashier")
        point_api_at(cockpit.parts, proxy)
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        other = desk(cockpit, "cashier")
        try:
            await other.reject(consumption_id)
        finally:
            await other.close()
        await cockpit.until(lambda: card_state(cockpit, consumption_id) is CardState.REJECTED)
        task = cockpit.parts.controller.cashier.act(consumption_id, "approve")
        assert task is not None
        await task
        assert decisions_sent(proxy, consumption_id) == 0
        assert server_status(cockpit, consumption_id) == "rejected"

    try:
        cockpit.run(scenario)
    finally:
        proxy.stop()


async def outage(cockpit: Cockpit, during: Callable[[], Awaitable[None]]) -> None:
    """Drop the window's socket, run ``during`` while it is down, wait until it is back."""
    controller = cockpit.parts.controller
    cockpit.sim.drop_connections(1001)
    await cockpit.until(lambda: controller.state is not ConnectionState.CONNECTED)
    await during()
    await cockpit.until(lambda: controller.state is ConnectionState.CONNECTED)


@pytest.mark.parametrize("mode", ["operator", "cashier"])
def test_a_decision_made_elsewhere_during_an_outage_is_never_contradicted(
    cockpit: Cockpit, mode: str
) -> None:
    proxy = ApiProxy(cockpit.sim.url)
    # Long enough for the other desk to decide while this window is disconnected.
    cockpit.parts.controller.config_overrides["backoff_steps"] = (3.0 * TIME_UNIT,)

    async def scenario() -> None:
        await connect(cockpit, mode)
        point_api_at(cockpit.parts, proxy)
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        other = desk(cockpit, "admin" if mode == "operator" else "cashier")

        async def reject_elsewhere() -> None:
            await other.reject(consumption_id)

        try:
            await outage(cockpit, reject_elsewhere)
        finally:
            await other.close()
        widget = widget_of(cockpit, consumption_id)
        if mode == "operator":
            # Read after the reconnect: settled as the server has it, nothing sent.
            await cockpit.until(lambda: card_state(cockpit, consumption_id) is CardState.REJECTED)
            assert decisions_sent(proxy, consumption_id) == 0
        else:
            # No read with client credentials: the card says so and asks before acting.
            await cockpit.until(lambda: cockpit.parts.queue.card(consumption_id).unverified)
            assert widget.state_label.text() == "Not verified since the outage"
            cockpit.parts.window.queue_view.set_threshold("")
            widget.approve_button.click()
            assert widget.is_confirming
            assert "rejected meanwhile pays it" in widget.confirm_label.text()
            widget.confirm_no.click()
            widget.reject_button.click()
            assert widget.is_confirming and widget.confirm_yes.text() == "Yes, reject"
            assert decisions_sent(proxy, consumption_id) == 0
            widget.confirm_yes.click()  # rejecting a rejected one changes nothing
            await cockpit.until(lambda: card_state(cockpit, consumption_id) is CardState.REJECTED)
            assert proxy.count("approve_transaction_consumption", consumption_id) == 0
        assert server_status(cockpit, consumption_id) == "rejected"

    try:
        cockpit.run(scenario)
    finally:
        proxy.stop()


@pytest.mark.parametrize("mode", ["operator", "cashier"])
def test_an_approve_timing_out_with_the_socket_down_is_never_followed_by_a_reject(
    cockpit: Cockpit, mode: str
) -> None:
    proxy = ApiProxy(cockpit.sim.url)
    controller = cockpit.parts.controller
    controller.config_overrides["backoff_steps"] = (3.0 * TIME_UNIT,)
    controller.config_overrides["api_timeout"] = 0.5 * TIME_UNIT

    async def scenario() -> None:
        await connect(cockpit, mode)
        point_api_at(cockpit.parts, proxy)
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        widget = widget_of(cockpit, consumption_id)
        cockpit.parts.window.queue_view.set_threshold("")
        proxy.only = "approve"
        proxy.hold()  # the server approves at once; its answer never comes back in time

        async def approve_blind() -> None:
            widget.approve_button.click()
            widget.confirm_yes.click()  # "the live connection is down: approve anyway?"
            await cockpit.until(lambda: card_state(cockpit, consumption_id).in_flight)
            await cockpit.until(
                lambda: card_state(cockpit, consumption_id) is not CardState.APPROVING
            )
            proxy.mode = "pass"  # later calls (a retry) are answered

        await outage(cockpit, approve_blind)
        assert server_status(cockpit, consumption_id) == "confirmed"
        if mode == "operator":
            # A read after the unanswered approve (and after the reconnect) settles it.
            await cockpit.until(lambda: card_state(cockpit, consumption_id) is CardState.CONFIRMED)
        else:
            assert card_state(cockpit, consumption_id) is CardState.OUTCOME_UNKNOWN
            assert widget.state_label.text() == "Outcome unknown"
            assert not widget.reject_button.isEnabled()
            widget.reject_button.click()
            cockpit.parts.window.queue_view.request(consumption_id, "reject")
            assert not widget.is_confirming
            refusals: list[str] = []
            cockpit.parts.window.queue_view.decision_refused.connect(
                lambda _cid, reason: refusals.append(reason)
            )
            cockpit.look_at(consumption_id)  # past the guard's lock-out after the first
            widget.approve_button.click()
            assert refusals == []
            assert "does not check" in widget.confirm_label.text()
            widget.confirm_yes.click()  # approving a confirmed one returns the same transfer
            await cockpit.until(lambda: card_state(cockpit, consumption_id) is CardState.CONFIRMED)
            assert proxy.count("approve_transaction_consumption", consumption_id) == 2
        assert proxy.count("reject_transaction_consumption", consumption_id) == 0
        assert proxy.count("consumption.reject", consumption_id) == 0
        assert server_status(cockpit, consumption_id) == "confirmed"
        proxy.release()

    try:
        cockpit.run(scenario)
    finally:
        proxy.release()
        proxy.stop()


@pytest.mark.parametrize("cancel_first", [True, False])
def test_approve_racing_the_customers_cancel_ends_as_the_server_has_it(
    cockpit: Cockpit, cancel_first: bool
) -> None:
    proxy = ApiProxy(cockpit.sim.url)

    async def scenario() -> None:
        await connect(cockpit, "cashier")
        point_api_at(cockpit.parts, proxy)
        request = cockpit.requests(confirmation=True)[0]
        consumer = desk(cockpit, "consumer")
        controller = cockpit.parts.controller
        try:
            consumption_id = await cockpit.pending_card_for(request["id"])
            if cancel_first:
                await consumer.cancel(consumption_id)
                known_final = card_state(cockpit, consumption_id).is_final
                task = controller.cashier.act(consumption_id, "approve")
                assert task is not None
                await task
                await cockpit.until(
                    lambda: card_state(cockpit, consumption_id) is CardState.CANCELLED
                )
                if known_final:
                    assert decisions_sent(proxy, consumption_id) == 0
                # Else it went out before the event arrived: the server said :cancelled.
            else:
                task = controller.cashier.act(consumption_id, "approve")
                assert task is not None
                await task
                with pytest.raises(ApiError) as refused:
                    await consumer.cancel(consumption_id)
                assert refused.value.code == "transaction_consumption:uncancellable"
                await cockpit.until(
                    lambda: card_state(cockpit, consumption_id) is CardState.CONFIRMED
                )
        finally:
            await consumer.close()
        assert card_state(cockpit, consumption_id).value == server_status(cockpit, consumption_id)

    try:
        cockpit.run(scenario)
    finally:
        proxy.stop()


@pytest.mark.parametrize(
    "sim_options", [{"consumption_lifetime_ms": 60_000, "expiry_mode": "minute_job"}]
)
def test_approving_past_the_expiration_date_ends_expired_as_the_server_has_it(
    cockpit: Cockpit, sim_options: dict[str, Any]
) -> None:
    proxy = ApiProxy(cockpit.sim.url)

    async def scenario() -> None:
        await connect(cockpit, "cashier")
        point_api_at(cockpit.parts, proxy)
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        cockpit.sim.advance_clock(120.0)  # past the expiration date, before the expiry job
        cockpit.parts.window.queue_view.set_threshold("")
        widget_of(cockpit, consumption_id).approve_button.click()
        await cockpit.until(lambda: card_state(cockpit, consumption_id) is CardState.EXPIRED)
        assert server_status(cockpit, consumption_id) == "expired"
        sent = decisions_sent(proxy, consumption_id)
        assert sent == 1
        # Known expired now: nothing more can go out.
        task = cockpit.parts.controller.cashier.act(consumption_id, "reject")
        assert task is not None
        await task
        assert decisions_sent(proxy, consumption_id) == sent

    try:
        cockpit.run(scenario)
    finally:
        proxy.stop()


def test_a_used_up_request_settles_the_card_as_undecidable_with_the_reason(
    cockpit: Cockpit,
) -> None:
    async def scenario() -> None:
        await connect(cockpit, "cashier")
        limited = next(
            r for r in cockpit.info["transaction_requests"] if r["label"] == "Limited offer"
        )
        made = [cockpit.consume(limited["id"]) for _ in range(3)]
        other = desk(cockpit, "cashier")
        try:
            for consumption in made[:2]:  # the request's max_consumptions
                await other.approve(consumption["id"])
        finally:
            await other.close()
        consumption_id = made[2]["id"]
        queue_view = cockpit.parts.window.queue_view
        await cockpit.until(lambda: queue_view.has_card(consumption_id))
        cockpit.look_at(consumption_id)
        widget_of(cockpit, consumption_id).reject_button.click()
        await cockpit.until(lambda: card_state(cockpit, consumption_id) is CardState.USED_UP)
        card = cockpit.parts.queue.card(consumption_id)
        assert card is not None and "maximum number of consumptions" in card.message
        assert card.error_code == "transaction_request:max_consumptions_reached"
        widget = widget_of(cockpit, consumption_id)
        assert "Cannot be decided" in widget.state_label.text()
        assert widget.approve_button.isHidden() and widget.reject_button.isHidden()
        # The server refuses both decisions for good: it stays pending there.
        assert server_status(cockpit, consumption_id) == "pending"

    cockpit.run(scenario)


def test_a_reconciliation_that_had_to_stop_is_a_visible_row_in_the_event_log(
    cockpit: Cockpit,
) -> None:
    controller = cockpit.parts.controller
    controller.config_overrides.update(reconcile_per_page=2, reconcile_max_pages=1)

    async def scenario() -> None:
        request = cockpit.requests(confirmation=True)[0]
        for _ in range(3):
            cockpit.consume(request["id"])
        await connect(cockpit, "operator")
        log = cockpit.parts.event_log

        def incomplete_rows() -> list[Any]:
            rows = (log.record_at(row) for row in range(log.rowCount()))
            return [r for r in rows if "reconciliation is incomplete" in r.summary]

        await cockpit.until(incomplete_rows)
        row = incomplete_rows()[0]
        assert "stopped after 1 page(s)" in row.summary

    cockpit.run(scenario)


# -- joins -----------------------------------------------------------------------------------


def test_an_account_channel_refused_to_an_account_level_admin_says_why_in_the_channel_list(
    cockpit: Cockpit,
) -> None:
    async def scenario() -> None:
        info = cockpit.info
        manager = info["credentials"]["account_admin"]
        values = demo_connection(info, "operator")
        topic = f"account:{info['account_id']}"
        values.update(key=manager["user_id"], secret=manager["authentication_token"])
        values["topics"] = [topic]
        form = cockpit.parts.window.connection_form
        form.set_values(**values)
        form.submit()
        tree = cockpit.parts.channel_tree
        await cockpit.until(lambda: tree.state_of(topic) is ChannelState.REFUSED)
        reason = str(tree.index_of(topic, ChannelColumn.REASON).data())  # type: ignore[attr-defined]
        assert "global super_admin or admin role" in reason

    cockpit.run(scenario)
