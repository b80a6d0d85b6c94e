"""Every control of the main window and its dialogs has a name a screen reader can read
(asked through QAccessible, as Orca gets it over AT-SPI), and form labels are buddies."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from ewallet_monitor.app.gui import Assembly, build_window
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.store.event_store import EventStore
from ewallet_monitor.ui.accessibility import (
    accessible_name,
    interactive_controls,
    name_controls,
    unnamed_controls,
)
from ewallet_monitor.ui.add_channel_dialog import AddChannelDialog
from ewallet_monitor.ui.export_dialog import ExportDialog
from ewallet_monitor.ui.history_view import HistoryDialog
from tests.controllers.test_monitor_controller import RecordingClient, ScriptedApi
from tests.models.samples import request_event


def describe(widget: QWidget) -> str:
    chain = []
    current: QWidget | None = widget
    while current is not None and len(chain) < 5:
        chain.append(f"{type(current).__name__}#{current.objectName()}")
        current = current.parentWidget()
    return " < ".join(chain)


@pytest.fixture
def parts(qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[Assembly]:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assembly = build_window(settings, client_factory=RecordingClient, api_factory=ScriptedApi)
    qtbot.addWidget(assembly.window)
    assembly.window.show()
    yield assembly
    assembly.window.close()
    qasync_loop.run_until_complete(assembly.controller.shutdown())


def test_every_control_of_the_main_window_has_a_name(parts: Assembly) -> None:
    parts.controller.handle_event(request_event())
    controls = interactive_controls(parts.window)
    assert len(controls) > 40  # the walk sees the whole window, docks included
    unnamed = unnamed_controls(parts.window)
    assert not unnamed, "\n".join(describe(widget) for widget in unnamed)


def test_the_big_views_have_names_and_descriptions(parts: Assembly) -> None:
    window = parts.window
    for view, name in (
        (window.event_log_view.table, "Events"),
        (window.channel_view.tree, "Channels"),
        (window.queue_view.list_view, "Payments waiting"),
        (window.queue_view.history_view, "Decided payments"),
        (window.event_log_view.detail.tree, "Frame as a tree"),
    ):
        assert accessible_name(view) == name
        assert view.accessibleDescription()


def test_form_labels_are_buddies_of_their_fields(parts: Assembly) -> None:
    form = parts.window.connection_form
    labelled = [label for label in form.findChildren(QLabel) if label.buddy() is not None]
    edits = [edit for edit in form.findChildren(QLineEdit) if edit.isVisibleTo(form)]
    assert labelled, "no label of the connection form has a buddy"
    buddies = {label.buddy() for label in labelled}
    missing = [describe(e) for e in edits if e not in buddies and not e.accessibleName()]
    assert not missing, missing
    # The label's text is what a screen reader says for the field.
    for label in labelled:
        field = label.buddy()
        assert accessible_name(field), describe(field)


@pytest.mark.parametrize("make", ["add_channel", "export", "history"])
def test_every_control_of_each_dialog_has_a_name(
    parts: Assembly, qtbot: Any, tmp_path: Path, make: str
) -> None:
    dialog: QDialog
    if make == "add_channel":
        dialog = AddChannelDialog([], parts.window)
    else:
        store = EventStore(tmp_path / "events.db")
        try:
            dialog = (
                ExportDialog(store, parts.window)
                if make == "export"
                else HistoryDialog(store, parts.window)
            )
        finally:
            store.close()
    qtbot.addWidget(dialog)
    dialog.show()
    unnamed = unnamed_controls(dialog)
    assert not unnamed, "\n".join(describe(widget) for widget in unnamed)


def test_a_name_set_in_the_code_is_kept(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    edit = QLineEdit(host)
    edit.setPlaceholderText("typed here")
    edit.setAccessibleName("Server address")
    other = QLineEdit(host)
    other.setToolTip("Where the server listens. Example: https://host")
    assert name_controls(host) == 1
    assert accessible_name(edit) == "Server address"
    assert accessible_name(other) == "Where the server listens"
