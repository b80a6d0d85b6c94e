"""Exact money and timestamps (docs/protocol-notes.md §6.1)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ewallet_monitor.protocol.amounts import decimal_places, format_amount, to_units
from ewallet_monitor.protocol.timestamps import (
    format_received,
    format_timestamp,
    parse_timestamp,
)


@pytest.mark.parametrize(
    ("subunits", "scale", "symbol", "text"),
    [
        (1250, 100, "USD", "12.50 USD"),
        (100, 100, None, "1.00"),
        (123456789, 100, "THB", "1,234,567.89 THB"),
        (1, 10**18, "OMG", "0.000000000000000001 OMG"),
        (10**18, 10**18, "OMG", "1.00 OMG"),
        (2**53 + 1, 10**18, "OMG", "0.009007199254740993 OMG"),
        (123_456_789_012_345_678_901_234_567, 10**18, "OMG", "123,456,789.012345678901234567 OMG"),
        (5, 1, "PTS", "5 PTS"),
        (150_000_000, 10**8, "BTC", "1.50 BTC"),
        (-250, 100, "USD", "-2.50 USD"),
        (0, 10**8, "BTC", "0.00 BTC"),
    ],
)
def test_amounts_are_formatted_exactly(
    subunits: int, scale: int, symbol: str | None, text: str
) -> None:
    assert format_amount(subunits, scale, symbol) == text


def test_grouping_can_be_turned_off() -> None:
    assert format_amount(123456789, 100, grouping=False) == "1234567.89"


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        format_amount(12.5, 100)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="positive"):
        to_units(1, 0)


def test_decimal_places_follow_the_power_of_ten() -> None:
    assert [decimal_places(s) for s in (1, 100, 10**8, 10**18, 250)] == [0, 2, 8, 18, 1]


@given(st.integers(min_value=-(10**40), max_value=10**40), st.sampled_from([1, 100, 10**8, 10**18]))
def test_formatting_never_loses_a_digit(subunits: int, scale: int) -> None:
    text = format_amount(subunits, scale, grouping=False)
    with localcontext() as ctx:
        ctx.prec = 100
        assert Decimal(text) * scale == subunits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-07-02T06:24:41.109538Z", datetime(2018, 7, 2, 6, 24, 41, 109538, tzinfo=UTC)),
        ("2018-07-02T06:24:41Z", datetime(2018, 7, 2, 6, 24, 41, tzinfo=UTC)),
        ("2018-07-02T06:24:41", datetime(2018, 7, 2, 6, 24, 41, tzinfo=UTC)),
        ("2018-07-02T06:24:41.1Z", datetime(2018, 7, 2, 6, 24, 41, 100000, tzinfo=UTC)),
        ("2018-07-02T06:24:41.123456789Z", datetime(2018, 7, 2, 6, 24, 41, 123456, tzinfo=UTC)),
        ("2018-07-02T08:24:41+02:00", datetime(2018, 7, 2, 6, 24, 41, tzinfo=UTC)),
        # Every other form an eWallet server (or Ecto/Elixir under it) writes:
        # naive with microseconds, an explicit zero offset, a compact offset, a
        # negative half-hour offset with a fraction, the space separator, padding.
        ("2018-07-02T06:24:41.109538", datetime(2018, 7, 2, 6, 24, 41, 109538, tzinfo=UTC)),
        ("2018-07-02T06:24:41.109538+00:00", datetime(2018, 7, 2, 6, 24, 41, 109538, tzinfo=UTC)),
        ("2018-07-02T13:24:41+0700", datetime(2018, 7, 2, 6, 24, 41, tzinfo=UTC)),
        ("2018-07-02T00:54:41.5-05:30", datetime(2018, 7, 2, 6, 24, 41, 500000, tzinfo=UTC)),
        ("2018-07-02 06:24:41Z", datetime(2018, 7, 2, 6, 24, 41, tzinfo=UTC)),
        (" 2018-07-02T06:24:41.000001Z\n", datetime(2018, 7, 2, 6, 24, 41, 1, tzinfo=UTC)),
        ("2018-07-02T06:24:41.12Z", datetime(2018, 7, 2, 6, 24, 41, 120000, tzinfo=UTC)),
        ("2018-07-02T06:24:41.123Z", datetime(2018, 7, 2, 6, 24, 41, 123000, tzinfo=UTC)),
        ("2018-07-02T06:24:41.1234Z", datetime(2018, 7, 2, 6, 24, 41, 123400, tzinfo=UTC)),
        ("2018-07-02T06:24:41.12345Z", datetime(2018, 7, 2, 6, 24, 41, 123450, tzinfo=UTC)),
        ("2018-07-02T06:24:41.1234567Z", datetime(2018, 7, 2, 6, 24, 41, 123456, tzinfo=UTC)),
        ("2016-12-31T23:59:59.999999Z", datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
    ],
)
def test_timestamps_with_and_without_fractions_parse(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        5,
        "",
        "yesterday",
        "2018-13-02T06:24:41Z",
        "2018-07-02",
        # What fromisoformat would take but no server sends: the basic form, a week
        # date, no seconds, hour 24, trailing text.
        "20180702T062441Z",
        "2018-W27-1T06:24:41",
        "2018-07-02T06:24",
        "2018-07-02T24:00:00Z",
        "2018-07-02T06:24:41 garbage",
    ],
)
def test_non_timestamps_parse_to_none(value: object) -> None:
    assert parse_timestamp(value) is None


def test_the_server_and_received_forms() -> None:
    moment = datetime(2018, 7, 2, 6, 24, 41, 109538, tzinfo=UTC)
    assert format_timestamp(moment) == "2018-07-02T06:24:41.109538Z"
    assert format_received(moment) == "2018-07-02T06:24:41.109Z"
    assert parse_timestamp(format_timestamp(moment)) == moment
