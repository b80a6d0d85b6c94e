"""End to end: the window never decides blind, against the simulator that, like the real
eWallet, does not check that a consumption is still pending before approve or reject.

Each test ends with the server's record and the card agreeing, and checks that no
decision went out for a consumption the window knew to be non-pending.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ewallet_monitor.api import EWalletApi
from ewallet_monitor.app.gui import demo_connection
from ewallet_monitor.protocol.approval import CardState
from ewallet_monitor.protocol.events import ChannelState, ConnectionState
from ewallet_monitor.protocol.urls import resolve_endpoints
from ewallet_monitor.ui.approval_card import ApprovalCardWidget
from tests.client.harness import credentials
from tests.e2e.conftest import Cockpit
from tests.e2e.test_reliability_window import ApiProxy, point_api_at


def expire_token(cockpit: Cockpit, token: str) -> None:
    async def expire() -> None:
        cockpit.sim.simulator.expire_token(token)

    cockpit.sim.call(expire)


def test_a_token_that_stops_working_asks_for_a_new_one_in_the_token_field(
    cockpit: Cockpit,
) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        window = cockpit.parts.window
        token = cockpit.info["credentials"]["cashier"]["authentication_token"]
        expire_token(cockpit, token)  # a logout elsewhere: the open socket stays open
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
            task = cockpit.parts.controller.act(consumption_id, "approve")
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
