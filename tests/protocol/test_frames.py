"""The frame codec: every server shape of docs/protocol-notes.md §3 and every way input can be bad."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.frames import (
    MAX_RAW_KEPT,
    ClientFrame,
    InvalidFrame,
    ServerFrame,
    decode_client_frame,
    decode_server_frame,
    encode_client_frame,
    encode_server_frame,
)

TOPIC = "transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1q2w"


def test_a_join_reply_decodes_with_every_field() -> None:
    text = (
        '{"success": true, "version": "1", "data": null, "error": null,'
        f' "topic": "{TOPIC}", "event": "phx_reply", "ref": "1"}}'
    )
    frame = decode_server_frame(text)
    assert isinstance(frame, ServerFrame)
    assert (frame.topic, frame.event, frame.ref, frame.success) == (TOPIC, "phx_reply", "1", True)
    assert frame.is_reply and not frame.is_failure
    assert frame.raw == text


def test_a_broadcast_event_has_a_null_ref() -> None:
    text = encode_server_frame(TOPIC, "transaction_consumption_request", None, {"id": "txc_1"})
    frame = decode_server_frame(text)
    assert isinstance(frame, ServerFrame)
    assert frame.ref is None
    assert frame.data == {"id": "txc_1"}


def test_phx_close_with_success_false_and_no_error_is_not_a_failure() -> None:
    frame = decode_server_frame(encode_server_frame(TOPIC, "phx_close", "1", success=False))
    assert isinstance(frame, ServerFrame)
    assert frame.success is False
    assert frame.error is None
    assert not frame.is_failure


def test_an_error_object_is_decoded() -> None:
    error = EWalletError("websocket:forbidden_channel", "You don't have access to this channel.")
    frame = decode_server_frame(encode_server_frame(TOPIC, "phx_reply", "2", error=error))
    assert isinstance(frame, ServerFrame)
    assert frame.error == error
    assert frame.is_failure
    assert frame.success is False


def test_an_unreadable_error_value_is_kept_and_counts_as_failure() -> None:
    frame = decode_server_frame(
        '{"topic":"t","event":"e","ref":null,"success":false,"error":"boom","data":null}'
    )
    assert isinstance(frame, ServerFrame)
    assert frame.error is None
    assert frame.raw_error == "boom"
    assert frame.is_failure
    assert frame.to_json()["error"] == "boom"


def test_unknown_keys_are_kept_and_round_trip() -> None:
    text = '{"topic":"t","event":"new_event","ref":null,"data":{"x":1},"join_ref":"5","z":[1]}'
    frame = decode_server_frame(text)
    assert isinstance(frame, ServerFrame)
    assert frame.extra == {"join_ref": "5", "z": [1]}
    assert frame.to_json()["join_ref"] == "5"
    assert frame.to_json()["event"] == "new_event"


def test_key_order_does_not_matter() -> None:
    frame = decode_server_frame('{"ref":"3","event":"phx_reply","topic":"phoenix","success":true}')
    assert isinstance(frame, ServerFrame)
    assert frame.topic == "phoenix"


def test_amounts_beyond_two_to_the_53_stay_exact_ints() -> None:
    big = 10**30 + 1
    frame = decode_server_frame(encode_server_frame(TOPIC, "x", None, {"amount": big}))
    assert isinstance(frame, ServerFrame)
    assert frame.data["amount"] == big
    assert isinstance(frame.data["amount"], int)


def test_a_numeric_ref_from_a_foreign_server_is_read_as_text() -> None:
    frame = decode_server_frame('{"topic":"phoenix","event":"phx_reply","ref":7}')
    assert isinstance(frame, ServerFrame)
    assert frame.ref == "7"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "not JSON"),
        ("{", "not JSON"),
        ('{"topic":"t",}', "not JSON"),
        ("[1, 2]", "JSON list"),
        ("42", "JSON int"),
        ('"text"', "JSON str"),
        ('{"event":"e"}', "'topic'"),
        ('{"topic":"t"}', "'event'"),
        ('{"topic":1,"event":"e"}', "'topic'"),
        ('{"topic":"t","event":""}', "'event'"),
        ('{"topic":"t","event":"e","ref":{}}', "'ref'"),
        ('{"topic":"t","event":"e","success":"yes"}', "'success'"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_bad_server_input_becomes_an_invalid_frame_with_its_reason(raw: str, reason: str) -> None:
    result = decode_server_frame(raw)
    assert isinstance(result, InvalidFrame)
    assert reason in result.reason
    assert result.raw == raw[:MAX_RAW_KEPT]


def test_invalid_utf8_is_reported_with_the_bytes_escaped() -> None:
    result = decode_server_frame(b'{"topic":"\xff"}')
    assert isinstance(result, InvalidFrame)
    assert result.reason == "not valid UTF-8"
    assert "\\xff" in result.raw


def test_a_binary_message_is_invalid_even_when_it_holds_json() -> None:
    result = decode_server_frame(b'{"topic":"t","event":"e"}', binary=True)
    assert isinstance(result, InvalidFrame)
    assert "binary" in result.reason


def test_utf8_bytes_of_a_text_frame_decode() -> None:
    frame = decode_server_frame('{"topic":"t","event":"e","data":"café"}'.encode())
    assert isinstance(frame, ServerFrame)
    assert frame.data == "café"


def test_the_raw_text_kept_for_a_huge_bad_frame_is_capped() -> None:
    result = decode_server_frame("x" * (MAX_RAW_KEPT * 3))
    assert isinstance(result, InvalidFrame)
    assert len(result.raw) == MAX_RAW_KEPT


def test_client_frames_carry_all_four_keys_and_empty_data_by_default() -> None:
    text = encode_client_frame("phoenix", "heartbeat", "7")
    assert json.loads(text) == {"topic": "phoenix", "event": "heartbeat", "ref": "7", "data": {}}
    decoded = decode_client_frame(text)
    assert decoded == ClientFrame("phoenix", "heartbeat", "7", {})


@pytest.mark.parametrize(
    "raw",
    [
        '{"topic":"t","event":"phx_join","data":{}}',  # no ref
        '{"event":"phx_join","ref":"1","data":{}}',
        '[{"topic":"t"}]',
        "not json",
        '{"topic":5,"event":"phx_join","ref":"1","data":{}}',
        '{"topic":"t","event":"phx_join","ref":1,"data":{}}',
    ],
)
def test_the_server_side_decoder_refuses_what_the_server_refuses(raw: str) -> None:
    assert isinstance(decode_client_frame(raw), InvalidFrame)


def test_a_client_frame_without_data_is_accepted_with_null_data() -> None:
    raw = '{"topic":"t","event":"phx_join","ref":"1"}'
    assert decode_client_frame(raw) == ClientFrame("t", "phx_join", "1", None)


def test_a_null_ref_is_allowed_from_a_client() -> None:
    raw = '{"topic":"t","event":"custom","ref":null,"data":null}'
    assert decode_client_frame(raw) == ClientFrame("t", "custom", None, None)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_makes_the_decoders_raise(text: str) -> None:
    assert isinstance(decode_server_frame(text), ServerFrame | InvalidFrame)
    assert isinstance(decode_client_frame(text), ClientFrame | InvalidFrame)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.booleans())
def test_random_bytes_never_make_the_decoders_raise(data: bytes, binary: bool) -> None:
    assert isinstance(decode_server_frame(data, binary=binary), ServerFrame | InvalidFrame)
    assert isinstance(decode_client_frame(data, binary=binary), ClientFrame | InvalidFrame)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["topic", "event", "ref", "data", "success", "error", "version", "x"]),
        json_values,
    )
)
def test_random_json_objects_never_make_the_decoder_raise(obj: dict[str, object]) -> None:
    result = decode_server_frame(json.dumps(obj))
    assert isinstance(result, ServerFrame | InvalidFrame)
    if isinstance(result, ServerFrame):
        json.dumps(result.to_json())  # whatever was accepted can be written back out
