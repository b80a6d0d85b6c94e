"""The window's command line and composition root: ``ewallet-monitor [options]``.

Builds the models, the controller and the window, runs them on one qasync loop
(``asyncio.Runner(loop_factory=qasync.QEventLoop)``, Python 3.11 has no ``loop_factory``
in ``asyncio.run``), and with ``--demo`` starts the built-in simulator in a background
thread so server work never stalls the window.

Data: the event history (``events.sqlite3``) lives in the data directory
(:mod:`ewallet_monitor.app.data_dir`: ``--data-dir``, ``$EWALLET_MONITOR_DATA_DIR``, or the
platform's per-user directory). ``--demo`` without ``--data-dir`` keeps it in a throwaway
folder removed on exit, so demo traffic never mixes with real history. Settings (window
state, profiles) go to ``DIR/settings.ini`` with ``--data-dir``, else to the platform's
normal ``QSettings`` place; secrets only ever go to the OS keyring.

Logging and crashes: the window logs to a rotating, redacting file
(:mod:`ewallet_monitor.app.logging_setup`: ``DIR/logs`` with ``--data-dir``, else the user
log directory); every session's secrets are registered with it before anything is sent.
Unexpected exceptions — in a Qt slot, an asyncio callback or task, or another thread — go
through :mod:`ewallet_monitor.app.crash` to that log and to a non-modal banner in the
window (:func:`install_crash_reporting`); the window keeps running.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLocale, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ewallet_monitor import __version__
from ewallet_monitor.app.cli import qt_environment, split_qt_options
from ewallet_monitor.app.connection_options import (
    EXIT_USAGE,
    ArgumentParser,
    ServerTarget,
    UsageError,
    add_connection_options,
    resolve_target,
)
from ewallet_monitor.app.crash import (
    CrashHandler,
    CrashReport,
    install_crash_handler,
    uninstall_crash_handler,
)
from ewallet_monitor.app.data_dir import (
    DATA_DIR_ENV,
    DataDirError,
    database_path,
    default_data_dir,
    ensure_dir,
    resolve_data_dir,
    usable_data_dir,
)
from ewallet_monitor.app.display_check import display_problem
from ewallet_monitor.app.logging_setup import (
    SECRETS,
    LoggingSetup,
    active_setup,
    configure_logging,
    register_secrets,
)
from ewallet_monitor.app.signals import shutdown_signals
from ewallet_monitor.app.single_instance import (
    SingleInstance,
    already_running_message,
    raise_main_windows,
)
from ewallet_monitor.app.store_option import (
    StoreUrlError,
    add_store_argument,
    check_claim_timeout,
    store_url,
)
from ewallet_monitor.controllers.monitor_controller import MonitorController
from ewallet_monitor.gc_policy import tune_for_streaming
from ewallet_monitor.heap_policy import start_returning_freed_memory
from ewallet_monitor.i18n import (
    LANGUAGES,
    UnknownLanguage,
    choose_language,
    install_language,
    parse_language,
)
from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.models.channel_tree import ChannelTreeModel
from ewallet_monitor.models.event_log import (
    DEFAULT_LIVE_ROWS,
    MAX_LIVE_ROWS,
    MIN_LIVE_ROWS,
    EventLogModel,
)
from ewallet_monitor.models.rates import RateCounter
from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS, PipelineLimits
from ewallet_monitor.protocol.auth import AuthScheme
from ewallet_monitor.protocol.session import MAX_HEARTBEAT_INTERVAL, MIN_HEARTBEAT_INTERVAL
from ewallet_monitor.protocol.topics import TopicError, parse_topic
from ewallet_monitor.resources import app_icon_paths
from ewallet_monitor.settings.keys import APPLICATION, ORGANIZATION, Settings
from ewallet_monitor.settings.profiles import ProfileBook, SavedFilterBook, SecretVault
from ewallet_monitor.store.postgres.url import StoreUrl
from ewallet_monitor.ui.clipboard import set_clipboard_redactor
from ewallet_monitor.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DEMO_MODES = ("cashier", "operator")


def build_parser() -> argparse.ArgumentParser:
    """The window's options; a bad one raises :class:`UsageError` (one line, exit 2)."""
    parser = ArgumentParser(
        prog="ewallet-monitor",
        description="Watch eWallet channels live and approve payments as a cashier.",
    )
    parser.add_argument(
        "--demo",
        nargs="?",
        const="cashier",
        choices=DEMO_MODES,
        help="start the built-in demo server and connect to it (default view: cashier)",
    )
    parser.add_argument(
        "--quit-after",
        type=int,
        metavar="MS",
        help="close after MS milliseconds and print a summary line (smoke tests)",
    )
    parser.add_argument(
        "--heartbeat",
        type=float,
        metavar="SECONDS",
        help=f"heartbeat interval for the connection, {MIN_HEARTBEAT_INTERVAL:g}–"
        f"{MAX_HEARTBEAT_INTERVAL:g} s (default 10)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=f"where to keep the event history and settings (created if missing; default: "
        f"${DATA_DIR_ENV} or {default_data_dir()}; --demo without it uses a throwaway "
        "folder)",
    )
    parser.add_argument(
        "--retention-days",
        type=float,
        metavar="DAYS",
        default=None,
        help="remove stored events older than DAYS (default: keep everything; the audit "
        "trail is always kept)",
    )
    parser.add_argument(
        "--max-history-mb",
        type=float,
        metavar="MB",
        default=None,
        help="remove the oldest stored events while the database is larger than MB",
    )
    parser.add_argument(
        "--live-rows",
        type=int,
        metavar="ROWS",
        default=None,
        help=f"rows the live log keeps, {MIN_LIVE_ROWS:,}–{MAX_LIVE_ROWS:,} (default "
        f"{DEFAULT_LIVE_ROWS:,}, about 50 MB; older rows are dropped from the table and stay "
        "in History)",
    )
    # The server to connect to at start, as the headless commands take it (app/cli.py).
    add_connection_options(parser, timing=False)
    parser.add_argument(
        "--channel",
        action="append",
        default=None,
        metavar="TOPIC",
        help="channel to join with --url, e.g. user:usr_… (repeatable)",
    )
    parser.add_argument(
        "--desk",
        metavar="NAME",
        default=None,
        help="this desk's name, shown to the other desks of a shared store (default: user@host)",
    )
    add_store_argument(parser, desk=True)
    parser.add_argument(
        "--lang",
        type=_language_option,
        metavar="|".join(LANGUAGES),
        default=None,
        help="the window's language: th (Thai), ja (Japanese), id (Indonesian) or en "
        "(default: the system locale's language when it is one of these, else English)",
    )
    parser.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)
    # For the README picture: save the window once a payment waits, then quit.
    parser.add_argument("--screenshot", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"ewallet-monitor {__version__}")
    return parser


