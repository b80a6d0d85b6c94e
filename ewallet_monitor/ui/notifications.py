"""Tell the cashier a request arrived while the window is not in front: a short sound and
a system-tray message. Both can be muted (the toggle is visible in the queue's header).

No sound device, no tray (offscreen, CI, a bare window manager): nothing happens, nothing
crashes. PySide6-Essentials has no QtMultimedia, so the WAV is played by the platform's
own player when one is found (``paplay``, ``pw-play``, ``aplay``, ``afplay``, ``winsound``)
without blocking the loop; otherwise the application beeps.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from ewallet_monitor.resources import REQUEST_SOUND, resource_path

_PLAYERS = ("paplay", "pw-play", "aplay", "afplay")


class Notifier(QObject):
    """Sound + tray notifications with a mute switch.

    ``notify_request`` does nothing while the window is active (the cashier sees the card)
    or when muted. ``notifications_sent`` counts what was sent (tests and the status bar).
    """

    muted_changed = Signal(bool)

    def __init__(self, window: QWidget, icon: QIcon | None = None, *, muted: bool = False) -> None:
        super().__init__(window)
        self._window = window
        self._muted = muted
        self.notifications_sent = 0
        self._sound = resource_path(REQUEST_SOUND)
        self._player = next((p for p in _PLAYERS if shutil.which(p)), None)
        self._process: QProcess | None = None
        self._tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(icon or QIcon(), self)
            self._tray.setToolTip("eWallet monitor")
            self._tray.activated.connect(lambda _reason: self._raise_window())
            self._tray.show()

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def has_tray(self) -> bool:
        return self._tray is not None

    def set_muted(self, muted: bool) -> None:
        if muted != self._muted:
            self._muted = muted
            self.muted_changed.emit(muted)

    def notify_request(self, title: str, text: str) -> bool:
        """Notify unless muted or the window is active; returns True when it did."""
        if self._muted or self._window.isActiveWindow():
            return False
        self.notifications_sent += 1
        self.play_sound()
        if self._tray is not None:
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 8000)
        return True

    def play_sound(self) -> None:
        sound = self._sound
        if sound is None:
            QApplication.beep()
            return
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import winsound

            winsound.PlaySound(str(sound), winsound.SND_FILENAME | winsound.SND_ASYNC)
            return
        if self._player is None:
            QApplication.beep()
            return
        self._start_player(sound)

    def _start_player(self, sound: Path) -> None:
        if self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning:
            return  # still ringing: one sound at a time
        process = QProcess(self)
        process.setProgram(self._player or "")
        process.setArguments([str(sound)])
        process.start()
        self._process = process

    def _raise_window(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
