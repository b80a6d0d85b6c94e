"""Bad input from the server, through a real socket into the real client, the ``listen``
printer and the store: nothing crashes or freezes, each bad message becomes exactly one
InvalidFrameReceived (a protocol-error row), anything readable is shown as a frame (never
dropped), and good frames after it still arrive on the same connection."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ewallet_monitor.app.listen_command import LinePrinter
from ewallet_monitor.client.config import DEFAULT_MAX_FRAME_BYTES, MAX_MESSAGE_FACTOR
from ewallet_monitor.protocol.events import FrameReceived, InvalidFrameReceived
from ewallet_monitor.protocol.frames import (
    SERVER_FRAME_KEYS,
    InvalidFrame,
    ServerFrame,
    decode_server_frame,
    encode_server_frame,
)
from ewallet_monitor.protocol.timestamps import utc_now
from ewallet_monitor.store import FrameFilter
from tests.reliability.fake_socket import TOPIC, FuzzRig, Message
from tests.reliability.harness import record_figure

GOOD = encode_server_frame(
    TOPIC,
    "transaction_consumption_request",
    None,
    {
        "object": "transaction_consumption",
        "id": "txc_01cbfg9qtdken61agxhx6wvj9h",
        "status": "pending",
    },
)


def frame(**fields: object) -> str:
    base: dict[str, object] = json.loads(GOOD)
    base.update(fields)
    return json.dumps(base)


def without(*keys: str) -> str:
    base = json.loads(GOOD)
    for key in keys:
        del base[key]
    return json.dumps(base)


# Messages that are not frames: each must become one InvalidFrameReceived.
BAD_CORPUS: list[tuple[str, Message]] = [
    ("every byte value as text", bytes(range(256)).decode("latin-1")),
    ("binary frame", b"\x00\x01\x02 binary"),
    ("binary frame holding a valid frame", GOOD.encode()),
    ("binary frame, invalid UTF-8", b"\xff\xfe\xfd\xc3\x28"),
    ("empty text", ""),
    ("blank text", "  \n\t"),
    ("plain text", "this is not json"),
    ("HTML error page", "<html><body><h1>502 Bad Gateway</h1></body></html>"),
    ("truncated JSON", GOOD[: len(GOOD) // 2]),
    ("truncated after one byte", GOOD[:1]),
    ("trailing comma in the object", GOOD[:-1] + ",}"),
    ("trailing comma in data", GOOD.replace('"pending"}', '"pending",}')),
    ("single quotes", GOOD.replace('"', "'")),
    ("UTF-8 BOM before the JSON", "\ufeff" + GOOD),
    ("raw control character in a string", GOOD.replace("pending", "pen\x01ding")),
    ("JSON array", "[1, 2, 3]"),
    ("array of frames", f"[{GOOD},{GOOD}]"),
    ("JSON string", '"phx_reply"'),
    ("JSON number", "42"),
    ("JSON null", "null"),
    ("JSON true", "true"),
    ("two objects back to back", GOOD + GOOD),
    ("missing topic", without("topic")),
    ("missing event", without("event")),
    ("missing topic and event", without("topic", "event")),
    ("topic is a number", frame(topic=7)),
    ("topic is null", frame(topic=None)),
    ("event is empty", frame(event="")),
    ("event is an object", frame(event={"name": "x"})),
    ("ref is a list", frame(ref=[1])),
    ("ref is a float", frame(ref=1.5)),
    ("ref is a boolean", frame(ref=True)),
    ("success is a string", frame(success="true")),
    ("integer of 100000 digits", GOOD.replace('"pending"', "9" * 100_000)),
    ("100000 nested arrays", "[" * 100_000 + "]" * 100_000),
    ("100000 nested objects", '{"a":' * 100_000 + "1" + "}" * 100_000),
    ("nesting in data, 1000 deep", frame(data=None).replace("null", "[" * 1000 + "]" * 1000)),
    ("over the frame size limit", frame(data="x" * (DEFAULT_MAX_FRAME_BYTES + 1))),
]

# Odd but readable frames: shown as frames, never dropped.
ODD_BUT_VALID: list[tuple[str, str]] = [
    ("unknown event", frame(event="some_future_event")),
    ("unknown topic kind", frame(topic="wallet:xyz")),
    ("unknown extra keys", frame(shiny_new_key={"a": [1, 2]})),
    ("integer above 2**200 in data", frame(data={"amount": 2**200})),
    ("numeric ref", frame(ref=17)),
    ("no success, version, error or data", without("success", "version", "error", "data")),
    ("error is a number", frame(error=5)),
    ("error object without a code", frame(error={"object": "error"})),
    (
        "consumption with mistyped fields",
        frame(
            data={
                "object": "transaction_consumption",
                "id": 12,
                "status": ["pending"],
                "amount": "lots",
                "token": "OMG",
                "user": 7,
                "transaction_request": [],
                "expiration_date": {"x": 1},
                "created_at": 5,
                "estimated_consumption_amount": 1.5,
            }
        ),
    ),
    (
        "consumption with a string id and mistyped rest",
        frame(
            data={
                "object": "transaction_consumption",
                "id": "txc_x",
                "status": 3,
                "amount": -1,
                "token": {"subunit_to_unit": 0, "symbol": None},
                "transaction_request": {"user": 5},
            }
        ),
    ),
    ("finalized with null data", frame(event="transaction_consumption_finalized", data=None)),
    ("NaN and Infinity literals", GOOD.replace('"pending"', "NaN").replace("null", "Infinity", 1)),
    ("duplicate keys", GOOD[:-1] + ',"topic":"' + TOPIC + '"}'),
    ("phx_close for the joined topic, no ref", frame(event="phx_close", ref=None, success=False)),
    ("phx_error with a stranger ref", frame(event="phx_error", ref="999")),
    ("reply to nothing", frame(event="phx_reply", ref="12345")),
    ("very long topic", frame(topic="transaction_request:" + "x" * 10_000)),
]


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzRig]:
    # Heartbeats far apart: every frame in a window is one the test pushed (or a reply).
    with FuzzRig(tmp_path_factory.mktemp("fuzz"), heartbeat_interval=600.0) as running_rig:
        yield running_rig
        record_figure("bad_server_frames_socket", tried=running_rig.pushed)


def test_each_bad_message_becomes_one_protocol_error_row(rig: FuzzRig) -> None:
    messages = [message for _, message in BAD_CORPUS]
    outcomes = rig.deliver(messages)
    wrong = [name for (name, _), got in zip(BAD_CORPUS, outcomes, strict=True) if got != "invalid"]
    assert not wrong
    assert rig.connections_made() == 1


def test_odd_but_readable_frames_are_shown_not_dropped(rig: FuzzRig) -> None:
    outcomes = rig.deliver([message for _, message in ODD_BUT_VALID])
    wrong = [name for (name, _), got in zip(ODD_BUT_VALID, outcomes, strict=True) if got != "frame"]
    assert not wrong
    assert rig.connections_made() == 1


def test_bad_messages_interleaved_with_good_ones_keep_their_order(rig: FuzzRig) -> None:
    messages: list[Message] = []
    expected: list[str] = []
    for _, bad in BAD_CORPUS[:20]:
        messages += [bad, GOOD]
        expected += ["invalid", "frame"]
    assert rig.deliver(messages) == expected


def test_protocol_errors_reach_the_listen_output_and_the_store(rig: FuzzRig) -> None:
    rig.deliver([b"\x00binary", "not json"])
    # NDJSON: split on "\n" only (a frame may hold U+0085 or U+2028 inside a string).
    lines = [json.loads(line) for line in rig.stdout.getvalue().split("\n") if line]
    invalid_lines = [line for line in lines if line.get("monitor") == "invalid_frame"]
    assert invalid_lines[-2]["reason"].startswith("binary frame")
    assert invalid_lines[-1]["raw"] == "not json"
    invalid_events = [e for e in rig.events if isinstance(e, InvalidFrameReceived)]
    assert rig.store is not None and rig.store.flush()
    stored = rig.store.search(text="not json", direction="in", limit=5)
    assert any(row.kind == "invalid" and row.raw == "not json" for row in stored)
    assert len(invalid_lines) == len(invalid_events)


# ------------------------------------------------------------------ property-based

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
CONSUMPTION_KEYS = [
    "object",
    "id",
    "status",
    "amount",
    "estimated_consumption_amount",
    "token",
    "user",
    "account",
    "transaction_request",
    "transaction_request_id",
    "expiration_date",
    "created_at",
    "address",
    "metadata",
    "transaction",
    "error",
]
consumption_like = st.dictionaries(
    st.sampled_from(CONSUMPTION_KEYS),
    json_values
    | st.sampled_from(["pending", "confirmed", "expired", "txc_01", "transaction_consumption"]),
    max_size=10,
)
frame_like = st.dictionaries(
    st.sampled_from([*SERVER_FRAME_KEYS, "join_ref", "payload", "x"]),
    json_values
    | st.sampled_from(
        [
            TOPIC,
            "phoenix",
            "phx_reply",
            "phx_close",
            "phx_error",
            "transaction_consumption_finalized",
            "1",
            None,
        ]
    )
    | consumption_like,
    max_size=9,
).map(json.dumps)


def _mangle(text: str, cut: int, how: str) -> str:
    index = cut % (len(text) + 1)
    if how == "truncate":
        return text[:index]
    if how == "comma":
        return text[:index] + "," + text[index:]
    return text[:index] + text[index + 1 :]


mangled = st.builds(
    _mangle,
    st.sampled_from([GOOD, ODD_BUT_VALID[8][1]]),
    st.integers(0, 10_000),
    st.sampled_from(["truncate", "comma", "drop"]),
)
messages = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    json_values.map(json.dumps),
    frame_like,
    mangled,
)


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(messages, min_size=1, max_size=12))
def test_random_input_never_crashes_freezes_or_disconnects(
    rig: FuzzRig, batch: list[Message]
) -> None:
    outcomes = rig.deliver(batch)
    for message, got in zip(batch, outcomes, strict=True):
        # What the monitor made of it is what the decoder says, one event per message.
        decoded = decode_server_frame(message, binary=isinstance(message, bytes))
        assert got == ("invalid" if isinstance(decoded, InvalidFrame) else "frame")
    assert rig.connections_made() == 1


def test_the_store_holds_one_row_per_message(rig: FuzzRig) -> None:
    assert rig.store is not None and rig.store.flush()
    received = sum(
        1 for e in rig.events if type(e).__name__ in ("FrameReceived", "InvalidFrameReceived")
    )
    stored = rig.store.count(FrameFilter(direction="in"))
    assert (stored, rig.store.dropped, rig.store.last_error) == (received, 0, None)


LONE_SURROGATE = GOOD.replace("pending", "\\ud800")  # valid JSON, not encodable as UTF-8


def test_a_lone_surrogate_escape_is_shown_and_printed(tmp_path: Path) -> None:
    with FuzzRig(tmp_path, heartbeat_interval=600.0) as own:
        assert own.deliver([LONE_SURROGATE, GOOD]) == ["frame", "frame"]
    # ``listen`` on a real UTF-8 stdout writes it escaped instead of stopping.
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    printer = LinePrinter(stdout, io.StringIO(), ())
    decoded = decode_server_frame(LONE_SURROGATE)
    assert isinstance(decoded, ServerFrame)
    printer(FrameReceived(decoded, utc_now()))
    stdout.flush()
    assert not printer.broken
    assert json.loads(stdout.buffer.getvalue())["data"]["status"] == "\ud800"


def test_a_lone_surrogate_escape_is_stored(tmp_path: Path) -> None:
    with FuzzRig(tmp_path, heartbeat_interval=600.0) as own:
        own.deliver([LONE_SURROGATE])
        assert own.store is not None and own.store.flush()
        assert own.store.dropped == 0


def test_a_message_over_the_socket_limit_drops_the_connection_and_it_comes_back(
    tmp_path: Path,
) -> None:
    limit = 4096
    with FuzzRig(tmp_path, heartbeat_interval=600.0, max_frame_bytes=limit) as small:
        assert small.deliver(["y" * (limit + 1)]) == ["invalid"]  # cut, still connected
        assert small.connections_made() == 1
        huge = frame(data="z" * (limit * MAX_MESSAGE_FACTOR + 1))
        small.call(small.server.push(huge))
        # The socket refused the message (close 1009): reported, then a new connection.
        small.call(small._wait(lambda: small.connections_made() == 2))
        reasons = [e.invalid.reason for e in small.events if isinstance(e, InvalidFrameReceived)]
        assert "the connection was closed" in reasons[-1]
        small.call(small._wait(lambda: len(small.server.connections) == 2))
        assert small.deliver([GOOD]) == ["frame"]
