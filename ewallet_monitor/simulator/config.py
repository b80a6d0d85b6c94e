"""Settings of one simulator run."""

from __future__ import annotations

import math
import ssl
from dataclasses import dataclass, field
from pathlib import Path

SCENARIOS = ("cashier", "quiet", "burst")
EXPIRY_MODES = ("timer", "minute_job")


@dataclass(frozen=True, slots=True)
class SimulatorConfig:
    """How the simulator listens and behaves.

    - ``port`` 0 picks a free port (read it back from ``Simulator.port``).
    - ``scenario``: ``cashier`` (a human-paced stream), ``quiet`` (nothing on its own) or
      ``burst`` (``rate`` consumption events per second).
    - ``seed`` fixes the world's ids and the scenario's choices.
    - ``idle_timeout``: seconds without inbound data before a socket is closed with 1000.
    - ``channel_defect``: joins on ``address:`` (both sockets) and ``account:`` (client
      socket) close the whole socket with 1011, as the real server does; ``False`` makes
      them working channels.
    - ``expiry_mode``: ``timer`` expires each pending consumption at its
      ``expiration_date``; ``minute_job`` expires them in a job every
      ``expiry_job_interval`` seconds (60 on the real server).
    - ``consumption_lifetime_ms``: when set, replaces the ``consumption_lifetime`` of every
      request that has one (short lifetimes for tests and demos).
    - ``cashier_interval``: mean seconds between two consumptions of the ``cashier`` scenario.
    - ``auth_token_lifetime``: seconds an end-user or admin-user auth token stays valid
      after its last use (sliding, as the server's ``auth_token_lifetime``); ``None``
      (the server's default 0) never expires them. Sockets are checked only at the
      upgrade: an open socket stays open when its token expires, the next upgrade gets 403.
    - ``join_crashes``: the first N joins of every topic crash inside the channel's join
      (reply ``websocket:connect_error`` "join crashed", transient; the socket stays).
    - ``channel_crash_interval``: every S seconds the channel process of every joined
      topic crashes: each joined socket gets ``phx_error`` (ref = its join ref) and stops
      receiving that topic until it rejoins.
    - ``state_file``: keep the world's changes (consumptions and their transfers, balances,
      requests' counters) in this JSON-lines file, one line appended per change before the
      HTTP answer, read back (and compacted) at start, as a real server keeps its
      database: a simulator killed and started again with the same file and seed still
      knows its consumptions. Not with ``burst`` (one file write per event).
    - ``burst_count``: with ``burst``, send exactly this many events once the first socket
      receiving them has joined, then stop (benchmark mode: replayed consumptions stamped
      with their send time; ``rate`` may then be ``math.inf``, as fast as sockets read).
    - ``burst_replay``: with ``burst_count`` at ``math.inf``, send frames encoded before
      the burst (only a fixed-width counter in their ids is written per frame), so the
      simulator outruns any reader and a benchmark's baseline measures its client; the
      frames carry no send time.
    """

    host: str = "127.0.0.1"
    port: int = 4000
    scenario: str = "cashier"
    rate: float = 100.0
    seed: int = 0
    idle_timeout: float = 60.0
    channel_defect: bool = True
    expiry_mode: str = "timer"
    expiry_job_interval: float = 60.0
    consumption_lifetime_ms: int | None = None
    cashier_interval: float = 4.0
    ssl_context: ssl.SSLContext | None = field(default=None, compare=False)
    burst_count: int | None = None
    burst_replay: bool = False
    auth_token_lifetime: float | None = None
    join_crashes: int = 0
    channel_crash_interval: float | None = None
    state_file: Path | None = None

    def __post_init__(self) -> None:
        if self.scenario not in SCENARIOS:
            raise ValueError(f"unknown scenario {self.scenario!r} (expected one of {SCENARIOS})")
        if self.expiry_mode not in EXPIRY_MODES:
            raise ValueError(
                f"unknown expiry mode {self.expiry_mode!r} (expected one of {EXPIRY_MODES})"
            )
        if not self.rate > 0:
            raise ValueError(f"rate must be positive, got {self.rate}")
        if math.isinf(self.rate) and self.burst_count is None:
            raise ValueError("an unlimited rate needs a burst count")
        if self.burst_count is not None and self.burst_count < 1:
            raise ValueError(f"burst count must be at least 1, got {self.burst_count}")
        if self.burst_replay and not (self.burst_count is not None and math.isinf(self.rate)):
            raise ValueError("a replayed burst needs a burst count and an unlimited rate")
        if self.idle_timeout <= 0:
            raise ValueError(f"idle timeout must be positive, got {self.idle_timeout}")
        if self.auth_token_lifetime is not None and not self.auth_token_lifetime > 0:
            raise ValueError(
                f"auth token lifetime must be positive, got {self.auth_token_lifetime}"
            )
        if self.join_crashes < 0:
            raise ValueError(f"join crashes must be 0 or more, got {self.join_crashes}")
        if self.channel_crash_interval is not None and not self.channel_crash_interval > 0:
            raise ValueError(
                f"channel crash interval must be positive, got {self.channel_crash_interval}"
            )
        if self.state_file is not None and self.scenario == "burst":
            raise ValueError("a state file cannot be used with the burst scenario")
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be 0..65535, got {self.port}")