def _language_option(value: str) -> str:
    try:
        return parse_language(value)
    except UnknownLanguage as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_window_args(argv: list[str]) -> argparse.Namespace:
    """The options, checked as ``listen`` checks its own: :class:`UsageError` names the
    first bad one. Values out of range are refused, never clamped."""
    args = build_parser().parse_args(argv)
    heartbeat = args.heartbeat
    if heartbeat is not None and not (
        MIN_HEARTBEAT_INTERVAL <= heartbeat <= MAX_HEARTBEAT_INTERVAL
    ):
        raise UsageError(
            f"--heartbeat must be {MIN_HEARTBEAT_INTERVAL:g}–{MAX_HEARTBEAT_INTERVAL:g} "
            f"seconds, got {heartbeat:g}"
        )
    if args.quit_after is not None and args.quit_after < 0:
        raise UsageError(f"--quit-after must be 0 or more milliseconds, got {args.quit_after}")
    try:
        args.store = store_url(args.store)
    except StoreUrlError as exc:
        raise UsageError(str(exc)) from exc
    for name, value in (
        ("--retention-days", args.retention_days),
        ("--max-history-mb", args.max_history_mb),
    ):
        # "not >" also refuses NaN.
        if value is not None and not value > 0:
            raise UsageError(f"{name} must be a positive number, got {value:g}")
    live_rows = args.live_rows
    if live_rows is not None and not MIN_LIVE_ROWS <= live_rows <= MAX_LIVE_ROWS:
        raise UsageError(
            f"--live-rows must be {MIN_LIVE_ROWS:,}–{MAX_LIVE_ROWS:,} rows, got {live_rows:,}"
        )
    _check_server_options(args)
    check_claim_timeout(args.claim_timeout)
    return args


