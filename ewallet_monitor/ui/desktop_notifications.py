"""Desktop notifications through ``org.freedesktop.Notifications`` on the session bus.

Spoken with jeepney (pure Python; keyring already depends on it on Linux) rather than
QtDBus: PySide6 gives a Python int the D-Bus type ``i`` and wraps a hint in a second
variant, so ``Notify`` went out as ``(s i s s s as a{sv} i)`` with ``urgency`` as
``v(v(i))`` where the specification asks for ``u`` and ``v(y)`` (measured with
dbus-monitor; GNOME Shell refuses such a call). jeepney writes the exact signature.

The bus is read through a ``QSocketNotifier``, so replies (the notification id) and the
``ActionInvoked`` / ``NotificationClosed`` signals arrive in Qt's event loop without a
thread and without blocking; only the connection and the two capability questions at
start-up wait, for at most :data:`CONNECT_TIMEOUT_S`.
"""

from __future__ import annotations

import contextlib
import html
import logging
import socket
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"
APP_NAME = "eWallet monitor"
DESKTOP_ENTRY = "io.github.ewallet_monitor.EwalletMonitor"
CONNECT_TIMEOUT_S = 1.0
URGENCY_LOW, URGENCY_NORMAL, URGENCY_CRITICAL = 0, 1, 2
# "default" is what a click on the bubble itself invokes; "open" is the visible button.
OPEN_ACTIONS = (
    "default",
    QT_TRANSLATE_NOOP("DesktopNotifications", "Open"),
    "open",
    QT_TRANSLATE_NOOP("DesktopNotifications", "Open"),
)


@dataclass
class Bubble:
    """What one notification shows; sent again with ``replaces_id`` when it changes."""

    summary: str
    body: str
    urgency: int = URGENCY_CRITICAL
    actions: bool = True
    sound_name: str | None = None
    suppress_sound: bool = False
    expire_ms: int = -1


@dataclass
class _Tracked:
    key: str
    server_id: int = 0  # 0 until the reply to the first Notify arrives
    waiting: Bubble | None = None  # the newest content not sent yet (id not known)
    dismissed: bool = False


@dataclass
class ServerInfo:
    name: str = ""
    vendor: str = ""
    version: str = ""
    spec_version: str = ""
    capabilities: frozenset[str] = field(default_factory=frozenset)


