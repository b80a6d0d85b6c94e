"""The real ``ewallet-monitor listen`` process against the replayed burst, its NDJSON
drained from a pipe. ``python -m benchmarks.listen COUNT``.

Reports ``frames_per_s`` (finalized lines read, first to last), the listen process's CPU
per frame and its share of the wall time."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import time
from typing import Any

from benchmarks.common import BurstServer, burst_server, child_env, cpu_seconds, emit_result, python

FINALIZED = b'"transaction_consumption_finalized"'
# The listen process has this long to print its first frame (a cold start, a connection).
START_TIMEOUT = 60.0


def listen(server: BurstServer, count: int) -> dict[str, Any]:
    cashier = server.info["credentials"]["cashier"]
    env = child_env(
        EWALLET_URL=server.socket_url,
        EWALLET_AUTH=cashier["scheme"],
        EWALLET_KEY=cashier["api_key"],
        EWALLET_SECRET=cashier["authentication_token"],
    )
    command = [python(), "-m", "ewallet_monitor", "listen", "--channel", server.cashier_topic]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, bufsize=0
    )
    assert process.stdout is not None
    received = 0
    first = last = 0.0
    cpu_first = cpu_last = 0.0
    pending = b""
    started = time.monotonic()
    try:
        while received < count:
            chunk = os.read(process.stdout.fileno(), 1 << 20)
            if not chunk:
                raise RuntimeError(f"listen exited after {received} frames")
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            for line in lines:
                if FINALIZED not in line:
                    continue
                received += 1
                if received == 1:
                    first = time.perf_counter()
                    cpu_first = cpu_seconds(process.pid)
                elif received == count:
                    last = time.perf_counter()
                    cpu_last = cpu_seconds(process.pid)
                    break
            if received == 0 and time.monotonic() - started > START_TIMEOUT:
                raise RuntimeError("listen printed no frame")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    seconds = last - first
    cpu = cpu_last - cpu_first
    return {
        "frames": received,
        "seconds": round(seconds, 3),
        "frames_per_s": round((received - 1) / seconds) if seconds > 0 else None,
        "cpu_share": round(cpu / seconds, 2) if seconds > 0 else None,
        "process_us_per_frame": round(cpu / max(1, received - 1) * 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    with burst_server(args.count, replay=True) as server:
        result = listen(server, args.count)
        result["server"] = server.wait_finished(30)
    emit_result(result)


if __name__ == "__main__":
    main()
