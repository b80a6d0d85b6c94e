"""The claims' benchmark: ``python -m benchmarks.claims [--quick] [--store URL] [--json PATH]``.

- ``claim_ms_p99`` (target < 50): how long a desk waits for :meth:`DeskLink.claim` — the
  one ``INSERT … ON CONFLICT DO UPDATE … WHERE`` statement and its answer — with four desks
  (four links, as four windows would have) claiming at once, a quarter of the claims racing
  for a consumption another desk claims at the same instant; the claim is then released
  with an outcome, as a decision's answer does;
- ``notify_ms_p99``: from a claim's answer at the claiming desk to the same claim arriving
  at another desk by ``LISTEN/NOTIFY`` (what makes *being handled at …* show at once).

Also p50 of both, ``claims`` (how many timed), ``races`` (how many of them were lost to
another desk, as they must be). The server is a private one (tests/pg_server.py) unless
``--store`` names a database; ``--quick`` times fewer claims.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.postgres import database, log
from ewallet_monitor.store.postgres.claims import Claim
from ewallet_monitor.store.postgres.desks import DeskLink, DeskOptions

DESKS = 4
COUNTS = {"full": 2000, "quick": 300}
SERVER = "http://127.0.0.1:4000/api/client/socket\nOMGClient\nbench"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(dsn: str, per_desk: int) -> dict[str, Any]:
    seen: dict[str, float] = {}  # "desk index:consumption" → when it arrived (monotonic)
    lock = threading.Lock()

    def arrivals(index: int) -> Any:
        def on_claim(claim: Claim) -> None:
            if claim.state == "deciding":
                with lock:
                    seen.setdefault(f"{index}:{claim.consumption_id}", time.monotonic())

        return on_claim

    links = [
        DeskLink(
            dsn,
            name=f"Desk {n + 1}",
            options=DeskOptions(),
            password=lambda _url: None,
            on_claim=arrivals(n),
        ).start()
        for n in range(DESKS)
    ]
    for link in links:
        assert link.listening.wait(30), "a desk's listener did not start"
    waits: list[float] = []
    answered: dict[str, tuple[int, float]] = {}  # consumption → (claiming desk, when)
    lost = 0
    barrier = threading.Barrier(DESKS)

    def desk(index: int) -> None:
        nonlocal lost
        link = links[index]
        for n in range(per_desk):
            # Every fourth claim races: all desks want the same consumption at once.
            racing = n % 4 == 0
            consumption = f"txc_race_{n}" if racing else f"txc_{index}_{n}"
            if racing:
                barrier.wait()
            started = time.perf_counter()
            answer = link.claim(SERVER, consumption, "approve")
            elapsed = (time.perf_counter() - started) * 1000
            now = time.monotonic()
            with lock:
                waits.append(elapsed)
                if answer.taken:
                    answered[consumption] = (index, now)
                else:
                    lost += 1
            if answer.taken:
                link.release(SERVER, consumption, "confirmed", {"id": consumption})

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(DESKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(1.0)  # the last notifications
    for link in links:
        link.close()
    delays = []
    for consumption, (claimer, at) in answered.items():
        for index in range(DESKS):
            if index == claimer:
                continue
            arrived = seen.get(f"{index}:{consumption}")
            if arrived is not None:
                delays.append(max(0.0, (arrived - at) * 1000))
    return {
        "claims": len(waits),
        "races": lost,
        "claim_ms_p50": round(statistics.median(waits), 2),
        "claim_ms_p99": round(percentile(waits, 0.99), 2),
        "notify_ms_p50": round(statistics.median(delays), 2) if delays else None,
        "notify_ms_p99": round(percentile(delays, 0.99), 2) if delays else None,
        "notified": len(delays),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.claims")
    parser.add_argument("--quick", action="store_true", help=f"{COUNTS['quick']} claims a desk")
    parser.add_argument("--store", metavar="URL", help="an existing (empty) database")
    parser.add_argument("--json", metavar="PATH", help="also write the result there")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    per_desk = COUNTS[mode]
    result: dict[str, Any] = {"mode": mode, "desks": DESKS, "cpus": os.cpu_count()}
    with database(args.store) as dsn:
        log(f"{DESKS} desks × {per_desk} claims")
        result.update(run(dsn, per_desk))
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
