"""The event key: a frame's text without its topic."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ewallet_monitor.protocol.event_key import event_text, is_broadcast, same_event


def _frame(topic: str, data: object, order: int = 0) -> str:
    items = [("topic", topic), ("event", "e"), ("ref", None), ("data", data)]
    items = items[order:] + items[:order]
    return json.dumps(dict(items), separators=(",", ":"))


@given(
    st.sampled_from(["user:usr_1", "transaction_request:txr_1", "transaction_consumption:txc_1"]),
    st.sampled_from(["user:usr_2", "transaction_consumption:txc_1", "account:acc_1"]),
    st.integers(0, 3),
)
def test_copies_differing_only_in_topic_are_one_event(first: str, second: str, order: int) -> None:
    # The consumption's socket_topic holds a topic too: only the frame's own goes.
    data = {"socket_topic": "transaction_consumption:txc_1"}
    a, b = _frame(first, data, order), _frame(second, data, order)
    assert event_text(first, a) == event_text(second, b) is not None
    assert same_event(first, a, second, b) == (first != second)
    # A nested "topic" member of the same value: decided by decoding both.
    nested = {**data, "topic": first}
    a, b = _frame(first, nested, order), _frame(second, nested, order)
    assert event_text(first, a) is None
    assert same_event(first, a, second, b) == (first != second)


def test_other_data_or_the_same_topic_is_not_the_same_event() -> None:
    a = _frame("user:usr_1", {"status": "pending"})
    b = _frame("user:usr_2", {"status": "failed"})
    assert not same_event("user:usr_1", a, "user:usr_2", b)
    assert not same_event("user:usr_1", a, "user:usr_1", a)
    assert event_text("user:usr_9", a) is None


def test_only_broadcasts_are_grouped() -> None:
    assert is_broadcast("transaction_consumption_finalized", None)
    assert not is_broadcast("phx_reply", None)
    assert not is_broadcast("transaction_consumption_finalized", "3")
