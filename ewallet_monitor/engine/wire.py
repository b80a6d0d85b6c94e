"""What travels between the engine process and the window: items, batches, framing.

A *batch* is ``pickle.dumps(list_of_items)`` behind an 8-byte big-endian length. An *item*
is one of:

- a plain ``tuple``: a :class:`FrameDigest`'s fields in declaration order (a named tuple
  would pickle with a reference to its class; nearly every item is one);
- a :class:`LogItem`: a log record of the engine process, already formatted and redacted;
- a :class:`Finished`: the engine's last item, with the :class:`RunOutcome` or the error;
- anything else: a :data:`MonitorEvent` relayed as is.

Standard library and ``protocol``/``client.config`` only: the engine process imports it.
"""

from __future__ import annotations

import os
import pickle
import struct
from dataclasses import dataclass
from typing import Any

from ewallet_monitor.client.config import RunOutcome
from ewallet_monitor.protocol.events import FrameDigest, MonitorEvent

HEADER = struct.Struct("!Q")
PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL


@dataclass(frozen=True, slots=True)
class LogItem:
    """A log record of the engine process; ``message`` and ``exc_text`` are redacted."""

    name: str
    levelno: int
    message: str
    exc_text: str | None
    created: float
    pathname: str
    lineno: int
    func_name: str | None
    thread_name: str | None
    process: int


@dataclass(frozen=True, slots=True)
class Finished:
    """The engine's run ended: ``outcome`` when it returned, else ``error`` (redacted)."""

    outcome: RunOutcome | None
    error: str = ""


def digest_to_item(digest: FrameDigest) -> tuple[Any, ...]:
    """The compact wire form of ``digest``: its fields as a plain tuple (a named tuple
    would pickle with a reference to its class)."""
    return tuple(digest)


def item_to_event(item: Any) -> MonitorEvent | Any:
    """A :class:`FrameDigest` for a tuple item; any other item unchanged."""
    if type(item) is tuple:
        return FrameDigest._make(item)
    return item


def encode_batch(items: list[Any]) -> bytes:
    """One framed batch (header and pickle) ready to be written to the pipe."""
    body = pickle.dumps(items, protocol=PICKLE_PROTOCOL)
    return HEADER.pack(len(body)) + body


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to a blocking ``fd`` (the pipe write releases the GIL)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class BatchReader:
    """Reassembles framed batches from whatever a non-blocking read returned."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    @property
    def pending_bytes(self) -> int:
        """Bytes of a batch not complete yet (non-zero at EOF means a batch was cut)."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[list[Any]]:
        """Add ``data``; return the item lists of every batch now complete, in order."""
        buffer = self._buffer
        buffer += data
        batches: list[list[Any]] = []
        start = 0
        size = len(buffer)
        while size - start >= HEADER.size:
            (length,) = HEADER.unpack_from(buffer, start)
            end = start + HEADER.size + length
            if end > size:
                break
            with memoryview(buffer) as view:
                batches.append(pickle.loads(view[start + HEADER.size : end]))
            start = end
        if start:
            del buffer[:start]
        return batches


__all__ = [
    "BatchReader",
    "Finished",
    "LogItem",
    "digest_to_item",
    "encode_batch",
    "item_to_event",
    "write_all",
]
