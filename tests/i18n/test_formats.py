"""Amounts keep every digit in every locale; on screen the marks are the locale's, in
machine formats (CSV, NDJSON, the filter language) always ``1234.56``. Times and dates
are written the locale's way."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ewallet_monitor.i18n import amount_on_screen, date_time_text, number_text, time_text
from ewallet_monitor.models.approval_list import ApprovalListModel
from ewallet_monitor.models.approval_queue import ApprovalHistoryModel, ApprovalQueue
from ewallet_monitor.protocol.amounts import format_amount
from ewallet_monitor.protocol.approval import ApprovalCard
from ewallet_monitor.query import compile_query
from ewallet_monitor.store import EventStore
from ewallet_monitor.store.export import export_audit
from ewallet_monitor.ui.approval_card import ApprovalCardWidget
from tests.models.samples import T0, consumption

BIG = 123_456_789_012_123_456_789_012_345_678  # 123,456,789,012.123456789012345678 OMG
FLUSH_TIMEOUT = 10.0


def omg(status: str = "pending") -> dict[str, Any]:
    data = consumption(status=status, amount=BIG, subunit_to_unit=10**18, symbol="OMG")
    data["expiration_date"] = "2026-05-01T12:01:30.000000Z"
    return data


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("id", "123.456.789.012,123456789012345678 OMG"),
        ("ja", "123,456,789,012.123456789012345678 OMG"),
        ("th", "123,456,789,012.123456789012345678 OMG"),
        ("en", "123,456,789,012.123456789012345678 OMG"),
    ],
)
def test_the_card_shows_an_18_decimal_amount_whole_with_the_locales_marks(
    qtbot: Any, speak: Callable[[str], None], language: str, shown: str
) -> None:
    speak(language)
    widget = ApprovalCardWidget(ApprovalCard.from_request(omg()))
    qtbot.addWidget(widget)
    assert widget.amount_label.text() == shown


def test_in_indonesian_the_queue_list_and_the_history_show_1_234_56(
    qtbot: Any, speak: Callable[[str], None]
) -> None:
    speak("id")
    queue = ApprovalQueue(linger_ms=0, clock=lambda: T0)
    listed = ApprovalListModel(queue)
    queue.on_request(omg())
    qtbot.waitUntil(lambda: listed.rowCount() == 1)
    spoken = listed.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "123.456.789.012,123456789012345678 OMG" in spoken
    assert "dari Alice Example" in spoken
    queue.on_finalized(omg("confirmed"))
    history = queue.history
    amount = history.index(0, ApprovalHistoryModel.COL_AMOUNT).data()
    assert amount == "123.456.789.012,123456789012345678 OMG"
    assert history.index(0, ApprovalHistoryModel.COL_OUTCOME).data() == "dikonfirmasi"
    header = history.headerData(ApprovalHistoryModel.COL_AMOUNT, Qt.Orientation.Horizontal)
    assert header == "Jumlah"


def test_machine_formats_keep_the_point_in_indonesian(
    tmp_path: Path, speak: Callable[[str], None]
) -> None:
    speak("id")
    assert amount_on_screen(123456, 100, "IDR") == "1.234,56 IDR"
    assert format_amount(123456, 100, grouping=False) == "1234.56"
    with EventStore(tmp_path / "events.sqlite3") as store:
        store.record_audit(
            action="approve",
            consumption_id="txc_1",
            amount=123456,
            token="USD",
            answer={"success": True},
            os_user="cashier",
            profile="shop",
            at=datetime(2024, 5, 1, 10, tzinfo=UTC),
        )
        assert store.flush(FLUSH_TIMEOUT)
        out = io.StringIO()
        export_audit(store.reader, out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["amount"] == "123456"
    # The filter language reads a point, whatever the window's language.
    assert compile_query("amount > 1234.5") is not None


@pytest.mark.parametrize(
    ("language", "clock", "with_ms"),
    [
        ("en", "16:05:09", "16:05:09.042"),  # the tests' C locale: 24-hour
        ("ja", "16:05:09", "16:05:09.042"),
        ("th", "16:05:09", "16:05:09.042"),
        ("id", "16.05.09", "16.05.09,042"),
    ],
)
def test_times_follow_the_locale(
    speak: Callable[[str], None], language: str, clock: str, with_ms: str
) -> None:
    speak(language)
    local = datetime(2026, 12, 3, 16, 5, 9, 42_000).astimezone()
    moment = local.replace(hour=16, minute=5, second=9)
    assert time_text(moment) == clock
    assert time_text(moment, millis=True) == with_ms


def test_dates_follow_the_locale(speak: Callable[[str], None]) -> None:
    moment = datetime(2026, 12, 3, 16, 5, 9).astimezone()
    speak("en")
    assert date_time_text(moment) == "2026-12-03 16:05:09"
    speak("ja")
    assert date_time_text(moment) == "2026/12/03 16:05:09"
    speak("id")
    assert date_time_text(moment) == "03/12/26 16.05.09"


def test_counts_are_grouped_the_locales_way(speak: Callable[[str], None]) -> None:
    speak("id")
    assert number_text(12345) == "12.345"
    assert number_text(3.25, 1) == "3,2"
    speak("ja")
    assert number_text(12345) == "12,345"


def test_a_12_hour_locale_gets_its_pm_and_a_column_wide_enough(
    speak: Callable[..., None], build: Callable[..., Any], tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from ewallet_monitor.models.event_log import Column
    from ewallet_monitor.settings.keys import Settings

    speak("en", "en_US")
    moment = datetime(2026, 12, 3, 16, 5, 9, 42_000).astimezone().replace(hour=16)
    assert time_text(moment, millis=True) == "4:05:09.042\u202fPM"  # CLDR's narrow space
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = build(settings).window
    table = window.event_log_view.table
    needed = table.fontMetrics().horizontalAdvance("10:58:58.888\u202fPM")
    assert table.columnWidth(Column.TIME) > needed


def test_the_statistics_dialog_speaks_the_language_with_the_locales_amounts(
    qtbot: Any, speak: Callable[[str], None], tmp_path: Path
) -> None:
    from ewallet_monitor.store import EventStore
    from ewallet_monitor.store.stats import Statistics, TokenStatus
    from ewallet_monitor.ui.stats_dialog import StatsDialog

    speak("id")
    with EventStore(tmp_path / "events.sqlite3") as store:
        dialog = StatsDialog(store.reader)
        qtbot.addWidget(dialog)
        stats = Statistics(None, None, [TokenStatus("OMG", "confirmed", 1234, 123_450, 100)])
        text = dialog.report_text(stats)
        assert text.splitlines()[0] == "dari awal sampai kini"
        assert "OMG        confirmed      1.234                  1.234,5" in text
        assert "tidak ada keputusan" in text
        speak("ja")
        header = dialog.report_text(stats).splitlines()[2]
        assert header.startswith("トークン   状態")  # 8 columns wide: padded by display width
