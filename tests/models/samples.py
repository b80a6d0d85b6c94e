"""Small named builders of monitor events for the model and view tests.

Frames go through the real codec (encode, then decode) so rows are built from exactly what
the client would hand over.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    FrameReceived,
    FrameSent,
    GapRecorded,
    InvalidFrameReceived,
)
from ewallet_monitor.protocol.frames import (
    CONSUMPTION_FINALIZED,
    CONSUMPTION_REQUEST,
    ClientFrame,
    ServerFrame,
    decode_server_frame,
    encode_server_frame,
)

REQUEST_ID = "txr_01dp2k9m7f4z0x8t3c5b6n1q2w"
REQUEST_TOPIC = f"transaction_request:{REQUEST_ID}"
CONSUMPTION_ID = "txc_01cbfg9qtdken61agxhx6wvj9h"
USER_TOPIC = "user:usr_01cbfg9qtdken61agxhx6wvj9h"
OWNER_TOPIC = "user:usr_01cbffwvj6ma9a9gg1tb24880q"
ADDRESS = "omri489161761367"
T0 = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)


def at(seconds: float = 0.0) -> datetime:
    return T0 + timedelta(seconds=seconds)


def consumption(
    status: str = "pending",
    amount: int = 1250,
    subunit_to_unit: int = 100,
    symbol: str = "USD",
    consumption_id: str = CONSUMPTION_ID,
    name: str = "Alice Example",
) -> dict[str, Any]:
    return {
        "object": "transaction_consumption",
        "id": consumption_id,
        "socket_topic": f"transaction_consumption:{consumption_id}",
        "status": status,
        "amount": amount,
        "token_id": f"tok_{symbol}_01cbffwvj6ma9a9gg1tb24880q",
        "token": {"object": "token", "symbol": symbol, "subunit_to_unit": subunit_to_unit},
        "user_id": "usr_01cbfg9qtdken61agxhx6wvj9h",
        "user": {"object": "user", "full_name": name, "socket_topic": USER_TOPIC},
        "transaction_request_id": REQUEST_ID,
        "transaction_request": {
            "id": REQUEST_ID,
            "socket_topic": REQUEST_TOPIC,
            "user": {"socket_topic": OWNER_TOPIC},
        },
        "address": ADDRESS,
        "created_at": "2026-05-01T12:00:00.000000Z",
    }


def server_frame(
    topic: str,
    event: str,
    ref: str | None = None,
    data: Any = None,
    error: EWalletError | None = None,
    success: bool | None = None,
) -> ServerFrame:
    frame = decode_server_frame(encode_server_frame(topic, event, ref, data, error, success))
    assert isinstance(frame, ServerFrame)
    return frame


def received(
    topic: str,
    event: str,
    ref: str | None = None,
    data: Any = None,
    error: EWalletError | None = None,
    seconds: float = 0.0,
) -> FrameReceived:
    return FrameReceived(server_frame(topic, event, ref, data, error), at(seconds))


def request_event(seconds: float = 0.0, **fields: Any) -> FrameReceived:
    return received(REQUEST_TOPIC, CONSUMPTION_REQUEST, data=consumption(**fields), seconds=seconds)


def finalized_event(
    status: str = "confirmed", seconds: float = 0.0, **fields: Any
) -> FrameReceived:
    return received(
        REQUEST_TOPIC,
        CONSUMPTION_FINALIZED,
        data=consumption(status=status, **fields),
        seconds=seconds,
    )


def heartbeat_reply(ref: str = "7", seconds: float = 0.0) -> FrameReceived:
    return received("phoenix", "phx_reply", ref=ref, seconds=seconds)


def join_reply(topic: str = REQUEST_TOPIC, ref: str = "1") -> FrameReceived:
    return received(topic, "phx_reply", ref=ref)


def refused_join_reply(topic: str = "account:acc_01cbfg9qtdken61agxhx6wvj9h") -> FrameReceived:
    error = EWalletError("websocket:forbidden_channel", "You don't have access to this channel")
    return received(topic, "phx_reply", ref="3", error=error)


def heartbeat_sent(ref: str = "7", seconds: float = 0.0) -> FrameSent:
    return FrameSent(ClientFrame("phoenix", "heartbeat", ref, {}), at(seconds))


def join_sent(topic: str = REQUEST_TOPIC, ref: str = "1") -> FrameSent:
    return FrameSent(ClientFrame(topic, "phx_join", ref, {}), at())


def invalid_frame(raw: str = "{not json") -> InvalidFrameReceived:
    from ewallet_monitor.protocol.frames import InvalidFrame

    return InvalidFrameReceived(InvalidFrame("not JSON: Expecting property name", raw), at())


def gap(seconds: float = 42.0) -> GapRecorded:
    return GapRecorded(
        start=at(0), end=at(seconds), channels=(REQUEST_TOPIC,), recoverable=False, at=at(seconds)
    )


def channel_state(
    topic: str = REQUEST_TOPIC, state: ChannelState = ChannelState.JOINED, reason: str = ""
) -> ChannelStateChanged:
    return ChannelStateChanged(topic, state, at(), reason)
