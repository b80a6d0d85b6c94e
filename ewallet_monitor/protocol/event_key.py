"""One event, several topics: what makes two received frames the same event.

The server broadcasts each consumption event once per topic it concerns (the request's,
the owner's user topics, the consumer's…, docs/protocol-notes.md §6), each copy the same text but
for its ``topic``. Frames are **one event** when they are broadcasts (``ref`` null, not
a Phoenix control event), arrive on **one connection** on **different topics** within
:data:`SAME_EVENT_WINDOW_S` of the first, and their texts are identical once the topic
is taken out (:func:`event_text`). A finalized event broadcast again later (the server
does so on a second decision) arrives on a topic the first copy already has: a new event.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from ewallet_monitor.protocol.frames import PHX_CLOSE, PHX_ERROR, PHX_JOIN, PHX_LEAVE, PHX_REPLY

SAME_EVENT_WINDOW_S = 1.0
SAME_EVENT_WINDOW = timedelta(seconds=SAME_EVENT_WINDOW_S)
_CONTROL_EVENTS = frozenset({PHX_CLOSE, PHX_ERROR, PHX_JOIN, PHX_LEAVE, PHX_REPLY})


def is_broadcast(event: str, ref: str | None) -> bool:
    """True for a server push sent to every subscriber of a topic (not a reply)."""
    return ref is None and event not in _CONTROL_EVENTS


def event_text(topic: str, raw: str) -> str | None:
    """The frame's text with its ``"topic":…`` member taken out: the key of one event.

    ``None`` when the member is not found as the server writes it, or found more than
    once (a nested ``"topic"`` of the same value: which one is the frame's is not known
    without parsing). A nested ``socket_topic`` never matches (its key is not ``"topic"``).
    """
    encoded = json.dumps(topic, ensure_ascii=False)
    for needle in (f'"topic":{encoded}', f'"topic": {encoded}'):
        at = raw.find(needle)
        if at >= 0:
            if raw.find(needle, at + 1) >= 0:
                return None
            return raw[:at] + raw[at + len(needle) :]
    return None


def same_event(first_topic: str, first_raw: str, topic: str, raw: str) -> bool:
    """True when two frames' texts are one event's (topics differ, the rest is equal)."""
    if first_topic == topic:
        return False
    first_key, key = event_text(first_topic, first_raw), event_text(topic, raw)
    if first_key is not None and key is not None:
        return first_key == key
    # Rare (an ambiguous or unusual text): compare the decoded frames without the topic.
    return _without_topic(first_raw) == _without_topic(raw) is not None


def _without_topic(raw: str) -> dict[str, Any] | None:
    try:
        frame = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(frame, dict):
        return None
    frame.pop("topic", None)
    return frame
