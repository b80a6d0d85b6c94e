"""Stored rows of a digest (engine process, store queue) equal those of the parsed frame."""

from __future__ import annotations

from pathlib import Path

import pytest

from ewallet_monitor.protocol.digest import digest_frame
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.store import EventStore
from ewallet_monitor.store.rows import RowBatch, add_event
from tests.conftest import TIME_UNIT
from tests.models.digest_corpus import corpus

CORPUS = corpus()
# A secret that appears in frames (a consumer's name here): redacted in both rows alike.
SECRETS = ("Alice Example",)


def rows_of(event: object) -> RowBatch:
    batch = RowBatch.empty()
    add_event(batch, event, SECRETS)  # type: ignore[arg-type]
    return batch


@pytest.mark.parametrize(("name", "event"), CORPUS, ids=[name for name, _ in CORPUS])
@pytest.mark.parametrize("with_summary", [True, False])
def test_a_digest_is_stored_as_its_frame(
    name: str, event: FrameReceived, with_summary: bool
) -> None:
    from_frame = rows_of(event)
    from_digest = rows_of(digest_frame(event, with_summary=with_summary))
    assert from_digest == from_frame
    assert len(from_digest.frames) == 1
    assert "Alice Example" not in from_digest.frames[0][-1]


def test_finalized_digests_fill_in_outcomes() -> None:
    finalized = [e for _n, e in CORPUS if e.frame.event == CONSUMPTION_FINALIZED]
    outcomes = [rows_of(digest_frame(event)).outcomes for event in finalized]
    assert any(outcomes)
    assert outcomes == [rows_of(event).outcomes for event in finalized]
    # The consumption topic names the consumption when the data does not.
    on_topic = dict(CORPUS)["finalized on a consumption topic, data not a consumption"]
    assert rows_of(digest_frame(on_topic)).frames[0][6] == on_topic.frame.topic.split(":")[1]


def test_a_store_fed_digests_reads_back_like_one_fed_frames(tmp_path: Path) -> None:
    found = {}
    for mode in ("received", "digest"):
        store = EventStore(tmp_path / f"{mode}.sqlite3", commit_interval=0.02)
        try:
            for _name, event in CORPUS:
                store.record(digest_frame(event) if mode == "digest" else event)
            assert store.flush(10 * TIME_UNIT)
            found[mode] = [
                (f.at, f.topic, f.event, f.ref, f.consumption_id, f.status, f.error_code, f.raw)
                for f in store.search()
            ]
        finally:
            store.close()
    assert found["digest"] == found["received"]
    assert len(found["digest"]) == len(CORPUS)
