"""The engine's batches: a slow stream's items wait for one another (each batch wakes the
window), a busy stream's leave within a few milliseconds of the first."""

from __future__ import annotations

import asyncio
import os
import threading

from ewallet_monitor.engine.worker import Outbox
from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS
from ewallet_monitor.pipes import BatchReader

LIMITS = DEFAULT_LIMITS


def batch_sizes(per_second: float, count: int) -> list[int]:
    """The sizes of the batches ``count`` items, added at ``per_second``, arrive in."""
    sizes: list[int] = []
    read_end, write_end = os.pipe()

    def read_all() -> None:
        reader = BatchReader()
        while sum(sizes) < count:
            data = os.read(read_end, 1 << 20)
            if not data:
                return
            sizes.extend(len(batch) for batch in reader.feed(data))

    reading = threading.Thread(target=read_all, daemon=True)
    reading.start()

    async def stream() -> None:
        outbox = Outbox(asyncio.get_running_loop(), write_end, limits=LIMITS)
        for n in range(count):
            outbox.add(("item", n))
            await asyncio.sleep(1 / per_second)
        outbox.close()

    asyncio.run(stream())
    reading.join(10)
    os.close(read_end)
    os.close(write_end)
    assert sum(sizes) == count
    return sizes


def test_a_slow_stream_goes_in_batches_of_several_items() -> None:
    # 50 items/s for 1.2 s: about a batch per calm delay (2–3 items), not one per item.
    sizes = batch_sizes(50, 60)
    assert len(sizes) <= 1.5 * 1.2 / LIMITS.batch_calm_delay_seconds, sizes
    assert max(sizes) >= 2


def test_a_busy_stream_goes_every_few_milliseconds() -> None:
    # Far above batch_busy_items_per_s: past the opening calm batch, each batch waits
    # batch_delay_seconds, so none carries a calm delay's worth of items.
    sizes = batch_sizes(2000, 2000)
    calm_worth = 2000 * LIMITS.batch_calm_delay_seconds
    assert all(size < calm_worth / 2 for size in sizes[2:]), sizes
