"""``ewallet-monitor simulator``: run the built-in eWallet simulator until Ctrl-C/SIGTERM.

The first stdout line is one JSON object (``"event":"listening"``, URLs, demo credentials,
transaction requests) so scripts and tests can read where it listens; human-readable
activity goes to stderr. With ``--scenario burst --count N`` (the benchmark's mode) a
second line ``{"event":"burst_finished","events":N,"frames":F,"seconds":S,"rate":R}``
follows once the N events have been sent.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import signal
import sys
from pathlib import Path

from ewallet_monitor.protocol.urls import is_loopback_host
from ewallet_monitor.simulator import Simulator, SimulatorConfig
from ewallet_monitor.simulator.config import EXPIRY_MODES, SCENARIOS
from ewallet_monitor.simulator.state import StateFileError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ewallet-monitor simulator",
        description="Run an eWallet-compatible server with demo data (public demo credentials).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=4000, help="port (default 4000; 0: any free)")
    parser.add_argument(
        "--scenario", choices=SCENARIOS, default="cashier", help="what happens on its own"
    )
    parser.add_argument(
        "--rate",
        type=_rate,
        default=100.0,
        help="burst: consumption events per second ('max' with --count: as fast as read)",
    )
    parser.add_argument(
        "--count",
        type=int,
        default=None,
        metavar="N",
        help="burst: send exactly N events once a socket receiving them joins, print a "
        "'burst_finished' JSON line, keep serving (benchmark mode: replayed consumptions "
        "whose metadata carries burst_seq and sent_monotonic_ns)",
    )
    parser.add_argument(
        "--replay",
        action="store_true",
        help="with --count N --rate max: send frames encoded before the burst (a benchmark "
        "baseline that measures its reader, not the simulator; no send time in them)",
    )
    parser.add_argument("--seed", type=int, default=0, help="makes the data and the run repeatable")
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="close a socket after S seconds without inbound data (default 60)",
    )
    parser.add_argument(
        "--no-channel-defect",
        action="store_true",
        help="make address:/account: working channels instead of the real server's 1011 close",
    )
    parser.add_argument(
        "--expiry-mode",
        choices=EXPIRY_MODES,
        default="timer",
        help="expire pending consumptions on time (timer) or in a once-a-minute job",
    )
    parser.add_argument(
        "--consumption-lifetime-ms",
        type=int,
        default=None,
        metavar="MS",
        help="override the consumption lifetime of requests that have one",
    )
    parser.add_argument(
        "--auth-token-lifetime",
        type=float,
        default=None,
        metavar="S",
        help="auth tokens expire S seconds after their last use (default: never, as the "
        "server's auth_token_lifetime 0); open sockets stay open, the next upgrade gets 403",
    )
    parser.add_argument(
        "--join-crashes",
        type=int,
        default=0,
        metavar="N",
        help="the first N joins of every topic crash: reply websocket:connect_error "
        "'join crashed' (transient)",
    )
    parser.add_argument(
        "--channel-crash-interval",
        type=float,
        default=None,
        metavar="S",
        help="every S seconds every joined channel process crashes: phx_error, rejoin needed",
    )
    parser.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="FILE",
        help="keep consumptions, transfers and balances in FILE across restarts (read at "
        "start, rewritten after every change), as a real server keeps its database",
    )
    return parser


def _rate(text: str) -> float:
    if text.strip().lower() in ("max", "inf"):
        return math.inf
    return float(text)


async def _report_burst(simulator: Simulator) -> None:
    result = await simulator.wait_burst()
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


async def serve(config: SimulatorConfig) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    try:
        simulator = Simulator(config)
    except StateFileError as exc:
        print(f"ewallet-monitor simulator: {exc}", file=sys.stderr)
        return 2
    try:
        await simulator.start()
    except OSError as exc:
        print(
            f"ewallet-monitor simulator: cannot listen on {config.host}:{config.port}: {exc}",
            file=sys.stderr,
        )
        return 1
    reporter = None
    try:
        sys.stdout.write(json.dumps(simulator.info()) + "\n")
        sys.stdout.flush()
        if config.burst_count is not None:
            reporter = asyncio.get_running_loop().create_task(_report_burst(simulator))
        await stop.wait()
    finally:
        logging.getLogger("ewallet_monitor.simulator").info("stopping")
        if reporter is not None:
            reporter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reporter
        await simulator.stop()
    return 0


def main(argv: list[str]) -> int:
    """``argv[0]`` is ``"simulator"``."""
    args = build_parser().parse_args(argv[1:])
    try:
        config = SimulatorConfig(
            host=args.host,
            port=args.port,
            scenario=args.scenario,
            rate=args.rate,
            seed=args.seed,
            idle_timeout=args.idle_timeout,
            channel_defect=not args.no_channel_defect,
            expiry_mode=args.expiry_mode,
            consumption_lifetime_ms=args.consumption_lifetime_ms,
            burst_count=args.count,
            burst_replay=args.replay,
            auth_token_lifetime=args.auth_token_lifetime,
            join_crashes=args.join_crashes,
            channel_crash_interval=args.channel_crash_interval,
            state_file=args.state,
        )
    except ValueError as exc:
        print(f"ewallet-monitor simulator: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="%(asctime)s simulator: %(message)s"
    )
    if not is_loopback_host(args.host):
        print(
            "\n"
            "*** WARNING: the simulator is binding to a non-loopback address "
            f"({args.host}).\n"
            "*** Its credentials are PUBLIC demo values: anyone who can reach this port can\n"
            "*** use them. Bind to 127.0.0.1 unless you really mean it.\n",
            file=sys.stderr,
            flush=True,
        )
    try:
        return asyncio.run(serve(config))
    except KeyboardInterrupt:
        return 0
