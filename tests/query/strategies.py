"""Hypothesis strategies: monitor events as they reach the log and the store, and
expressions of the filter language over values those events hold."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from ewallet_monitor.protocol.events import (
    ConsumptionRecovered,
    FrameReceived,
    FrameSent,
    InvalidFrameReceived,
    MonitorEvent,
)
from ewallet_monitor.protocol.frames import (
    ClientFrame,
    InvalidFrame,
    ServerFrame,
    decode_server_frame,
)
from ewallet_monitor.query.compiler import TEXT_FIELDS

NOW = datetime(2026, 12, 3, 12, 30, 15, 250_000, tzinfo=UTC)
ZONE = timezone(timedelta(hours=2))

TOPICS = [
    "user:usr_1",
    "transaction_request:txr_1",
    "transaction_consumption:txc_1",
    "transaction_consumption:",
    "account:acc_1",
    "",
]
EVENTS = [
    "transaction_consumption_request",
    "transaction_consumption_finalized",
    "phx_reply",
    "phx_close",
    "",
]
STATUSES = ["pending", "confirmed", "failed", "expired", "", None, 5]
BIG = 2**64 + 1

# Values per field, so that generated expressions select some rows and not others.
POOLS: dict[str, list[str]] = {
    "token": ["BTC", "btc", "OMG", "tok_BTC_1", "tok_OMG_2", "Ä", "ä"],
    "customer": ["Alice Example", "alice@example.com", "ALICE", "prov-7", "usr_1", "usr_2"],
    "request": ["txr_1", "txr_2"],
    "status": ["pending", "failed", "confirmed", "expired"],
    "consumption": ["txc_1", "txc_2", ""],
    "event": [
        "transaction_consumption_request",
        "transaction_consumption_finalized",
        "phx_reply",
        "consumption_recovered",
        "phx_join",
    ],
    "topic": ["user:usr_1", "transaction_request:txr_1", "transaction_consumption:txc_1"],
    "direction": ["in", "out", "none"],
    "error": ["transaction:insufficient_funds", "transaction_consumption:expired", "FUNDS"],
}
SUBSTRINGS = ["a", "BTC", "usr", "insufficient", "ä", "Ä", "_", "consumption", ""]
maybe_text = st.one_of(
    st.sampled_from([v for pool in POOLS.values() for v in pool]), st.none(), st.integers(-3, 3)
)
amounts = st.one_of(
    st.sampled_from([10**18 // 2, 10**18, 2 * 10**18, 10**30 + 1, 2**64 + 1, 1, 0]),
    st.integers(-10, 10**6),
    st.sampled_from([0, 1, 50, 10**18, 5 * 10**17, 2**63 - 1, 2**63, BIG, 10**30, 10**30 + 1]),
    st.sampled_from([1.5, True, "100"]),
)
scales = st.one_of(
    st.sampled_from([1, 10**18, 10**18]),
    st.sampled_from([1, 100, 10**18, 10**30, 2**64, 0, -1, 1.5, None, "100"]),
)


@st.composite
def consumptions(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {}

    def maybe(key: str, strategy: st.SearchStrategy[Any]) -> None:
        if draw(st.integers(0, 3)):  # mostly present
            data[key] = draw(strategy)

    data["id"] = draw(st.sampled_from(["txc_1", "txc_2", "txc_1", "txc_2", "", None, 7]))
    maybe("object", st.sampled_from(["transaction_consumption"] * 4 + [None, "transaction", 3]))
    maybe("status", st.sampled_from(STATUSES))
    maybe("amount", amounts)
    maybe("estimated_consumption_amount", amounts)
    if draw(st.integers(0, 4)):
        data["token"] = draw(
            st.fixed_dictionaries(
                {"symbol": st.sampled_from(["BTC", "OMG", "Ä"]), "subunit_to_unit": scales}
            )
        )
    elif draw(st.booleans()):
        data["token"] = draw(
            st.one_of(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "symbol": maybe_text,
                        "id": st.sampled_from(["tok_BTC_1", "tok_OMG_2", ""]),
                        "subunit_to_unit": scales,
                    },
                ),
                st.sampled_from(["BTC", None, [1]]),
            )
        )
    maybe("token_id", st.sampled_from(["tok_BTC_1", "BTC", "", None]))
    if draw(st.booleans()):
        data["user"] = draw(
            st.one_of(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "full_name": maybe_text,
                        "username": maybe_text,
                        "email": maybe_text,
                        "provider_user_id": maybe_text,
                        "id": maybe_text,
                    },
                ),
                st.none(),
            )
        )
    maybe("user_id", maybe_text)
    maybe("transaction_request_id", maybe_text)
    if draw(st.booleans()):
        data["transaction_request"] = {"id": draw(maybe_text)}
    return data


@st.composite
def moments(draw: st.DrawFn) -> datetime:
    back = draw(st.integers(-60_000, 2 * 86_400_000))
    micro = draw(st.sampled_from([0, 999, 500_123]))
    return NOW - timedelta(milliseconds=back, microseconds=micro)


@st.composite
def events(draw: st.DrawFn) -> MonitorEvent:
    at = draw(moments())
    shape = draw(
        st.sampled_from(["received", "received", "received", "recovered", "sent", "invalid"])
    )
    topic = draw(st.sampled_from(TOPICS))
    if shape == "recovered":
        return ConsumptionRecovered(draw(consumptions()), topic, at)
    if shape == "invalid":
        return InvalidFrameReceived(InvalidFrame("not JSON", '{"topic": "user:usr_1"'), at)
    data = draw(
        consumptions()
        if draw(st.integers(0, 3))
        else st.sampled_from([None, {"x": 1}, [1], {"id": "txc_9", "object": "user"}])
    )
    if shape == "sent":
        return FrameSent(
            ClientFrame(topic, draw(st.sampled_from(EVENTS)) or "phx_join", "1", data), at
        )
    error = draw(
        st.one_of(
            st.none(),
            st.none(),
            st.fixed_dictionaries(
                {"object": st.just("error"), "code": maybe_text, "description": st.just("d")}
            ),
        )
    )
    frame = {
        "topic": topic,
        "event": draw(st.sampled_from(EVENTS)),
        "ref": None,
        "success": error is None,
        "version": "1",
        "data": data,
        "error": error,
    }
    decoded = decode_server_frame(json.dumps(frame), lean=draw(st.booleans()))
    if isinstance(decoded, InvalidFrame):  # e.g. an empty event: stored as invalid input
        return InvalidFrameReceived(decoded, at)
    assert isinstance(decoded, ServerFrame)
    return FrameReceived(decoded, at)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


AMOUNT_LITERALS = [
    "0",
    "0.5",
    "1",
    "50",
    "-1",
    "0.000000000000000001",
    "18446744073709551617",
    "18446744073709551616",
    "1000000000000",
    "1000000000000.000000000000000001",
    "0.5e0",
    "1e-30",
]
TIME_LITERALS = [
    "10:00",
    "14:30:15.250",
    "12:30:15.250Z",
    "12:30+00:00",
    "2026-12-03",
    "2026-12-02T23:00:00Z",
    "2026-12-03T12:30:15.249Z",
]
AGE_LITERALS = ["0", "60", "5m", "1h", "1d", "1.5s", "2500ms"]
REGEXES = ["^B", "(?i)btc", "fail|pend", r"usr_\d", "Example$"]


@st.composite
def comparisons(draw: st.DrawFn) -> str:
    field = draw(st.sampled_from([*sorted(TEXT_FIELDS), "amount", "time", "age"]))
    if field in TEXT_FIELDS:
        op = draw(st.sampled_from(["==", "!=", "contains", "<", ">=", "~", None]))
        if op is None:
            return field
        pool = {"~": REGEXES, "contains": SUBSTRINGS}.get(op, POOLS[field])
        return f"{field} {op} {_quote(draw(st.sampled_from(pool)))}"
    op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">=", None]))
    if op is None:
        return field
    pool = {"amount": AMOUNT_LITERALS, "time": TIME_LITERALS, "age": AGE_LITERALS}[field]
    return f"{field} {op} {_quote(draw(st.sampled_from(pool)))}"


expressions = st.recursive(
    comparisons(),
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"({a}) and ({b})", inner, inner),
        st.builds(lambda a, b: f"({a}) or ({b})", inner, inner),
        st.builds(lambda a: f"not ({a})", inner),
    ),
    max_leaves=5,
)
