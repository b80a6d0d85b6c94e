"""protocol.digest: a received frame reduced to what a display shows, plus its text."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime

from ewallet_monitor.protocol.digest import MAX_RAW_ERROR_SHOWN, digest_frame
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import ServerFrame, decode_server_frame

AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
CONSUMPTION = {
    "object": "transaction_consumption",
    "id": "txc_01",
    "status": "confirmed",
    "amount": None,
    "estimated_consumption_amount": 1250,
    "token": {"symbol": "USD", "subunit_to_unit": 100},
    "user": {"username": "alice"},
}


def received(text: str) -> FrameReceived:
    frame = decode_server_frame(text)
    assert isinstance(frame, ServerFrame)
    return FrameReceived(frame, AT)


def server_text(**fields: object) -> str:
    envelope = {"success": True, "version": "1", "data": None, "error": None, "ref": None}
    envelope.update(fields)
    return json.dumps(envelope)


def test_a_consumption_frame_keeps_its_text_and_the_shown_fields() -> None:
    text = server_text(
        topic="user:usr_1", event="transaction_consumption_finalized", data=CONSUMPTION
    )
    digest = digest_frame(received(text))
    assert digest.raw == text
    assert (digest.topic, digest.event, digest.ref) == (
        "user:usr_1",
        "transaction_consumption_finalized",
        None,
    )
    assert (digest.consumption_id, digest.status) == ("txc_01", "confirmed")
    assert "12.50 USD" in digest.summary and digest.summary.endswith("confirmed")
    assert digest.data_is_object and digest.error_code is None and digest.raw_error is None
    assert digest.at == AT
    # Parsing the text again gives back the frame it came from.
    assert digest.frame() == received(text).frame


def test_the_store_form_leaves_the_summary_out() -> None:
    text = server_text(
        topic="user:usr_1", event="transaction_consumption_request", data=CONSUMPTION
    )
    digest = digest_frame(received(text), with_summary=False)
    assert digest.summary == "" and digest.consumption_id == "txc_01"


def test_error_objects_and_unreadable_errors() -> None:
    error = {"code": "transaction_consumption:expired", "description": "It expired."}
    digest = digest_frame(received(server_text(topic="t:1", event="phx_reply", error=error)))
    assert (digest.error_code, digest.error_description) == (error["code"], error["description"])
    odd = digest_frame(received(server_text(topic="t:1", event="phx_reply", error="x" * 999)))
    assert odd.error_code is None
    assert odd.raw_error is not None and len(odd.raw_error) == MAX_RAW_ERROR_SHOWN


def test_a_frame_built_without_text_is_encoded_and_not_data_object() -> None:
    frame = ServerFrame("phoenix", "phx_reply", "7", ["not", "an", "object"], True, None)
    digest = digest_frame(FrameReceived(frame, AT))
    assert json.loads(digest.raw)["data"] == ["not", "an", "object"]
    assert not digest.data_is_object and digest.consumption_id is None
    assert digest.is_reply


def test_a_digest_crosses_a_process_boundary_unchanged() -> None:
    text = server_text(
        topic="user:usr_1", event="transaction_consumption_finalized", data=CONSUMPTION
    )
    digest = digest_frame(received(text))
    assert pickle.loads(pickle.dumps(digest)) == digest
