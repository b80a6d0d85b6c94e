"""A corpus of received frames as the wire carries them.

Every frame goes through the real decoder (text → ``decode_server_frame(lean=True)``, as
the socket reader does) and :func:`from_engine` through the pipe codec, exactly as the
engine process sends it (its columns and text, no parsed frame).
"""

from __future__ import annotations

import json
import random
from typing import Any

from ewallet_monitor.pipes import dump_items, load_items
from ewallet_monitor.protocol.errors import CONSUMPTION_EXPIRED, EWalletError
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import (
    CONSUMPTION_FINALIZED,
    CONSUMPTION_REQUEST,
    PHX_CLOSE,
    PHX_REPLY,
    ServerFrame,
    decode_server_frame,
    encode_server_frame,
)
from ewallet_monitor.simulator.hub import frame_with_encoded_data
from ewallet_monitor.store.bench import consumption_frame_json
from tests.models.samples import CONSUMPTION_ID, REQUEST_TOPIC, T0, at, consumption

FAILED_REASON = "The wallet lacks funds"


def from_text(text: str, seconds: float = 0.0) -> FrameReceived:
    """The event the client makes of ``text``."""
    frame = decode_server_frame(text, lean=True)
    assert isinstance(frame, ServerFrame), frame
    return FrameReceived(frame, at(seconds))


def from_engine(event: FrameReceived) -> FrameReceived:
    """``event`` as the window gets it from the engine process: through the pipe codec."""
    (copy,) = load_items(dump_items([event]))
    assert isinstance(copy, FrameReceived)
    return copy


def with_transaction_error(data: dict[str, Any]) -> dict[str, Any]:
    data["transaction"] = {
        "object": "transaction",
        "status": "failed",
        "error_code": "insufficient_funds",
        "error_description": FAILED_REASON,
    }
    return data


def _raw_server_frame(**fields: Any) -> str:
    payload = {
        "success": True,
        "version": "1",
        "data": {},
        "error": None,
        "topic": REQUEST_TOPIC,
        "event": PHX_REPLY,
        "ref": "5",
    }
    payload.update(fields)
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def corpus() -> list[tuple[str, FrameReceived]]:
    """(name, event) for every shape of received frame the window lists."""
    pending = consumption()
    pending["expiration_date"] = "2026-05-01T12:01:30.000000Z"
    finalized = CONSUMPTION_FINALIZED
    funds = EWalletError("transaction:insufficient_funds", FAILED_REASON)
    expired = EWalletError(CONSUMPTION_EXPIRED, "The consumption has expired.")
    forbidden = EWalletError("websocket:forbidden_channel", "You don't have access")
    no_description = EWalletError("server:internal_server_error", "")
    realistic = consumption_frame_json(3, random.Random(11), T0)
    realistic["data"]["status"] = "confirmed"
    frames = {
        "request": encode_server_frame(REQUEST_TOPIC, CONSUMPTION_REQUEST, None, pending),
        "request (simulator text)": frame_with_encoded_data(
            REQUEST_TOPIC, CONSUMPTION_REQUEST, None, json.dumps(pending)
        ),
        "finalized confirmed": encode_server_frame(
            REQUEST_TOPIC, finalized, None, consumption("confirmed")
        ),
        "finalized rejected (simulator text)": frame_with_encoded_data(
            REQUEST_TOPIC, finalized, None, json.dumps(consumption("rejected"))
        ),
        "finalized failed with an error": encode_server_frame(
            REQUEST_TOPIC, finalized, None, with_transaction_error(consumption("failed")), funds
        ),
        "finalized failed, reason in the transaction": encode_server_frame(
            REQUEST_TOPIC, finalized, None, with_transaction_error(consumption("failed"))
        ),
        "finalized expired error": encode_server_frame(
            REQUEST_TOPIC, finalized, None, consumption("pending"), expired
        ),
        "finalized error without description": encode_server_frame(
            REQUEST_TOPIC, finalized, None, consumption("approved"), no_description
        ),
        "finalized realistic 4 KB": json.dumps(realistic, separators=(",", ":")),
        "finalized on a consumption topic, data not a consumption": encode_server_frame(
            f"transaction_consumption:{CONSUMPTION_ID}", finalized, None, {"note": "x"}
        ),
        "finalized with data not an object": encode_server_frame(
            REQUEST_TOPIC, finalized, None, ["not", "an", "object"]
        ),
        "finalized with data a string": encode_server_frame(REQUEST_TOPIC, finalized, None, "text"),
        "finalized with an empty status": encode_server_frame(
            REQUEST_TOPIC, finalized, None, consumption("")
        ),
        "join reply ok": encode_server_frame(REQUEST_TOPIC, PHX_REPLY, "1", {}),
        "join reply error": encode_server_frame(REQUEST_TOPIC, PHX_REPLY, "3", None, forbidden),
        "heartbeat reply": encode_server_frame("phoenix", PHX_REPLY, "7", {}),
        "phx_close": encode_server_frame(REQUEST_TOPIC, PHX_CLOSE, "1", {}, success=False),
        "unreadable error value": _raw_server_frame(error="boom", success=False),
        "unreadable error object": _raw_server_frame(error={"message": "x" * 400}, success=False),
        "unreadable error with a consumption": _raw_server_frame(
            event=finalized, ref=None, data=consumption("confirmed"), error=42
        ),
        "unknown event, numeric ref": _raw_server_frame(event="custom_event", ref=12),
        "non-ASCII text": encode_server_frame(
            REQUEST_TOPIC, finalized, None, consumption("confirmed", name="Zoë Ünïcødé 漢字")
        ),
    }
    return [(name, from_text(text, index)) for index, (name, text) in enumerate(frames.items())]
