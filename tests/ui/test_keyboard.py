"""Every function of the window is reachable by keyboard: each menu and each of its
entries has a mnemonic (Alt+letter), unique in its menu; the frequent ones have
shortcuts, which go where they say in both layouts; and docs/accessibility.md lists every
shortcut the window has."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from ewallet_monitor.app.gui import Assembly
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.ui.window_layout import WindowLayout
from tests.controllers.test_monitor_controller import RecordingClient, ScriptedApi
from tests.models.samples import request_event

DOC = Path(__file__).resolve().parents[2] / "docs" / "accessibility.md"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def parts(
    build: Callable[..., Assembly],
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> Iterator[Assembly]:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assembly = build(settings, client_factory=RecordingClient, api_factory=ScriptedApi)
    window = assembly.window
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    try:
        yield assembly
    finally:
        window.quit_without_asking()
        qasync_loop.run_until_complete(assembly.controller.shutdown())


def mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text)
    return match.group(1).lower() if match else None


def test_every_menu_and_entry_has_its_own_mnemonic(parts: Assembly) -> None:
    bar = parts.window.menuBar()
    menus = [action for action in bar.actions() if action.menu() is not None]
    assert [mnemonic(a.text()) for a in menus] == ["f", "a", "v", "h"]
    for menu_action in menus:
        menu = menu_action.menu()
        assert isinstance(menu, QMenu)
        entries = [a for a in menu.actions() if not a.isSeparator()]
        letters = [mnemonic(a.text()) for a in entries]
        missing = [a.text() for a in entries if mnemonic(a.text()) is None]
        assert not missing, f"{menu_action.text()}: no mnemonic in {missing}"
        assert len(set(letters)) == len(letters), f"{menu_action.text()}: {letters}"


def test_the_frequent_functions_have_shortcuts(parts: Assembly) -> None:
    window = parts.window
    shortcuts = {
        window.approve_action: "Ctrl+Return",
        window.reject_action: "Ctrl+Backspace",
        window.focus_queue_action: "Ctrl+1",
        window.focus_events_action: "Ctrl+2",
        window.find_action: QKeySequence(QKeySequence.StandardKey.Find).toString(),
        window.connect_action: "Ctrl+K",
        window.layout_actions[WindowLayout.CASHIER]: "Ctrl+Shift+C",
        window.layout_actions[WindowLayout.OPERATOR]: "Ctrl+Shift+O",
        window.mute_action: "Ctrl+M",
        window.about_action: "F1",
    }
    for action, keys in shortcuts.items():
        assert action.shortcut().toString() == keys, action.text()
        assert action in window.actions(), f"{action.text()} works with the menu bar hidden"


def test_the_documentation_lists_every_shortcut(parts: Assembly) -> None:
    doc = DOC.read_text(encoding="utf-8")
    missing = []
    for action in parts.window.actions():
        for sequence in action.shortcuts():
            keys = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if keys and f"`{keys}`" not in doc:
                missing.append(f"{keys} ({action.text()})")
    assert not missing, f"not in docs/accessibility.md: {missing}"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


@pytest.mark.parametrize("layout", list(WindowLayout))
def test_the_focus_shortcuts_go_where_they_say(
    parts: Assembly, qtbot: Any, layout: WindowLayout
) -> None:
    window = parts.window
    window.set_layout(layout)
    parts.controller.handle_event(request_event())
    window.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

    QTest.keyClick(focused(), Qt.Key.Key_1, CTRL)
    assert focused() is window.queue_view.list_view
    assert window.queue_view.selected_id is not None

    QTest.keyClick(focused(), Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(window.event_log_view.table.isVisible)
    assert focused() is window.event_log_view.table

    QTest.keyClick(focused(), Qt.Key.Key_F, CTRL)
    assert focused() is window.event_log_view.filter_edit

    QTest.keyClick(focused(), Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(window.connection_form.url_edit.isVisible)
    assert focused() is window.connection_form.url_edit


def test_the_menus_open_from_the_keyboard(parts: Assembly, qtbot: Any) -> None:
    window = parts.window
    window.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and menu.title() == "&View"
    QTest.keyClick(menu, Qt.Key.Key_C)  # &Cashier layout
    qtbot.waitUntil(lambda: window.window_layout is WindowLayout.CASHIER)
