"""Search returns exactly the matching rows, from the index and from the unindexed tail."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ewallet_monitor.protocol.events import (
    ConsumptionRecovered,
    FrameReceived,
    FrameSent,
    InvalidFrameReceived,
    MonitorEvent,
)
from ewallet_monitor.store import EventReader, EventStore, FrameFilter, StoredFrame
from ewallet_monitor.store.records import to_epoch_ms
from ewallet_monitor.store.rows import RECOVERED_EVENT
from tests.store.conftest import wait_indexed
from tests.store.samples import at, mixed_events, values_of

EVENTS = mixed_events(200)


def search_text_of(event: MonitorEvent) -> str:
    """The values a text search looks in, as the store documents them."""
    if isinstance(event, InvalidFrameReceived):
        return "\n".join(["", "", event.invalid.reason, event.invalid.raw])
    if isinstance(event, FrameReceived):
        payload = json.loads(event.frame.raw)
    elif isinstance(event, FrameSent):
        payload = event.frame.to_json()
    else:
        assert isinstance(event, ConsumptionRecovered)
        payload = event.consumption
    return "\n".join(values_of(payload))


def _topic_and_event(event: MonitorEvent) -> str:
    if isinstance(event, (FrameReceived, FrameSent)):
        return f"{event.frame.topic}\n{event.frame.event}"
    if isinstance(event, ConsumptionRecovered):
        return f"{event.topic}\n{RECOVERED_EVENT}"
    return ""


def expected_positions(predicate: Callable[[MonitorEvent], bool]) -> list[int]:
    """1-based positions (= seq in a fresh store) of matching events, newest first."""
    return [i + 1 for i, event in reversed(list(enumerate(EVENTS))) if predicate(event)]


def contains(text: str) -> Callable[[MonitorEvent], bool]:
    return lambda event: (
        text.lower() in search_text_of(event).lower()
        or (text.lower() in _topic_and_event(event).lower())
    )


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "events.sqlite3"
    with EventStore(path, commit_interval=0.01) as store:
        store.record_many(EVENTS)
        wait_indexed(store)
    return path


@pytest.fixture(params=["indexed", "half indexed", "unindexed"])
def reader(request: pytest.FixtureRequest, filled: Path, tmp_path: Path) -> Iterator[EventReader]:
    """The same data with the index complete, covering half the rows, or none."""
    copy = tmp_path / "events.sqlite3"
    with sqlite3.connect(filled) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    upto = {"indexed": len(EVENTS), "half indexed": len(EVENTS) // 2, "unindexed": 0}
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE search_progress SET indexed_upto = ?", (upto[request.param],))
    opened = EventReader(copy)
    yield opened
    opened.close()


def seqs(frames: list[StoredFrame]) -> list[int]:
    return [frame.seq for frame in frames]


SAMPLE = EVENTS[10]
assert isinstance(SAMPLE, FrameReceived)
SAMPLE_DATA = SAMPLE.frame.data


@pytest.mark.parametrize(
    "text",
    [
        "Alice",  # a common name, any case
        "alice EXAMPLE",  # across a space, other case
        SAMPLE_DATA["id"][-12:],  # the middle/end of one consumption id
        SAMPLE_DATA["address"][2:9],  # part of a wallet address
        str(SAMPLE_DATA["amount"]),  # an amount in subunits
        "insufficient_funds",  # an error code ('_' is no wildcard)
        "garbage 1",  # inside invalid input
        "Expecting",  # an invalid frame's reason
        "phx_join",  # an event name
        "grace",  # a name, inside user names and e-mail addresses too
        "not enough funds",  # an error's description
        "order 11",  # a metadata value: not searched
        "A shop",  # an account's description: not searched
        "no such thing anywhere",
        "ab",  # shorter than a trigram: scanned, still exact
        "%",  # LIKE's wildcard is an ordinary character here
    ],
)
def test_text_search_returns_exactly_the_frames_holding_the_text(
    reader: EventReader, text: str
) -> None:
    assert seqs(reader.search(text=text, limit=1000)) == expected_positions(contains(text))


def test_a_text_only_in_keys_timestamps_or_unsearched_fields_matches_nothing(
    reader: EventReader,
) -> None:
    assert reader.search(text="socket_topic") == []
    assert reader.search(text="2024-05-01T10") == []
    assert reader.search(text="order 11") == []


def test_column_filters_match_exactly(reader: EventReader) -> None:
    cid = SAMPLE_DATA["id"]
    assert seqs(reader.search(consumption_id=cid)) == [11]
    assert seqs(reader.search(topic=SAMPLE.frame.topic)) == expected_positions(
        lambda e: _topic_and_event(e).split("\n")[0] == SAMPLE.frame.topic
    )
    assert seqs(reader.search(topic="account:", limit=1000)) == expected_positions(
        lambda e: _topic_and_event(e).startswith("account:")
    )
    assert seqs(reader.search(event="phx_join", limit=1000)) == expected_positions(
        lambda e: isinstance(e, FrameSent)
    )
    assert seqs(reader.search(direction="out", limit=1000)) == expected_positions(
        lambda e: isinstance(e, FrameSent)
    )
    assert seqs(reader.search(since=at(20), until=at(25))) == [25, 24, 23, 22, 21]


def test_filters_combine(reader: EventReader) -> None:
    found = reader.search(text="confirmed", since=at(50), until=at(120), direction="in")
    assert seqs(found) == expected_positions(
        lambda e: (
            contains("confirmed")(e)
            and to_epoch_ms(at(50)) <= to_epoch_ms(e.at) < to_epoch_ms(at(120))
            and not isinstance(e, FrameSent)
        )
    )


def test_paging_with_before_seq_walks_the_whole_result(reader: EventReader) -> None:
    pages: list[int] = []
    before = None
    while True:
        page = reader.search(text="Alice", limit=7, before_seq=before)
        if not page:
            break
        pages.extend(seqs(page))
        before = page[-1].seq
    assert pages == expected_positions(contains("Alice"))


def test_history_pages_are_newest_first_and_contiguous(reader: EventReader) -> None:
    assert seqs(reader.page(limit=3)) == [200, 199, 198]
    assert seqs(reader.page(before_seq=3, limit=10)) == [2, 1]
    assert reader.count() == 200


def test_streaming_in_order_yields_every_match_once(reader: EventReader) -> None:
    wanted = FrameFilter(text="Alice")
    streamed = [frame.seq for frame in reader.iter_frames(wanted, batch=5)]
    assert streamed == sorted(expected_positions(contains("Alice")))
    assert reader.count(wanted) == len(streamed)