# The options that only mean something with --url (the connection it starts).
_SERVER_OPTIONS = ("auth", "key", "secret", "auth_in_query", "cafile", "insecure", "channel")


def _check_server_options(args: argparse.Namespace) -> None:
    """``--url`` and its companions: refused with ``--demo``, needed by the others; the
    channels are checked here, the credentials by :func:`resolve_window_target`."""
    args.target = None
    given = [name for name in _SERVER_OPTIONS if getattr(args, name) not in (None, False)]
    if args.url is None:
        if given:
            option = "--" + given[0].replace("_", "-")
            raise UsageError(f"{option} needs --url (the server to connect to at start)")
        return
    if args.demo:
        raise UsageError("--url and --demo cannot be used together: the demo has its own server")
    if args.desk is not None and not args.desk.strip():
        raise UsageError("--desk must not be empty")
    topics = []
    for text in args.channel or ():
        try:
            topics.append(str(parse_topic(text)))
        except TopicError as exc:
            raise UsageError(f"--channel {text!r}: {exc}") from None
    args.channel = topics


def resolve_window_target(
    args: argparse.Namespace, profile_book: ProfileBook | None = None
) -> ServerTarget | None:
    """The server ``--url`` names, with its secret from ``--secret``, ``EWALLET_SECRET`` or
    the keyring (the secret of a saved profile with this URL, credential kind and key);
    ``None`` without ``--url``. :class:`UsageError` says what is missing."""
    if args.url is None:
        return None

    def stored_secret(url: str, scheme: AuthScheme, key: str) -> str | None:
        if profile_book is None:
            return None
        for name in profile_book.names():
            profile = profile_book.load(name)
            if (
                profile is not None
                and profile.url.strip() == url.strip()
                and profile.auth_scheme is scheme
                and profile.key == key
            ):
                secret = profile_book.secret(profile)
                if secret:
                    return secret
        return None

    return resolve_target(args, stored_secret=stored_secret)


def app_icon() -> QIcon:
    icon = QIcon()
    for path in app_icon_paths():
        icon.addFile(str(path))
    return icon


def make_settings(data_dir: Path | None) -> Settings:
    """Settings in ``data_dir/settings.ini`` when given, else the platform's place."""
    if data_dir is not None:
        return Settings(QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat))
    return Settings(QSettings(ORGANIZATION, APPLICATION))


if TYPE_CHECKING:  # imported when used: the window opens before the store and simulator
    from ewallet_monitor.client.interface import ClientFactory
    from ewallet_monitor.controllers.desk_bridge import DeskBridge
    from ewallet_monitor.controllers.monitor_controller import ApiFactory
    from ewallet_monitor.controllers.shared_store import SharedStoreState
    from ewallet_monitor.simulator import SimulatorThread
    from ewallet_monitor.store import EventStore
    from ewallet_monitor.store.postgres import PostgresStore
    from ewallet_monitor.store.postgres.desks import DeskLink


@dataclass
class Assembly:
    """Everything the composition root built, for the caller (and tests) to drive."""

    window: MainWindow
    controller: MonitorController
    queue: ApprovalQueue
    event_log: EventLogModel
    channel_tree: ChannelTreeModel
    rates: RateCounter
    store: EventStore | PostgresStore | None = None
    # The shared PostgreSQL history's state (reachable or spooling), when it is the store:
    # the status bar shows it, and claims must be refused while it is unreachable.
    shared_store: SharedStoreState | None = None
    # This desk among the others of a shared store: claims and the desks list.
    desks: DeskBridge | None = None

    def close_desk(self) -> None:
        """Say this desk stopped (its held claims go free) and stop listening."""
        if self.desks is not None:
            self.desks.close()


