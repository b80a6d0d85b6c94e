"""``ewallet-monitor approve|reject|cancel ID``: act on one consumption over HTTP.

Prints ``<id>: <status>`` and the finalization details on stdout (``--json`` prints the
consumption object instead). The eWallet broadcasts the finalized event before the HTTP
answer returns, so the answer already is the final outcome. Exit 0 on success, 1 with the
eWallet error code and description on stderr when the server refuses, 2 on bad usage,
5 when the consumption is not pending (nothing sent).

The server does not check that a consumption is still pending before approve or reject
(docs/protocol-notes.md §6.2): with admin credentials the consumption is read first and a decided
one is refused here (``--force`` skips the read); the client API has no read, so with
client credentials stderr says its state could not be checked.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any, TextIO

from ewallet_monitor.api import ApiError, EWalletApi
from ewallet_monitor.app.cli_output import print_safe, safe_json
from ewallet_monitor.app.connection_options import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    ArgumentParser,
    ConnectionSettings,
    UsageError,
    add_connection_options,
    resolve_connection,
    warn_if_plaintext,
)
from ewallet_monitor.app.crash import CrashHandler
from ewallet_monitor.app.logging_setup import configure_logging
from ewallet_monitor.client.verify import Reading, read_consumption
from ewallet_monitor.protocol.consumption import FINAL_STATUSES, Consumption
from ewallet_monitor.protocol.topics import TopicError, TopicKind, validate_id

ACTIONS = ("approve", "reject", "cancel")
EXIT_NOT_PENDING = 5
# Timestamps that say when the consumption got where it is, in the order they happen.
_STAMPS = ("approved_at", "rejected_at", "cancelled_at", "confirmed_at", "failed_at", "expired_at")


def build_parser(action: str) -> ArgumentParser:
    parser = ArgumentParser(
        prog=f"ewallet-monitor {action}",
        description=f"{action.capitalize()} one transaction consumption over the HTTP API.",
    )
    add_connection_options(parser)
    parser.add_argument("id", metavar="ID", help="the consumption id (txc_…)")
    parser.add_argument("--json", action="store_true", help="print the consumption as JSON")
    parser.add_argument(
        "--force",
        action="store_true",
        help="send without reading the consumption first (admin credentials read it and "
        "refuse one that is not pending: the server does not check)",
    )
    return parser


class NotPending(Exception):
    """The read showed the consumption decided already: nothing was sent."""

    def __init__(self, reading: Reading) -> None:
        super().__init__(reading.when())
        self.reading = reading


def describe(consumption: dict[str, Any]) -> str:
    """``txc_…: confirmed · 12.50 USD · Alice · approved_at … · transaction txn_…``."""
    view = Consumption.from_data(consumption)
    ident = consumption.get("id", "?")
    status = consumption.get("status") or "(no status)"
    parts = [f"{ident}: {status}"]
    if view is not None:
        parts.append(view.formatted_amount())
        parts.append(view.consumer_name)
    parts.extend(f"{key} {consumption[key]}" for key in _STAMPS if consumption.get(key))
    transaction = consumption.get("transaction")
    if isinstance(transaction, dict):
        if transaction.get("id"):
            parts.append(f"transaction {transaction['id']}")
        if transaction.get("error_code"):
            parts.append(
                f"error {transaction['error_code']}: {transaction.get('error_description') or ''}"
            )
    return " · ".join(str(part) for part in parts)


def main(argv: list[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    action = argv[0] if argv and argv[0] in ACTIONS else "approve"
    prog = f"ewallet-monitor {action}"
    try:
        args = build_parser(action).parse_args(argv[1:])
        settings = resolve_connection(args, reconcile=False)
        consumption_id = validate_id(TopicKind.TRANSACTION_CONSUMPTION, args.id)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except (UsageError, TopicError) as exc:
        print_safe(f"{prog}: {exc}", (), err)
        return EXIT_USAGE
    warn_if_plaintext(settings, err)
    # Every log record and crash report is redacted with these secrets.
    logs = configure_logging(console=err, secrets=settings.secrets)
    crashes = CrashHandler().install()
    try:
        consumption = asyncio.run(
            _act(action, consumption_id, settings, force=args.force, err=err, prog=prog)
        )
    except NotPending as exc:
        print_safe(
            f"{prog}: {consumption_id} is not pending: {exc.reading.when()}; nothing sent "
            "(--force sends anyway)",
            settings.secrets,
            err,
        )
        return EXIT_NOT_PENDING
    except ApiError as exc:
        print_safe(f"{prog}: failed: {exc.code}: {exc.description}", settings.secrets, err)
        return EXIT_FAILED
    except Exception as exc:
        # The crash handler logs the redacted traceback (file and stderr).
        crashes.report_exception(exc)
        return EXIT_FAILED
    finally:
        crashes.uninstall()
        logs.close()
    # The server's answer may echo a credential or carry terminal controls (a name).
    if args.json:
        print(safe_json(consumption, settings.secrets), file=out)
    else:
        print_safe(describe(consumption), settings.secrets, out)
    status = consumption.get("status")
    if status == "failed":
        return EXIT_FAILED  # the action was accepted, but the transfer did not happen
    return EXIT_OK


async def _act(
    action: str,
    consumption_id: str,
    settings: ConnectionSettings,
    *,
    force: bool = False,
    err: TextIO = sys.stderr,
    prog: str = "ewallet-monitor",
) -> dict[str, Any]:
    config = settings.config
    api = EWalletApi(
        settings.endpoints,
        config.credentials,
        cafile=config.cafile,
        insecure=config.insecure,
        timeout=settings.timeout,
    )
    try:
        if api.admin and not force:
            reading = await read_consumption(api, consumption_id, patience_s=0.0)
            if reading.error is not None:
                raise reading.error
            if not reading.is_pending:
                raise NotPending(reading)
        elif not force:
            print(
                f"{prog}: note: client credentials cannot read a consumption, so its state "
                "was not checked before sending (the server does not check that it is "
                "still pending)",
                file=err,
            )
        act = {"approve": api.approve, "reject": api.reject, "cancel": api.cancel}[action]
        consumption = await act(consumption_id)
        if consumption.get("status") not in FINAL_STATUSES and api.admin:
            # Some servers answer with the transient ``approved``: read the final state.
            consumption = await api.get_consumption(consumption_id)
        return consumption
    finally:
        await api.close()
