"""The lenient consumption view over the objects of docs/protocol-notes.md §6.1."""

from __future__ import annotations

from typing import Any

from ewallet_monitor.protocol.consumption import Consumption
from ewallet_monitor.protocol.errors import EWalletError

TXC = "txc_01cbfg9qtdken61agxhx6wvj9h"
TXR = "txr_01dp2k9m7f4z0x8t3c5b6n1q2w"


def consumption(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "object": "transaction_consumption",
        "id": TXC,
        "socket_topic": f"transaction_consumption:{TXC}",
        "status": "pending",
        "amount": 1250,
        "estimated_consumption_amount": 1250,
        "token": {"symbol": "USD", "subunit_to_unit": 100},
        "token_id": "tok_USD_01cbfg9qtdken61agxhx6wvj9h",
        "user": {"full_name": "Alice Example", "socket_topic": "user:usr_a"},
        "address": "omri489161761367",
        "transaction_request_id": TXR,
        "transaction_request": {
            "id": TXR,
            "socket_topic": f"transaction_request:{TXR}",
            "user": {"socket_topic": "user:usr_cashier"},
        },
        "created_at": "2018-07-02T06:24:41.109538Z",
        "expiration_date": "2018-07-02T06:25:41.109538Z",
    }
    data.update(overrides)
    return data


def test_the_fields_a_cashier_sees() -> None:
    view = Consumption.from_data(consumption())
    assert view is not None
    assert view.formatted_amount() == "12.50 USD"
    assert view.consumer_name == "Alice Example"
    assert view.summary() == "12.50 USD · Alice Example · pending"
    assert view.expiration_date is not None and view.created_at is not None
    assert not view.is_final


def test_a_null_amount_falls_back_to_the_estimate() -> None:
    view = Consumption.from_data(consumption(amount=None, estimated_consumption_amount=99))
    assert view is not None and view.amount == 99


def test_missing_and_mistyped_fields_never_raise() -> None:
    view = Consumption.from_data({"id": TXC, "amount": "12", "token": "x", "user": None})
    assert view is not None
    assert view.formatted_amount() == "(no amount)"
    assert view.consumer_name == "(unknown consumer)"
    assert view.status is None and view.expiration_date is None
    assert view.summary() == "(no amount) · (unknown consumer)"


def test_an_unknown_token_scale_shows_raw_subunits() -> None:
    view = Consumption.from_data(consumption(token={"symbol": "X"}))
    assert view is not None and view.formatted_amount() == "1250 subunits X"


def test_non_consumptions_are_not_read_as_one() -> None:
    assert Consumption.from_data(None) is None
    assert Consumption.from_data({"status": "pending"}) is None
    assert Consumption.from_data({"id": "x", "object": "transaction_request"}) is None


def test_related_topics_cover_consumption_request_users_and_address_once_each() -> None:
    view = Consumption.from_data(consumption())
    assert view is not None
    assert view.related_topics() == [
        f"transaction_consumption:{TXC}",
        f"transaction_request:{TXR}",
        "user:usr_a",
        "user:usr_cashier",
        "address:omri489161761367",
    ]


def test_error_objects_read_leniently() -> None:
    assert EWalletError.from_json({"code": "x"}) == EWalletError("x", "")
    assert EWalletError.from_json({"code": "x", "messages": [1]}) == EWalletError("x", "", None)
    assert EWalletError.from_json({"description": "no code"}) is None
    assert EWalletError.from_json("x") is None
    assert str(EWalletError("a:b", "Broken.")) == "a:b: Broken."