def build_window(
    settings: Settings,
    *,
    demo_mode: str | None = None,
    linger_ms: int = 3000,
    flush_interval_ms: int | None = None,
    client_factory: ClientFactory | None = None,
    api_factory: ApiFactory | None = None,
    store: EventStore | PostgresStore | None = None,
    profile_book: ProfileBook | None = None,
    data_note: str = "",
    live_log_rows: int | None = None,
    limits: PipelineLimits = DEFAULT_LIMITS,
    desk_link: DeskLink | None = None,
) -> Assembly:
    """Create the models, controller and window (not shown).

    ``desk_link`` (a shared store's desk, started) makes decisions claim their payment
    and shows the other desks; the window's bridge closes it with :meth:`Assembly.close_desk`.

    ``store`` receives every event and the audit trail; the caller closes it.
    ``client_factory`` and ``api_factory`` replace the controller's (tests); ``limits``
    bounds the frame pipeline (the controller passes them to every connection).
    ``profile_book`` defaults to profiles in ``settings`` with the system
    keyring. ``live_log_rows`` bounds the live table (default: the model's own limit);
    ``flush_interval_ms`` defaults to ``limits.log_flush_interval_ms``.
    """
    queue = ApprovalQueue(linger_ms=linger_ms)
    if flush_interval_ms is None:
        flush_interval_ms = limits.log_flush_interval_ms
    event_log = EventLogModel(
        max_rows=DEFAULT_LIVE_ROWS if live_log_rows is None else live_log_rows,
        flush_interval_ms=flush_interval_ms,
        calm_flush_ms=limits.log_calm_flush_ms,
        busy_rows=limits.log_busy_rows,
    )
    channel_tree = ChannelTreeModel()
    rates = RateCounter()
    controller = MonitorController(
        queue,
        event_log=event_log,
        channel_tree=channel_tree,
        store=store,
        client_factory=client_factory,
        api_factory=api_factory,
        limits=limits,
    )
    # The log file and crash reports never show a session's secret.
    controller.secret_sinks.append(register_secrets)
    # …nor does the clipboard (frames on screen are as the server sent them).
    set_clipboard_redactor(SECRETS.redact)
    if profile_book is None:
        profile_book = ProfileBook(settings, SecretVault())
    window = MainWindow(
        controller,
        event_log,
        channel_tree,
        rates,
        settings,
        demo_mode=demo_mode,
        icon=app_icon(),
        store=store,
        profile_book=profile_book,
        data_note=data_note,
    )
    # Saved filters are shared by the live log's bar and History's.
    window.event_log_view.query_bar.set_book(SavedFilterBook(settings))
    # The models live as long as the window.
    for obj in (queue, event_log, channel_tree, controller):
        obj.setParent(window)
    shared_store = None
    # Only loaded (with psycopg) when a PostgreSQL store was opened.
    pg_store = sys.modules.get("ewallet_monitor.store.postgres.store")
    if pg_store is not None and isinstance(store, pg_store.PostgresStore):
        from ewallet_monitor.controllers.shared_store import SharedStoreState

        shared_store = SharedStoreState(store, parent=window)
    desks = None
    if desk_link is not None:
        from ewallet_monitor.controllers.desk_bridge import DeskBridge

        desks = DeskBridge(desk_link, parent=window)
        cashier = controller.cashier
        cashier.claims = desks
        desks.claim_changed.connect(cashier.on_claim_changed)
        desks.claims_reset.connect(cashier.on_claims_reset)
        indicator = window.show_desks(desks.desk_id, desks.desk_name)
        desks.desks_changed.connect(indicator.set_desks)
        indicator.set_desks(desks.desks)
    return Assembly(
        window, controller, queue, event_log, channel_tree, rates, store, shared_store, desks
    )


class CrashBridge(QObject):
    """Carries crash reports from whichever thread failed to the window's thread (a
    queued signal): the crash handler calls :meth:`deliver` on the failing thread."""

    reported = Signal(object)  # CrashReport

    def deliver(self, report: CrashReport) -> None:
        self.reported.emit(report)


def install_crash_reporting(
    window: MainWindow, loop: asyncio.AbstractEventLoop | None = None
) -> CrashHandler:
    """Route unexpected exceptions to the log file and to ``window``'s error banner.

    Hooks ``sys.excepthook`` (Qt slots and ``qasync.asyncSlot`` end there),
    ``threading.excepthook`` and, with ``loop``, the loop's exception handler (callbacks,
    tasks nobody awaited). Process-wide; ``app.crash.uninstall_crash_handler`` undoes it.
    """
    bridge = CrashBridge(window)
    # Bound to a QObject living on the window's thread: queued when emitted elsewhere.
    bridge.reported.connect(window.show_crash)
    handler = install_crash_handler(bridge.deliver)
    if loop is not None:
        handler.install_on_loop(loop)
    return handler


