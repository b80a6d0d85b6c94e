"""Tell the cashier a payment arrived and how it ended: a sound, and a desktop notification
while the window is not in front. Both can be muted (the toggle is in the queue's header).

- **Sound** (``ui/sound.py``) marks arrival and outcome whether or not the window has
  focus. When it cannot play, the queue's sound button says *Sound: unavailable — why*,
  the log says why, and the card pulses instead (:func:`pulse`).
- **Desktop notification** (``ui/desktop_notifications.py``): a payment request is a
  *critical* bubble with amount and customer, updated in place as it counts down and when
  it settles; its *Open* action raises the window on that card (nothing is decided from a
  bubble: the cashier must see the card). The sound-name hint goes with it where the
  server plays sounds (and ours does not play twice).
- **Tray** message only when no notification server is on the session bus.

Nothing here crashes without a bus, a tray or a sound device (offscreen, CI).
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRect,
    Qt,
    QTimeLine,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.models.approval_queue import format_countdown
from ewallet_monitor.ui.desktop_notifications import (
    URGENCY_CRITICAL,
    URGENCY_NORMAL,
    Bubble,
    DesktopNotifications,
)
from ewallet_monitor.ui.sound import SoundEvent, SoundPlayer

# The bubble's countdown moves in steps this long (an update every second would make
# some servers show the bubble again every second).
COUNTDOWN_STEP_S = 10
OUTCOME_TEXT = {
    "confirmed": QT_TRANSLATE_NOOP("Notifier", "Payment confirmed"),
    "rejected": QT_TRANSLATE_NOOP("Notifier", "Payment rejected"),
    "failed": QT_TRANSLATE_NOOP("Notifier", "Payment failed"),
    "expired": QT_TRANSLATE_NOOP("Notifier", "Payment expired"),
    "cancelled": QT_TRANSLATE_NOOP("Notifier", "Payment cancelled by the customer"),
    "used_up": QT_TRANSLATE_NOOP("Notifier", "Payment can no longer be decided"),
}


class Notifier(QObject):
    """Sound, desktop notification (or tray) for payments, with a mute switch.

    ``notifications_sent`` counts arrivals notified by bubble or tray (tests, status).
    ``open_requested(id)``: a bubble's Open was clicked. ``sound_problem_changed(reason)``:
    "" when sound plays, else why not. ``pulse_requested(id)``: show that card instead of
    the sound that could not play.
    """

    muted_changed = Signal(bool)
    open_requested = Signal(str)
    sound_problem_changed = Signal(str)
    pulse_requested = Signal(str)

    def __init__(
        self,
        window: QWidget,
        icon: QIcon | None = None,
        *,
        muted: bool = False,
        desktop: DesktopNotifications | None = None,
        sound: SoundPlayer | None = None,
        defer_desktop: bool = False,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._icon = icon
        self._muted = muted
        self.notifications_sent = 0
        if desktop is None:
            desktop = DesktopNotifications(self, connect=not defer_desktop)
        self.desktop = desktop
        self.desktop.action_invoked.connect(self.open_requested)
        self.sound = sound if sound is not None else SoundPlayer(self)
        self.sound.availability_changed.connect(
            lambda available, reason: self.sound_problem_changed.emit("" if available else reason)
        )
        self.sound.failed.connect(self._on_sound_failed)
        self._sound_key = ""
        self._summaries: dict[str, tuple[str, str]] = {}  # id → (amount, customer)
        self._steps: dict[str, int] = {}
        self._tray: QSystemTrayIcon | None = None
        if self.desktop.opened:
            self.start_desktop()

    def start_desktop(self) -> None:
        """Connect the desktop notifications (``defer_desktop``), else fall back to the
        tray; once, later calls do nothing."""
        self.desktop.open()
        if self._tray is not None or self.desktop.available:
            return
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(self._icon or QIcon(), self)
            self._tray.setToolTip(self.tr("eWallet monitor"))
            self._tray.activated.connect(lambda _reason: self._raise_window())
            self._tray.show()

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def has_tray(self) -> bool:
        return self._tray is not None

    @property
    def sound_problem(self) -> str:
        return "" if self.sound.available else self.sound.reason

    def set_muted(self, muted: bool) -> None:
        if muted != self._muted:
            self._muted = muted
            self.muted_changed.emit(muted)

    def tracked(self) -> list[str]:
        """Payments whose bubble is kept up to date."""
        return list(self._summaries)

    # -- events ---------------------------------------------------------------------------------

    def payment_arrived(
        self, consumption_id: str, amount: str, customer: str, seconds_left: float | None
    ) -> bool:
        """Sound, and a bubble (or tray message) when the window is not active. True when
        a bubble or tray message was sent."""
        if self._muted:
            return False
        bubbled = False
        server_sounds = False
        if not self._window.isActiveWindow():
            self.notifications_sent += 1
            bubbled = True
            if self.desktop.available:
                self._summaries[consumption_id] = (amount, customer)
                self._steps[consumption_id] = _step(seconds_left)
                server_sounds = self.desktop.supports("sound")
                self.desktop.show(
                    consumption_id,
                    self._waiting_bubble(consumption_id, seconds_left, with_sound=True),
                )
            elif self._tray is not None:
                self._tray.showMessage(
                    self.tr("Payment waiting for approval"),
                    self.tr("{amount} from {customer}").format(amount=amount, customer=customer),
                    QSystemTrayIcon.MessageIcon.Information,
                    8000,
                )
        if not server_sounds:
            self._play(consumption_id, SoundEvent.ARRIVAL)
        return bubbled

    def countdown(self, consumption_id: str, seconds_left: float | None) -> None:
        """The clock moved: update the bubble when its countdown reaches the next step."""
        if consumption_id not in self._summaries:
            return
        step = _step(seconds_left)
        if step == self._steps.get(consumption_id):
            return
        self._steps[consumption_id] = step
        self.desktop.show(
            consumption_id, self._waiting_bubble(consumption_id, seconds_left, with_sound=False)
        )

    def payment_settled(self, consumption_id: str, state: str) -> None:
        """The outcome: its sound, and the bubble (if any) says it in place."""
        summary = self._summaries.pop(consumption_id, None)
        self._steps.pop(consumption_id, None)
        if not self._muted:
            event = SoundEvent.CONFIRMED if state == "confirmed" else SoundEvent.NOT_CONFIRMED
            self._play(consumption_id, event)
        if summary is not None:
            amount, customer = summary
            self.desktop.show(
                consumption_id,
                Bubble(
                    summary=self.tr("{outcome}: {amount}").format(
                        outcome=self.tr(OUTCOME_TEXT[state])
                        if state in OUTCOME_TEXT
                        else state.capitalize(),
                        amount=amount,
                    ),
                    body=self.tr("from {customer}").format(customer=customer),
                    urgency=URGENCY_NORMAL,
                    suppress_sound=True,  # ours played it (or it was muted)
                ),
            )
        self.desktop.forget(consumption_id)

    # -- helpers --------------------------------------------------------------------------------

    def _waiting_bubble(
        self, consumption_id: str, seconds_left: float | None, *, with_sound: bool
    ) -> Bubble:
        amount, customer = self._summaries[consumption_id]
        body = self.tr("from {customer}").format(customer=customer)
        if seconds_left is not None:
            body += f" — {format_countdown(seconds_left)}"
        server_sounds = with_sound and self.desktop.supports("sound")
        return Bubble(
            summary=self.tr("Payment waiting: {amount}").format(amount=amount),
            body=body,
            urgency=URGENCY_CRITICAL,
            sound_name=SoundEvent.ARRIVAL.theme_name if server_sounds else None,
            # Updates are silent; so is the first bubble when our own player rings.
            suppress_sound=not server_sounds,
            expire_ms=0,  # a critical notification stays until it is dealt with
        )

    def _play(self, consumption_id: str, event: SoundEvent) -> None:
        # A sound that cannot play emits failed(), now or when the player exits: the
        # card of the sound last asked for pulses.
        self._sound_key = consumption_id
        self.sound.play(event)

    def _on_sound_failed(self, _event: object) -> None:
        if self._sound_key:
            self.pulse_requested.emit(self._sound_key)

    def _raise_window(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()


def _step(seconds_left: float | None) -> int:
    if seconds_left is None:
        return -1
    return max(0, math.ceil(seconds_left / COUNTDOWN_STEP_S))


# The pulse's fades: strength at evenly spaced points of its run.
PULSE_KEYS = (0.0, 0.8, 0.1, 0.8, 0.1, 0.8, 0.0)
PULSE_MS = 1800
# 25 frames a second: smooth enough for a fade, and the widget under a translucent
# overlay repaints with every frame (at 60 the queue view's repaints were most of the
# window's CPU on a busy desk without sound).
PULSE_FRAME_MS = 40


def pulse_strength(progress: float) -> float:
    """The overlay's strength (0–1) at ``progress`` (0–1) through the pulse."""
    position = min(max(progress, 0.0), 1.0) * (len(PULSE_KEYS) - 1)
    index = min(int(position), len(PULSE_KEYS) - 2)
    low, high = PULSE_KEYS[index], PULSE_KEYS[index + 1]
    return low + (high - low) * (position - index)


