"""The window's health line: connection, heartbeat, events per second, pending approvals,
plus the warnings that must never be missed (TLS verification off, demo server)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

from ewallet_monitor.i18n import number_text, protocol_text
from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.protocol.events import ConnectionState, ConnectionStateChanged
from ewallet_monitor.ui.error_details import explain_connection
from ewallet_monitor.ui.theme import card_colors, is_dark_mode

_STATE_TEXT = {
    ConnectionState.OFFLINE: QT_TRANSLATE_NOOP("MonitorStatusBar", "● Offline"),
    ConnectionState.CONNECTING: QT_TRANSLATE_NOOP("MonitorStatusBar", "● Connecting…"),
    ConnectionState.CONNECTED: QT_TRANSLATE_NOOP("MonitorStatusBar", "● Connected"),
    ConnectionState.RECONNECTING: QT_TRANSLATE_NOOP("MonitorStatusBar", "● Reconnecting"),
    ConnectionState.REFUSED: QT_TRANSLATE_NOOP("MonitorStatusBar", "● Refused"),
}


class MonitorStatusBar(QStatusBar):
    """Feed it with :meth:`set_connection`, :meth:`set_rtt`, :meth:`set_rate`,
    :meth:`set_pending`, :meth:`set_store_health`; the reconnect countdown ticks on its
    own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connection_label = QLabel(self.tr("● Offline"))
        self.connection_label.setObjectName("connectionState")
        self.rtt_label = QLabel(self.tr("heartbeat —"))
        self.rate_label = QLabel()
        self.pending_label = QLabel()
        self.set_rate(0.0)
        self.set_pending(0)
        self.tls_label = QLabel(self.tr("⚠ TLS verification OFF"))
        self.tls_label.setToolTip(
            self.tr(
                "The server's certificate is not checked: anyone on the network path could "
                "pretend to be the server. Use only for testing."
            )
        )
        self.demo_label = QLabel(self.tr("DEMO SERVER"))
        self.demo_label.setToolTip(
            self.tr("Connected to the built-in simulator, not a real eWallet")
        )
        # Shown only while the event history has a problem (see set_store_health).
        self.store_label = QLabel()
        self.store_label.setObjectName("storeHealth")
        # Shown only while sound cannot play; never widens the window (the tooltip has it all).
        self.sound_label = QLabel()
        self.sound_label.setObjectName("soundState")
        self.sound_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        for label in (self.store_label, self.demo_label, self.tls_label):
            label.hide()
            self.addPermanentWidget(label)
        self.addWidget(self.connection_label, 1)
        self.sound_label.hide()
        self.addWidget(self.sound_label, 1)
        for label in (self.pending_label, self.rtt_label, self.rate_label):
            self.addPermanentWidget(label)
        self._state = ConnectionState.OFFLINE
        self._retry_deadline: float | None = None
        self._event: ConnectionStateChanged | None = None
        self._countdown = QTimer(self)
        self._countdown.setInterval(500)
        self._countdown.timeout.connect(self._render_connection)
        self.apply_theme()

    @property
    def connection_text(self) -> str:
        return self.connection_label.text()

    def apply_theme(self) -> None:
        colors = card_colors(is_dark_mode())
        warning = (
            f"background: {colors['failed_bg']}; color: {colors['error_fg']};"
            " font-weight: bold; padding: 1px 6px;"
        )
        for label in (self.store_label, self.tls_label):
            label.setStyleSheet(warning)
        self.demo_label.setStyleSheet(
            f"background: {colors['demo_bg']}; color: {colors['demo_fg']};"
            " font-weight: bold; padding: 1px 6px;"
        )
        self._render_connection()

    def set_sound_problem(self, reason: str) -> None:
        """ "Sound: unavailable — why" while sound cannot play ("" hides it)."""
        text = self.tr("Sound: unavailable — {reason}").format(reason=reason) if reason else ""
        self.sound_label.setText(text)
        self.sound_label.setToolTip(
            self.tr("{problem}. Cards pulse instead.").format(problem=text) if reason else ""
        )
        self.sound_label.setVisible(bool(reason))

    def set_demo(self, demo: bool) -> None:
        self.demo_label.setVisible(demo)

    def set_insecure(self, insecure: bool) -> None:
        self.tls_label.setVisible(insecure)

    def set_connection(self, event: ConnectionStateChanged) -> None:
        self._event = event
        self._state = event.state
        if event.state is ConnectionState.RECONNECTING and event.retry_in is not None:
            self._retry_deadline = time.monotonic() + event.retry_in
            self._countdown.start()
        else:
            self._retry_deadline = None
            self._countdown.stop()
        if event.state is not ConnectionState.CONNECTED:
            self.rtt_label.setText(self.tr("heartbeat —"))
        self._render_connection()

    def set_offline(self) -> None:
        self._event = None
        self._state = ConnectionState.OFFLINE
        self._countdown.stop()
        self._render_connection()

    def set_store_health(self, last_error: str | None, dropped: int, outage: str = "") -> None:
        """Show the event history's trouble: a write that keeps failing (it is retried;
        nothing received is lost while it lasts) and events it could not store at all.
        ``outage`` is the shared history's own state while it cannot be reached or is
        being written back ("History database unreachable — spooling locally (N
        events)"), shown in place of the write failure. Hidden while none applies."""
        problems: list[str] = []
        details: list[str] = []
        if outage:
            problems.append(f"⚠ {protocol_text(outage)}")
            details.append(
                self.tr(
                    "The shared history database (PostgreSQL) cannot be reached: every event "
                    "is kept in a local spool in the data folder and written to the database, "
                    "in order and once each, when it answers again. Claims cannot be taken "
                    "meanwhile. Last error: {error}."
                ).format(error=last_error or "none")
            )
        elif last_error:
            problems.append(self.tr("⚠ History not saving — retrying"))
            details.append(
                self.tr(
                    "The event history cannot be written: {error}. Events are kept and "
                    "written as soon as the database accepts them (another program may be "
                    "holding it, or the disk may be full)."
                ).format(error=last_error)
            )
        if dropped:
            problems.append(self.tr("⚠ %n event(s) not saved", "", dropped))
            details.append(
                self.tr(
                    "%n event(s) could not be stored in the history at all; "
                    "each one is described in the log.",
                    "",
                    dropped,
                )
            )
        self.store_label.setText(" · ".join(problems))
        self.store_label.setToolTip("\n\n".join(details))
        self.store_label.setVisible(bool(problems))

    def set_rtt(self, rtt_ms: float) -> None:
        self.rtt_label.setText(self.tr("heartbeat {ms} ms").format(ms=number_text(rtt_ms)))

    def set_rate(self, events_per_second: float) -> None:
        self.rate_label.setText(
            self.tr("{rate} events/s").format(rate=number_text(events_per_second, 1))
        )

    def set_pending(self, count: int) -> None:
        self.pending_label.setText(self.tr("%n waiting", "", count))
        font = self.pending_label.font()
        font.setBold(count > 0)
        self.pending_label.setFont(font)

    def _render_connection(self) -> None:
        state = self._state
        text = self.tr(_STATE_TEXT[state])
        event = self._event
        if state is ConnectionState.RECONNECTING:
            if self._retry_deadline is not None:
                left = max(0.0, self._retry_deadline - time.monotonic())
                text = self.tr("● Reconnecting in {seconds} s").format(seconds=f"{left:.0f}")
            if event is not None and event.detail:
                text += f" — {event.detail}"
        elif state is ConnectionState.REFUSED and event is not None:
            text = self.tr("● Refused: {reason}").format(
                reason=explain_connection(event.code, event.detail)
            )
        elif state is ConnectionState.CONNECTED and event is not None and event.url:
            text = self.tr("● Connected to {url}").format(url=event.url)
        self.connection_label.setText(text)
        self.connection_label.setToolTip(event.detail if event is not None else "")
        colors = card_colors(is_dark_mode())
        color = {
            ConnectionState.CONNECTED: colors["normal"],
            ConnectionState.RECONNECTING: colors["amber"],
            ConnectionState.CONNECTING: colors["amber"],
            ConnectionState.REFUSED: colors["red"],
            ConnectionState.OFFLINE: colors["muted"],
        }[state]
        self.connection_label.setStyleSheet(f"color: {color}; font-weight: bold;")
