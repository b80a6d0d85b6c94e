"""Streaming export: stored frames to NDJSON or CSV, the audit trail to CSV or NDJSON.

Rows are read in small batches and written as they come, so exporting a million frames
needs no more memory than exporting ten. Each function returns the number of rows written.
A CSV cell that a spreadsheet could take for a formula is written with a leading ``'``.

NDJSON, one object per line:
``{"seq": 7, "received_at": "2024-05-01T10:42:00.123Z", "direction": "in", "kind": "frame",
"frame": {...the frame as received...}}``; an invalid frame has ``"reason"`` and ``"raw"``
(the text as received) instead of ``"frame"``; a consumption recovered over HTTP has
``"topic"`` and ``"consumption"``.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from ewallet_monitor.protocol.amounts import format_amount
from ewallet_monitor.protocol.consumption import Consumption
from ewallet_monitor.query.facts import effective_subunits, texts
from ewallet_monitor.store.history import HistoryReader
from ewallet_monitor.store.records import (
    KIND_INVALID,
    KIND_RECOVERED,
    AuditEntry,
    FrameFilter,
    StoredFrame,
    format_ms,
    to_epoch_ms,
)
from ewallet_monitor.store.rows import storable

# What a spreadsheet needs of a consumption, read by the filter language's rules: the
# effective amount formatted exactly in token units, the token symbol, who consumed
# (name and user id) and the request.
CONSUMPTION_CSV_COLUMNS = ("amount", "token", "customer", "customer_id", "request_id")
# The stored columns, with the epoch milliseconds written as an ISO-8601 ``received_at``,
# the consumption's columns, and the frame's text last.
FRAME_CSV_COLUMNS = (
    *("received_at" if column == "at_ms" else column for column in StoredFrame.COLUMNS[:-1]),
    *CONSUMPTION_CSV_COLUMNS,
    "raw",
)
AUDIT_CSV_COLUMNS = (
    "id",
    "at",
    "os_user",
    "profile",
    "action",
    "consumption_id",
    "amount",
    "token",
    # The amount in token units, exact, with the symbol ("0.01489486 BTC"): the token's
    # scale comes from the consumption's stored frames ("" when none is stored).
    "amount_units",
    "answer_code",
    "outcome",
    "outcome_code",
    "outcome_at",
    "answer",
)


# OWASP's rule for CSV injection: a cell a spreadsheet could read as a formula starts with
# one of these; such a cell is written with a leading apostrophe (shown, not evaluated).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """``value`` safe to open in a spreadsheet: text that could be a formula is prefixed
    with ``'``; numbers and other text are written unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv_row(values: Iterable[object]) -> list[object]:
    return [csv_cell(value) for value in values]


def frame_record(frame: StoredFrame) -> dict[str, object]:
    """The NDJSON object of one stored frame (see the module docstring)."""
    record: dict[str, object] = {
        "seq": frame.seq,
        "received_at": frame.received_at,
        "direction": frame.direction,
        "kind": frame.kind,
    }
    payload = frame.payload()
    if frame.kind == KIND_INVALID or payload is None:
        record["reason"] = frame.reason or "not JSON"
        record["raw"] = frame.raw
    elif frame.kind == KIND_RECOVERED:
        record["topic"] = frame.topic
        record["consumption"] = payload
    else:
        record["frame"] = payload
    return record


def _write_json_line(out: TextIO, value: object) -> None:
    # ensure_ascii=False keeps names readable; Python ints keep amounts exact.
    line = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        out.write(line)
    except UnicodeEncodeError:
        # A lone surrogate (from a "\ud800" escape) cannot be UTF-8: written as the escape
        # again (the encoder refuses before writing anything, so nothing is doubled).
        out.write(json.dumps(value, ensure_ascii=True, separators=(",", ":")))
    out.write("\n")


