"""The window's colouring rules: applied in the live log and History, edited in a dialog,
saved per profile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox

from ewallet_monitor.app.gui import Assembly
from ewallet_monitor.models.colour_rules import DEFAULT_RULES
from ewallet_monitor.models.event_log import EventLogModel
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.settings.profiles import ColourRuleBook, Profile, ProfileBook, SecretVault
from ewallet_monitor.store import EventStore
from ewallet_monitor.ui.colour_rules_dialog import FILTER
from tests.conftest import TIME_UNIT
from tests.models import samples
from tests.settings.memory_keyring import MemoryKeyring

WAIT_MS = int(10_000 * TIME_UNIT)
FAILED_BG = DEFAULT_RULES[0].background


def ini(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def background(model: EventLogModel, row: int) -> str | None:
    value = model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    return value.name() if isinstance(value, QColor) else None


def test_the_default_rules_colour_the_live_log_and_history(
    build: Callable[..., Assembly], qtbot: Any, tmp_path: Path
) -> None:
    with EventStore(tmp_path / "events.sqlite3", commit_interval=0.02) as store:
        store.record_many([samples.finalized_event("confirmed"), samples.finalized_event("failed")])
        assert store.flush(10 * TIME_UNIT)
        window = build(ini(tmp_path), store=store).window
        window.event_log.append(samples.finalized_event("failed"))
        window.event_log.flush()
        assert background(window.event_log, 0) == FAILED_BG
        dialog = window.show_history()
        assert dialog is not None
        qtbot.waitUntil(lambda: len(dialog.view.records()) == 2, timeout=WAIT_MS)
        model = dialog.view.model
        assert background(model, 1) == FAILED_BG
        assert background(model, 0) != FAILED_BG
        dialog.close()


def test_the_dialog_refuses_a_bad_filter_and_applies_and_saves_a_good_one(
    build: Callable[..., Assembly], qtbot: Any, tmp_path: Path
) -> None:
    settings = ini(tmp_path)
    window = build(settings).window
    window.event_log.append(samples.finalized_event("confirmed"))
    window.event_log.flush()
    assert background(window.event_log, 0) != FAILED_BG
    dialog = window.tools.show_rules()
    ok = dialog.box.button(QDialogButtonBox.StandardButton.Ok)
    item = dialog.table.item(0, FILTER)
    assert item is not None
    item.setText('status == "confirmed" and')
    assert not ok.isEnabled()
    assert "Failed payments" in dialog.error_label.text()
    item.setText('status == "confirmed"')
    assert ok.isEnabled()
    ok.click()
    assert background(window.event_log, 0) == FAILED_BG
    saved = ColourRuleBook(settings).load("")
    assert saved.rules[0].expression == 'status == "confirmed"'


def test_each_profile_has_its_own_rules(
    build: Callable[..., Assembly], qtbot: Any, tmp_path: Path
) -> None:
    settings = ini(tmp_path)
    book = ProfileBook(settings, SecretVault(MemoryKeyring()))
    book.save(Profile(name="Night", url="https://night.example.com"))
    book.save(Profile(name="Day", url="https://day.example.com"))
    rules = ColourRuleBook(settings)
    night = rules.load("Night")
    rules.save("Night", type(night)([DEFAULT_RULES[0].with_enabled(False)]))
    window = build(settings, profile_book=book).window
    window.event_log.append(samples.finalized_event("failed"))
    window.event_log.flush()
    window.connection_form.select_profile("Night")
    assert background(window.event_log, 0) != FAILED_BG
    window.connection_form.select_profile("Day")
    assert background(window.event_log, 0) == FAILED_BG


def test_delta_time_sits_after_time_and_latency_after_ref_in_log_and_history(
    build: Callable[..., Assembly], qtbot: Any, tmp_path: Path
) -> None:
    from ewallet_monitor.models.event_log import Column
    from ewallet_monitor.ui.history_view import HistoryView

    window = build(ini(tmp_path)).window
    with EventStore(tmp_path / "events.sqlite3") as store:
        history = HistoryView(store)
        qtbot.addWidget(history)
        for table in (window.event_log_view.table, history.table):
            header = table.horizontalHeader()
            titles = [
                table.model().headerData(header.logicalIndex(v), Qt.Orientation.Horizontal)
                for v in range(header.count())
            ]
            assert titles.index("Δt") == titles.index("Time") + 1
            assert titles.index("Latency") == titles.index("Ref") + 1
            # Summary, the most useful column, right after Event (it stretches).
            assert titles.index("Summary") == titles.index("Event") + 1
            assert header.sectionResizeMode(Column.SUMMARY) == header.ResizeMode.Stretch


def test_view_statistics_shows_the_figures_of_the_history(
    build: Callable[..., Assembly], qtbot: Any, tmp_path: Path
) -> None:
    from tests.store.test_stats import known_store

    with EventStore(tmp_path / "events.sqlite3", commit_interval=0.02) as store:
        known_store(store)
        window = build(ini(tmp_path), store=store).window
        dialog = window.tools.show_stats()
        assert dialog is not None
        qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
        # The known store is from 2024: the default range (the last day) holds nothing.
        assert "no decisions" in dialog.text.toPlainText()
        dialog.since_check.setChecked(False)
        with qtbot.waitSignal(dialog.computed, timeout=WAIT_MS):
            assert dialog.compute()
        text = dialog.text.toPlainText()
        assert "BTC        confirmed          1                      1.5" in text
        assert "ana            desk                   2     4.0 s    11.0 s    11.0 s" in text
        dialog.close()


def test_an_anomaly_walks_its_rows_newest_first_skipping_rows_the_log_cannot_show(
    qtbot: Any,
) -> None:
    from ewallet_monitor.models.anomalies import AnomalyModel
    from ewallet_monitor.protocol.events import ChannelState
    from ewallet_monitor.ui.anomalies_view import AnomaliesView

    model = AnomalyModel()
    reason = "no reply to the join within 3 s; retrying in 1 s"
    for seq in (3, 5, 8):
        model.observe(
            samples.channel_state("user:usr_y", ChannelState.ERRORED, reason),
            type("Row", (), {"seq": seq})(),
        )
    shown: list[int] = []
    view = AnomaliesView(model, show_row=lambda seq: seq != 5 and not shown.append(seq))
    qtbot.addWidget(view)
    assert [view.activate(0) for _ in range(3)] == [8, 3, 8]
    assert shown == [8, 3, 8]
    hidden = AnomaliesView(model, show_row=lambda _seq: False)
    qtbot.addWidget(hidden)
    assert hidden.activate(0) is None
