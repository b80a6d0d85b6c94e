"""The one codec of the pipes between the app's processes, and their tuning.

Both pipes (engine → window, window → store writer) carry *batches*: lists of items
pickled together, written as one message. Items are the app's own events, nearly all of
them :class:`~ewallet_monitor.protocol.events.FrameReceived`, which pickles as its text and
columns only; the items pickle themselves, so nothing converts them on either side.
On a raw file descriptor (the engine's pipe) a batch is framed behind an 8-byte big-endian
length (:func:`encode_batch`, :class:`BatchReader`); a ``multiprocessing`` connection (the
writer's) frames :func:`dump_items` itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
from typing import Any

from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS

HEADER = struct.Struct("!Q")
PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL

# Linux's fcntl command to resize a pipe (not exported by Python's fcntl before 3.10 on
# every platform); elsewhere pipes keep their size.
_F_SETPIPE_SZ = 1031


def enlarge_pipe(fd: int, size: int = DEFAULT_LIMITS.pipe_bytes) -> bool:
    """Ask the kernel for a ``size``-byte buffer on pipe ``fd`` (``limits.pipe_bytes``: a
    whole batch fits, so it is written in one go); False where it cannot be done (not
    Linux, or above the system's limit): the pipe then works as it was."""
    with contextlib.suppress(ImportError, OSError):
        import fcntl

        fcntl.fcntl(fd, _F_SETPIPE_SZ, size)
        return True
    return False


def dump_items(items: list[Any]) -> bytes:
    """One batch's body: ``items`` pickled together."""
    return pickle.dumps(items, protocol=PICKLE_PROTOCOL)


def load_items(body: bytes | memoryview) -> list[Any]:
    """The items of one batch's body (:func:`dump_items`'s inverse)."""
    items: list[Any] = pickle.loads(body)
    return items


def encode_batch(items: list[Any]) -> bytes:
    """One framed batch (length header and body), ready to be written to a pipe's fd."""
    body = dump_items(items)
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
                batches.append(load_items(view[start + HEADER.size : end]))
            start = end
        if start:
            del buffer[:start]
        return batches


__all__ = [
    "BatchReader",
    "dump_items",
    "encode_batch",
    "enlarge_pipe",
    "load_items",
    "write_all",
]
