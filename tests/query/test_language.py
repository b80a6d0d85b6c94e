"""The filter language: grammar, errors with positions, and the documented semantics."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ewallet_monitor.protocol.events import ConsumptionRecovered, FrameReceived
from ewallet_monitor.protocol.frames import ServerFrame, decode_server_frame
from ewallet_monitor.query import FIELDS, Facts, QueryError, compile_query
from ewallet_monitor.query.facts import KIND_FRAME
from ewallet_monitor.query.syntax import And, Comparison, Node, Not, Or, parse
from ewallet_monitor.store import EventReader, FrameFilter
from ewallet_monitor.store.rows import RowBatch, add_event
from ewallet_monitor.store.schema import migrate

NOW = datetime(2026, 12, 3, 12, 0, 0, tzinfo=UTC)
PLUS2 = timezone(timedelta(hours=2))


def _consumption(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "object": "transaction_consumption",
        "id": "txc_01",
        "status": "failed",
        "amount": 75_000_000,
        "token": {"symbol": "BTC", "id": "tok_BTC_01", "subunit_to_unit": 100_000_000},
        "token_id": "tok_BTC_01",
        "user": {
            "id": "usr_01",
            "full_name": "Alice Example",
            "email": "alice@example.com",
            "provider_user_id": "prov-7",
        },
        "user_id": "usr_01",
        "transaction_request_id": "txr_01",
    }
    data.update(fields)
    return data


def _facts(
    data: Any, *, at: datetime = NOW, topic: str = "user:usr_01", error: Any = None
) -> Facts:
    frame = {
        "topic": topic,
        "event": "transaction_consumption_finalized",
        "data": data,
        "error": error,
    }
    return Facts(
        int(at.timestamp() * 1000),
        "in",
        KIND_FRAME,
        (topic,),
        "transaction_consumption_finalized",
        lambda: frame,
    )


def _matches(text: str, facts: Facts, **kw: Any) -> bool:
    return compile_query(text, now=NOW, zone=kw.pop("zone", UTC), **kw).matches(facts)


# -- grammar -------------------------------------------------------------------------------


def test_and_binds_tighter_than_or_and_not_tighter_than_and() -> None:
    tree = parse("event == a or not status == b and token == c", FIELDS)
    assert isinstance(tree, Or)
    left, right = tree.operands
    assert isinstance(left, Comparison) and left.field == "event"
    assert isinstance(right, And)
    assert isinstance(right.operands[0], Not)


def test_parentheses_keywords_in_any_case_and_symbol_aliases() -> None:
    tree = parse('(EVENT == "a" || status == b) AND !error', FIELDS)
    assert isinstance(tree, And)
    assert isinstance(tree.operands[0], Or)
    assert tree.operands[1] == Not(Comparison("error", None, None, 36, 36, 36))


def test_quoted_text_takes_escapes_and_bare_words_are_values() -> None:
    tree = parse(r'customer == "say \"hi\" \\ now" or time >= 10:00', FIELDS)
    assert isinstance(tree, Or)
    first, second = tree.operands
    assert isinstance(first, Comparison) and first.value == 'say "hi" \\ now'
    assert isinstance(second, Comparison) and second.value == "10:00"


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("", 1, "a field"),
        ("status ==", 10, "a value"),
        ("status == failed and", 21, "a field"),
        ("statue == failed", 1, "a field"),
        ("(status == failed", 18, "')'"),
        ("status == failed)", 17, "'and', 'or'"),
        ("status = failed", 8, "'=='"),
        ("status == failed & token == BTC", 18, "'&&'"),
        ('customer == "Alice', 13, 'a closing "'),
        ("customer == 'Alice", 13, "a closing '"),
        ("amount ~ 5", 8, "== != < <= > >="),
        ("amount contains 5", 8, "== != < <= > >="),
        ("amount > half", 10, "a number"),
        ("time >= noon", 9, "a time"),
        ("age > soon", 7, "a duration"),
        ('token ~ "(BTC"', 9, "a regular expression"),
        ("status == == x", 11, "a value"),
    ],
)
def test_a_bad_expression_says_the_column_and_the_expected_token(
    text: str, column: int, expected: str
) -> None:
    with pytest.raises(QueryError) as caught:
        compile_query(text, now=NOW)
    assert caught.value.column == column
    assert expected in caught.value.expected
    assert str(caught.value).startswith(f"column {column}: ")


_TEXT_FIELDS = sorted(FIELDS - {"amount", "time", "age"})
_words = st.sampled_from(["BTC", "failed", "usr_1", 'a "quoted" \\ text', "", "and", "x y"])


def _leaf() -> st.SearchStrategy[Node]:
    return st.builds(
        lambda field, op, value: Comparison(field, op, value if op else None, 0, 0, 0),
        st.sampled_from(_TEXT_FIELDS),
        st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "~", "contains", None]),
        _words,
    )


_trees = st.recursive(
    _leaf(),
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(lambda a: And(tuple(a)), st.lists(inner, min_size=2, max_size=3)),
        st.builds(lambda a: Or(tuple(a)), st.lists(inner, min_size=2, max_size=3)),
    ),
    max_leaves=8,
)


def _render(node: Node) -> str:
    if isinstance(node, Comparison):
        if node.op is None:
            return node.field
        value = '"' + (node.value or "").replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{node.field} {node.op} {value}"
    if isinstance(node, Not):
        return f"not ({_render(node.operand)})"
    glue = " and " if isinstance(node, And) else " or "
    return glue.join(f"({_render(n)})" for n in node.operands)


def _shape(node: Node) -> Any:
    """The tree without positions (nested And/Or of one kind flattened by parentheses)."""
    if isinstance(node, Comparison):
        return (node.field, node.op, node.value)
    if isinstance(node, Not):
        return ("not", _shape(node.operand))
    return (type(node).__name__, tuple(_shape(n) for n in node.operands))


@given(_trees)
def test_a_rendered_tree_parses_back_to_itself(tree: Node) -> None:
    assert _shape(parse(_render(tree), FIELDS)) == _shape(tree)


@given(st.lists(st.sampled_from([*"ab =!<>~()\"\\&|'0.:", "status", " and "])).map("".join))
def test_any_text_parses_or_fails_with_a_position_inside_it(text: str) -> None:
    failure: QueryError | None = None
    try:
        parse(text, FIELDS)
    except QueryError as exc:
        failure = exc
    if failure is not None:
        assert 1 <= failure.column <= len(text) + 1
        assert failure.expected


# -- semantics -----------------------------------------------------------------------------


def test_the_issue_example_selects_a_failed_btc_payment_above_half_since_ten() -> None:
    text = 'status == "failed" and token == "BTC" and amount > 0.5 and time >= "10:00"'
    assert _matches(text, _facts(_consumption()))
    assert not _matches(text, _facts(_consumption(amount=50_000_000)))
    assert not _matches(text, _facts(_consumption(status="confirmed")))
    assert not _matches(text, _facts(_consumption(), at=NOW.replace(hour=9, minute=59)))


def test_amount_is_the_effective_amount_compared_exactly_beyond_64_bits() -> None:
    huge = _facts(_consumption(amount=2**64 + 1, token={"symbol": "X", "subunit_to_unit": 1}))
    assert _matches("amount == 18446744073709551617", huge)
    assert not _matches("amount == 18446744073709551616", huge)  # the same as a double
    assert _matches("amount > 18446744073709551616", huge)
    wei = _facts(_consumption(amount=10**30 + 1, token={"symbol": "E", "subunit_to_unit": 10**18}))
    assert _matches("amount > 1000000000000", wei)
    assert _matches("amount == 1000000000000.000000000000000001", wei)
    assert not _matches("amount >= 1000000000000.000000000000000002", wei)
    estimated = _facts(_consumption(amount=None, estimated_consumption_amount=150_000_000))
    assert _matches("amount == 1.5", estimated)
    assert not _matches("amount", _facts(_consumption(amount=None)))
    assert not _matches("amount > 0", _facts(_consumption(token={"symbol": "BTC"})))


def test_customer_matches_name_email_provider_id_and_user_id() -> None:
    facts = _facts(_consumption())
    for value in ("Alice Example", "alice@example.com", "prov-7", "usr_01"):
        assert _matches(f'customer == "{value}"', facts), value
    assert not _matches('customer == "alice example"', facts)  # == is exact
    assert _matches('customer contains "ALICE"', facts)  # contains ignores ASCII case


def test_contains_folds_ascii_letters_only_as_sqlite_does() -> None:
    facts = _facts(_consumption(token={"symbol": "Äbc", "subunit_to_unit": 1}))
    assert not _matches('token contains "äbc"', facts)
    assert _matches('token contains "Äb"', facts)
    assert _matches('token contains "ÄB"', facts)


def test_not_equal_holds_for_a_row_without_the_field_and_comparisons_do_not() -> None:
    bare = _facts(None)
    assert _matches('status != "failed"', bare)
    assert not _matches('status == "failed"', bare)
    assert not _matches('customer contains ""', bare)
    assert not _matches("status", bare)


def test_error_is_the_error_code_and_a_bare_field_means_present() -> None:
    error = {"object": "error", "code": "transaction:insufficient_funds", "description": "d"}
    failed = _facts(_consumption(), error=error)
    assert _matches("error", failed)
    assert _matches('error contains "funds"', failed)
    assert not _matches("error", _facts(_consumption()))


def test_regex_is_one_dialect_case_sensitive_unless_asked() -> None:
    facts = _facts(_consumption())
    assert _matches(r'customer ~ "^prov-\d$"', facts)
    assert not _matches('token ~ "^btc$"', facts)
    assert _matches('token ~ "(?i)^btc$"', facts)


def test_a_time_without_a_date_is_today_in_the_given_zone_unless_it_has_one() -> None:
    # 12:00 UTC is 14:00 at +02:00.
    facts = _facts(_consumption(), at=NOW)
    assert _matches('time == "14:00"', facts, zone=PLUS2)
    assert _matches('time == "12:00Z"', facts, zone=PLUS2)
    assert _matches('time == "13:00+01:00"', facts, zone=PLUS2)
    assert _matches('time == "2026-12-03T14:00:00"', facts, zone=PLUS2)
    assert _matches('time >= "2026-12-03"', facts, zone=PLUS2)
    assert not _matches('time >= "2026-12-04"', facts, zone=PLUS2)


def test_a_time_without_a_zone_defaults_to_the_machines(monkeypatch: pytest.MonkeyPatch) -> None:
    import time as time_module

    monkeypatch.setenv("TZ", "Asia/Tokyo")  # +09:00, no daylight saving
    time_module.tzset()
    try:
        query = compile_query('time == "21:00"', now=NOW)
        assert query.matches(_facts(_consumption(), at=NOW))
    finally:
        monkeypatch.undo()
        time_module.tzset()


def test_age_counts_from_the_injected_now() -> None:
    facts = _facts(_consumption(), at=NOW - timedelta(seconds=90))
    assert _matches("age > 1m", facts)
    assert _matches("age == 90", facts)
    assert _matches("age == 90000ms", facts)
    assert not _matches("age > 2m", facts)
    later = NOW + timedelta(minutes=10)
    assert compile_query("age > 10m", now=later).matches(facts)


def test_the_store_answers_amounts_beyond_64_bits_exactly(tmp_path: Path) -> None:
    """SQL narrows with doubles, Python decides: 2**64 + 1 and 2**64 are one double."""
    path = tmp_path / "events.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    migrate(connection)
    batch = RowBatch.empty()
    for seq, amount in enumerate((2**64, 2**64 + 1, 2**64 + 2), start=1):
        frame = {
            "topic": "user:usr_01",
            "event": "transaction_consumption_finalized",
            "ref": None,
            "success": True,
            "version": "1",
            "error": None,
            "data": _consumption(
                id=f"txc_{seq}", amount=amount, token={"symbol": "X", "subunit_to_unit": 1}
            ),
        }
        decoded = decode_server_frame(json.dumps(frame))
        assert isinstance(decoded, ServerFrame)
        add_event(batch, FrameReceived(decoded, NOW), ())
    add_event(
        batch,
        ConsumptionRecovered(
            _consumption(id="txc_r", amount=2**64 + 1, token={"symbol": "X", "subunit_to_unit": 1}),
            "user:usr_01",
            NOW,
        ),
        (),
    )
    for statement, rows in batch.statements():
        if rows:
            connection.executemany(statement, rows)
    connection.close()
    reader = EventReader(path)
    try:
        query = compile_query("amount == 18446744073709551617", now=NOW)
        found = reader.search_filter(FrameFilter(where=query))
        assert sorted(f.consumption_id or "" for f in found) == ["txc_2", "txc_r"]
        assert query.sql().exact is False
        above = compile_query("amount > 18446744073709551616", now=NOW)
        assert len(reader.search_filter(FrameFilter(where=above), limit=1)) == 1
        assert reader.count(FrameFilter(where=above)) == 3
    finally:
        reader.close()


@pytest.mark.timeout(60)
def test_a_catastrophic_regex_cannot_freeze_a_query() -> None:
    # (a+)+$ doubles per letter on a backtracking engine: 48 letters would take ~100 days.
    data = _consumption()
    data["user"] = {**data["user"], "provider_user_id": "a" * 48 + "!"}
    facts = _facts(data)
    assert not _matches('customer ~ "(a+)+$"', facts)
    assert _matches('customer ~ "(a+)+!"', facts)
    with pytest.raises(QueryError, match="linear-time engine"):
        compile_query(r'customer ~ "(a)\\1"')
