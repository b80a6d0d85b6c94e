"""Sounds for a payment's arrival and outcome, and a plain word when they cannot play.

PySide6-Essentials has no QtMultimedia, so a sound is played by the system's own player
in a ``QProcess`` (never blocking the loop): ``canberra-gtk-play`` by XDG sound-theme name
(it follows the desktop's sound theme and its event-sound switch), else ``paplay`` or
``pw-play`` with the theme's file (``/usr/share/sounds/freedesktop/stereo/…``) or the
bundled WAV, else ``aplay`` with the WAV. A player that fails (no audio server, no
device) makes :attr:`SoundPlayer.available` False with the player's own words in
:attr:`SoundPlayer.reason`, logged once. While it is unavailable a sound asked for within
``retry_after`` seconds of the last failure fails at once, without starting the player (a
busy desk would otherwise start one failing process after another); the first sound after
that tries again, and one that plays makes it available again.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal

from ewallet_monitor.resources import REQUEST_SOUND, resource_path

log = logging.getLogger(__name__)


class SoundEvent(Enum):
    """What a sound marks, with its name in the freedesktop sound-naming specification."""

    ARRIVAL = "message-new-instant"
    CONFIRMED = "complete"
    NOT_CONFIRMED = "dialog-warning"  # rejected, failed, expired, cancelled

    @property
    def theme_name(self) -> str:
        return self.value


THEME_PLAYER = "canberra-gtk-play"
FILE_PLAYERS = ("paplay", "pw-play")  # play the theme's .oga files and WAV alike
WAV_PLAYERS = ("aplay", "afplay")
NO_PLAYER = "no sound player found (canberra-gtk-play, paplay, pw-play or aplay)"
# How long a failed player is left alone before a sound tries it again.
RETRY_AFTER_S = 10.0


@dataclass(frozen=True)
class Backend:
    program: str
    by_name: bool  # takes a sound-theme name (-i NAME) instead of a file


def theme_file(name: str, theme: str = "freedesktop") -> Path | None:
    """The sound theme's file for ``name`` (``.oga``, ``.ogg`` or ``.wav``), searched in
    ``$XDG_DATA_HOME`` and ``$XDG_DATA_DIRS`` as the sound-theme specification says."""
    home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local/share")
    dirs = [home, *(os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")]
    for base in dirs:
        if not base:
            continue
        for sub in ("stereo", ""):
            for suffix in (".oga", ".ogg", ".wav"):
                path = Path(base, "sounds", theme, sub, name + suffix)
                if path.is_file():
                    return path
    return None


def find_backend() -> Backend | None:
    if shutil.which(THEME_PLAYER):
        return Backend(THEME_PLAYER, by_name=True)
    for program in (*FILE_PLAYERS, *WAV_PLAYERS):
        if shutil.which(program):
            return Backend(program, by_name=False)
    return None


class SoundPlayer(QObject):
    """Plays one sound at a time; says when it cannot.

    ``availability_changed(available, reason)`` is emitted when a player fails after
    working (or at the first failure) and when one plays again. ``failed(event)`` is
    emitted for every sound that did not play, so the window can show it another way.
    """

    availability_changed = Signal(bool, str)
    failed = Signal(object)  # SoundEvent
    played = Signal(object)  # SoundEvent

    def __init__(
        self,
        parent: QObject | None = None,
        backend: Backend | None = None,
        retry_after: float = RETRY_AFTER_S,
    ) -> None:
        super().__init__(parent)
        self._backend = backend if backend is not None else find_backend()
        self._retry_after = retry_after
        self._failed_at = -float("inf")  # time.monotonic() of the last failure
        self._wav = resource_path(REQUEST_SOUND)
        self._process: QProcess | None = None
        self._next: SoundEvent | None = None
        self._event = SoundEvent.ARRIVAL  # the one playing
        self.available = self._backend is not None or sys.platform == "win32"
        self.reason = "" if self.available else NO_PLAYER
        if not self.available:
            log.warning("sound unavailable: %s", self.reason)

    @property
    def backend(self) -> Backend | None:
        return self._backend

    def play(self, event: SoundEvent) -> bool:
        """Start the sound for ``event``; False when it cannot be started (``failed`` is
        emitted then, and later if the player fails)."""
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import winsound

            if self._wav is None:
                return False
            winsound.PlaySound(str(self._wav), winsound.SND_FILENAME | winsound.SND_ASYNC)
            return True
        backend = self._backend
        if backend is None:
            self.failed.emit(event)
            return False
        if not self.available and time.monotonic() - self._failed_at < self._retry_after:
            self.failed.emit(event)
            return False
        if self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning:
            # One sound at a time; the newest one asked for plays next (an outcome right
            # after an arrival is not lost, a burst of arrivals is one more sound).
            self._next = event
            return True
        arguments = self._arguments(backend, event)
        if arguments is None:
            self._set_available(False, "no sound file to play")
            self.failed.emit(event)
            return False
        process = QProcess(self)
        process.setProgram(backend.program)
        process.setArguments(arguments)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        # Bound methods, not lambdas: Qt drops them with this object, so a process that
        # finishes while the player is being destroyed calls nothing.
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        self._process = process
        self._event = event
        process.start()
        return True

    def _arguments(self, backend: Backend, event: SoundEvent) -> list[str] | None:
        if backend.by_name:
            arguments = ["-i", event.theme_name, "-d", "eWallet monitor"]
            if self._wav is not None:
                arguments += ["-f", str(self._wav)]  # played when the theme lacks the name
            return arguments
        themed = theme_file(event.theme_name) if backend.program in FILE_PLAYERS else None
        sound = themed or self._wav
        return [str(sound)] if sound is not None else None

    def _on_finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        process, event = self._process, self._event
        if process is None:
            return
        if code == 0:
            self._set_available(True, "")
            self.played.emit(event)
        else:
            output = bytes(process.readAll().data()).decode(errors="replace")
            self._set_available(False, _reason(self._program(), output, code))
            self.failed.emit(event)
        self._done(process)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        process, event = self._process, self._event
        if process is None or error is not QProcess.ProcessError.FailedToStart:
            return
        self._set_available(False, f"{self._program()} could not start: {process.errorString()}")
        self.failed.emit(event)
        self._done(process)

    def _done(self, process: QProcess) -> None:
        self._process = None
        process.deleteLater()
        following, self._next = self._next, None
        if following is not None:
            self.play(following)

    def _program(self) -> str:
        return Path(self._backend.program).name if self._backend else "player"

    def _set_available(self, available: bool, reason: str) -> None:
        if not available:
            self._failed_at = time.monotonic()
        if available == self.available and reason == self.reason:
            return
        self.available, self.reason = available, reason
        if available:
            log.info("sound plays again (%s)", self._program())
        else:
            log.warning("sound unavailable: %s", reason)
        self.availability_changed.emit(available, reason)


def _reason(program: str, output: str, code: int) -> str:
    """The player's own last line, shortened: "paplay: Connection refused"."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if not lines:
        return f"{program} failed (exit {code})"
    last = lines[-1]
    for noise in ("pa_context_connect() failed: ", "Failed to play sound: "):
        last = last.replace(noise, "")
    if not last.startswith(program):
        last = f"{program}: {last}"
    return last[:120]
