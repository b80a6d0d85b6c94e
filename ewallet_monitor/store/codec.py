"""Frame text compressed with zstd and a dictionary trained on eWallet frames.

A stored frame's ``raw`` is either its text (rows written before schema version 5, and
frames too short to gain) or a BLOB: a zstd frame made with :data:`DICTIONARY`, whose id
the zstd frame carries. Every connection of the store registers :func:`frame_text` as the
SQL function ``frame_text(raw)``, so SQL (search body, statistics) reads both alike.

The dictionary (``frames.zdict``, 32 KB) is trained by ``scripts/train_frame_dictionary.py``
on the simulator's frames; a realistic 4 KB consumption frame becomes ~0.5-0.7 KB.
"""

from __future__ import annotations

import sqlite3
import threading
from importlib import resources

import zstandard

# zstd's level 3: ~4x faster than 9 for ~30 % more bytes (measured in docs/benchmarks.md).
LEVEL = 3
# Shorter texts are stored as they are: a zstd frame has ~10 bytes of overhead.
MIN_BYTES = 64


def _load_dictionary() -> zstandard.ZstdCompressionDict:
    data = resources.files("ewallet_monitor.store").joinpath("frames.zdict").read_bytes()
    return zstandard.ZstdCompressionDict(data)


DICTIONARY = _load_dictionary()
# Compressor and decompressor objects are not thread-safe: one per thread.
_local = threading.local()


def _compressor() -> zstandard.ZstdCompressor:
    found: zstandard.ZstdCompressor | None = getattr(_local, "compressor", None)
    if found is None:
        found = _local.compressor = zstandard.ZstdCompressor(
            level=LEVEL, dict_data=DICTIONARY, write_checksum=False, write_content_size=True
        )
    return found


def _decompressor() -> zstandard.ZstdDecompressor:
    found: zstandard.ZstdDecompressor | None = getattr(_local, "decompressor", None)
    if found is None:
        found = _local.decompressor = zstandard.ZstdDecompressor(dict_data=DICTIONARY)
    return found


def pack(text: str) -> str | bytes:
    """What is stored for ``text``: a zstd BLOB, or the text itself when short."""
    # Strict: text UTF-8 cannot hold is refused as SQLite would refuse it.
    data = text.encode("utf-8")
    if len(data) < MIN_BYTES:
        return text
    return _compressor().compress(data)


def frame_text(raw: str | bytes | None) -> str | None:
    """The text of a stored ``raw`` (compressed or not)."""
    if raw is None or isinstance(raw, str):
        return raw
    return _decompressor().decompress(raw).decode("utf-8")


def register(connection: sqlite3.Connection) -> None:
    """Make ``frame_text(raw)`` available to the SQL of ``connection``."""
    connection.create_function("frame_text", 1, frame_text, deterministic=True)


__all__ = ["DICTIONARY", "frame_text", "pack", "register"]
