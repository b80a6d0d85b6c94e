"""Helpers on the engine's event types."""

from __future__ import annotations

import pytest

from ewallet_monitor.protocol.events import ChannelState, reason_beyond_state


@pytest.mark.parametrize(
    ("state", "reason", "shown"),
    [
        (ChannelState.JOINED, "joined", ""),
        (ChannelState.JOINING, " joining… ", ""),
        (ChannelState.JOINED, "", ""),
        (ChannelState.JOINED, "rejoined", "rejoined"),
        (ChannelState.ERRORED, "connection lost; will rejoin", "connection lost; will rejoin"),
        (ChannelState.REFUSED, "websocket:forbidden_channel", "websocket:forbidden_channel"),
    ],
)
def test_a_reason_that_only_repeats_the_state_is_not_shown(
    state: ChannelState, reason: str, shown: str
) -> None:
    assert reason_beyond_state(state, reason) == shown
