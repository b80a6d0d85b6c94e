"""The window fits every desk screen: small minimums, opened inside the screen, docks
whose contents fit or scroll, the Connect button always reachable."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect

from ewallet_monitor.ui.window_layout import MAX_MINIMUM, WindowLayout
from tests.e2e.conftest import Cockpit, make_settings, shown_window, start_simulator

LONG_OMG = 123_456_789_012_123_456_789_012_345_678  # 123,456,789,012.123456789012345678
TOKEN_COUNTER = "txr_01chdzp14tetce9x770mzt62wz"  # the quiet world's OMG request (seed 7)


def probe(tmp_path: Path, width: int, height: int, demo: str, scale: float = 1.0) -> Any:
    """The window's geometry on an offscreen screen of ``width`` x ``height`` pixels."""
    config = tmp_path / f"screen-{width}x{height}.json"
    config.write_text(
        json.dumps(
            {
                "synchronousWindowSystemEvents": True,
                "windowFrameMargins": False,
                "screens": [
                    {
                        "name": "desk",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    env["QT_SCALE_FACTOR"] = str(scale)
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.screen_probe", demo, str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("width", "height", "demo", "scale", "layout"),
    [
        (1366, 768, "cashier", 1.0, "cashier"),
        (1024, 768, "cashier", 1.0, "cashier"),
        (1024, 768, "", 1.0, "operator"),
        (1366, 768, "operator", 1.0, "operator"),
        # 1920x1080 at 2x: 960x540 logical pixels.
        (1920, 1080, "cashier", 2.0, "cashier"),
    ],
)
def test_the_window_opens_inside_the_screen(
    tmp_path: Path, width: int, height: int, demo: str, scale: float, layout: str
) -> None:
    seen = probe(tmp_path, width, height, demo, scale)
    assert seen["layout"] == layout
    available = QRect(*seen["available"])
    assert available.contains(QRect(*seen["frame"])), seen
    assert seen["minimum"][0] <= available.width() and seen["minimum"][1] <= available.height()
    if demo:
        assert seen["banner_width"] <= available.width()


def test_a_saved_geometry_that_no_longer_fits_is_not_restored(tmp_path: Path) -> None:
    big = probe(tmp_path, 1920, 1080, "cashier")  # saved on a big screen
    assert big["frame"][2] > 1024
    small = probe(tmp_path, 1024, 768, "cashier")  # the same settings on a laptop
    assert QRect(*small["available"]).contains(QRect(*small["frame"])), small


@pytest.mark.parametrize("layout", list(WindowLayout))
def test_the_minimum_size_is_small_and_every_dock_fits_with_long_amounts_waiting(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path, layout: WindowLayout
) -> None:
    sim = start_simulator()
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), demo_mode="cashier") as parts:
            cockpit = Cockpit(parts, sim, qtbot, qasync_loop)
            window = parts.window

            async def scenario() -> None:
                window.set_layout(layout)
                for dock in (window.connection_dock, window.channels_dock):
                    dock.show()  # the worst case: every panel shown
                await cockpit.connect_as_cashier()
                for amount in (1, LONG_OMG, 179_006_766_392_152_940_469):
                    consumption = cockpit.sim.create_consumption(TOKEN_COUNTER, 0, amount)
                    cid = str(consumption["id"])
                    await cockpit.until(lambda c=cid: window.queue_view.has_card(c))
                await asyncio.sleep(0.1)
                minimum = window.minimumSizeHint()
                limit = MAX_MINIMUM[layout]
                assert minimum.width() <= limit.width(), minimum
                assert minimum.height() <= limit.height(), minimum
                window.resize(limit)
                await cockpit.until(lambda: window.size() == limit)
                await asyncio.sleep(0.1)
                # The form scrolls inside its dock; Connect can always be brought into view.
                form_dock = window.connection_dock
                window.show_connection_form()
                await asyncio.sleep(0.05)
                button = window.connection_form.connect_button
                window.connection_scroll.ensureWidgetVisible(button)
                await asyncio.sleep(0.05)
                shown = button.visibleRegion().boundingRect()
                assert shown.size() == button.size(), (shown, button.size())
                assert form_dock.isVisible()
                # No panel is squeezed below what its contents need.
                for dock in (window.connection_dock, window.channels_dock, window.queue_dock):
                    if dock.isVisible() and not dock.visibleRegion().isEmpty():
                        inner = dock.widget()
                        assert inner.width() >= inner.minimumSizeHint().width() or isinstance(
                            inner, type(window.connection_scroll)
                        )

            cockpit.run(scenario)
    finally:
        sim.stop()


def test_the_demo_banner_wraps_instead_of_widening_the_window(
    build: Callable[..., Any], tmp_path: Path
) -> None:
    note = "History of this demo is kept in a throwaway folder " + "/tmp/x" * 40
    window = build(make_settings(tmp_path), demo_mode="cashier", data_note=note).window
    window.show()
    assert window.demo_banner.wordWrap()
    assert window.minimumSizeHint().width() <= MAX_MINIMUM[WindowLayout.CASHIER].width()