def setup_logging(data_dir: Path | None) -> LoggingSetup:
    """The rotating, redacting log file: ``DATA_DIR/logs`` with ``--data-dir``, else the
    user log directory; warnings also go to stderr."""
    log_dir = data_dir.expanduser() / "logs" if data_dir is not None else None
    return configure_logging(log_dir=log_dir, console=sys.stderr)


def demo_connection(info: dict[str, Any], mode: str) -> dict[str, Any]:
    """Form values for the demo: the cashier's (client socket) or the admin's (admin socket)."""
    credentials = info["credentials"]
    if mode == "operator":
        # The admin user (global super_admin): the server lets only a global admin role
        # join account: channels, not a provider key pair.
        admin = credentials.get("admin_user")
        if admin is not None:
            key, secret = admin["user_id"], admin["authentication_token"]
        else:
            admin = credentials["admin"]
            key, secret = admin["access_key"], admin["secret_key"]
        return {
            "url": info["admin_socket"],
            "scheme": AuthScheme.parse(admin["scheme"]),
            "key": key,
            "secret": secret,
            # The account channel, plus every request: an admin may join them all, so the
            # operator sees all the traffic of the demo shop.
            "topics": [f"account:{info['account_id']}"]
            + [f"transaction_request:{request['id']}" for request in info["transaction_requests"]],
        }
    cashier = credentials["cashier"]
    user_id = cashier["user_id"]
    topics = [f"user:{user_id}"]
    topics += [
        f"transaction_request:{request['id']}"
        for request in info["transaction_requests"]
        if request.get("owner_user_id") == user_id
    ]
    return {
        "url": info["client_socket"],
        "scheme": AuthScheme.parse(cashier["scheme"]),
        "key": cashier["api_key"],
        "secret": cashier["authentication_token"],
        "topics": topics,
    }


def start_demo(assembly: Assembly, info: dict[str, Any], mode: str, heartbeat: float) -> bool:
    """Fill the form with the demo server's public credentials and connect."""
    values = demo_connection(info, mode)
    form = assembly.window.connection_form
    form.set_values(heartbeat_interval=heartbeat, **values)
    request = form.validate()
    if request is None:
        return False
    return assembly.window.connect_with(request)


def start_target(assembly: Assembly, args: argparse.Namespace, heartbeat: float) -> bool:
    """Fill the form with the server of ``--url`` and connect (the form shows what it
    refuses, next to the field)."""
    target: ServerTarget = args.target
    form = assembly.window.connection_form
    form.set_values(
        url=target.url,
        scheme=target.credentials.scheme,
        key=target.credentials.key,
        secret=target.credentials.secret,
        auth_in_query=bool(args.auth_in_query),
        verify_tls=not args.insecure,
        cafile=args.cafile or "",
        heartbeat_interval=heartbeat,
        topics=args.channel or [],
    )
    request = form.validate()
    if request is None:
        assembly.window.show_connection_form()
        return False
    return assembly.window.connect_with(request)


class DemoServer:
    """The built-in simulator of ``--demo``, started once the window has painted: its
    import (aiohttp's web server) and start-up take ~0.2 s the first paint need not wait for."""

    def __init__(self, mode: str, seed: int) -> None:
        self.mode = mode
        self.seed = seed
        self.thread: SimulatorThread | None = None

    def start(self) -> dict[str, Any]:
        """Start the server (blocking: run it off the window's thread); its public info."""
        from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread

        config = SimulatorConfig(
            port=0, scenario="cashier", seed=self.seed, channel_defect=self.mode != "operator"
        )
        thread = SimulatorThread(config)
        thread.start()
        self.thread = thread
        return thread.info()

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.stop()
            self.thread = None


class _PaintWatch(QObject):
    """Resolves ``done`` when the watched window's first paint has been handled."""

    def __init__(self, window: QObject, done: asyncio.Future[None]) -> None:
        super().__init__(window)
        self.done = done
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After this paint and its flush to the screen, not inside it.
            QTimer.singleShot(0, self.finish)
        return False

    def finish(self) -> None:
        if not self.done.done():
            self.done.set_result(None)


# A window that is never painted (minimised at start, no compositor) still gets its
# deferred start-up work after this long.
FIRST_PAINT_WAIT_MS = 1000


async def first_paint(window: MainWindow) -> None:
    """Return once ``window`` has painted once (or after :data:`FIRST_PAINT_WAIT_MS`)."""
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    watch = _PaintWatch(window, done)
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, watch.finish)
    try:
        await done
    finally:
        window.removeEventFilter(watch)
        watch.deleteLater()


