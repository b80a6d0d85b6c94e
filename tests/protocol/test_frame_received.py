"""protocol.events.FrameReceived: a received frame's text and columns, computed once."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime

import pytest

from ewallet_monitor.pipes import BatchReader, dump_items, encode_batch, load_items
from ewallet_monitor.protocol import events as events_module
from ewallet_monitor.protocol.events import MAX_RAW_ERROR_SHOWN, FrameReceived
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
    frame = decode_server_frame(text, lean=True)
    assert isinstance(frame, ServerFrame)
    return FrameReceived(frame, AT)


def server_text(**fields: object) -> str:
    envelope = {"success": True, "version": "1", "data": None, "error": None, "ref": None}
    envelope.update(fields)
    return json.dumps(envelope)


FINALIZED = server_text(
    topic="user:usr_1", event="transaction_consumption_finalized", data=CONSUMPTION
)


def test_a_consumption_frame_keeps_its_text_and_the_shown_fields() -> None:
    frame = received(FINALIZED)
    assert frame.raw == FINALIZED
    assert (frame.topic, frame.event, frame.ref) == (
        "user:usr_1",
        "transaction_consumption_finalized",
        None,
    )
    assert (frame.consumption_id, frame.status) == ("txc_01", "confirmed")
    assert "12.50 USD" in frame.summary and frame.summary.endswith("confirmed")
    assert frame.data_is_object and frame.error_code is None and frame.raw_error is None
    assert frame.at == AT
    assert frame.data == CONSUMPTION


def test_error_objects_and_unreadable_errors() -> None:
    error = {"code": "transaction_consumption:expired", "description": "It expired."}
    frame = received(server_text(topic="t:1", event="phx_reply", error=error))
    assert (frame.error_code, frame.error_description) == (error["code"], error["description"])
    odd = received(server_text(topic="t:1", event="phx_reply", error="x" * 999))
    assert odd.error_code is None
    assert odd.raw_error is not None and len(odd.raw_error) == MAX_RAW_ERROR_SHOWN


def test_a_frame_built_without_text_is_encoded_and_not_data_object() -> None:
    frame = ServerFrame("phoenix", "phx_reply", "7", ["not", "an", "object"], True, None)
    built = FrameReceived(frame, AT)
    assert json.loads(built.raw)["data"] == ["not", "an", "object"]
    assert not built.data_is_object and built.consumption_id is None and built.summary == ""
    assert built.is_reply


def test_across_a_process_boundary_only_the_text_and_the_columns_travel() -> None:
    frame = received(FINALIZED)
    body = pickle.dumps(frame)
    # The columns, not the decoded frame: no ServerFrame (nor its dicts) in the pickle.
    assert b"ServerFrame" not in body
    copy = pickle.loads(body)
    assert type(copy) is FrameReceived
    assert copy == frame and copy.columns() == frame.columns()
    assert copy.summary == frame.summary  # carried, not formatted again
    # The whole frame is parsed from the text on the first read, then kept.
    assert copy.frame == decode_server_frame(FINALIZED)
    assert copy.frame is copy.frame


def test_sending_a_frame_on_does_not_grow_its_summary() -> None:
    # The window sends every received frame on to the store's writer; its log row keeps
    # the same summary string for as long as the row lives.
    import sys

    copy = pickle.loads(pickle.dumps(received(FINALIZED)))
    summary = copy.summary
    assert not summary.isascii()  # "·" between its parts
    size = sys.getsizeof(summary)
    again = pickle.loads(pickle.dumps(copy))
    assert sys.getsizeof(summary) == size and again.summary == summary


def test_the_whole_frame_is_parsed_at_most_once(monkeypatch: pytest.MonkeyPatch) -> None:
    copy = pickle.loads(pickle.dumps(received(FINALIZED)))
    calls: list[str] = []
    real = events_module.decode_server_frame

    def counting(raw: str | bytes, **options: bool) -> object:
        calls.append("parse")
        return real(raw, **options)

    monkeypatch.setattr(events_module, "decode_server_frame", counting)
    # Columns need no parse at all.
    assert (copy.consumption_id, copy.status, copy.summary) == (
        "txc_01",
        "confirmed",
        "12.50 USD · alice · confirmed",
    )
    assert calls == []
    assert copy.data["id"] == "txc_01"
    assert copy.data["status"] == "confirmed"
    assert copy.frame is not None
    assert calls == ["parse"]


def test_the_frame_it_was_built_from_is_the_frame_it_gives() -> None:
    frame = decode_server_frame(FINALIZED, lean=True)
    assert isinstance(frame, ServerFrame)
    assert FrameReceived(frame, AT).frame is frame


def test_a_text_that_no_longer_parses_gives_no_frame() -> None:
    copy = pickle.loads(pickle.dumps(received(FINALIZED)).replace(b'"topic"', b'"tapic"'))
    assert copy.frame is None and copy.data is None
    # The columns stay as they were computed.
    assert copy.consumption_id == "txc_01"


def test_the_summary_is_formatted_once_and_only_when_read() -> None:
    frame = received(FINALIZED)
    assert frame._summary is None  # listen never reads it: never formatted there
    first = frame.summary
    assert first is frame.summary


def test_one_codec_carries_frames_and_other_events_on_both_pipes() -> None:
    from ewallet_monitor.protocol.events import MonitorNotice

    items: list[object] = [received(FINALIZED), MonitorNotice("hello", AT), received(FINALIZED)]
    assert load_items(dump_items(items)) == items
    # Framed for a raw file descriptor, fed in pieces as a non-blocking read gives them.
    data = encode_batch(items) + encode_batch(items[:1])
    reader = BatchReader()
    batches = [
        batch
        for index in range(0, len(data), 97)
        for batch in reader.feed(data[index : index + 97])
    ]
    assert batches == [items, items[:1]]
    assert reader.pending_bytes == 0
