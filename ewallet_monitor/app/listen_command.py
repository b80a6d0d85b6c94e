"""``ewallet-monitor listen``: join channels and print every server frame as a JSON line.

stdout carries one JSON object per line: a server frame with its own keys unchanged plus
``received_at``; or a monitor line (``{"monitor": "invalid_frame" | "gap" | "recovered" |
"reconcile_incomplete" | "channel" | "anomaly", …}``; an anomaly line, with ``kind``,
``text`` and ``count``, each time one is found or grows, as in the window's Anomalies
panel). Human-readable status goes to stderr, with log
records of level warning and above (the log file: docs/reliability.md). Exit codes: 0
after SIGINT/SIGTERM, 1 unexpected error, 2 bad usage, 3 credentials or version refused,
4 ``--max-retries`` exhausted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from ewallet_monitor.app.cli_output import (
    ascii_json,
    print_safe,
    safe_json,
    safe_json_text,
    safe_text,
)
from ewallet_monitor.app.connection_options import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_RETRIES_EXHAUSTED,
    EXIT_USAGE,
    ArgumentParser,
    UsageError,
    add_connection_options,
    resolve_connection,
    warn_if_plaintext,
)
from ewallet_monitor.app.crash import CrashHandler
from ewallet_monitor.app.data_dir import add_data_dir_argument, ensure_dir, resolve_data_dir
from ewallet_monitor.app.logging_setup import configure_logging
from ewallet_monitor.app.store_option import (
    StoreUrlError,
    add_store_argument,
    check_claim_timeout,
    store_url,
)
from ewallet_monitor.client import MonitorClient, OutcomeReason, RunOutcome
from ewallet_monitor.client.interface import ConnectionClient
from ewallet_monitor.client.reconcile import RECONCILE_INCOMPLETE
from ewallet_monitor.gc_policy import tune_for_streaming
from ewallet_monitor.heap_policy import start_returning_freed_memory
from ewallet_monitor.pipes import enlarge_pipe
from ewallet_monitor.protocol.anomalies import AnomalyDetector
from ewallet_monitor.protocol.events import (
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    FrameReceived,
    GapRecorded,
    InvalidFrameReceived,
    MonitorEvent,
    MonitorNotice,
    reason_beyond_state,
)
from ewallet_monitor.protocol.timestamps import format_received
from ewallet_monitor.protocol.topics import TopicError, parse_topic
from ewallet_monitor.store import StoreError
from ewallet_monitor.store.postgres.url import StoreUrl

if TYPE_CHECKING:
    from ewallet_monitor.store.postgres import PostgresStore
    from ewallet_monitor.store.postgres.desks import DeskLink


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="ewallet-monitor listen",
        description="Join eWallet channels and print every frame as one JSON line on stdout.",
    )
    add_connection_options(parser)
    parser.add_argument(
        "--channel",
        action="append",
        required=True,
        metavar="TOPIC",
        help="channel to join, e.g. transaction_request:txr_… (repeatable)",
    )
    parser.add_argument(
        "--max-retries",
        type=int,
        default=None,
        metavar="N",
        help="give up (exit 4) when the first attempt and N retries in a row all failed",
    )
    parser.add_argument(
        "--no-reconcile",
        action="store_true",
        help="do not fetch pending consumptions over HTTP after joining (admin credentials)",
    )
    add_store_argument(parser, desk=True)
    parser.add_argument(
        "--desk",
        metavar="NAME",
        default=None,
        help="this desk's name in the shared store (default: user@host)",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="print no frame lines on stdout (with --store: a desk that only stores; "
        "status lines still go to stderr)",
    )
    add_data_dir_argument(parser)
    return parser


def enlarge_stdout_pipe(out: TextIO) -> None:
    """Give a piped stdout room for a burst's lines (1 MB, not 64 KB): its writes block the
    loop, socket and heartbeats included, whenever the reader is a moment late."""
    with contextlib.suppress(OSError, ValueError):
        enlarge_pipe(out.fileno())


class LinePrinter:
    """Turns monitor events into stdout JSON lines and stderr status lines."""

    def __init__(
        self, out: TextIO, err: TextIO, secrets: tuple[str, ...], *, quiet: bool = False
    ) -> None:
        self.out = out
        # No lines on stdout (a headless desk that only stores): status still on stderr.
        self.quiet = quiet
        self.err = err
        self.secrets = secrets
        self.broken = False
        self.on_broken: Callable[[], None] | None = None
        # The monitor line: each anomaly new or changed, as the window's Anomalies panel.
        self.anomalies = AnomalyDetector()
        self._pending: list[str] = []

    def __call__(self, event: MonitorEvent) -> None:
        text = None if self.quiet else self.line_text(event)
        if text is not None:
            # Redacted too: a server may echo a credential back inside a frame. The
            # replacement text keeps the JSON valid.
            self._write_line(safe_json_text(text, self.secrets))
        status = self.status_line(event)
        if status is not None:
            self._write(self.err, safe_text(status, self.secrets))
        # Every event is a tick too: heartbeats arrive each interval, so a consumption
        # pending past its expiry is reported without a timer of its own.
        found = self.anomalies.observe(event) + self.anomalies.tick(event.at)
        for anomaly in found:
            line = {
                "monitor": "anomaly",
                "kind": anomaly.kind,
                "text": anomaly.text,
                "count": anomaly.count,
                "first_at": format_received(anomaly.first_at),
                "received_at": format_received(anomaly.last_at),
            }
            if not self.quiet:
                self._write_line(safe_json(line, self.secrets))
            self._write(self.err, safe_text(f"[anomaly] {anomaly.line()}", self.secrets))

    def status(self, text: str) -> None:
        """One status line on stderr (redacted)."""
        self._write(self.err, safe_text(text, self.secrets))

    def _write_line(self, line: str) -> None:
        # Lines wait for the loop to finish handling what it read: a burst's lines leave in
        # one write and one flush per read instead of a system call each (the flush was a
        # third of the process's CPU), and a lone frame still leaves at once.
        self._pending.append(line)
        if len(self._pending) == 1:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                self.flush()
            else:
                loop.call_soon(self.flush)

    def flush(self) -> None:
        """Write the stdout lines still waiting."""
        lines, self._pending = self._pending, []
        if not lines:
            return
        try:
            try:
                # The last line's end as one more item: one join, no second copy of it all.
                self.out.write("\n".join([*lines, ""]))
            except UnicodeEncodeError:
                # Encoded whole before any byte is written: line by line, the ones this
                # stream cannot encode escaped (the same JSON).
                for line in lines:
                    try:
                        self.out.write(line + "\n")
                    except UnicodeEncodeError:
                        self.out.write(ascii_json(line) + "\n")
            self.out.flush()
        except (BrokenPipeError, ValueError):
            self._broke()

    def _write(self, stream: TextIO, text: str) -> None:
        try:
            try:
                stream.write(text + "\n")
            except UnicodeEncodeError:
                # Text the stream cannot encode (a non-UTF-8 terminal): write it escaped
                # rather than lose it.
                stream.write(text.encode("ascii", "backslashreplace").decode("ascii") + "\n")
            stream.flush()
        except (BrokenPipeError, ValueError):
            self._broke()

    def _broke(self) -> None:
        # A closed pipe (`listen … | head`): stop quietly instead of failing each line.
        if not self.broken and self.on_broken is not None:
            self.on_broken()
        self.broken = True

    @classmethod
    def line_text(cls, event: MonitorEvent) -> str | None:
        """The JSON line for ``event`` (before redaction), or None when it has none."""
        if isinstance(event, FrameReceived):
            return frame_line(event)
        line = cls.monitor_line(event)
        return None if line is None else json.dumps(line, ensure_ascii=False, separators=(",", ":"))

    @staticmethod
    def monitor_line(event: MonitorEvent) -> dict[str, Any] | None:
        """The monitor line for an event that is not a server frame, or None."""
        at = format_received(event.at)
        if isinstance(event, InvalidFrameReceived):
            return {
                "monitor": "invalid_frame",
                "reason": event.invalid.reason,
                "raw": event.invalid.raw,
                "received_at": at,
            }
        if isinstance(event, GapRecorded):
            return {
                "monitor": "gap",
                "from": format_received(event.start),
                "to": format_received(event.end),
                "channels": list(event.channels),
                "recoverable": event.recoverable,
                "received_at": at,
            }
        if isinstance(event, ConsumptionRecovered):
            return {
                "monitor": "recovered",
                "topic": event.topic,
                "data": event.consumption,
                "received_at": at,
            }
        if isinstance(event, MonitorNotice) and event.details.get("code") == RECONCILE_INCOMPLETE:
            # Pending consumptions missed in a gap may be missing: as visible as the gap.
            return {
                "monitor": RECONCILE_INCOMPLETE,
                "reason": event.text,
                "channels": event.details.get("channels", []),
                "read": event.details.get("read"),
                "received_at": at,
            }
        if isinstance(event, ChannelStateChanged):
            return {
                "monitor": "channel",
                "topic": event.topic,
                "state": event.state.value,
                "reason": event.reason,
                "received_at": at,
            }
        return None

    @staticmethod
    def status_line(event: MonitorEvent) -> str | None:
        if isinstance(event, ConnectionStateChanged):
            text = f"[{event.state.value}] {event.detail}"
            if event.state is ConnectionState.CONNECTING:
                text = f"[connecting] {event.url}"
            if event.retry_in is not None:
                text += f"; retrying in {event.retry_in:.2f} s"
            return text
        if isinstance(event, ChannelStateChanged):
            reason = reason_beyond_state(event.state, event.reason)
            suffix = f" ({reason})" if reason else ""
            return f"[channel] {event.topic}: {event.state.value}{suffix}"
        if isinstance(event, MonitorNotice):
            return f"[{event.level}] {event.text}"
        if isinstance(event, GapRecorded):
            how = "will be reconciled" if event.recoverable else "events in it are lost"
            return (
                f"[gap] disconnected {format_received(event.start)} → "
                f"{format_received(event.end)} ({how})"
            )
        if isinstance(event, InvalidFrameReceived):
            return f"[invalid frame] {event.invalid.reason}"
        return None


_RECEIVED_AT_KEY = '"received_at"'


def frame_line(event: FrameReceived) -> str:
    """A received frame's line: its text exactly as the server sent it (its own spacing,
    key order and escapes) with ``,"received_at":"…"`` written before its closing brace,
    so the frame is neither parsed again nor encoded again.

    The one exception, a text that does not end with ``}``, holds a raw line break or
    tab, or may have a ``received_at`` key of its own (a duplicate key is not the same JSON
    for every reader), is parsed and encoded again, compactly, with ``received_at`` last.
    Line breaks and tabs are the only controls JSON allows raw (outside strings: the
    decoders refuse them inside), so a spliced line is one line that moves no cursor. The
    text is searched for ``"received_at"`` only when the decoder did not already know its
    top-level keys (a scan of every 4-7 KB frame otherwise).
    """
    raw = event.raw
    at = format_received(event.at)
    if (
        raw.endswith("}")
        and "\n" not in raw
        and "\r" not in raw
        and "\t" not in raw
        and (event.known_keys_only or _RECEIVED_AT_KEY not in raw)
    ):
        return f'{raw[:-1]},"received_at":"{at}"}}'
    # Unknown keys included; a frame whose text is not an object keeps its envelope.
    try:
        parsed: object = json.loads(event.raw)
    except (ValueError, RecursionError):
        parsed = None
    line: dict[str, Any] = (
        parsed
        if isinstance(parsed, dict)
        else {"topic": event.topic, "event": event.event, "ref": event.ref}
    )
    line["received_at"] = at
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def main(argv: list[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv[1:])
        settings = resolve_connection(
            args, max_retries=args.max_retries, reconcile=not args.no_reconcile
        )
        topics = [str(parse_topic(text)) for text in args.channel]
        shared = store_url(args.store)
        check_claim_timeout(args.claim_timeout)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except (UsageError, TopicError, StoreUrlError) as exc:
        print_safe(f"ewallet-monitor listen: {exc}", (), err)
        return EXIT_USAGE
    warn_if_plaintext(settings, err)
    # Every log record and crash report is redacted with these secrets.
    logs = configure_logging(console=err, secrets=settings.secrets)
    crashes = CrashHandler().install()
    history: PostgresStore | None = None
    desk: DeskLink | None = None
    try:
        enlarge_stdout_pipe(out)
        printer = LinePrinter(out, err, settings.secrets, quiet=args.quiet)
        on_event: Callable[[MonitorEvent], None] = printer
        if shared is not None:
            try:
                history = _open_history(shared, args, settings.secrets, printer)
            except (StoreError, OSError) as exc:
                print_safe(f"ewallet-monitor listen: --store: {exc}", settings.secrets, err)
                return EXIT_USAGE
            on_event = _tee(printer, history.record)
            desk = _open_desk(history, args.claim_timeout)
        client = MonitorClient(settings.config, on_event=on_event)
        tune_for_streaming()
        start_returning_freed_memory()
        printer.on_broken = client.stop
        for topic in topics:
            client.join(topic)
        try:
            outcome = asyncio.run(_run(client, crashes))
        finally:
            printer.flush()
    except Exception as exc:
        # The crash handler logs the redacted traceback (file and stderr).
        crashes.report_exception(exc)
        return EXIT_FAILED
    finally:
        if desk is not None:
            desk.close()
        if history is not None:
            history.close()
        crashes.uninstall()
        logs.close()
    if outcome.reason is OutcomeReason.REFUSED:
        print_safe(f"ewallet-monitor listen: refused: {outcome.detail}", settings.secrets, err)
        return EXIT_REFUSED
    if outcome.reason is OutcomeReason.RETRIES_EXHAUSTED:
        print_safe(f"ewallet-monitor listen: {outcome.detail}", settings.secrets, err)
        return EXIT_RETRIES_EXHAUSTED
    return EXIT_OK


def _open_desk(history: PostgresStore, claim_timeout: float) -> DeskLink:
    """This headless desk, registered beside the windows (it claims nothing: it decides
    nothing), beating until it stops."""
    from ewallet_monitor.store.postgres.desks import DeskLink, DeskOptions

    options = DeskOptions.for_timeout(claim_timeout)
    return DeskLink(
        history.url,
        name=history.desk,
        kind="headless",
        options=options,
        desk_id=history.desk_id,
    ).start()


def _open_history(
    shared: StoreUrl, args: argparse.Namespace, secrets: tuple[str, ...], printer: LinePrinter
) -> PostgresStore:
    """The shared PostgreSQL store this headless desk writes every event to; its outages
    are told on stderr once each way (the events wait in the spool in the data folder)."""
    from ewallet_monitor.store.postgres import PostgresStore

    told = {"reachable": True}

    def on_state(store: PostgresStore) -> None:
        if store.reachable != told["reachable"]:
            told["reachable"] = store.reachable
            printer.status(
                f"[store] {store.status_text}"
                if not store.reachable
                else f"[store] history database {store.url.display} reachable again"
            )

    return PostgresStore(
        shared,
        spool_dir=ensure_dir(resolve_data_dir(args.data_dir)),
        desk=args.desk,
        secrets=secrets,
        on_state=on_state,
    )


def _tee(
    first: Callable[[MonitorEvent], None], second: Callable[[MonitorEvent], None]
) -> Callable[[MonitorEvent], None]:
    def both(event: MonitorEvent) -> None:
        first(event)
        second(event)

    return both


async def _run(client: ConnectionClient, crashes: CrashHandler) -> RunOutcome:
    loop = asyncio.get_running_loop()
    crashes.install_on_loop(loop)
    installed: list[signal.Signals] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, client.stop)
            installed.append(signum)
    try:
        return await client.run()
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)
