"""End to end: the window never decides blind, against the simulator that, like the real
eWallet, does not check that a consumption is still pending before approve or reject.

Each test ends with the server's record and the card agreeing, and checks that no
decision went out for a consumption the window knew to be non-pending.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ewallet_monitor.protocol.events import ConnectionState
from tests.e2e.conftest import Cockpit


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
