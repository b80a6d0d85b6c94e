"""One window per data folder: a lock file plus a local socket, as single-instance Qt
apps do.

Two windows on one folder would be two cashier seats on one history and one queue. The
first window holds ``DIR/ewallet-monitor.lock`` (a :class:`QLockFile`: a lock left by a
process that died is taken over) and listens on a local socket named after the folder. A
second start finds the lock taken, asks the first window over that socket to come to the
front, and exits 0; when the first cannot be reached either, it says so and exits 1.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMainWindow

from ewallet_monitor.private_files import narrow

log = logging.getLogger(__name__)

LOCK_NAME = "ewallet-monitor.lock"
_RAISE = b"raise\n"
_RAISED = b"raised\n"
_WAIT_MS = 3000


def socket_name(data_dir: Path) -> str:
    """The local socket's name for a folder (the same folder gives the same name; Qt puts
    it in the temporary folder, so both starts must share ``TMPDIR``)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8", "surrogatepass"))
    return f"ewallet-monitor-{digest.hexdigest()[:16]}"


class SingleInstance(QObject):
    """The claim of one process on one data folder.

    :meth:`claim` is True when this process is the folder's only window (the lock is held
    and the socket listens); ``raise_requested`` is emitted when a later start asks for
    the window. :meth:`ask_running_to_raise` is what that later start calls.
    """

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.name = socket_name(data_dir)
        self._lock = QLockFile(str(data_dir / LOCK_NAME))
        # Only a dead owner makes the lock stale, never its age: a window runs for weeks.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        if not self._lock.tryLock(0):
            return False
        narrow(self.data_dir / LOCK_NAME)  # Qt creates it with the umask's mode
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the lock: a socket of that name is a leftover of a crashed window.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            # The lock alone still keeps a second window out; it just cannot raise us
            # (e.g. a temporary folder whose path is too long for a local socket).
            log.warning("cannot listen on %s: %s", self.name, server.errorString())
            return True
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def ask_running_to_raise(self) -> bool:
        """Ask the folder's window to come to the front; True once it said it did."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(_WAIT_MS):
            return False
        socket.write(_RAISE)
        socket.waitForBytesWritten(_WAIT_MS)
        answered = socket.waitForReadyRead(_WAIT_MS) and bytes(socket.readAll().data()) == _RAISED
        socket.disconnectFromServer()
        return answered

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (client := self._server.nextPendingConnection()) is not None:
            client.readyRead.connect(lambda client=client: self._on_message(client))
            client.disconnected.connect(client.deleteLater)

    def _on_message(self, client: QLocalSocket) -> None:
        if bytes(client.readAll().data()).startswith(_RAISE):
            self.raise_requested.emit()
            client.write(_RAISED)
            client.flush()


def raise_main_windows() -> None:
    """Bring the application's main window(s) to the front."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            if widget.isMinimized():
                widget.showNormal()
            widget.raise_()
            widget.activateWindow()


def already_running_message(data_dir: Path, raised: bool) -> str:
    if raised:
        return (
            f"ewallet-monitor is already open on {data_dir}; its window was brought to the "
            "front (one window per data folder: start another with --data-dir DIR)"
        )
    return (
        f"ewallet-monitor is already open on {data_dir} (its lock file {LOCK_NAME} is held "
        "by a running process) but did not answer; close that window, or start with "
        "another --data-dir"
    )
