"""The status bar: connection states in words, health numbers, warnings."""

from __future__ import annotations

from typing import Any

import pytest

from ewallet_monitor.protocol.events import ConnectionState, ConnectionStateChanged
from ewallet_monitor.ui.error_details import explain_connection
from ewallet_monitor.ui.status_bar import MonitorStatusBar
from tests.models.samples import at


@pytest.fixture
def bar(qtbot: Any) -> MonitorStatusBar:
    widget = MonitorStatusBar()
    qtbot.addWidget(widget)
    return widget


def test_connected_names_the_url(bar: MonitorStatusBar) -> None:
    bar.set_connection(
        ConnectionStateChanged(ConnectionState.CONNECTED, at(), url="wss://x/api/client/socket")
    )
    assert bar.connection_text == "● Connected to wss://x/api/client/socket"


def test_reconnecting_counts_down(bar: MonitorStatusBar) -> None:
    event = ConnectionStateChanged(
        ConnectionState.RECONNECTING, at(), detail="connection lost", retry_in=5.0
    )
    bar.set_connection(event)
    assert bar.connection_text.startswith("● Reconnecting in 5 s")
    assert "connection lost" in bar.connection_text


def test_refused_says_why_in_plain_words(bar: MonitorStatusBar) -> None:
    bar.set_connection(
        ConnectionStateChanged(ConnectionState.REFUSED, at(), detail="HTTP 403", code="http_403")
    )
    assert bar.connection_text == "● Refused: " + explain_connection("http_403", "")
    assert "refused these credentials" in bar.connection_text


def test_offline_and_health_numbers(bar: MonitorStatusBar) -> None:
    bar.set_offline()
    assert bar.connection_text == "● Offline"
    bar.set_rtt(12.4)
    bar.set_rate(3.25)
    bar.set_pending(2)
    assert bar.rtt_label.text() == "heartbeat 12 ms"
    assert bar.rate_label.text() == "3.2 events/s"
    assert bar.pending_label.text() == "2 waiting"
    assert bar.pending_label.font().bold()


def test_warnings_show_when_asked(bar: MonitorStatusBar) -> None:
    assert not bar.tls_label.isVisibleTo(bar)
    assert not bar.demo_label.isVisibleTo(bar)
    bar.set_insecure(True)
    bar.set_demo(True)
    assert bar.tls_label.isVisibleTo(bar)
    assert bar.tls_label.text() == "⚠ TLS verification OFF"
    assert bar.demo_label.text() == "DEMO SERVER"


@pytest.mark.parametrize(
    ("code", "detail", "words"),
    [
        ("client:invalid_version", "", "different API version"),
        ("user:auth_token_not_found", "", "does not know this authentication token"),
        ("auth_token:not_found", "", "does not know this authentication token"),
        (None, "[Errno 111] Connect call failed", "Nothing answers"),
        (None, "certificate verify failed", "certificate"),
        (None, "timed out during opening handshake", "did not answer in time"),
        (None, "something odd", "connection to the server failed"),
    ],
)
def test_connection_errors_in_plain_words(code: str | None, detail: str, words: str) -> None:
    assert words in explain_connection(code, detail)


def test_the_history_warning_shows_only_while_the_store_has_trouble(
    bar: MonitorStatusBar,
) -> None:
    bar.show()
    bar.set_store_health(None, 0)
    assert bar.store_label.isHidden()
    bar.set_store_health("database is locked", 0)
    assert not bar.store_label.isHidden()
    assert bar.store_label.text() == "⚠ History not saving — retrying"
    assert "database is locked" in bar.store_label.toolTip()
    assert "Events are kept" in bar.store_label.toolTip()
    bar.set_store_health("database is locked", 1)
    assert bar.store_label.text() == "⚠ History not saving — retrying · ⚠ 1 event not saved"
    bar.set_store_health(None, 3)
    assert bar.store_label.text() == "⚠ 3 events not saved"
    assert "in the log" in bar.store_label.toolTip()
    assert "cannot be written" not in bar.store_label.toolTip()
    bar.set_store_health(None, 0)
    assert bar.store_label.isHidden()