async def run_window(
    args: argparse.Namespace,
    settings: Settings,
    demo: DemoServer | None,
    store: EventStore | PostgresStore | None = None,
    data_note: str = "",
    store_problem: str = "",
    desk_link: DeskLink | None = None,
) -> int:
    """Show the window and wait until it closes; then stop the engine cleanly.

    What the first paint does not need waits for it: the demo server, the keyring
    look-up, the notification bus, the collector's freeze (see :func:`after_first_paint`).
    """
    assembly = build_window(
        settings,
        demo_mode=args.demo,
        store=store,
        data_note=data_note,
        desk_link=desk_link,
        live_log_rows=args.live_rows,
    )
    window = assembly.window
    install_crash_reporting(window, asyncio.get_running_loop())
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def on_closed() -> None:
        if not closed.done():
            closed.set_result(None)

    window.closed.connect(on_closed)
    painted = first_paint(window)
    window.show()
    logging_setup = active_setup()
    if logging_setup is not None and logging_setup.problem:
        window.show_error("The log file cannot be written.", logging_setup.problem)
    if store_problem:
        window.show_error(
            "The event history cannot be opened; nothing will be saved.", store_problem
        )
    await painted
    if not closed.done():
        await after_first_paint(assembly, args, demo, closed)
    if not closed.done():
        _close_on_interrupt(window)
        if args.quit_after is not None:
            QTimer.singleShot(max(0, args.quit_after), window.quit_without_asking)
        if args.screenshot is not None:
            _screenshot_when_pending(assembly, args.screenshot)
    await closed
    controller = assembly.controller
    connected = controller.ever_connected
    await controller.shutdown()
    await asyncio.to_thread(assembly.close_desk)
    if args.quit_after is not None:
        label = f"demo {args.demo}" if args.demo else "window"
        log = assembly.event_log
        state = "connected" if connected else "not connected"
        print(
            f"{label}: {state}, {controller.frames_received} events received, "
            f"{assembly.queue.pending_count} pending, live table {log.rowCount():,} of "
            f"{log.max_rows:,} rows, language {QLocale().name()} "
            f"({window.windowTitle()})",
            file=sys.stderr,
            flush=True,
        )
    return 0


async def after_first_paint(
    assembly: Assembly,
    args: argparse.Namespace,
    demo: DemoServer | None,
    closed: asyncio.Future[None],
) -> None:
    """The start-up work that follows the first paint: the keyring's status in the form,
    the desktop-notification bus, the demo server (or ``--url``, or the last profile)
    and the connection, then the collector's freeze of everything start-up built."""
    window = assembly.window
    window.connection_form.show_keyring_status()
    # Before any connection, so that no payment arrives unannounced.
    window.notifier.start_desktop()
    heartbeat = args.heartbeat if args.heartbeat else 10.0
    if demo is not None:
        try:
            info = await asyncio.to_thread(demo.start)
        except Exception as exc:  # its bind or start-up failed: say so, keep the window
            log.error("the demo server could not start: %s", exc)
            window.show_error("The demo server could not start.", f"{type(exc).__name__}: {exc}")
        else:
            if not closed.done():  # closed while the server started: nothing to connect
                start_demo(assembly, info, args.demo, heartbeat)
    elif getattr(args, "target", None) is not None:
        start_target(assembly, args, heartbeat)
    else:
        if args.heartbeat:
            window.connection_form.heartbeat_field.setValue(args.heartbeat)
        # The last profile connects by itself when the keyring has its secret.
        if not window.restore_last_profile() and not window.connection_form.current_profile:
            window.show_connection_form()
    # Started: what exists now lives for the whole run (see ewallet_monitor.gc_policy).
    tune_for_streaming()
    start_returning_freed_memory()


def _warn_if_plaintext(target: ServerTarget, *, insecure: bool) -> None:
    # As the headless commands warn (app/connection_options.py), on stderr.
    endpoints = target.endpoints
    if not endpoints.is_tls and not endpoints.is_loopback:
        print(
            f"ewallet-monitor: warning: {endpoints.host} is reached without TLS (ws:// / "
            "http://): the credentials travel in clear text; use https:// or wss://",
            file=sys.stderr,
        )
    if insecure:
        print(
            "ewallet-monitor: warning: TLS certificate verification is off (--insecure)",
            file=sys.stderr,
        )


