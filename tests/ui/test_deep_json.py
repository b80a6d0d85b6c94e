"""A frame nested hundreds of levels deep is decoded, listed and shown, never a crash."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ewallet_monitor.models.event_log import record_from_event
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import ServerFrame, decode_server_frame
from ewallet_monitor.ui.detail_pane import pretty_json
from ewallet_monitor.ui.json_tree import MAX_TREE_DEPTH, JsonTreeWidget

DEPTH = 500


def deep_frame_text() -> str:
    data = "[" * DEPTH + "1" + "]" * DEPTH
    return (
        '{"success":true,"version":"1","error":null,"topic":"user:usr_1",'
        f'"event":"odd","ref":null,"data":{data}}}'
    )


def test_a_deep_frame_decodes_and_its_row_shows_it(qtbot: Any) -> None:
    frame = decode_server_frame(deep_frame_text())
    assert isinstance(frame, ServerFrame)
    record = record_from_event(1, FrameReceived(frame, datetime.now(UTC)))
    assert record is not None and record.event == "odd"
    tree = JsonTreeWidget()
    qtbot.addWidget(tree)
    tree.set_value(record.payload)
    # The tree stops at its depth bound; the text view still has everything.
    item = tree.topLevelItem(0)
    levels = 0
    while item is not None and item.childCount():
        item = item.child(0)
        levels += 1
    assert levels <= MAX_TREE_DEPTH + 2
    assert pretty_json(record.payload).count("[") in (DEPTH, 0)


def test_json_too_deep_for_the_decoder_is_an_invalid_frame() -> None:
    result = decode_server_frame("[" * 200_000 + "]" * 200_000)
    assert not isinstance(result, ServerFrame)
    assert "nested too deeply" in result.reason
