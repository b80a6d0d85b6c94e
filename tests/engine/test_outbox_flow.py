"""The engine's outbox says when batches pile up in front of a pipe nobody reads, and
when they have drained (the engine then pauses and resumes reading its socket)."""

from __future__ import annotations

import asyncio
import dataclasses
import os

import pytest

from ewallet_monitor.engine.worker import Outbox
from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS, PipelineLimits
from ewallet_monitor.pipes import BatchReader

FEW = dataclasses.replace(DEFAULT_LIMITS, max_waiting_batches=3, resume_below_batches=1)


@pytest.mark.parametrize("limits", [DEFAULT_LIMITS, FEW], ids=["default", "few"])
def test_congestion_is_reported_when_the_pipe_is_not_read_and_cleared_when_it_is(
    limits: PipelineLimits,
) -> None:
    waiting = limits.max_waiting_batches

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        read_end, write_end = os.pipe()
        said: list[bool] = []
        outbox = Outbox(loop, write_end, said.append, limits)
        big = "x" * 200_000  # a few batches fill the pipe's buffer
        for sent in range(waiting + 8):
            if sent == waiting - 1:
                # The pipe holds a few batches: the rest wait for the sender.
                await asyncio.sleep(0.05)
                assert said == []
            outbox.add(("item", big))
            outbox.flush()
        assert said == [True]
        reader = BatchReader()
        received = 0
        os.set_blocking(read_end, False)
        for _ in range(2000):
            try:
                data = os.read(read_end, 1 << 20)
            except BlockingIOError:
                await asyncio.sleep(0.005)
                if said == [True, False] and received == waiting + 8:
                    break
                continue
            received += sum(len(batch) for batch in reader.feed(data))
        assert said == [True, False]
        assert received == waiting + 8
        outbox.close()
        os.close(read_end)
        os.close(write_end)

    asyncio.run(scenario())
