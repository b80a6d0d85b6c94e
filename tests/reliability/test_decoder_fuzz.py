"""The frame decoder alone, at volume: whatever arrives, it returns a frame or an
InvalidFrame and never raises (the socket tests feed fewer, slower examples)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings

from ewallet_monitor.protocol.frames import InvalidFrame, ServerFrame, decode_server_frame
from tests.reliability.fake_socket import Message
from tests.reliability.harness import record_figure
from tests.reliability.test_bad_server_input import messages

tried = [0]


@pytest.fixture(scope="module", autouse=True)
def report_count() -> Iterator[None]:
    yield
    record_figure("bad_server_frames_decoder", tried=tried[0])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(message=messages)
def test_the_decoder_never_raises(message: Message) -> None:
    tried[0] += 1
    decoded = decode_server_frame(message, binary=isinstance(message, bytes))
    assert isinstance(decoded, ServerFrame | InvalidFrame)
    if isinstance(decoded, InvalidFrame):
        assert decoded.reason