# Another window holds the data folder and could not be asked to come to the front.
EXIT_ALREADY_RUNNING = 1


def _close_on_interrupt(window: MainWindow) -> None:
    """Ctrl+C, SIGTERM and SIGHUP close the window cleanly. Qt's loop does not return to
    Python while idle, so a slow no-op timer gives Python a chance to run the handler."""
    if threading.current_thread() is not threading.main_thread():
        return
    # None of these asks about waiting payments: nobody may be at the screen to answer.
    # Installed when main() starts (app/signals.py; again here for a window built without
    # main): one that came already quits now.
    shutdown_signals.install()
    shutdown_signals.set_callback(window.quit_without_asking)
    wake = QTimer(window)
    wake.setInterval(250)
    wake.timeout.connect(lambda: None)
    wake.start()


def _screenshot_when_pending(assembly: Assembly, path: Path) -> None:
    """Save ``window.grab()`` to ``path`` a moment after the first payment waits, then close."""
    window = assembly.window
    screen = window.screen()
    if screen is not None:  # no window manager under Xvfb: size it to the screen ourselves
        window.setGeometry(screen.availableGeometry())
    taken = False

    def shoot() -> None:
        nonlocal taken
        if taken:
            return
        taken = True
        window.event_log_view.select_latest()
        window.grab().save(str(path))
        print(f"screenshot: saved {path}", file=sys.stderr, flush=True)
        window.quit_without_asking()

    def on_pending(count: int) -> None:
        if count and not taken:
            QTimer.singleShot(1500, shoot)

    assembly.queue.pending_count_changed.connect(on_pending)


def open_store(
    args: argparse.Namespace, limits: PipelineLimits = DEFAULT_LIMITS
) -> tuple[EventStore | PostgresStore | None, str, Path | None, str]:
    """(store or None, note for the demo banner, throwaway dir to remove, problem text).

    The store opens at ``database_path(resolve_data_dir(--data-dir))``; ``--demo``
    without ``--data-dir`` uses a throwaway directory.
    """
    from ewallet_monitor.store import EventStore, SchemaError, StoreError

    throwaway: Path | None = None
    note = ""
    if args.demo and args.data_dir is None:
        throwaway = Path(tempfile.mkdtemp(prefix="ewallet-monitor-demo-"))
        data_dir = throwaway
        note = (
            f"History of this demo is kept in a throwaway folder ({throwaway}) and deleted "
            "on exit; start with --data-dir DIR to keep it."
        )
    else:
        data_dir = ensure_dir(resolve_data_dir(args.data_dir))
    max_bytes = int(args.max_history_mb * 1024 * 1024) if args.max_history_mb else None
    if args.store is not None:
        # The shared history: its outage spool lives in this desk's data folder.
        from ewallet_monitor.store.postgres import PostgresStore

        try:
            shared = PostgresStore(
                args.store, spool_dir=data_dir, desk=args.desk, limits=limits.store
            )
            return shared, note, throwaway, ""
        except (StoreError, OSError) as exc:
            log.error("the shared history cannot be opened: %s", exc)
            return None, note, throwaway, str(exc)
    try:
        store = EventStore(
            database_path(data_dir),
            retention_days=args.retention_days,
            max_bytes=max_bytes,
            # Its writer's Python work then takes no GIL time from the GUI thread.
            separate_process=True,
            limits=limits.store,
        )
    except (StoreError, SchemaError, OSError, ValueError) as exc:
        log.error("the event history cannot be opened: %s", exc)
        return None, note, throwaway, str(exc)
    return store, note, throwaway, ""


def open_desk(
    store: EventStore | PostgresStore | None, name: str | None, claim_timeout: float = 60.0
) -> DeskLink | None:
    """This window's desk in a shared store (registered, beating, listening), or None
    for the embedded SQLite history (one desk alone: no claims)."""
    pg_store = sys.modules.get("ewallet_monitor.store.postgres.store")
    if pg_store is None or not isinstance(store, pg_store.PostgresStore):
        return None
    from ewallet_monitor.store.postgres.desks import DeskLink, DeskOptions

    options = DeskOptions.for_timeout(claim_timeout)
    return DeskLink(
        store.url, name=name or store.desk, kind="window", options=options, desk_id=store.desk_id
    ).start()


