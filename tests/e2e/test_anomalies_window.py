"""The Anomalies dock against the simulator: a refused channel, a consumption pending past
its expiry, heartbeats unanswered, the reconnect storm and gaps that follow; each entry
jumps to its rows in the log."""

from __future__ import annotations

from typing import Any

import pytest

from ewallet_monitor.app.gui import demo_connection
from ewallet_monitor.protocol.anomalies import (
    GAP,
    HEARTBEAT_MISSED,
    JOIN_REFUSED,
    PENDING_PAST_EXPIRY,
    RECONNECT_STORM,
    AnomalyPolicy,
)
from ewallet_monitor.protocol.events import ChannelState
from tests.e2e.conftest import Cockpit

FOREIGN = "user:usr_01cbfg9qtdken61agxhx6wvj9h"  # not the cashier: refused


@pytest.fixture
def sim_options() -> dict[str, Any]:
    # The server's expiry job never runs during the test: consumptions stay pending
    # after their expiration_date, as they do for up to a minute on the real server.
    return {
        "expiry_mode": "minute_job",
        "expiry_job_interval": 3600.0,
        "consumption_lifetime_ms": 200,
    }


def kinds(cockpit: Cockpit) -> dict[str, Any]:
    model = cockpit.parts.window.tools.anomalies
    return {model.anomaly_at(row).kind: model.anomaly_at(row) for row in range(model.rowCount())}


def test_a_session_s_anomalies_are_listed_and_jump_to_their_rows(cockpit: Cockpit) -> None:
    window = cockpit.parts.window
    tools = window.tools
    tools.anomalies.detector.policy = AnomalyPolicy(expiry_grace_s=0.0, storm_reconnects=2)

    async def scenario() -> None:
        values = demo_connection(cockpit.info, "cashier")
        joined = list(values["topics"])
        values["topics"] = [*joined, FOREIGN]
        form = window.connection_form
        form.set_values(**values)
        form.submit()
        await cockpit.wait_joined(joined)
        tree = cockpit.parts.channel_tree
        await cockpit.until(lambda: tree.state_of(FOREIGN) is ChannelState.REFUSED)
        await cockpit.until(lambda: JOIN_REFUSED in kinds(cockpit))
        refused = kinds(cockpit)[JOIN_REFUSED]
        assert FOREIGN in refused.text and refused.count == 1
        assert tools.anomalies_dock.isVisible()

        request = cockpit.requests(confirmation=True)[0]
        consumption = cockpit.consume(request["id"])
        await cockpit.until(lambda: PENDING_PAST_EXPIRY in kinds(cockpit))
        assert consumption["id"] in kinds(cockpit)[PENDING_PAST_EXPIRY].text

        # A round trip measured first, so the miss can say what the last one was.
        await cockpit.until(lambda: cockpit.parts.controller.last_rtt_ms is not None)
        cockpit.sim.set_heartbeat_replies(False)
        await cockpit.until(lambda: RECONNECT_STORM in kinds(cockpit))
        cockpit.sim.set_heartbeat_replies(True)
        found = kinds(cockpit)
        assert "last round trip" in found[HEARTBEAT_MISSED].text
        await cockpit.until(lambda: GAP in kinds(cockpit))
        assert "connection down" in kinds(cockpit)[GAP].text

        # Each entry jumps to its rows: the refusal's newest row, then the one before.
        model = tools.anomalies
        row = next(r for r in range(model.rowCount()) if model.anomaly_at(r) is refused)
        first = tools.anomalies_view.activate(row)
        assert first == refused.rows[-1]
        selected = window.event_log_view.selected_record()
        assert selected is not None and selected.seq == first and selected.topic == FOREIGN
        assert not window.event_log_view.follow_tail
        second = tools.anomalies_view.activate(row)
        assert second == refused.rows[-2]
        selected = window.event_log_view.selected_record()
        assert selected is not None and selected.seq == second

    cockpit.run(scenario)
