"""``ewallet-monitor export``: stored events or the audit trail to NDJSON or CSV.

Exit status: 0 when the export was written (even with no matching row, or an empty
database: a header-only CSV or an empty NDJSON file, and a note on stderr), 2 for a usage
error, a bad date, or a missing or unreadable database, 1 when the output file
cannot be written (a message on stderr in every failing case).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from ewallet_monitor.app.data_dir import add_data_dir_argument, database_path, resolve_data_dir
from ewallet_monitor.app.store_option import (
    StoreUrlError,
    add_store_argument,
    open_history_reader,
    store_url,
)
from ewallet_monitor.protocol.timestamps import parse_timestamp
from ewallet_monitor.query import Query, QueryError, compile_query
from ewallet_monitor.store import FrameFilter, SchemaError, StoreError
from ewallet_monitor.store.export import (
    export_audit,
    export_channel_states,
    export_frames,
    export_gaps,
    write_export_file,
)
from ewallet_monitor.store.history import HistoryReader

_DATE_ONLY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FAILED = 1  # the output could not be written


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse would exit on its own; the command returns its status instead.
        raise _UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ewallet-monitor export",
        description="Export stored events or the audit trail (oldest first).",
        epilog="Dates are ISO-8601, UTC unless they carry an offset: 2024-05-01, "
        "2024-05-01T10:42:00Z, 2024-05-01T12:42:00+02:00. --since is inclusive, "
        "--until exclusive.",
    )
    add_data_dir_argument(parser)
    add_store_argument(parser)
    parser.add_argument(
        "--what",
        choices=("events", "audit", "gaps", "channels"),
        default="events",
        help="stored events (default), the audit trail, the gaps, or channel state changes",
    )
    parser.add_argument(
        "--format",
        choices=("ndjson", "csv"),
        default=None,
        help="default: ndjson for events, csv for the others",
    )
    parser.add_argument("--since", metavar="ISO", help="from this time (inclusive)")
    parser.add_argument("--until", metavar="ISO", help="up to this time (exclusive)")
    parser.add_argument(
        "--topic", metavar="T", help="exact topic, or a kind such as transaction_request:"
    )
    parser.add_argument("--event", metavar="E", help="exact event name")
    parser.add_argument("--consumption", metavar="ID", help="exact consumption id")
    parser.add_argument(
        "--search", metavar="TEXT", help="case-insensitive text in any value of the frame"
    )
    parser.add_argument(
        "--where",
        metavar="EXPR",
        help="a filter expression, e.g. 'status == \"failed\" and amount > 0.5' "
        "(docs/event-log.md)",
    )
    parser.add_argument(
        "--output", metavar="FILE", default="-", help="file to write, or - for stdout (default)"
    )
    return parser


def parse_when(option: str, text: str | None) -> datetime | None:
    """An aware UTC datetime from an ISO date or date-time; ``_UsageError`` if unreadable."""
    if text is None:
        return None
    moment = parse_timestamp(text)
    if moment is None and (match := _DATE_ONLY.match(text.strip())):
        try:
            year, month, day = (int(part) for part in match.groups())
            moment = datetime(year, month, day, tzinfo=UTC)
        except ValueError:
            moment = None
    if moment is None:
        raise _UsageError(
            f"ewallet-monitor export: {option} {text!r} is not an ISO-8601 date or time "
            "(for example 2024-05-01 or 2024-05-01T10:42:00Z)"
        )
    return moment


def parse_where(text: str | None) -> Query | None:
    """The compiled ``--where`` expression; ``_UsageError`` shows where it is wrong."""
    if text is None or not text.strip():
        return None
    try:
        return compile_query(text)
    except QueryError as exc:
        raise _UsageError(
            f"ewallet-monitor export: --where {exc}\n  {text}\n  {' ' * (exc.column - 1)}^"
        ) from exc


def main(argv: list[str]) -> int:
    """Run the command; ``argv[0]`` is ``"export"``."""
    try:
        return _run(build_parser(), argv[1:])
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE


def _run(parser: argparse.ArgumentParser, args_list: list[str]) -> int:
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    since = parse_when("--since", args.since)
    until = parse_when("--until", args.until)
    if since is not None and until is not None and since >= until:
        raise _UsageError(
            f"ewallet-monitor export: --since {args.since} is not before --until {args.until}"
        )
    where = parse_where(args.where)
    if args.what != "events" and (
        args.topic or args.event or args.consumption or args.search or where
    ):
        raise _UsageError(
            "ewallet-monitor export: --topic, --event, --consumption, --search and --where "
            f"apply to events, not to --what {args.what}"
        )
    fmt = args.format or ("ndjson" if args.what == "events" else "csv")
    try:
        shared = store_url(args.store)
        reader, path = open_history_reader(shared, database_path(resolve_data_dir(args.data_dir)))
    except (StoreError, SchemaError, StoreUrlError) as exc:
        raise _UsageError(f"ewallet-monitor export: {exc}") from exc
    try:
        stored = {"events": reader.count, "audit": reader.audit_count}.get(args.what, lambda: 1)()
        if stored == 0:
            # A nightly script wants its (header-only) file and status 0, not an error.
            what = "no events" if args.what == "events" else "no audit entries"
            print(f"ewallet-monitor export: {path} holds {what}", file=sys.stderr)
        wanted = FrameFilter(
            text=args.search,
            where=where,
            consumption_id=args.consumption,
            topic=args.topic,
            event=args.event,
            since=since,
            until=until,
        )
        return _write(reader, args.what, fmt, wanted, args.output)
    finally:
        reader.close()


def _write(reader: HistoryReader, what: str, fmt: str, wanted: FrameFilter, output: str) -> int:
    count = 0
    if output == "-":
        try:
            count = _export(reader, what, fmt, wanted, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            # `export | head`: the reader went away; that is not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return EXIT_OK
    else:
        target = Path(output)
        try:
            count = write_export_file(target, lambda out: _export(reader, what, fmt, wanted, out))
        except OSError as exc:
            print(f"ewallet-monitor export: cannot write {target}: {exc}", file=sys.stderr)
            return EXIT_FAILED
    if count == 0:
        empty = "a CSV header only" if fmt == "csv" else "an empty file"
        print(f"ewallet-monitor export: nothing matched; wrote {empty}", file=sys.stderr)
    return EXIT_OK


def _export(reader: HistoryReader, what: str, fmt: str, wanted: FrameFilter, out: TextIO) -> int:
    if what == "events":
        return export_frames(reader, out, wanted=wanted, fmt=fmt)
    writer = {"audit": export_audit, "gaps": export_gaps, "channels": export_channel_states}[what]
    return writer(reader, out, since=wanted.since, until=wanted.until, fmt=fmt)
