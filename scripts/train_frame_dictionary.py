"""Train the zstd dictionary the store compresses frames with (ewallet_monitor/store/frames.zdict).

The samples are the simulator's own eWallet frames: consumptions made by its ledger on
every kind of request (the same JSON shape as the server's), wrapped as the socket
delivers them, on several seeds. Run after the simulator's JSON shapes change:
``.venv/bin/python scripts/train_frame_dictionary.py``; the dictionary's id is stored with
every compressed frame, so databases written with an older dictionary still read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import zstandard

from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.simulator.config import SimulatorConfig
from ewallet_monitor.simulator.hub import frame_with_encoded_data
from ewallet_monitor.simulator.runtime import Runtime
from ewallet_monitor.simulator.scenarios import BurstReplay

DICTIONARY_BYTES = 32 * 1024
OUT = Path(__file__).resolve().parent.parent / "ewallet_monitor" / "store" / "frames.zdict"


def samples() -> list[bytes]:
    found: list[bytes] = []
    for seed in range(1, 9):
        replay = BurstReplay(Runtime(SimulatorConfig(seed=seed)), templates=64)
        for _ in range(256):
            topics, data = replay.next_event()
            for topic in topics:
                text = frame_with_encoded_data(topic, CONSUMPTION_FINALIZED, None, data)
                found.append(text.encode())
    return found


def main() -> int:
    found = samples()
    trained = zstandard.train_dictionary(DICTIONARY_BYTES, found, level=19)
    OUT.write_bytes(trained.as_bytes())
    print(f"{OUT}: {len(trained.as_bytes())} bytes from {len(found)} frames")
    return 0


if __name__ == "__main__":
    sys.exit(main())
