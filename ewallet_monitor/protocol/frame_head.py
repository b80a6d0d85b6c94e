"""The part of a received frame that the lean decoder reads (``decode_server_frame(...,
lean=True)``): the envelope, and of ``data`` only what a consumption's id, status and
one-line summary need (:class:`~ewallet_monitor.protocol.consumption.Consumption`).

msgspec decodes straight into these structs and only skips over every other field, which
is most of a 4–7 KB consumption frame (tokens, wallets, the transaction, metadata): a
6.5 KB frame takes ~11 µs instead of ~34 µs as dicts. The field lists must cover every
key ``Consumption.id``/``status``/``summary()`` and ``consumption_id_and_status`` read;
tests/protocol/test_lean_decoding.py checks lean and full decodings give the same frame
and the same columns.
"""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec.structs import asdict


class TokenHead(msgspec.Struct):
    symbol: Any = None
    subunit_to_unit: Any = None


class UserHead(msgspec.Struct):
    full_name: Any = None
    username: Any = None
    email: Any = None
    provider_user_id: Any = None
    id: Any = None


class AccountHead(msgspec.Struct):
    name: Any = None


class DataHead(msgspec.Struct):
    object: Any = None
    id: Any = None
    status: Any = None
    amount: Any = None
    estimated_consumption_amount: Any = None
    estimated_request_amount: Any = None
    token_id: Any = None
    # A value of another type than these (a token given as a string) fails the lean
    # decoding, and the frame is decoded in full instead.
    token: TokenHead | None = None
    user: UserHead | None = None
    account: AccountHead | None = None
    user_id: Any = None
    account_id: Any = None
    address: Any = None


class FrameHead(msgspec.Struct, forbid_unknown_fields=True):
    """A server frame's envelope. An unknown top-level key fails the lean decoding (the
    full decoding keeps it in ``extra``); the values are checked by the frame decoder."""

    topic: Any = None
    event: Any = None
    ref: Any = None
    success: Any = None
    version: Any = None
    error: Any = None
    data: DataHead | None = None


HEAD_DECODER = msgspec.json.Decoder(type=FrameHead)

# What the lean decoder gives up on: the full decoder then decides (value or InvalidFrame).
LEAN_REFUSALS = (msgspec.DecodeError, RecursionError, UnicodeError)


def summary_dict(data: DataHead) -> dict[str, Any]:
    """``data``'s fields as the dict :class:`Consumption` reads (nested heads as dicts)."""
    fields = asdict(data)
    for key in ("token", "user", "account"):
        nested = fields[key]
        if nested is not None:
            fields[key] = asdict(nested)
    return fields


__all__ = ["HEAD_DECODER", "LEAN_REFUSALS", "DataHead", "FrameHead", "summary_dict"]