class DesktopNotifications(QObject):
    """Notifications keyed by our own key (a consumption id), updated in place.

    ``available`` is False (and ``reason`` says why) when there is no session bus or no
    notification server on it; every method is then a no-op returning False.
    ``action_invoked(key)`` is emitted when the user clicks the bubble or its Open button.
    """

    action_invoked = Signal(str)
    closed = Signal(str)

    def __init__(
        self, parent: QObject | None = None, *, bus: str = "SESSION", connect: bool = True
    ) -> None:
        """``connect=False`` leaves the bus alone until :meth:`open` (the window opens it
        after its first paint: the blocking look-ups need not delay it)."""
        super().__init__(parent)
        self.available = False
        self.reason = ""
        self.opened = False
        self._bus = bus
        self.server = ServerInfo()
        self.calls_sent = 0
        self._connection: Any = None
        self._notifier: QSocketNotifier | None = None
        self._by_key: dict[str, _Tracked] = {}
        self._by_server_id: dict[int, _Tracked] = {}
        self._by_serial: dict[int, _Tracked] = {}
        if connect:
            self.open()

    def open(self) -> None:
        """Connect to the bus and the notification server (once; later calls do nothing)."""
        if self.opened:
            return
        self.opened = True
        try:
            self._connect(self._bus)
        except Exception as error:  # no bus, no server, a refused call: say why, go on
            self.reason = _why(error)
            self._close()
            log.info("desktop notifications unavailable: %s", self.reason)
        else:
            self.available = True
            log.info(
                "desktop notifications: %s %s (%s), capabilities %s",
                self.server.name,
                self.server.version,
                self.server.vendor,
                ", ".join(sorted(self.server.capabilities)) or "none",
            )

    # -- set-up ---------------------------------------------------------------------------------

    def _connect(self, bus: str) -> None:
        from jeepney import DBusAddress, MatchRule, new_method_call
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import Proxy, open_dbus_connection

        connection = open_dbus_connection(bus=bus, auth_timeout=CONNECT_TIMEOUT_S)
        self._connection = connection
        self._address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
        bus_proxy = Proxy(message_bus, connection, timeout=CONNECT_TIMEOUT_S)
        if not bus_proxy.NameHasOwner(BUS_NAME)[0]:
            # Asking would start one by D-Bus activation where one is installed.
            activatable = bus_proxy.ListActivatableNames()[0]
            if BUS_NAME not in activatable:
                raise LookupError("no notification server on the session bus")
        capabilities = self._call_now(new_method_call(self._address, "GetCapabilities"))[0]
        name, vendor, version, spec = self._call_now(
            new_method_call(self._address, "GetServerInformation")
        )
        self.server = ServerInfo(name, vendor, version, spec, frozenset(capabilities))
        rule = MatchRule(type="signal", interface=INTERFACE, path=OBJECT_PATH)
        bus_proxy.AddMatch(rule)
        sock: socket.socket = connection.sock
        sock.setblocking(False)
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)

    def _call_now(self, message: Any) -> tuple[Any, ...]:
        from jeepney.wrappers import unwrap_msg

        reply = self._connection.send_and_get_reply(message, timeout=CONNECT_TIMEOUT_S)
        result: tuple[Any, ...] = unwrap_msg(reply)
        return result

    def _close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.close()
            self._connection = None

    def close(self) -> None:
        """Stop listening to the bus (the bubbles shown stay)."""
        self._close()
        self.available = False

    # -- what the window uses -----------------------------------------------------------------

    def supports(self, capability: str) -> bool:
        return capability in self.server.capabilities

    def show(self, key: str, bubble: Bubble) -> bool:
        """Show ``bubble`` for ``key``, replacing the one shown for it before. False when
        not sent (unavailable, or the user closed that key's bubble)."""
        if not self.available:
            return False
        tracked = self._by_key.get(key)
        if tracked is None:
            tracked = self._by_key[key] = _Tracked(key)
        elif tracked.dismissed:
            return False
        if tracked.server_id == 0 and tracked in self._by_serial.values():
            tracked.waiting = bubble  # sent when the first call's reply gives the id
            return True
        return self._send(tracked, bubble)

    def forget(self, key: str) -> None:
        """Stop tracking ``key`` (its bubble stays until the server or user closes it)."""
        tracked = self._by_key.pop(key, None)
        if tracked is not None:
            self._by_server_id.pop(tracked.server_id, None)

    def is_tracked(self, key: str) -> bool:
        return key in self._by_key

    def server_id(self, key: str) -> int:
        tracked = self._by_key.get(key)
        return tracked.server_id if tracked else 0

    # -- the wire -------------------------------------------------------------------------------

    def _send(self, tracked: _Tracked, bubble: Bubble) -> bool:
        from jeepney import new_method_call

        body = (
            html.escape(bubble.body, quote=False) if self.supports("body-markup") else bubble.body
        )
        actions = (
            [self.tr(word) if i % 2 else word for i, word in enumerate(OPEN_ACTIONS)]
            if bubble.actions and self.supports("actions")
            else []
        )
        hints: dict[str, tuple[str, Any]] = {
            "urgency": ("y", bubble.urgency),
            "desktop-entry": ("s", DESKTOP_ENTRY),
            "category": ("s", "x-ewallet-monitor.payment"),
        }
        if bubble.sound_name and self.supports("sound"):
            hints["sound-name"] = ("s", bubble.sound_name)
        if bubble.suppress_sound:
            hints["suppress-sound"] = ("b", True)
        message = new_method_call(
            self._address,
            "Notify",
            NOTIFY_SIGNATURE,
            (
                APP_NAME,
                tracked.server_id,
                _icon(),
                bubble.summary,
                body,
                actions,
                hints,
                bubble.expire_ms,
            ),
        )
        serial = next(self._connection.outgoing_serial)
        try:
            self._connection.send(message, serial=serial)
        except OSError as error:
            self._lost(error)
            return False
        self._by_serial[serial] = tracked
        self.calls_sent += 1
        return True

    def _on_readable(self) -> None:
        connection = self._connection
        if connection is None:
            return
        try:
            while True:
                try:
                    data = connection.sock.recv(65536)
                except BlockingIOError:
                    break
                if not data:
                    raise ConnectionResetError("the session bus closed the connection")
                connection.parser.add_data(data)
        except OSError as error:
            self._lost(error)
            return
        while (message := connection.parser.get_next_message()) is not None:
            self._dispatch(message)

    def _dispatch(self, message: Any) -> None:
        from jeepney import HeaderFields, MessageType

        header = message.header
        kind = header.message_type
        if kind in (MessageType.method_return, MessageType.error):
            tracked = self._by_serial.pop(header.fields.get(HeaderFields.reply_serial, -1), None)
            if tracked is None:
                return
            if kind is MessageType.error:
                log.warning(
                    "Notify refused: %s %s",
                    header.fields.get(HeaderFields.error_name),
                    message.body,
                )
                return
            if tracked.server_id == 0:
                tracked.server_id = int(message.body[0])
                if self._by_key.get(tracked.key) is tracked:
                    self._by_server_id[tracked.server_id] = tracked
                waiting, tracked.waiting = tracked.waiting, None
                if waiting is not None:
                    self._send(tracked, waiting)
            return
        if kind is not MessageType.signal or header.fields.get(HeaderFields.interface) != INTERFACE:
            return
        member = header.fields.get(HeaderFields.member)
        if member == "ActionInvoked":
            server_id, action = message.body
            tracked = self._by_server_id.get(int(server_id))
            if tracked is not None and action in ("default", "open"):
                self.action_invoked.emit(tracked.key)
        elif member == "NotificationClosed":
            server_id = int(message.body[0])
            tracked = self._by_server_id.get(server_id)
            if tracked is not None:
                # Closed by the user or expired: do not bring it back with an update.
                tracked.dismissed = True
                self.closed.emit(tracked.key)

    def _lost(self, error: BaseException) -> None:
        self.reason = _why(error)
        log.warning("desktop notifications: lost the session bus: %s", self.reason)
        self.close()


def _icon() -> str:
    from ewallet_monitor.resources import APP_ICON_SVG, resource_path

    path = resource_path(APP_ICON_SVG)
    return path.as_uri() if path is not None else DESKTOP_ENTRY


def _why(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    if isinstance(error, KeyError | FileNotFoundError) and "DBUS_SESSION_BUS_ADDRESS" in text:
        return "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    if type(error).__name__ == "DBusErrorResponse":
        return f"the notification server refused: {text}"
    return text
