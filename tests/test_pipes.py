"""Pipe tuning: larger buffers where the kernel allows, a no-op elsewhere."""

from __future__ import annotations

import os
import sys
import tempfile

import pytest

from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS
from ewallet_monitor.pipes import enlarge_pipe

PIPE_SIZE = DEFAULT_LIMITS.pipe_bytes

_F_GETPIPE_SZ = 1032


@pytest.mark.skipif(sys.platform != "linux", reason="pipe sizes are a Linux feature")
def test_a_pipe_gets_the_larger_buffer() -> None:
    import fcntl

    read_end, write_end = os.pipe()
    try:
        assert fcntl.fcntl(write_end, _F_GETPIPE_SZ) < PIPE_SIZE
        assert enlarge_pipe(write_end)
        assert fcntl.fcntl(write_end, _F_GETPIPE_SZ) >= PIPE_SIZE
        # Both ends share the buffer: a whole batch is written without a reader.
        os.set_blocking(write_end, False)
        assert os.write(write_end, b"x" * (PIPE_SIZE // 2)) == PIPE_SIZE // 2
    finally:
        os.close(read_end)
        os.close(write_end)


def test_what_is_not_a_pipe_is_left_as_it_is() -> None:
    with tempfile.TemporaryFile() as regular:
        assert not enlarge_pipe(regular.fileno())
