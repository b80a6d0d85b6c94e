"""The frame decoder gives exactly what the plain constructions give.

decode_server_frame builds frames through the slots' setters and skips the ``extra``
comprehension, and its lean form reads only the envelope and a consumption's summary
fields; Consumption caches formatted amounts; consumption_id_and_status reads id and
status without a view; FrameReceived's columns come from the summary fields alone. Each
is checked here against the straightforward form on generated input.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import sys
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ewallet_monitor.protocol import frames as frames_module
from ewallet_monitor.protocol.amounts import format_amount
from ewallet_monitor.protocol.consumption import Consumption, consumption_id_and_status
from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.events import MAX_RAW_ERROR_SHOWN, FrameReceived
from ewallet_monitor.protocol.frames import (
    SERVER_FRAME_KEYS,
    InvalidFrame,
    ServerFrame,
    decode_server_frame,
)

AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

scalars = st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.text(max_size=6)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=8,
)
errors = (
    st.none()
    | json_values
    | st.fixed_dictionaries({"code": st.text(max_size=5), "description": scalars})
)
envelopes = st.fixed_dictionaries(
    {"topic": st.sampled_from(["user:usr_1", "phoenix", ""]), "event": st.text(min_size=1)},
    optional={
        "success": st.booleans(),
        "version": scalars,
        "data": json_values,
        "error": errors,
        "ref": st.none() | st.text(max_size=3) | st.integers(0, 99),
        "unknown": json_values,
        "later_key": scalars,
    },
)


def reference_decode(loaded: dict[str, Any], text: str) -> ServerFrame:
    """The frame as the dataclass constructor builds it from an already valid envelope."""
    raw_error = loaded.get("error")
    error = EWalletError.from_json(raw_error)
    ref = loaded.get("ref")
    version = loaded.get("version")
    return ServerFrame(
        topic=loaded["topic"],
        event=loaded["event"],
        ref=str(ref) if isinstance(ref, int) else ref,
        data=loaded.get("data"),
        success=bool(loaded.get("success")),
        error=error,
        version=version if isinstance(version, str) else None,
        extra={k: v for k, v in loaded.items() if k not in SERVER_FRAME_KEYS},
        raw=text,
        raw_error=None if error is not None else raw_error,
    )


@settings(max_examples=300, deadline=None)
@given(envelopes)
def test_decoded_frames_equal_the_dataclass_built_ones(envelope: dict[str, Any]) -> None:
    text = json.dumps(envelope)
    decoded = decode_server_frame(text)
    assert isinstance(decoded, ServerFrame)
    expected = reference_decode(json.loads(text), text)
    assert decoded == expected
    assert repr(decoded) == repr(expected)
    assert decoded.to_json() == expected.to_json()


def test_a_fast_built_frame_is_frozen_and_pickles() -> None:
    text = json.dumps({"topic": "t", "event": "e", "ref": "1", "data": {}, "x": 1})
    decoded = decode_server_frame(text)
    assert isinstance(decoded, ServerFrame)
    assert decoded.extra == {"x": 1}
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.topic = "other"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(decoded)) == decoded
    # The empty ``extra`` of a frame without unknown keys is its own dict, never shared.
    first = decode_server_frame('{"topic":"t","event":"e"}')
    second = decode_server_frame('{"topic":"t","event":"e"}')
    assert isinstance(first, ServerFrame) and isinstance(second, ServerFrame)
    assert first.extra == {} and first.extra is not second.extra


def reference_formatted_amount(view: Consumption) -> str:
    amount = view.amount
    if amount is None:
        return "(no amount)"
    if view.subunit_to_unit is None:
        return f"{amount} subunits {view.token_symbol or ''}".rstrip()
    return format_amount(amount, view.subunit_to_unit, view.token_symbol)


consumption_fields = st.fixed_dictionaries(
    {"id": st.sampled_from(["txc_1", "", 5])},
    optional={
        "object": st.sampled_from(["transaction_consumption", "token", None]),
        "status": st.sampled_from(["pending", "confirmed", "", None, 3]),
        "amount": st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(),
        "estimated_consumption_amount": st.none() | st.integers(0, 10**6),
        "token_id": st.none() | st.text(max_size=4),
        "token": st.none()
        | st.text(max_size=2)
        | st.fixed_dictionaries(
            {},
            optional={
                "symbol": st.none() | st.text(max_size=4),
                "subunit_to_unit": st.none()
                | st.booleans()
                | st.sampled_from([1, 100, 10**18, 250, 0, -100])
                | st.integers(-5, 10**20),
            },
        ),
        "user": st.none()
        | st.text(max_size=2)
        | st.fixed_dictionaries(
            {},
            optional={
                key: st.none() | st.text(max_size=4) | st.integers(0, 9)
                for key in ("full_name", "username", "email", "provider_user_id", "id")
            },
        ),
        "account": st.none() | st.fixed_dictionaries({}, optional={"name": scalars}),
        "estimated_request_amount": st.none() | st.integers(0, 10**6) | st.text(max_size=2),
        "user_id": scalars,
        "account_id": scalars,
        "address": scalars,
        "transaction": json_values,
    },
)


@settings(max_examples=400, deadline=None)
@given(consumption_fields)
def test_formatted_amounts_and_summaries_equal_the_plain_forms(data: dict[str, Any]) -> None:
    view = Consumption(data)
    expected = reference_formatted_amount(view)
    # Twice: the second answer may come from the cache.
    assert view.formatted_amount() == expected
    assert view.formatted_amount() == expected
    parts = [expected, view.consumer_name] + ([view.status] if view.status else [])
    assert view.summary() == " · ".join(parts)


@settings(max_examples=300, deadline=None)
@given(consumption_fields | json_values)
def test_id_and_status_match_the_consumption_view(data: Any) -> None:
    view = Consumption.from_data(data)
    expected = None if view is None or not view.status else (view.id, view.status)
    assert consumption_id_and_status(data) == expected


@settings(max_examples=200, deadline=None)
@given(envelopes, consumption_fields)
def test_the_columns_equal_their_named_values(
    envelope: dict[str, Any], consumption: dict[str, Any]
) -> None:
    envelope = {**envelope, "data": consumption}
    text = json.dumps(envelope)
    frame = decode_server_frame(text)
    assert isinstance(frame, ServerFrame)
    view = Consumption.from_data(frame.data)
    error = frame.error
    received = FrameReceived(frame, AT)
    assert received.columns() == (
        AT,
        frame.topic,
        frame.event,
        frame.ref,
        text,
        error.code if error is not None else None,
        (error.description or "") if error is not None else "",
        repr(frame.raw_error)[:MAX_RAW_ERROR_SHOWN] if frame.raw_error is not None else None,
        view.id if view is not None else None,
        view.status if view is not None else None,
        view.summary() if view is not None else "",
        isinstance(frame.data, dict),
    )


def lean_and_full(text: str) -> tuple[ServerFrame | InvalidFrame, ServerFrame | InvalidFrame]:
    return decode_server_frame(text, lean=True), decode_server_frame(text)


@settings(max_examples=600, deadline=None)
@given(envelopes, consumption_fields)
def test_a_lean_decoded_consumption_frame_has_the_columns_and_reads_as_the_full_one(
    envelope: dict[str, Any], data: Any
) -> None:
    check_lean_against_full(envelope, data)


@settings(max_examples=200, deadline=None)
@given(envelopes, json_values)
def test_a_lean_decoded_frame_of_any_data_reads_as_the_full_one(
    envelope: dict[str, Any], data: Any
) -> None:
    check_lean_against_full(envelope, data)


def check_lean_against_full(envelope: dict[str, Any], data: Any) -> None:
    # Only the known keys: a frame with others is decoded in full (tested below).
    known = {key: value for key, value in envelope.items() if key in SERVER_FRAME_KEYS}
    text = json.dumps({**known, "data": data})
    lean, full = lean_and_full(text)
    assert isinstance(lean, ServerFrame) and isinstance(full, ServerFrame)
    # The columns first, as the socket's reader takes them: from the summary fields alone.
    assert FrameReceived(lean, AT).columns() == FrameReceived(full, AT).columns()
    assert consumption_id_and_status(lean.summary_data) == consumption_id_and_status(full.data)
    assert lean.data_is_object == isinstance(full.data, dict)
    # Then everything else, decoded on demand.
    assert lean == full
    assert repr(lean) == repr(full)
    assert lean.to_json() == full.to_json()


def test_the_lean_reading_leaves_data_undecoded_until_it_is_read() -> None:
    consumption = {
        "object": "transaction_consumption",
        "id": "txc_1",
        "status": "pending",
        "amount": 1250,
        "token": {"symbol": "USD", "subunit_to_unit": 100, "metadata": {"a": [1, 2]}},
        "user": {"full_name": "Alice Example", "metadata": {}},
        "transaction": {"from": {"amount": 1}},
    }
    text = json.dumps({"topic": "user:usr_1", "event": "e", "ref": None, "data": consumption})
    lean = decode_server_frame(text, lean=True)
    assert isinstance(lean, ServerFrame)
    received = FrameReceived(lean, AT)
    assert received.summary == "12.50 USD · Alice Example · pending"
    # The point of the lean reading: the columns did not build the whole object.
    assert lean._data is frames_module._UNDECODED
    assert lean.data == consumption
    assert pickle.loads(pickle.dumps(lean)) == lean
    with pytest.raises(dataclasses.FrozenInstanceError):
        lean.topic = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        '{"topic":"t","event":"e","data":{},"unknown":[1]}',  # kept in extra
        '{"topic":"t","event":"e","data":[1,2]}',  # data not an object
        '{"topic":"t","event":"e","data":{"token":"USD"}}',  # token not an object
        '{"topic":"t","event":"e","data":{"amount":NaN}}',  # msgspec refuses, json takes
        '{"topic":"t","event":"e","data":{"x":1e999}}',
        '{"topic":"t","event":"e","data":{"amount":123456789012345678901234567890}}',
        '{"topic":"t","event":"e","data":{"user":{"full_name":"\\ud800"}}}',
        '{"topic":"t","event":"e","data":{"z":"\\ud800"}}',
        '{"topic":"t","event":"e","data":{"id":"a","id":"b"}}',  # the last one wins
        '{"topic":"t","event":"e","data":{"z":' + "[" * 5000 + "]" * 5000 + "}}",
        # More digits than Python converts: json refuses the frame, msgspec would skip it.
        '{"topic":"t","event":"e","data":{"n":' + "9" * 9000 + "}}",
        '{"topic":"t","event":"e","data":{"n":-' + "9" * 4301 + "}}",
        '{"topic":"t","event":"e","data":{"n":' + "9" * 4300 + "}}",  # just within
        '{"topic":"t","event":"e","data":{"s":"' + "9" * 9000 + '"}}',  # digits, not a number
        '{"topic":5,"event":"e"}',
        '{"topic":"t","event":""}',
        '{"topic":"t","event":"e","ref":true}',
        '{"topic":"t","event":"e","ref":7,"success":"yes"}',
        '{"topic":"t","event":"e","error":{"code":"c","description":"d"}}',
        '{"topic":"t","event":"e","error":"odd"}',
        "[1]",
        "not json",
    ],
)
def test_what_the_lean_reading_cannot_take_is_decoded_in_full(text: str) -> None:
    lean, full = lean_and_full(text)
    assert lean == full
    assert repr(lean) == repr(full)
    if isinstance(full, ServerFrame):
        assert isinstance(lean, ServerFrame)
        assert FrameReceived(lean, AT) == FrameReceived(full, AT)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 5000), st.integers(0, 3000), st.integers(0, 300))
def test_every_integer_too_long_for_python_is_noticed(before: int, after: int, extra: int) -> None:
    limit = sys.get_int_max_str_digits()
    text = "x" * before + "9" * (limit + 1 + extra) + "x" * after
    assert frames_module._may_hold_too_long_an_integer(text)