def write_frames_ndjson(frames: Iterable[StoredFrame], out: TextIO) -> int:
    count = 0
    for frame in frames:
        try:
            _write_json_line(out, frame_record(frame))
        except RecursionError:
            # Decoded, but nested too deeply to encode again: the stored text instead.
            record = frame_record(frame)
            for key in ("frame", "consumption"):
                record.pop(key, None)
            record.update(reason="nested too deeply to re-encode", raw=frame.raw)
            _write_json_line(out, record)
        count += 1
    return count


def write_frames_csv(frames: Iterable[StoredFrame], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(FRAME_CSV_COLUMNS)
    count = 0
    for frame in frames:
        writer.writerow(
            _csv_row(
                (
                    frame.seq,
                    frame.received_at,
                    frame.direction,
                    frame.kind,
                    frame.topic,
                    frame.event,
                    frame.ref or "",
                    frame.consumption_id or "",
                    frame.status or "",
                    frame.error_code or "",
                    frame.reason or "",
                    *_consumption_cells(frame),
                    frame.raw,
                )
            )
        )
        count += 1
    return count


def _consumption_cells(frame: StoredFrame) -> tuple[str, ...]:
    facts = frame.facts()
    consumption = facts.consumption
    if consumption is None:
        return ("",) * len(CONSUMPTION_CSV_COLUMNS)
    amount = effective_subunits(consumption)
    view = Consumption(consumption)
    customer_id = texts(consumption, (("user_id",), ("user", "id"), ("account_id",)))
    cells = (
        # Text, exact: spreadsheet numbers would round amounts beyond 15 digits.
        format_amount(*amount, grouping=False) if amount is not None else "",
        view.token_symbol or "",
        view.consumer_name if (view.user or view.account or customer_id) else "",
        customer_id[0] if customer_id else "",
        next(iter(facts.values("request")), ""),
    )
    # Decoded from the frame: a "\ud800" escape is a lone surrogate UTF-8 cannot write.
    return tuple(storable(cell) for cell in cells)


def _audit_values(entry: AuditEntry, scale: int | None = None) -> dict[str, object]:
    units = ""
    if entry.amount is not None and scale is not None:
        units = format_amount(int(entry.amount), scale, entry.token, grouping=False)
    return {
        "id": entry.id,
        "at": format_ms(to_epoch_ms(entry.at)),
        "os_user": entry.os_user,
        "profile": entry.profile,
        "action": entry.action,
        "consumption_id": entry.consumption_id,
        # Text: amounts may exceed what spreadsheet numbers (and JSON readers) keep exact.
        "amount": "" if entry.amount is None else str(entry.amount),
        "token": entry.token or "",
        "amount_units": units,
        "answer_code": entry.answer_code or "",
        "outcome": entry.outcome or "",
        "outcome_code": entry.outcome_code or "",
        "outcome_at": format_ms(to_epoch_ms(entry.outcome_at)) if entry.outcome_at else "",
        "answer": entry.answer or "",
    }


ScaleOf = Callable[[str], int | None]


def _no_scale(_consumption_id: str) -> int | None:
    return None


def write_audit_csv(
    entries: Iterable[AuditEntry], out: TextIO, scale_of: ScaleOf = _no_scale
) -> int:
    """``scale_of(consumption_id)`` gives the token's ``subunit_to_unit`` for
    ``amount_units`` (:meth:`EventReader.token_scale`)."""
    writer = csv.writer(out)
    writer.writerow(AUDIT_CSV_COLUMNS)
    count = 0
    for entry in entries:
        values = _audit_values(entry, scale_of(entry.consumption_id))
        writer.writerow(_csv_row(values[column] for column in AUDIT_CSV_COLUMNS))
        count += 1
    return count


def write_audit_ndjson(
    entries: Iterable[AuditEntry], out: TextIO, scale_of: ScaleOf = _no_scale
) -> int:
    count = 0
    for entry in entries:
        _write_json_line(out, _audit_values(entry, scale_of(entry.consumption_id)))
        count += 1
    return count


def export_frames(
    reader: HistoryReader, out: TextIO, *, wanted: FrameFilter | None = None, fmt: str = "ndjson"
) -> int:
    """Write every frame matching ``wanted`` (all when None), oldest first."""
    frames = reader.iter_frames(wanted)
    if fmt == "ndjson":
        return write_frames_ndjson(frames, out)
    if fmt == "csv":
        return write_frames_csv(frames, out)
    raise ValueError(f"unknown format {fmt!r} (expected ndjson or csv)")


GAP_CSV_COLUMNS = ("id", "at", "start", "end", "seconds", "channels", "recoverable")
CHANNEL_STATE_CSV_COLUMNS = ("id", "at", "topic", "state", "reason")


def _gap_values(row: tuple[int, int, int, int, str, int]) -> dict[str, object]:
    ident, at_ms, start_ms, end_ms, channels, recoverable = row
    return {
        "id": ident,
        "at": format_ms(at_ms),
        "start": format_ms(start_ms),
        "end": format_ms(end_ms),
        "seconds": f"{max(0, end_ms - start_ms) / 1000:.3f}",
        "channels": " ".join(json.loads(channels)),
        "recoverable": bool(recoverable),
    }


def _channel_state_values(row: tuple[int, int, str, str, str]) -> dict[str, object]:
    ident, at_ms, topic, state, reason = row
    return {"id": ident, "at": format_ms(at_ms), "topic": topic, "state": state, "reason": reason}


def _write_rows(
    rows: Iterable[dict[str, object]], columns: tuple[str, ...], out: TextIO, fmt: str
) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for values in rows:
            writer.writerow(_csv_row(values[column] for column in columns))
            count += 1
        return count
    if fmt == "ndjson":
        for values in rows:
            _write_json_line(out, values)
            count += 1
        return count
    raise ValueError(f"unknown format {fmt!r} (expected csv or ndjson)")


def export_gaps(
    reader: HistoryReader,
    out: TextIO,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    fmt: str = "csv",
) -> int:
    """Write the gaps (connection down, events lost or recovered) in the range, oldest
    first; ``channels`` is the space-separated topics that were joined."""
    rows = (_gap_values(row) for row in reader.iter_gaps(since, until))
    return _write_rows(rows, GAP_CSV_COLUMNS, out, fmt)


def export_channel_states(
    reader: HistoryReader,
    out: TextIO,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    fmt: str = "csv",
) -> int:
    """Write the channel state changes (joined, refused, failed…) in the range, oldest
    first."""
    rows = (_channel_state_values(row) for row in reader.iter_channel_states(since, until))
    return _write_rows(rows, CHANNEL_STATE_CSV_COLUMNS, out, fmt)


def export_audit(
    reader: HistoryReader,
    out: TextIO,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    fmt: str = "csv",
) -> int:
    """Write the audit trail in the time range, oldest first."""
    entries = reader.iter_audit(since, until)
    if fmt == "csv":
        return write_audit_csv(entries, out, reader.token_scale)
    if fmt == "ndjson":
        return write_audit_ndjson(entries, out, reader.token_scale)
    raise ValueError(f"unknown format {fmt!r} (expected csv or ndjson)")


def write_export_file(target: Path, write: Callable[[TextIO], int]) -> int:
    """Run ``write`` on a new file and put it at ``target`` only once it is complete.

    The file is created exclusively (``O_EXCL``, a random name next to ``target``, mode
    0600 whatever the umask), so nothing planted beforehand — a symlink at ``FILE.part``
    included — is followed or overwritten, then renamed over ``target`` (a symlink at
    ``target`` is replaced, its destination untouched). On any failure, interruption
    included, the temporary file is removed and the error raised. A ``target`` that is a
    device or a pipe is written directly. Returns what ``write`` returned.
    """
    if _is_special(target):
        # A device or pipe (``--output /dev/stdout``): written in place, never replaced.
        with open(target, "w", encoding="utf-8", newline="") as out:
            return write(out)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part", dir=target.parent or Path(".")
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            count = write(out)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return count


def _is_special(target: Path) -> bool:
    try:
        return not stat.S_ISREG(os.stat(target).st_mode)  # through symlinks: /dev/stdout
    except (FileNotFoundError, NotADirectoryError):
        return False
