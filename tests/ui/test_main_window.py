"""The assembled window: menus and shortcuts, banners, settings kept (never secrets)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from ewallet_monitor.app.gui import Assembly
from ewallet_monitor.protocol.auth import AuthScheme
from ewallet_monitor.protocol.events import ConnectionState, ConnectionStateChanged
from ewallet_monitor.settings import keys
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.ui.window_layout import WindowLayout, dock_state_setting
from tests.controllers.test_monitor_controller import RecordingClient, ScriptedApi
from tests.models.samples import at


def ini(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def parts(
    build: Callable[..., Assembly], qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> Iterator[Assembly]:
    assembly = build(ini(tmp_path), client_factory=RecordingClient, api_factory=ScriptedApi)
    yield assembly
    assembly.window.close()
    qasync_loop.run_until_complete(assembly.controller.shutdown())


def shortcut_texts(action: Any) -> list[str]:
    return [s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()]


def test_frequent_actions_have_shortcuts(parts: Assembly) -> None:
    window = parts.window
    assert "Ctrl+Return" in shortcut_texts(window.approve_action)
    assert shortcut_texts(window.reject_action) == ["Ctrl+Backspace"]
    assert shortcut_texts(window.quit_action) == ["Ctrl+Q"]
    assert shortcut_texts(window.connect_action) == ["Ctrl+K"]
    assert shortcut_texts(window.heartbeats_action) == ["Ctrl+H"]
    assert shortcut_texts(window.mute_action) == ["Ctrl+M"]
    assert shortcut_texts(window.find_action) == ["Ctrl+F"]


def test_menus_hold_file_view_and_help(parts: Assembly) -> None:
    titles = [action.text() for action in parts.window.menuBar().actions()]
    assert titles == ["&File", "&Approvals", "&View", "&Help"]


def test_no_demo_banner_outside_demo_mode(parts: Assembly) -> None:
    assert not parts.window.demo_banner.isVisibleTo(parts.window)
    assert not parts.window.status.demo_label.isVisibleTo(parts.window)


def test_demo_mode_says_so(build: Callable[..., Assembly], qtbot: Any, tmp_path: Path) -> None:
    assembly = build(ini(tmp_path), demo_mode="cashier")
    window = assembly.window
    assert window.demo_banner.isVisibleTo(window)
    assert "credentials are public" in window.demo_banner.text()
    assert window.status.demo_label.isVisibleTo(window)


def test_about_opens_without_blocking_and_lists_versions(parts: Assembly) -> None:
    box = parts.window.findChild(QMessageBox)
    assert box is None
    parts.window.about_action.trigger()
    box = parts.window.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    for name in ("Qt", "PySide6", "Python", "websockets", "aiohttp"):
        assert name in box.text()
    box.close()


def test_connecting_keeps_the_settings_but_never_the_secret(
    parts: Assembly, qasync_loop: asyncio.AbstractEventLoop
) -> None:
    window = parts.window
    window.connection_form.set_values(
        url="https://ewallet.example.com",
        scheme=AuthScheme.OMG_PROVIDER,
        key="access-1",
        secret="very-secret-value",
        topics=["account:acc_01cbfg9qtdken61agxhx6wvj9h"],
        verify_tls=False,
    )
    window.connection_form.submit()
    assert parts.controller.is_running
    assert window.status.tls_label.isVisibleTo(window)
    assert parts.controller.client.joined == ["account:acc_01cbfg9qtdken61agxhx6wvj9h"]
    window.save_settings()
    store = window.settings.store
    stored = {key: store.value(key) for key in store.allKeys()}
    assert stored[keys.LAST_KEY.key] == "access-1"
    assert all("very-secret-value" not in str(value) for value in stored.values())
    text = Path(store.fileName()).read_text(encoding="utf-8")
    assert "very-secret-value" not in text


def test_the_last_connection_is_offered_next_time(
    build: Callable[..., Assembly], qtbot: Any, tmp_path: Path
) -> None:
    settings = ini(tmp_path)
    settings.set(keys.LAST_URL, "https://ewallet.example.com")
    settings.set(keys.LAST_SCHEME, "OMGAdmin")
    settings.set(keys.LAST_KEY, "admin-1")
    settings.set(keys.LAST_TOPICS, "user:usr_01cbfg9qtdken61agxhx6wvj9h")
    assembly = build(settings)
    form = assembly.window.connection_form
    assert form.url_edit.text() == "https://ewallet.example.com"
    assert form.scheme is AuthScheme.OMG_ADMIN
    assert form.key_edit.text() == "admin-1"
    assert form.secret_edit.text() == ""
    assert form.topic_lines() == ["user:usr_01cbfg9qtdken61agxhx6wvj9h"]


def test_window_geometry_is_restored(
    build: Callable[..., Assembly], qtbot: Any, tmp_path: Path
) -> None:
    settings = ini(tmp_path)
    first = build(settings).window
    first.set_layout(WindowLayout.CASHIER)  # its minimum fits the offscreen screen (800x600)
    first.resize(720, 520)
    first.show()
    assert first.size().toTuple() == (720, 520)
    first.close()
    assert not ini(tmp_path).get(dock_state_setting("(default)", WindowLayout.CASHIER)).isEmpty()
    second = build(ini(tmp_path)).window
    assert second.window_layout is WindowLayout.CASHIER
    assert second.size().toTuple() == (720, 520)


def test_mute_and_heartbeats_are_remembered(parts: Assembly) -> None:
    window = parts.window
    window.mute_action.trigger()
    assert window.notifier.muted
    assert window.queue_view.mute_button.text() == "Sound: muted"
    window.heartbeats_action.trigger()
    assert window.settings.get(keys.MUTED)
    assert window.settings.get(keys.SHOW_HEARTBEATS)


def test_errors_from_the_controller_show_in_a_banner(parts: Assembly) -> None:
    parts.controller.error_reported.emit("Something went wrong in the background.", "detail")
    banner = parts.window.error_banner
    assert banner.isVisibleTo(parts.window)
    assert banner.summary == "Something went wrong in the background."


def test_a_refusal_opens_the_form_with_a_plain_reason(parts: Assembly) -> None:
    event = ConnectionStateChanged(
        ConnectionState.REFUSED, at(), detail="HTTP 403", code="http_403"
    )
    parts.controller.handle_event(event)
    form = parts.window.connection_form
    assert "refused these credentials" in form.error_banner.summary
    assert "http_403" in form.error_banner.detail


def test_a_request_while_in_the_background_notifies(parts: Assembly) -> None:
    from tests.models.samples import request_event

    parts.controller.handle_event(request_event())
    # Offscreen the window is never the active one: the notifier fires (no tray: no crash).
    assert parts.window.notifier.notifications_sent == 1
    assert parts.window.windowTitle().startswith("(1) ")
    parts.window.notifier.set_muted(True)
    parts.controller.handle_event(request_event(consumption_id="txc_other"))
    assert parts.window.notifier.notifications_sent == 1


def test_the_window_follows_a_dark_palette(parts: Assembly, qapp: Any) -> None:
    from PySide6.QtGui import QColor, QPalette

    from ewallet_monitor.ui.theme import card_colors, is_dark_mode

    before = qapp.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    try:
        qapp.setPalette(dark)
        assert is_dark_mode()
        # The palette change reaches the window, which restyles itself.
        qapp.processEvents()
        assert card_colors(True)["demo_bg"] in parts.window.demo_banner.styleSheet()
    finally:
        qapp.setPalette(before)
        qapp.processEvents()
    assert card_colors(False)["demo_bg"] in parts.window.demo_banner.styleSheet()
