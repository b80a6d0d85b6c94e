"""Rows for the PostgreSQL store, from the same row builder as the SQLite store.

:func:`~ewallet_monitor.store.rows.add_event` makes the rows (redaction, consumption
fields, outcomes: one set of rules for both backends); :class:`KeyMaker` then gives each
row its key and :func:`search_body` the text a search matches.

Keys: a broadcast (a server push on a topic, protocol/event_key.py) is the same event at
every desk that joined the topic, so its key is computed from what every desk receives
alike — the topic and the frame's text — plus how many times this desk has received that
exact text before (a server may broadcast an identical text again later: a new event).
Every other row (replies, sent frames, invalid input, gaps, states, audit) is the desk's
own: its key is this store's random instance id and a counter. Either way a row written
twice (a spool replayed, a commit retried after a lost answer) is stored once.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import re
import struct
import uuid
from dataclasses import dataclass, field
from typing import Any

from ewallet_monitor.protocol.event_key import is_broadcast
from ewallet_monitor.store.records import INBOUND, KIND_FRAME, KIND_INVALID
from ewallet_monitor.store.search_body import parse_json, search_body

# Distinct texts whose occurrences a desk remembers. An identical text broadcast again
# after this many other distinct broadcasts counts as its first occurrence again (and is
# then taken for the old event): far beyond any re-broadcast the server makes.
OCCURRENCE_MEMORY = 200_000
# JSON escapes jsonb cannot hold (U+0000, lone surrogates): such a frame gets no doc.
# (Any surrogate escape counts: paired ones are rare in these frames, and a frame without
# a doc is still stored and searched, only its JSON fields read as absent.)
_JSONB_UNSAFE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


@dataclass(slots=True)
class PgRows:
    """One transaction's rows, keyed, in the order the tables are written."""

    # (event_key, desk, at_ms, direction, kind, topic, event, ref, consumption_id, status,
    #  error_code, reason, raw, json_ok, body, desk_id)
    frames: list[tuple[Any, ...]] = field(default_factory=list)
    # (row_key, desk, *the SQLite row)
    gaps: list[tuple[Any, ...]] = field(default_factory=list)
    channel_states: list[tuple[Any, ...]] = field(default_factory=list)
    connection_states: list[tuple[Any, ...]] = field(default_factory=list)
    notices: list[tuple[Any, ...]] = field(default_factory=list)
    # (row_key, desk, at_ms, os_user, profile, action, consumption_id, amount, token,
    #  answer, answer_code)
    audits: list[tuple[Any, ...]] = field(default_factory=list)
    # (status, error_code, at_ms, consumption_id)
    outcomes: list[tuple[Any, ...]] = field(default_factory=list)

    TABLES = (
        "frames",
        "gaps",
        "channel_states",
        "connection_states",
        "notices",
        "audits",
        "outcomes",
    )

    def __len__(self) -> int:
        return sum(len(getattr(self, name)) for name in self.TABLES)

    def extend(self, other: PgRows) -> None:
        for name in self.TABLES:
            getattr(self, name).extend(getattr(other, name))

    # The spool's form: JSON-able lists (keys as hex).
    def to_spool(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for name in self.TABLES:
            for row in getattr(self, name):
                cells = [c.hex() if isinstance(c, bytes) else c for c in row]
                out.append((name, json.dumps(cells, ensure_ascii=False)))
        return out

    @classmethod
    def from_spool(cls, items: list[tuple[str, str]]) -> PgRows:
        rows = cls()
        for name, text in items:
            cells = json.loads(text)
            if name != "outcomes":
                cells[0] = bytes.fromhex(cells[0])
            if name == "frames" and len(cells) == FRAME_CELLS - 1:
                # Spooled by a release that named the desk only.
                cells.append(legacy_desk_id(cells[1]))
            getattr(rows, name).append(tuple(cells))
        return rows


class KeyMaker:
    """The keys of one store instance (one desk's session): see the module docstring."""

    def __init__(self) -> None:
        self._instance = os.urandom(16)
        self._counter = 0
        self._seen: collections.OrderedDict[bytes, int] = collections.OrderedDict()

    def own(self) -> bytes:
        self._counter += 1
        return self._instance + struct.pack(">Q", self._counter)

    def broadcast(self, topic: str, raw: str) -> bytes:
        digest = hashlib.blake2b(
            topic.encode("utf-8", "surrogatepass") + b"\0" + raw.encode("utf-8", "surrogatepass"),
            digest_size=16,
        ).digest()
        seen = self._seen
        count = seen.pop(digest, 0) + 1
        seen[digest] = count
        if len(seen) > OCCURRENCE_MEMORY:
            seen.popitem(last=False)
        return digest + struct.pack(">I", count)


def pg_cells(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """``row`` with every NUL character escaped: PostgreSQL's text cannot hold one (SQLite
    can; an invalid frame's input may carry it)."""
    if not any(isinstance(c, str) and "\0" in c for c in row):
        return row
    return tuple(c.replace("\0", "\\u0000") if isinstance(c, str) else c for c in row)


FRAME_CELLS = 16
"""The cells of a keyed frame row (:attr:`PgRows.frames`)."""


def legacy_desk_id(name: str) -> str:
    """The desk id a desk known only by its name gets (the 0051 migration's rule)."""
    return str(uuid.UUID(hashlib.md5(f"ewallet-desk:{name}".encode()).hexdigest()))


def keyed_frame(keys: KeyMaker, desk: str, desk_id: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A SQLite ``frames`` row (rows.INSERT_FRAME's columns) as the PostgreSQL one, as
    received by the desk ``desk_id`` (named ``desk``)."""
    _at_ms, direction, kind, topic, event, ref, _cid, _status, _code, reason, raw = row
    shared = direction == INBOUND and kind == KIND_FRAME and is_broadcast(event, ref)
    key = keys.broadcast(topic, raw) if shared else keys.own()
    ok, parsed = (False, None) if kind == KIND_INVALID else parse_json(raw)
    json_ok = ok and not ("\\u" in raw and _JSONB_UNSAFE.search(raw))
    body = search_body(topic, event, reason, raw, (ok, parsed))
    return pg_cells((key, desk, *row, json_ok, body, desk_id))
