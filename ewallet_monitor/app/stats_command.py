"""``ewallet-monitor stats``: the supervisor's statistics from the store.

Counts and volumes by token and status, approval times per operator (p50/p90/max),
expiries and failures by reason, over ``--since``/``--until`` (docs/cli.md). Exit status: 0
when printed, 2 for a usage error or a missing or unreadable database.
"""

from __future__ import annotations

import argparse
import json
import sys

from ewallet_monitor.app.data_dir import add_data_dir_argument, database_path, resolve_data_dir
from ewallet_monitor.app.export_command import parse_when
from ewallet_monitor.app.store_option import (
    StoreUrlError,
    add_store_argument,
    open_history_reader,
    store_url,
)
from ewallet_monitor.store import SchemaError, StoreError
from ewallet_monitor.store.records import to_epoch_ms
from ewallet_monitor.store.stats import render

EXIT_OK = 0
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ewallet-monitor stats",
        description="Supervisor statistics from the stored events and the audit trail.",
        epilog="Dates are ISO-8601, UTC unless they carry an offset; --since is inclusive, "
        "--until exclusive. A consumption counts in the range where its current status "
        "was seen; a decision where it was made.",
    )
    add_data_dir_argument(parser)
    add_store_argument(parser)
    parser.add_argument("--since", metavar="ISO", help="from this time (inclusive)")
    parser.add_argument("--until", metavar="ISO", help="up to this time (exclusive)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: list[str]) -> int:
    """Run the command; ``argv[0]`` is ``"stats"``."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv[1:])
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        since = parse_when("--since", args.since)
        until = parse_when("--until", args.until)
    except Exception as exc:  # the export command's usage error, same wording
        print(str(exc).replace("export", "stats", 1), file=sys.stderr)
        return EXIT_USAGE
    try:
        shared = store_url(args.store)
        reader, _where = open_history_reader(shared, database_path(resolve_data_dir(args.data_dir)))
    except (StoreError, SchemaError, StoreUrlError) as exc:
        print(f"ewallet-monitor stats: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        stats = reader.statistics(
            None if since is None else to_epoch_ms(since),
            None if until is None else to_epoch_ms(until),
        )
    finally:
        reader.close()
    print(json.dumps(stats.to_json(), indent=2) if args.json else render(stats))
    return EXIT_OK
