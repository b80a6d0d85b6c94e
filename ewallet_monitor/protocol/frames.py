"""Encode and decode the frames of the eWallet V1 websocket envelope.

Client → server: ``{"topic", "event", "ref", "data"}`` (all four keys required).
Server → client: ``{"success", "version", "data", "error", "topic", "event", "ref"}``.

Decoding never raises: anything that is not a valid frame becomes an :class:`InvalidFrame`
carrying the reason and the raw text, so the caller can show it and go on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ewallet_monitor.protocol import json_text
from ewallet_monitor.protocol.errors import EWalletError

# Phoenix reserved events (protocol.md §3, §5).
PHX_JOIN = "phx_join"
PHX_LEAVE = "phx_leave"
PHX_REPLY = "phx_reply"
PHX_CLOSE = "phx_close"
PHX_ERROR = "phx_error"
HEARTBEAT = "heartbeat"
HEARTBEAT_TOPIC = "phoenix"

# The two eWallet server events (protocol.md §6).
CONSUMPTION_REQUEST = "transaction_consumption_request"
CONSUMPTION_FINALIZED = "transaction_consumption_finalized"

SERVER_FRAME_KEYS = ("success", "version", "data", "error", "topic", "event", "ref")
CLIENT_FRAME_KEYS = ("topic", "event", "ref", "data")
_SERVER_FRAME_KEY_SET = frozenset(SERVER_FRAME_KEYS)

# Raw text kept in an InvalidFrame; the rest is cut so one bad frame cannot eat memory.
MAX_RAW_KEPT = 64 * 1024


@dataclass(frozen=True, slots=True)
class ServerFrame:
    """A frame as the server sent it.

    ``extra`` holds keys this version does not know, so nothing received is lost. ``error``
    is the decoded error object when the frame carries one; decide success or failure by
    ``error``, never by ``success`` (``phx_close`` arrives with ``success: false`` and no
    error). ``raw`` is the text as received.
    """

    topic: str
    event: str
    ref: str | None
    data: Any
    success: bool
    error: EWalletError | None
    version: str | None = "1"
    extra: dict[str, Any] = field(default_factory=dict)
    raw: str = ""
    # An ``error`` value that is not a readable error object, kept as received so it is
    # shown rather than mistaken for success.
    raw_error: Any = None

    @property
    def is_reply(self) -> bool:
        return self.event == PHX_REPLY

    @property
    def is_failure(self) -> bool:
        """True when the server reports an error (not merely ``success: false``)."""
        return self.error is not None or self.raw_error is not None

    def to_json(self) -> dict[str, Any]:
        """The frame as a JSON object with every key received, unknown ones included."""
        out: dict[str, Any] = dict(self.extra)
        out.update(
            {
                "success": self.success,
                "version": self.version,
                "data": self.data,
                "error": self.error.to_json() if self.error else self.raw_error,
                "topic": self.topic,
                "event": self.event,
                "ref": self.ref,
            }
        )
        return out


@dataclass(frozen=True, slots=True)
class ClientFrame:
    """A frame a client sends (or the simulator receives)."""

    topic: str
    event: str
    ref: str | None
    data: Any = None

    def to_json(self) -> dict[str, Any]:
        return {"topic": self.topic, "event": self.event, "ref": self.ref, "data": self.data}


@dataclass(frozen=True, slots=True)
class InvalidFrame:
    """Input that is not a frame: ``reason`` says why, ``raw`` is what arrived (cut)."""

    reason: str
    raw: str

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "raw": self.raw}


def encode_client_frame(topic: str, event: str, ref: str | None, data: Any = None) -> str:
    """Text of a client frame; ``data`` defaults to ``{}`` as the official clients send."""
    payload = {"topic": topic, "event": event, "ref": ref, "data": {} if data is None else data}
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def encode_server_frame(
    topic: str,
    event: str,
    ref: str | None,
    data: Any = None,
    error: EWalletError | None = None,
    success: bool | None = None,
) -> str:
    """Text of a server frame. ``success`` defaults to "no error"; pass ``False`` for the
    ``phx_close`` / ``phx_error`` frames, which the server sends with ``success: false`` and
    ``error: null``."""
    payload = {
        "success": (error is None) if success is None else success,
        "version": "1",
        "data": data,
        "error": error.to_json() if error else None,
        "topic": topic,
        "event": event,
        "ref": ref,
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def _raw_text(raw: str | bytes) -> tuple[str | None, str]:
    """Return (text or None when not UTF-8, printable raw for reports)."""
    if isinstance(raw, str):
        return raw, raw[:MAX_RAW_KEPT]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, raw[:MAX_RAW_KEPT].decode("utf-8", errors="backslashreplace")
    return text, text[:MAX_RAW_KEPT]


def _load_object(
    raw: str | bytes, *, binary: bool
) -> tuple[dict[str, Any], str, str] | InvalidFrame:
    """The JSON object in ``raw`` with its text and the part of it kept for reports."""
    text, shown = _raw_text(raw)
    if binary:
        return InvalidFrame("binary frame (the eWallet protocol uses text frames)", shown)
    if text is None:
        return InvalidFrame("not valid UTF-8", shown)
    try:
        # No nesting pre-scan: json's C decoder guards its own recursion (RecursionError,
        # never a crashed stack), and counting brackets cost ~10 % of a frame's decoding.
        # The readers that recurse (the JSON tree, pretty text) bound their own depth.
        value = json_text.loads(text)
    except RecursionError:
        return InvalidFrame("JSON nested too deeply to decode", shown)
    except ValueError as exc:
        return InvalidFrame(f"not JSON: {exc}", shown)
    if not isinstance(value, dict):
        return InvalidFrame(f"JSON {type(value).__name__}, expected an object", shown)
    return value, text, shown


def decode_server_frame(raw: str | bytes, *, binary: bool = False) -> ServerFrame | InvalidFrame:
    """Decode one websocket message from the server.

    ``binary`` marks a binary websocket message (never valid here). Never raises.
    """
    result = _load_object(raw, binary=binary)
    if isinstance(result, InvalidFrame):
        return result
    loaded, text, shown = result
    topic = loaded.get("topic")
    event = loaded.get("event")
    if not isinstance(topic, str):
        return InvalidFrame("missing or non-string 'topic'", shown)
    if not isinstance(event, str) or not event:
        return InvalidFrame("missing or non-string 'event'", shown)
    ref = loaded.get("ref")
    if ref is not None and not isinstance(ref, str):
        if isinstance(ref, int) and not isinstance(ref, bool):
            ref = str(ref)  # tolerate numeric refs from foreign servers
        else:
            return InvalidFrame("'ref' is neither a string nor null", shown)
    success = loaded.get("success")
    if success is not None and not isinstance(success, bool):
        return InvalidFrame("'success' is not a boolean", shown)
    version = loaded.get("version")
    raw_error = loaded.get("error")
    error = None if raw_error is None else EWalletError.from_json(raw_error)
    # Almost every frame has only the known keys: the subset test is several times
    # cheaper than building the (empty) dict by comprehension.
    if loaded.keys() <= _SERVER_FRAME_KEY_SET:
        extra: dict[str, Any] = {}
    else:
        extra = {k: v for k, v in loaded.items() if k not in _SERVER_FRAME_KEY_SET}
    return ServerFrame(
        topic=topic,
        event=event,
        ref=ref,
        data=loaded.get("data"),
        success=bool(success),
        error=error,
        version=version if isinstance(version, str) else None,
        extra=extra,
        raw=text,
        raw_error=None if error is not None else raw_error,
    )


def decode_client_frame(raw: str | bytes, *, binary: bool = False) -> ClientFrame | InvalidFrame:
    """Decode a client frame as the server does: all four keys must be present (``ref``
    may be null), ``topic`` and ``event`` strings. Never raises."""
    result = _load_object(raw, binary=binary)
    if isinstance(result, InvalidFrame):
        return result
    loaded, _, shown = result
    missing = [key for key in CLIENT_FRAME_KEYS if key not in loaded]
    if missing:
        return InvalidFrame(f"missing key(s): {', '.join(missing)}", shown)
    topic, event, ref = loaded["topic"], loaded["event"], loaded["ref"]
    if not isinstance(topic, str) or not isinstance(event, str):
        return InvalidFrame("'topic' and 'event' must be strings", shown)
    if ref is not None and not isinstance(ref, str):
        return InvalidFrame("'ref' must be a string or null", shown)
    return ClientFrame(topic=topic, event=event, ref=ref, data=loaded["data"])
