"""Why a connection attempt failed, in words a cashier can read.

The status line says "Reconnecting in 4 s — connection refused", not
"[Errno 111] Connect call failed ('127.0.0.1', 4000)"; the log keeps the details.
"""

from __future__ import annotations

import errno
import socket

_BY_ERRNO = {
    errno.ECONNREFUSED: "connection refused",
    errno.ECONNRESET: "connection reset by the server",
    errno.ECONNABORTED: "connection aborted",
    errno.EHOSTUNREACH: "host unreachable",
    errno.ENETUNREACH: "network unreachable",
    errno.ENETDOWN: "network is down",
    errno.ETIMEDOUT: "no answer (timed out)",
    errno.EADDRNOTAVAIL: "address not available",
}


def connect_failure(exc: BaseException, open_timeout: float) -> str | None:
    """Words for a failed connect, or ``None`` when there are none better than the
    exception's own text."""
    if isinstance(exc, socket.gaierror):
        return "server name not found"
    if isinstance(exc, TimeoutError):
        return f"timed out (no answer within {open_timeout:g} s)"
    if isinstance(exc, OSError):
        if exc.errno in _BY_ERRNO:
            return _BY_ERRNO[exc.errno]
        # asyncio's "Multiple exceptions: [Errno 111] …, [Errno 99] …" (one per address).
        text = str(exc)
        for code, words in _BY_ERRNO.items():
            if f"[Errno {code}]" in text:
                return words
    return None