def profile_history_store(settings: Settings) -> StoreUrl | None:
    """The shared history of the profile the window will open with (the last one used),
    when it names one and ``--store`` did not."""
    from ewallet_monitor.settings.profiles import ProfileStore

    profiles = ProfileStore(settings)
    profile = profiles.load(profiles.last_profile) if profiles.last_profile else None
    if profile is None or not profile.history_store:
        return None
    try:
        return store_url(profile.history_store)
    except StoreUrlError:  # checked when saved and when loaded; kept safe anyway
        return None


def close_store(store: EventStore | PostgresStore | None, throwaway: Path | None) -> None:
    """Store what is queued, close, and remove a demo's throwaway directory."""
    if store is not None:
        store.flush(10.0)
        store.close()
    if throwaway is not None:
        shutil.rmtree(throwaway, ignore_errors=True)


def main(argv: list[str]) -> int:
    """Open the window; ``argv`` excludes the program name. Returns the exit code."""
    # First: SIGTERM or SIGHUP during start-up must not kill the process unflushed.
    shutdown_signals.install()
    try:
        return _main(argv)
    finally:
        shutdown_signals.uninstall()


def _main(argv: list[str]) -> int:
    import qasync

    qt_args, argv = split_qt_options(argv)
    try:
        args = parse_window_args(argv)
        if args.data_dir is not None:
            args.data_dir = usable_data_dir(args.data_dir.expanduser())
        elif not args.demo:
            usable_data_dir(resolve_data_dir())
        if args.url is not None:
            args.target = resolve_window_target(
                args, ProfileBook(make_settings(args.data_dir), SecretVault())
            )
            _warn_if_plaintext(args.target, insecure=bool(args.insecure))
    except SystemExit as exc:  # --help, --version
        return int(exc.code or 0)
    except (UsageError, DataDirError) as exc:
        print(f"ewallet-monitor: {exc}", file=sys.stderr)
        return EXIT_USAGE
    problem = (
        ""
        if QApplication.instance() is not None
        else display_problem(qt_environment(qt_args, os.environ))
    )
    if problem:
        print(f"ewallet-monitor: {problem}", file=sys.stderr)
        return EXIT_USAGE
    logging_setup = setup_logging(args.data_dir)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["ewallet-monitor", *qt_args])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    try:
        # Kept referenced for the whole run: a collected translator stops translating.
        translators = install_language(app, choose_language(args.lang, QLocale.system()))
    except FileNotFoundError as exc:
        print(f"ewallet-monitor: {exc}", file=sys.stderr)
        logging_setup.close()
        return EXIT_USAGE
    log.info("language: %s (%d translators)", QLocale().name(), len(translators))
    app.setWindowIcon(app_icon())
    # The .desktop id, so Wayland links the window to its menu entry and icon.
    app.setDesktopFileName("io.github.ewallet_monitor.EwalletMonitor")
    # The loop ends when our window says so, not when Qt thinks the last window closed.
    app.setQuitOnLastWindowClosed(False)
    # One window per data folder (a demo's throwaway folder is its own).
    instance = None
    if not (args.demo and args.data_dir is None):
        instance = SingleInstance(args.data_dir or resolve_data_dir())
        if not instance.claim():
            raised = instance.ask_running_to_raise()
            print(
                f"ewallet-monitor: {already_running_message(instance.data_dir, raised)}",
                file=sys.stderr,
            )
            logging_setup.close()
            return 0 if raised else EXIT_ALREADY_RUNNING
        instance.raise_requested.connect(raise_main_windows)
    settings = make_settings(args.data_dir)
    if args.store is None and not args.demo:
        args.store = profile_history_store(settings)
    store, data_note, throwaway, store_problem = open_store(args)
    desk_link = open_desk(store, args.desk, args.claim_timeout)

    demo = None
    if args.demo:
        demo = DemoServer(args.demo, args.seed if args.seed is not None else 0)
    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            return runner.run(
                run_window(args, settings, demo, store, data_note, store_problem, desk_link)
            )
    finally:
        if demo is not None:
            demo.stop()
        if desk_link is not None:
            desk_link.close()  # already closed after a clean run; now after a failed one
        close_store(store, throwaway)
        if instance is not None:
            instance.release()
        uninstall_crash_handler()
        logging_setup.close()
