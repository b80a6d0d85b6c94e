"""Events to store in tests: realistic consumption frames and one of every other kind."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    FrameReceived,
    FrameSent,
    GapRecorded,
    HeartbeatMeasured,
    InvalidFrameReceived,
    MonitorEvent,
    MonitorNotice,
)
from ewallet_monitor.protocol.frames import (
    ClientFrame,
    InvalidFrame,
    decode_server_frame,
    encode_server_frame,
)
from ewallet_monitor.store.bench import consumption_frame_json, received

START = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def consumption_received(index: int, rng: random.Random, when: datetime) -> FrameReceived:
    return received(consumption_frame_json(index, rng, when), when)


def failed_finalized(consumption_id: str, when: datetime) -> FrameReceived:
    """A ``failed`` finalized event with its error, decoded as the client would."""
    data = {"object": "transaction_consumption", "id": consumption_id, "status": "failed"}
    error = EWalletError("transaction:insufficient_funds", "not enough funds")
    text = encode_server_frame(
        f"transaction_consumption:{consumption_id}",
        "transaction_consumption_finalized",
        None,
        data,
        error=error,
    )
    frame = decode_server_frame(text)
    assert not isinstance(frame, InvalidFrame)
    return FrameReceived(frame, when)


def finalized(consumption_id: str, status: str, when: datetime) -> FrameReceived:
    data = {"object": "transaction_consumption", "id": consumption_id, "status": status}
    text = encode_server_frame(
        f"transaction_consumption:{consumption_id}",
        "transaction_consumption_finalized",
        None,
        data,
    )
    frame = decode_server_frame(text)
    assert not isinstance(frame, InvalidFrame)
    return FrameReceived(frame, when)


def mixed_events(count: int, seed: int = 1) -> list[MonitorEvent]:
    """``count`` events of every kind, one second apart, in a reproducible order."""
    rng = random.Random(seed)
    events: list[MonitorEvent] = []
    for index in range(count):
        when = at(index)
        kind = index % 10
        if kind in (0, 1, 2, 3, 4):
            events.append(consumption_received(index, rng, when))
        elif kind == 5:
            events.append(
                FrameSent(
                    ClientFrame(
                        f"transaction_request:txr_{index:026d}", "phx_join", str(index), {}
                    ),
                    when,
                )
            )
        elif kind == 6:
            events.append(
                InvalidFrameReceived(
                    InvalidFrame("not JSON: Expecting value", f"garbage {index} <<"), when
                )
            )
        elif kind == 7:
            consumption = consumption_frame_json(index, rng, when)["data"]
            events.append(ConsumptionRecovered(consumption, f"account:acc_{index:026d}", when))
        elif kind == 8:
            events.append(finalized(f"txc_{index:026d}", "confirmed", when))
        else:
            events.append(failed_finalized(f"txc_{index:026d}", when))
    return events


def side_events() -> list[MonitorEvent]:
    """One of each event that does not go to the frames table."""
    return [
        ConnectionStateChanged(
            ConnectionState.CONNECTED, at(0), detail="up", url="ws://127.0.0.1/api/admin/socket"
        ),
        ChannelStateChanged("user:usr_1", ChannelState.JOINED, at(1), reason="joined"),
        GapRecorded(at(2), at(5), ("user:usr_1",), True, at(5)),
        HeartbeatMeasured(12.5, at(6)),
        MonitorNotice("reconciled 2 consumptions", at(7), details={"count": 2}),
    ]


# What docs/data.md says a search looks in, spelled out here on its own so a change to the
# store's rule fails the search tests.
def _searched_field(key: str | None, parent: str | None) -> bool:
    if key is None:
        return False
    if key in ("id", "address", "idempotency_token", "email", "status", "code", "amount"):
        return True
    if key in ("username", "full_name", "calling_name", "name", "symbol"):
        return True
    if any(key.endswith(end) for end in ("_id", "_ids", "_address", "_amount")):
        return True
    return key == "description" and parent == "error"


def values_of(value: Any, key: str | None = None, parent: str | None = None) -> list[str]:
    """The searched strings and numbers in a JSON value, as the search body holds them."""
    out: list[str] = []
    if isinstance(value, dict):
        for inner_key, item in value.items():
            out.extend(values_of(item, inner_key, key))
    elif isinstance(value, list):
        for item in value:
            out.extend(values_of(item, key, parent))
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, (str, int)) and _searched_field(key, parent):
        out.append(str(value))
    return out


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the database's write lock, as another program would: no writer can commit
    meanwhile."""
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