class _PulseOverlay(QWidget):
    """A translucent highlight over a widget that fades in and out a few times."""

    def __init__(self, target: QWidget, color: QColor) -> None:
        super().__init__(target)
        self._color = QColor(color)
        self.strength = 0.0
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setGeometry(QRect(0, 0, target.width(), target.height()))
        target.installEventFilter(self)
        self.timeline = QTimeLine(PULSE_MS, self)
        self.timeline.setUpdateInterval(PULSE_FRAME_MS)
        self.timeline.valueChanged.connect(self._step)
        self.timeline.finished.connect(self._end)
        self.show()
        self.raise_()
        self.timeline.start()

    @property
    def running(self) -> bool:
        return self.timeline.state() == QTimeLine.State.Running

    def _step(self, progress: float) -> None:
        self.strength = pulse_strength(progress)
        self.update()

    def _end(self) -> None:
        self.hide()
        self.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(QRect(0, 0, watched.width(), watched.height()))
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        color = QColor(self._color)
        color.setAlphaF(0.45 * self.strength)
        painter.fillRect(self.rect(), color)
        pen = QColor(self._color)
        pen.setAlphaF(self.strength)
        painter.setPen(pen)
        painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        painter.end()


def pulse(widget: QWidget, color: QColor | None = None) -> QWidget:
    """Make ``widget`` pulse (about 2 s): what the eyes get when the ears cannot. A widget
    already pulsing goes on with the pulse it has (payments arriving faster than a pulse
    lasts make one steady pulse, not a stack of overlays)."""
    for child in widget.findChildren(_PulseOverlay, "", Qt.FindChildOption.FindDirectChildrenOnly):
        if child.running:
            return child
    highlight = color or widget.palette().color(widget.palette().ColorRole.Highlight)
    return _PulseOverlay(widget, highlight)
