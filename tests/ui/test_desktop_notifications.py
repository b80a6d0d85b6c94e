"""Desktop notifications over a real session bus (dbus-daemon) to a notification server
the test runs, and sound that says when it cannot play (real players, no audio server)."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from ewallet_monitor.app.gui import Assembly
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.ui.desktop_notifications import (
    NOTIFY_SIGNATURE,
    URGENCY_CRITICAL,
    URGENCY_NORMAL,
    DesktopNotifications,
)
from ewallet_monitor.ui.notifications import Notifier, pulse, pulse_strength
from ewallet_monitor.ui.sound import NO_PLAYER, Backend, SoundEvent, SoundPlayer, find_backend
from tests.controllers.test_monitor_controller import RecordingClient, ScriptedApi
from tests.models.samples import finalized_event, request_event
from tests.ui.session_bus import NotificationServer

WAIT_MS = 5000


class Window(QWidget):
    """A window whose focus the test decides (offscreen no window is ever active)."""

    active = False

    def isActiveWindow(self) -> bool:
        return self.active


def recording_player(directory: Path, name: str = "paplay", exit_code: int = 0) -> Path:
    """A real program standing in for a sound player: it writes its arguments to a file."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / name
    script.write_text(
        f'#!/bin/sh\necho "$@" >> "{directory}/played.txt"\n'
        f'[ {exit_code} -eq 0 ] || echo "no audio device here" >&2\nexit {exit_code}\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def played(directory: Path) -> list[str]:
    path = directory / "played.txt"
    return path.read_text().splitlines() if path.exists() else []


@pytest.fixture
def window(qtbot: Any) -> Window:
    widget = Window()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def quiet_sound(tmp_path: Path, qtbot: Any) -> SoundPlayer:
    return SoundPlayer(backend=Backend(str(recording_player(tmp_path / "player")), False))


def wait_calls(qtbot: Any, server: NotificationServer, count: int) -> None:
    qtbot.waitUntil(lambda: len(server.calls) >= count, timeout=WAIT_MS)


# -- desktop notifications -------------------------------------------------------------------


def test_a_payment_request_is_a_critical_notification_with_amount_and_customer(
    qtbot: Any, notification_server: NotificationServer, window: Window, quiet_sound: SoundPlayer
) -> None:
    notifier = Notifier(window, sound=quiet_sound)
    assert notifier.desktop.available, notifier.desktop.reason
    assert not notifier.has_tray  # the tray is only the fallback
    assert notifier.payment_arrived("txc_1", "1,234.5 OMG", "Alice Tan", 95.0)
    wait_calls(qtbot, notification_server, 1)
    (call,) = notification_server.calls
    assert call.signature == NOTIFY_SIGNATURE == "susssasa{sv}i"
    assert call.replaces_id == 0
    assert call.summary == "Payment waiting: 1,234.5 OMG"
    assert call.body == "from Alice Tan — expires in 1:35"
    assert call.hints["urgency"] == ("y", URGENCY_CRITICAL)
    assert call.hints["desktop-entry"] == ("s", "io.github.ewallet_monitor.EwalletMonitor")
    # Our own player rings: the server must not add its own sound.
    assert call.hints["suppress-sound"] == ("b", True)
    assert "sound-name" not in call.hints  # the server did not say it plays sounds
    assert call.actions == ["default", "Open", "open", "Open"]  # no Approve in a bubble
    assert call.expire_timeout == 0
    assert call.icon.startswith("file://") and call.icon.endswith(".svg")


def test_the_bubble_is_updated_in_place_as_it_counts_down_and_settles(
    qtbot: Any, notification_server: NotificationServer, window: Window, quiet_sound: SoundPlayer
) -> None:
    notifier = Notifier(window, sound=quiet_sound)
    notifier.payment_arrived("txc_1", "5 OMG", "Bob", 45.0)
    wait_calls(qtbot, notification_server, 1)
    qtbot.waitUntil(lambda: notifier.desktop.server_id("txc_1") != 0, timeout=WAIT_MS)
    first_id = notification_server.calls[0].returned_id
    notifier.countdown("txc_1", 44.0)  # same 10-second step: no call
    notifier.countdown("txc_1", 39.5)
    wait_calls(qtbot, notification_server, 2)
    notifier.payment_settled("txc_1", "confirmed")
    wait_calls(qtbot, notification_server, 3)
    _first, tick, settled = notification_server.calls
    assert tick.replaces_id == first_id and tick.body == "from Bob — expires in 0:40"
    assert tick.hints["urgency"] == ("y", URGENCY_CRITICAL)
    assert settled.replaces_id == first_id
    assert settled.summary == "Payment confirmed: 5 OMG"
    assert settled.hints["urgency"] == ("y", URGENCY_NORMAL)
    assert not notifier.desktop.is_tracked("txc_1")
    assert len(notification_server.calls) == 3


def test_an_update_before_the_first_reply_waits_for_the_id(
    qtbot: Any, notification_server: NotificationServer, window: Window, quiet_sound: SoundPlayer
) -> None:
    notifier = Notifier(window, sound=quiet_sound)
    notifier.payment_arrived("txc_1", "5 OMG", "Bob", 30.0)
    notifier.payment_settled("txc_1", "rejected")  # before the server answered the first
    wait_calls(qtbot, notification_server, 2)
    first, settled = notification_server.calls
    assert settled.replaces_id == first.returned_id
    assert settled.summary == "Payment rejected: 5 OMG"


def test_a_dismissed_bubble_is_not_brought_back_by_the_countdown(
    qtbot: Any, notification_server: NotificationServer, window: Window, quiet_sound: SoundPlayer
) -> None:
    notifier = Notifier(window, sound=quiet_sound)
    notifier.payment_arrived("txc_1", "5 OMG", "Bob", 45.0)
    qtbot.waitUntil(lambda: notifier.desktop.server_id("txc_1") != 0, timeout=WAIT_MS)
    with qtbot.waitSignal(notifier.desktop.closed, timeout=WAIT_MS):
        notification_server.close(notifier.desktop.server_id("txc_1"))
    notifier.countdown("txc_1", 12.0)
    qtbot.wait(200)
    assert len(notification_server.calls) == 1


def test_the_sound_name_hint_goes_where_the_server_plays_sounds(
    qtbot: Any, session_bus: str, window: Window, tmp_path: Path
) -> None:
    server = NotificationServer(("actions", "body", "sound"))
    try:
        sound = SoundPlayer(backend=Backend(str(recording_player(tmp_path / "p")), False))
        notifier = Notifier(window, sound=sound)
        notifier.payment_arrived("txc_1", "5 OMG", "Bob", None)
        wait_calls(qtbot, server, 1)
        call = server.calls[0]
        assert call.hints["sound-name"] == ("s", "message-new-instant")
        assert "suppress-sound" not in call.hints
        assert call.body == "from Bob"
        qtbot.wait(200)
        assert played(tmp_path / "p") == []  # the server rings, not both
    finally:
        server.stop()


def test_without_a_notification_server_nothing_is_sent_and_the_reason_is_known(
    session_bus: str, window: Window, quiet_sound: SoundPlayer
) -> None:
    desktop = DesktopNotifications()
    assert not desktop.available
    assert desktop.reason == "no notification server on the session bus"
    notifier = Notifier(window, desktop=desktop, sound=quiet_sound)
    # Offscreen there is no tray either: counted, nothing crashes.
    assert notifier.payment_arrived("txc_1", "5 OMG", "Bob", 30.0)
    assert notifier.notifications_sent == 1


def test_without_a_session_bus_the_reason_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/nonexistent-runtime-dir")
    desktop = DesktopNotifications()
    assert not desktop.available and desktop.reason


def test_no_bubble_while_the_window_is_in_front_but_the_sound_still_plays(
    qtbot: Any, notification_server: NotificationServer, window: Window, tmp_path: Path
) -> None:
    sound = SoundPlayer(backend=Backend(str(recording_player(tmp_path / "p")), False))
    notifier = Notifier(window, sound=sound)
    window.active = True
    assert not notifier.payment_arrived("txc_1", "5 OMG", "Bob", 30.0)
    qtbot.waitUntil(lambda: len(played(tmp_path / "p")) == 1, timeout=WAIT_MS)
    notifier.payment_settled("txc_1", "confirmed")
    qtbot.waitUntil(lambda: len(played(tmp_path / "p")) == 2, timeout=WAIT_MS)
    assert notification_server.calls == []
    # Muted: neither.
    notifier.set_muted(True)
    notifier.payment_arrived("txc_2", "5 OMG", "Bob", 30.0)
    notifier.payment_settled("txc_2", "expired")
    qtbot.wait(200)
    assert len(played(tmp_path / "p")) == 2


# -- sound ---------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("paplay") is None, reason="needs paplay (pulseaudio-utils)")
def test_with_no_audio_server_the_button_says_why_the_log_too_and_the_card_pulses(
    build: Callable[..., Assembly],
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # No PulseAudio or PipeWire to talk to: the real paplay fails as it does on such a desk.
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-such-audio-server")
    monkeypatch.setenv("PATH", f"{Path(shutil.which('paplay') or '').parent}")
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    parts: Assembly = build(settings, client_factory=RecordingClient, api_factory=ScriptedApi)
    try:
        notifier = parts.window.notifier
        assert notifier.sound.backend is not None and notifier.sound.backend.program == "paplay"
        assert parts.window.queue_view.mute_button.text() == "Sound: on"
        caplog.set_level(logging.WARNING, logger="ewallet_monitor.ui.sound")
        with qtbot.waitSignal(notifier.pulse_requested, timeout=WAIT_MS) as pulsed:
            parts.controller.handle_event(request_event(consumption_id="txc_loud"))
        assert pulsed.args == ["txc_loud"]
        assert parts.window.queue_view.mute_button.text() == "Sound: unavailable"
        text = parts.window.status.sound_label.text()
        assert text.startswith("Sound: unavailable — paplay: "), text
        assert parts.window.status.sound_label.isVisibleTo(parts.window)
        assert (
            "Connection refused" in notifier.sound.reason or "No such file" in notifier.sound.reason
        )
        assert notifier.sound.reason in parts.window.queue_view.mute_button.toolTip()
        assert any("sound unavailable: paplay" in r.getMessage() for r in caplog.records)
        card = parts.window.queue_view.card_widget("txc_loud")
        assert card is not None
        assert any(type(child).__name__ == "_PulseOverlay" for child in card.children())
    finally:
        parts.window.close()
        qasync_loop.run_until_complete(parts.controller.shutdown())


def test_with_no_player_at_all_it_says_so_at_once(
    qtbot: Any, window: Window, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_backend() is None
    sound = SoundPlayer()
    assert not sound.available and sound.reason == NO_PLAYER
    notifier = Notifier(window, sound=sound)
    assert notifier.sound_problem == NO_PLAYER
    with qtbot.waitSignal(notifier.pulse_requested, timeout=WAIT_MS) as pulsed:
        notifier.payment_arrived("txc_1", "5 OMG", "Bob", None)
    assert pulsed.args == ["txc_1"]


def test_a_player_that_works_again_clears_the_problem(qtbot: Any, tmp_path: Path) -> None:
    failing = recording_player(tmp_path / "bad", exit_code=1)
    sound = SoundPlayer(backend=Backend(str(failing), False), retry_after=0.0)
    with qtbot.waitSignal(sound.availability_changed, timeout=WAIT_MS) as changed:
        sound.play(SoundEvent.ARRIVAL)
    assert changed.args == [False, "paplay: no audio device here"]
    failing.write_text("#!/bin/sh\nexit 0\n")
    qtbot.waitUntil(lambda: sound.play(SoundEvent.CONFIRMED) and sound.available, timeout=WAIT_MS)
    assert sound.reason == ""


def test_a_widget_pulses_once_at_a_time_and_the_overlay_goes_when_it_ends(
    qtbot: Any, window: Window
) -> None:
    target = QWidget(window)
    target.resize(200, 80)
    window.show()
    first = pulse(target)
    assert pulse(target) is first  # a payment arriving mid-pulse does not stack another
    overlays = target.findChildren(QWidget)
    assert overlays == [first]
    assert first.geometry() == target.rect()
    qtbot.waitUntil(lambda: first.strength > 0.5, timeout=WAIT_MS)  # it does light up
    qtbot.waitUntil(lambda: not target.findChildren(QWidget), timeout=WAIT_MS)
    assert pulse(target) is not first  # the next payment pulses again


def test_the_pulse_fades_in_and_out_three_times() -> None:
    strengths = [pulse_strength(step / 60) for step in range(61)]
    assert strengths[0] == strengths[-1] == 0.0
    peaks = [i for i in range(1, 60) if strengths[i - 1] < strengths[i] >= strengths[i + 1]]
    assert len(peaks) == 3 and all(strengths[i] == pytest.approx(0.8) for i in peaks)


def test_a_failed_player_is_left_alone_for_a_while_and_then_tried_again(
    qtbot: Any, tmp_path: Path
) -> None:
    failing = recording_player(tmp_path / "bad", exit_code=1)
    sound = SoundPlayer(backend=Backend(str(failing), False), retry_after=0.5)
    with qtbot.waitSignal(sound.availability_changed, timeout=WAIT_MS):
        sound.play(SoundEvent.ARRIVAL)
    assert len(played(tmp_path / "bad")) == 1
    # Within the pause: failed at once (the card can pulse now), no process started.
    with qtbot.waitSignal(sound.failed, timeout=0) as failed:
        assert not sound.play(SoundEvent.ARRIVAL)
    assert failed.args == [SoundEvent.ARRIVAL]
    qtbot.wait(100)
    assert len(played(tmp_path / "bad")) == 1
    # After it, the player is tried again: one that works now clears the problem.
    failing.write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/bad/played.txt"\nexit 0\n')
    qtbot.wait(500)
    with qtbot.waitSignal(sound.availability_changed, timeout=WAIT_MS) as changed:
        assert sound.play(SoundEvent.CONFIRMED)
    assert changed.args == [True, ""]
    assert len(played(tmp_path / "bad")) == 2


def test_sounds_use_the_xdg_theme_names_when_the_theme_is_installed(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme = tmp_path / "share/sounds/freedesktop/stereo"
    theme.mkdir(parents=True)
    for name in ("message-new-instant", "complete"):
        (theme / f"{name}.oga").write_bytes(b"OggS")
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home-share"))
    recording_player(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    sound = SoundPlayer()
    assert sound.backend == Backend("paplay", by_name=False)
    sound.play(SoundEvent.ARRIVAL)
    qtbot.waitUntil(lambda: len(played(tmp_path / "bin")) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sound.play(SoundEvent.CONFIRMED), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(played(tmp_path / "bin")) == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sound.play(SoundEvent.NOT_CONFIRMED), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(played(tmp_path / "bin")) == 3, timeout=WAIT_MS)
    arrival, confirmed, other = played(tmp_path / "bin")
    assert arrival == str(theme / "message-new-instant.oga")
    assert confirmed == str(theme / "complete.oga")
    assert other.endswith("sounds/request.wav")  # no dialog-warning in this theme: ours


def test_canberra_plays_by_theme_name(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording_player(tmp_path / "bin", name="canberra-gtk-play")
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + os.environ.get("PATH", ""))
    sound = SoundPlayer()
    assert sound.backend == Backend("canberra-gtk-play", by_name=True)
    sound.play(SoundEvent.CONFIRMED)
    qtbot.waitUntil(lambda: len(played(tmp_path / "bin")) == 1, timeout=WAIT_MS)
    assert played(tmp_path / "bin")[0].startswith("-i complete -d eWallet monitor -f ")


# Last in this file: after a whole window has run on the qasync loop, the socket notifiers of
# the connections and players made by later tests here sometimes never fired (their D-Bus
# replies and QProcess exits were not seen); the cause is not yet known.
def test_open_raises_the_window_on_that_card(
    build: Callable[..., Assembly],
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    notification_server: NotificationServer,
    tmp_path: Path,
) -> None:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    parts: Assembly = build(settings, client_factory=RecordingClient, api_factory=ScriptedApi)
    # What run_window does once the window has painted.
    parts.window.notifier.start_desktop()
    try:
        parts.controller.handle_event(request_event(consumption_id="txc_first"))
        parts.controller.handle_event(request_event(consumption_id="txc_second"))
        wait_calls(qtbot, notification_server, 2)
        qtbot.waitUntil(
            lambda: parts.window.notifier.desktop.server_id("txc_first") != 0, timeout=WAIT_MS
        )
        parts.window.queue_view.select("txc_second")
        server_id = parts.window.notifier.desktop.server_id("txc_first")
        with qtbot.waitSignal(parts.window.notifier.open_requested, timeout=WAIT_MS) as opened:
            notification_server.invoke(server_id, "open")
        assert opened.args == ["txc_first"]
        assert parts.window.queue_view.selected_id == "txc_first"
        assert parts.window.isVisible()
        # Settled by the server: the bubble says so in place.
        parts.controller.handle_event(finalized_event("confirmed", consumption_id="txc_first"))
        qtbot.waitUntil(
            lambda: any(
                c.replaces_id == server_id and "confirmed" in c.summary
                for c in notification_server.calls
            ),
            timeout=WAIT_MS,
        )
    finally:
        # Let go of the bus before its daemon goes (the tests after this one use new
        # connections on new buses).
        parts.window.notifier.desktop.close()
        parts.window.close()
        qasync_loop.run_until_complete(parts.controller.shutdown())
