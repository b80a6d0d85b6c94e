"""The per-frame fast paths give exactly what the plain constructions give.

decode_server_frame builds frames through the slots' setters and skips the ``extra``
comprehension, Consumption caches formatted amounts, SeenConsumptions reads id and status
without a view, digest_frame builds its tuple positionally: each is checked here against
the straightforward form on generated input.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ewallet_monitor.protocol.amounts import format_amount
from ewallet_monitor.protocol.consumption import Consumption, consumption_id_and_status
from ewallet_monitor.protocol.digest import MAX_RAW_ERROR_SHOWN, digest_frame
from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.events import FrameDigest, FrameReceived
from ewallet_monitor.protocol.frames import SERVER_FRAME_KEYS, ServerFrame, decode_server_frame

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
        "user": st.none() | st.fixed_dictionaries({"username": st.text(max_size=4)}),
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
@given(envelopes, consumption_fields, st.booleans())
def test_digest_fields_equal_their_named_values(
    envelope: dict[str, Any], consumption: dict[str, Any], with_summary: bool
) -> None:
    envelope = {**envelope, "data": consumption}
    text = json.dumps(envelope)
    frame = decode_server_frame(text)
    assert isinstance(frame, ServerFrame)
    view = Consumption.from_data(frame.data)
    error = frame.error
    expected = FrameDigest(
        at=AT,
        topic=frame.topic,
        event=frame.event,
        ref=frame.ref,
        raw=text,
        error_code=error.code if error is not None else None,
        error_description=(error.description or "") if error is not None else "",
        raw_error=(
            repr(frame.raw_error)[:MAX_RAW_ERROR_SHOWN] if frame.raw_error is not None else None
        ),
        consumption_id=view.id if view is not None else None,
        status=view.status if view is not None else None,
        summary=view.summary() if view is not None and with_summary else "",
        data_is_object=isinstance(frame.data, dict),
    )
    assert digest_frame(FrameReceived(frame, AT), with_summary=with_summary) == expected
