"""The two layouts of the real window: Cashier (payments first) and Operator, chosen per
profile and remembered with their docks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDockWidget

from ewallet_monitor.app.gui import Assembly
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.settings.profiles import Profile, ProfileBook, SecretVault
from ewallet_monitor.ui.main_window import MainWindow
from ewallet_monitor.ui.window_layout import WindowLayout
from tests.e2e.conftest import Cockpit, make_settings, shown_window, start_simulator
from tests.settings.memory_keyring import MemoryKeyring


def shown_docks(window: MainWindow) -> set[str]:
    return {
        dock.windowTitle() for dock in window.findChildren(QDockWidget) if dock.isVisibleTo(window)
    }


def in_centre(window: MainWindow) -> Any:
    return window.workspace.currentWidget()


def test_the_cashier_demo_puts_the_payments_first_and_the_view_menu_brings_the_rest(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    sim = start_simulator()
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), demo_mode="cashier") as parts:
            cockpit = Cockpit(parts, sim, qtbot, qasync_loop)
            window = parts.window

            async def scenario() -> None:
                assert window.window_layout is WindowLayout.CASHIER
                assert in_centre(window) is window.queue_view
                assert shown_docks(window) == set()
                assert not window.event_log_view.isVisible()
                await cockpit.connect_as_cashier()
                request = cockpit.requests(confirmation=True)[0]
                consumption_id = await cockpit.pending_card_for(request["id"])
                card = window.queue_view.card_widget(consumption_id)
                assert card is not None and card.isVisible()
                # One keystroke each (the View menu's actions) brings a panel back.
                window.events_dock.toggleViewAction().trigger()
                assert window.event_log_view.isVisible()
                assert window.events_dock.widget() is window.event_log_view
                window.chart_dock.toggleViewAction().trigger()
                assert shown_docks(window) == {"Event log", "Live chart"}
                # The Approvals panel is the centre here: no empty dock to show.
                assert not window.queue_dock.toggleViewAction().isVisible()
                window.layout_actions[WindowLayout.OPERATOR].trigger()
                assert in_centre(window) is window.event_log_view
                assert window.queue_dock.widget() is window.queue_view
                assert "Approvals" in shown_docks(window)
                assert "Event log" not in shown_docks(window)
                card = window.queue_view.card_widget(consumption_id)
                assert card is not None and card.isVisible()

            cockpit.run(scenario)
    finally:
        sim.stop()


def test_a_window_without_demo_or_profile_opens_as_operator(
    build: Callable[..., Assembly], tmp_path: Path
) -> None:
    window = build(make_settings(tmp_path)).window
    window.show()
    assert window.window_layout is WindowLayout.OPERATOR
    assert in_centre(window) is window.event_log_view
    assert {"Connection", "Channels", "Approvals", "Live chart"} <= shown_docks(window)
    assert window.layout_actions[WindowLayout.OPERATOR].isChecked()


def with_profiles(
    build: Callable[..., Assembly], settings: Settings, keyring: MemoryKeyring
) -> Assembly:
    parts = build(settings, profile_book=ProfileBook(settings, SecretVault(keyring)))
    parts.window.show()
    return parts


def test_each_profile_opens_in_its_own_layout_with_its_own_docks(
    build: Callable[..., Assembly], qtbot: Any, tmp_path: Path
) -> None:
    keyring = MemoryKeyring()
    settings = make_settings(tmp_path)
    book = ProfileBook(settings, SecretVault(keyring))
    book.save(Profile(name="Shop desk", url="https://shop.example.com", cashier_desk=True))
    book.save(Profile(name="Ops", url="https://ops.example.com"))
    window = with_profiles(build, settings, keyring).window
    form = window.connection_form
    assert window.window_layout is WindowLayout.OPERATOR  # no profile yet
    form.select_profile("Shop desk")
    assert form.cashier_desk_check.isChecked()
    assert window.window_layout is WindowLayout.CASHIER
    window.channels_dock.toggleViewAction().trigger()  # this desk likes its channels
    form.select_profile("Ops")
    assert window.window_layout is WindowLayout.OPERATOR
    window.chart_dock.toggleViewAction().trigger()  # and the operator hides the chart
    assert "Live chart" not in shown_docks(window)
    form.select_profile("Shop desk")
    assert window.window_layout is WindowLayout.CASHIER
    assert shown_docks(window) == {"Channels"}
    window.layout_actions[WindowLayout.OPERATOR].trigger()  # the desk's own choice now
    window.close()

    again = with_profiles(build, make_settings(tmp_path), keyring).window
    again.connection_form.select_profile("Shop desk")
    assert again.window_layout is WindowLayout.OPERATOR
    again.layout_actions[WindowLayout.CASHIER].trigger()
    assert shown_docks(again) == {"Channels"}
    again.connection_form.select_profile("Ops")
    assert again.window_layout is WindowLayout.OPERATOR
    assert "Live chart" not in shown_docks(again)
    assert "Approvals" in shown_docks(again)


def test_the_cashier_desk_mark_is_saved_with_the_profile(
    build: Callable[..., Assembly], qtbot: Any, tmp_path: Path
) -> None:
    keyring = MemoryKeyring()
    settings = make_settings(tmp_path)
    window = with_profiles(build, settings, keyring).window
    form = window.connection_form
    form.set_values(url="https://shop.example.com", key="api-1")
    form.cashier_desk_check.setChecked(True)
    assert form.save_profile("Till 2")
    stored = ProfileBook(settings, SecretVault(keyring)).load("Till 2")
    assert stored is not None and stored.cashier_desk
    assert stored.to_json()["cashier_desk"] is True
    assert Profile.from_json(stored.to_json()).cashier_desk
