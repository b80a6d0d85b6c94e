"""The stored rows of received frames: one row per frame, from the frame's own columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from ewallet_monitor.protocol.auth import redactor
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.store import EventStore
from ewallet_monitor.store.records import INBOUND, KIND_FRAME, to_epoch_ms
from ewallet_monitor.store.rows import RowBatch, add_event
from tests.conftest import TIME_UNIT
from tests.models.frame_corpus import corpus, from_engine

CORPUS = corpus()
# A secret that appears in frames (a consumer's name here): redacted in the stored row.
SECRETS = ("Alice Example",)


def rows_of(event: FrameReceived) -> RowBatch:
    batch = RowBatch.empty()
    add_event(batch, event, SECRETS)
    return batch


def consumption_of(event: FrameReceived) -> str | None:
    """The consumption the row names: the frame's, else its consumption topic's."""
    if event.consumption_id is not None:
        return event.consumption_id
    kind, _, ident = event.topic.partition(":")
    return ident if kind == "transaction_consumption" else None


@pytest.mark.parametrize(("name", "event"), CORPUS, ids=[name for name, _ in CORPUS])
def test_a_frame_is_stored_as_one_row_of_its_columns(name: str, event: FrameReceived) -> None:
    batch = rows_of(event)
    assert len(batch.frames) == 1
    (row,) = batch.frames
    assert row[:9] == (
        to_epoch_ms(event.at),
        INBOUND,
        KIND_FRAME,
        event.topic,
        event.event,
        event.ref,
        consumption_of(event),
        event.status,
        event.error_code,
    )
    assert row[-1] == event.raw.replace("Alice Example", _redacted())
    # A frame from the engine (columns and text only) is stored the same.
    assert rows_of(from_engine(event)) == batch


def _redacted() -> str:
    """What the store writes in place of the secret."""
    return redactor(SECRETS)("Alice Example")


def test_finalized_frames_fill_in_outcomes() -> None:
    for name, event in CORPUS:
        outcomes = rows_of(event).outcomes
        if event.event == CONSUMPTION_FINALIZED and consumption_of(event) and event.status:
            assert outcomes == [
                (event.status, event.error_code, to_epoch_ms(event.at), consumption_of(event))
            ], name
        else:
            assert outcomes == [], name
    # The consumption topic names the consumption when the data does not.
    on_topic = dict(CORPUS)["finalized on a consumption topic, data not a consumption"]
    assert rows_of(on_topic).frames[0][6] == on_topic.topic.split(":")[1]


@pytest.mark.parametrize("separate_process", [False, True])
def test_a_store_reads_back_every_frame_it_was_fed(tmp_path: Path, separate_process: bool) -> None:
    store = EventStore(
        tmp_path / "events.sqlite3", commit_interval=0.02, separate_process=separate_process
    )
    try:
        for _name, event in CORPUS:
            store.record(event)
        assert store.flush(10 * TIME_UNIT)
        found = [
            (f.at, f.topic, f.event, f.ref, f.consumption_id, f.status, f.error_code, f.raw)
            for f in store.search()
        ]
    finally:
        store.close()
    expected = [
        (e.at, e.topic, e.event, e.ref, consumption_of(e), e.status, e.error_code, e.raw)
        for _name, e in CORPUS
    ]
    assert sorted(found, key=str) == sorted(expected, key=str)
