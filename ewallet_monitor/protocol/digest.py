"""Reduce a received frame to a :class:`~ewallet_monitor.protocol.events.FrameDigest`.

Runs where the frame was decoded (the engine process), so the window gets the columns it
shows without parsing the frame again.
"""

from __future__ import annotations

import sys

from ewallet_monitor.protocol.consumption import Consumption
from ewallet_monitor.protocol.events import FrameDigest, FrameReceived

# An unreadable error value is shown, cut to this many characters.
MAX_RAW_ERROR_SHOWN = 200


def digest_frame(received: FrameReceived, *, with_summary: bool = True) -> FrameDigest:
    """The digest of ``received``; its ``raw`` is the frame's text as received (or the
    frame re-encoded when it was built without one, e.g. in tests). ``with_summary=False``
    leaves ``summary`` blank (formatting the amount is most of the cost; the store does
    not need it)."""
    frame = received.frame
    consumption = Consumption.from_data(frame.summary_data)
    error = frame.error
    raw = frame.raw
    if not raw:
        import json

        raw = json.dumps(frame.to_json(), separators=(",", ":"), ensure_ascii=False)
    if consumption is None:
        consumption_id = status = None
        summary = ""
    else:
        consumption_id = consumption.id
        status = consumption.status
        summary = consumption.summary() if with_summary else ""
    # Positional: a keyword call of a named tuple costs twice as much, per received frame.
    # The order is FrameDigest's fields (tests/protocol/test_digest.py checks each by name).
    return FrameDigest(
        received.at,
        # Interned: a handful of distinct values over thousands of frames.
        sys.intern(frame.topic),
        sys.intern(frame.event),
        frame.ref,
        raw,
        error.code if error is not None else None,
        (error.description or "") if error is not None else "",
        repr(frame.raw_error)[:MAX_RAW_ERROR_SHOWN] if frame.raw_error is not None else None,
        consumption_id,
        sys.intern(status) if status else None,
        summary,
        frame.data_is_object,
    )


__all__ = ["digest_frame"]
