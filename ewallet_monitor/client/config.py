"""Settings of a monitor connection and the outcome of a run."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from urllib.parse import quote

from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS, PipelineLimits
from ewallet_monitor.protocol.auth import ACCEPT, Credentials, add_query_credentials
from ewallet_monitor.protocol.backoff import (
    DEFAULT_CAP,
    DEFAULT_FAST_FOR,
    DEFAULT_JITTER,
    DEFAULT_STABLE_AFTER,
    DEFAULT_STEPS,
)
from ewallet_monitor.protocol.session import DEFAULT_DEFECT_WINDOW, DEFAULT_REJOIN_STEPS
from ewallet_monitor.protocol.urls import Endpoints

# Frames larger than this are reported as invalid and not decoded (a consumption frame is
# ~4 KB); the socket itself refuses messages over MAX_MESSAGE_FACTOR times this.
DEFAULT_MAX_FRAME_BYTES = 1024 * 1024
MAX_MESSAGE_FACTOR = 8


@dataclass(frozen=True, slots=True)
class ConnectionConfig:
    """Where and how to connect. Only ``url`` and ``credentials`` are required.

    ``url`` is a base URL (``https://ewallet.example.com``) or an explicit socket URL.
    ``auth_in_query`` sends the credentials as ``headers[...]`` query parameters instead of
    headers (for proxies that strip them). TLS is verified unless ``insecure``; ``cafile``
    adds a CA bundle. ``max_retries`` bounds consecutive failed attempts — an attempt fails
    unless it joined a channel (or, with none wanted, got a heartbeat reply) — ``None``:
    retry forever. ``reconcile`` fetches pending consumptions over HTTP after each join when the
    credentials are admin ones. ``limits`` bounds the frame pipeline (the socket's send
    buffer, the engine's batches and pipe reads); the same object travels to the engine
    process. The remaining fields tune timings (tests shorten them).
    """

    url: str
    credentials: Credentials
    auth_in_query: bool = False
    cafile: str | None = None
    insecure: bool = False
    heartbeat_interval: float = 10.0
    join_timeout: float = 10.0
    max_retries: int | None = None
    reconcile: bool = True
    open_timeout: float = 10.0
    api_timeout: float = 10.0
    max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES
    backoff_steps: tuple[float, ...] = DEFAULT_STEPS
    backoff_jitter: float = DEFAULT_JITTER
    backoff_fast_for: float = DEFAULT_FAST_FOR
    backoff_cap: float = DEFAULT_CAP
    stable_after: float = DEFAULT_STABLE_AFTER
    rejoin_steps: tuple[float, ...] = DEFAULT_REJOIN_STEPS
    defect_window: float = DEFAULT_DEFECT_WINDOW
    # A safety bound only: stopping there is reported.
    reconcile_max_pages: int = 1000
    reconcile_per_page: int = 100  # the server caps it at its max_per_page (100)
    # The versioned Accept type; only for talking to a server of another API version.
    accept: str = ACCEPT
    limits: PipelineLimits = DEFAULT_LIMITS

    def __repr__(self) -> str:
        # Credentials' own repr hides the secret; keep it that way for the whole config.
        return f"ConnectionConfig(url={self.url!r}, credentials={self.credentials})"


class OutcomeReason(enum.StrEnum):
    STOPPED = "stopped"  # stop() was called
    REFUSED = "refused"  # permanent: credentials, version, TLS or URL refused
    RETRIES_EXHAUSTED = "retries_exhausted"  # max_retries consecutive failures


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """Why :meth:`MonitorClient.run` returned. ``detail`` is redacted human text;
    ``code`` is the eWallet error code or ``http_403``-style code when there is one."""

    reason: OutcomeReason
    detail: str = ""
    code: str | None = None


def socket_url(config: ConnectionConfig, endpoints: Endpoints) -> str:
    """The URL the socket connects to: the endpoints' socket URL, with the credentials
    (and a non-default ``Accept``) as query parameters when ``auth_in_query``. It holds
    the secret then: redact it before showing it."""
    url = endpoints.socket_url
    if config.auth_in_query:
        url = add_query_credentials(url, config.credentials)
        if config.accept != ACCEPT:
            url = url.replace(quote(ACCEPT, safe=""), quote(config.accept, safe=""))
    return url
