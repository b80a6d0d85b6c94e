"""A private D-Bus session bus (a real ``dbus-daemon``) and a notification server on it.

The server owns ``org.freedesktop.Notifications`` and answers as the specification says
(GetCapabilities, GetServerInformation, Notify, CloseNotification); it records every
``Notify`` call with its wire signature and can send ``ActionInvoked`` and
``NotificationClosed`` as a desktop does when the user clicks or dismisses a bubble.
"""

from __future__ import annotations

import itertools
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from jeepney import (
    DBusAddress,
    HeaderFields,
    MessageType,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import Proxy, open_dbus_connection

from ewallet_monitor.ui.desktop_notifications import BUS_NAME, INTERFACE, OBJECT_PATH


@dataclass(frozen=True)
class NotifyCall:
    signature: str
    app_name: str
    replaces_id: int
    icon: str
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, tuple[str, Any]]  # name → (variant signature, value)
    expire_timeout: int
    returned_id: int


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A throwaway session bus; DBUS_SESSION_BUS_ADDRESS points at it for the test."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("needs dbus-daemon (scripts/install-system-deps.sh installs dbus)")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address, "dbus-daemon printed no address"
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)
        if daemon.stdout is not None:
            daemon.stdout.close()


class NotificationServer:
    """Runs in a thread on the session bus until :meth:`stop`."""

    def __init__(self, capabilities: tuple[str, ...]) -> None:
        self.capabilities = list(capabilities)
        self.calls: list[NotifyCall] = []
        self._ids = itertools.count(101)
        self._outbox: queue.Queue[Any] = queue.Queue()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notification-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the notification server did not start")

    def _run(self) -> None:
        connection = open_dbus_connection(bus="SESSION")
        Proxy(message_bus, connection).RequestName(BUS_NAME, 4)  # DO_NOT_QUEUE
        self._emitter = DBusAddress(OBJECT_PATH, interface=INTERFACE)
        self._ready.set()
        try:
            while not self._stop.is_set():
                while not self._outbox.empty():
                    connection.send(self._outbox.get())
                try:
                    message = connection.receive(timeout=0.05)
                except TimeoutError:
                    continue
                if message.header.message_type is MessageType.method_call:
                    reply = self._answer(message)
                    if reply is not None:
                        connection.send(reply)
        finally:
            connection.close()

    def _answer(self, message: Any) -> Any:
        fields = message.header.fields
        if fields.get(HeaderFields.interface) != INTERFACE:
            return None
        member = fields.get(HeaderFields.member)
        if member == "GetCapabilities":
            return new_method_return(message, "as", (self.capabilities,))
        if member == "GetServerInformation":
            return new_method_return(message, "ssss", ("test-server", "tests", "1.0", "1.2"))
        if member == "Notify":
            signature = fields.get(HeaderFields.signature, "")
            app, replaces, icon, summary, body, actions, hints, expire = message.body
            returned = replaces or next(self._ids)
            self.calls.append(
                NotifyCall(
                    signature,
                    app,
                    replaces,
                    icon,
                    summary,
                    body,
                    list(actions),
                    dict(hints),
                    expire,
                    returned,
                )
            )
            return new_method_return(message, "u", (returned,))
        if member == "CloseNotification":
            (server_id,) = message.body
            self.close(server_id, reason=3)
            return new_method_return(message)
        return new_error(message, "org.freedesktop.DBus.Error.UnknownMethod")

    def invoke(self, server_id: int, action: str = "open") -> None:
        """What a desktop sends when the user clicks the bubble's button."""
        self._outbox.put(new_signal(self._emitter, "ActionInvoked", "us", (server_id, action)))

    def close(self, server_id: int, reason: int = 2) -> None:
        """NotificationClosed (2: dismissed by the user)."""
        self._outbox.put(new_signal(self._emitter, "NotificationClosed", "uu", (server_id, reason)))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)


@pytest.fixture
def notification_server(session_bus: str) -> Iterator[NotificationServer]:
    server = NotificationServer(("actions", "body", "body-markup", "persistence"))
    yield server
    server.stop()
