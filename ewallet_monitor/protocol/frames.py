"""Encode and decode the frames of the eWallet V1 websocket envelope.

Client → server: ``{"topic", "event", "ref", "data"}`` (all four keys required).
Server → client: ``{"success", "version", "data", "error", "topic", "event", "ref"}``.

Decoding never raises: anything that is not a valid frame becomes an :class:`InvalidFrame`
carrying the reason and the raw text, so the caller can show it and go on.
"""

from __future__ import annotations

import json
import sys
from dataclasses import FrozenInstanceError, dataclass
from typing import Any

from ewallet_monitor.protocol import json_text
from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.frame_head import HEAD_DECODER, LEAN_REFUSALS, summary_dict

# Phoenix reserved events (docs/protocol-notes.md §3, §5).
PHX_JOIN = "phx_join"
PHX_LEAVE = "phx_leave"
PHX_REPLY = "phx_reply"
PHX_CLOSE = "phx_close"
PHX_ERROR = "phx_error"
HEARTBEAT = "heartbeat"
HEARTBEAT_TOPIC = "phoenix"

# The two eWallet server events (docs/protocol-notes.md §6).
CONSUMPTION_REQUEST = "transaction_consumption_request"
CONSUMPTION_FINALIZED = "transaction_consumption_finalized"

SERVER_FRAME_KEYS = ("success", "version", "data", "error", "topic", "event", "ref")
CLIENT_FRAME_KEYS = ("topic", "event", "ref", "data")
_SERVER_FRAME_KEY_SET = frozenset(SERVER_FRAME_KEYS)

# Raw text kept in an InvalidFrame; the rest is cut so one bad frame cannot eat memory.
MAX_RAW_KEPT = 64 * 1024


# A lean-decoded frame's ``data`` and ``extra`` before anything asked for them.
_UNDECODED: Any = object()


class ServerFrame:
    """A frame as the server sent it (immutable).

    ``extra`` holds keys this version does not know, so nothing received is lost. ``error``
    is the decoded error object when the frame carries one; decide success or failure by
    ``error``, never by ``success`` (``phx_close`` arrives with ``success: false`` and no
    error). ``raw`` is the text as received.

    A frame from ``decode_server_frame(..., lean=True)`` decodes ``data`` and ``extra`` from
    ``raw`` the first time they are read; until then :attr:`summary_data` answers what a
    consumption's id, status and summary need. Either way every attribute has the value
    the full decoding gives.
    """

    __slots__ = (
        "_data",
        "_extra",
        "_summary_data",
        "error",
        "event",
        "raw",
        "raw_error",
        "ref",
        "success",
        "topic",
        "version",
    )
    __match_args__ = (
        "topic",
        "event",
        "ref",
        "data",
        "success",
        "error",
        "version",
        "extra",
        "raw",
        "raw_error",
    )

    topic: str
    event: str
    ref: str | None
    success: bool
    error: EWalletError | None
    version: str | None
    raw: str
    # An ``error`` value that is not a readable error object, kept as received so it is
    # shown rather than mistaken for success.
    raw_error: Any
    _data: Any  # _UNDECODED until read, for a lean-decoded frame
    _extra: Any  # likewise
    _summary_data: dict[str, Any] | None  # set by the lean decoder (None: data is decoded)

    def __init__(
        self,
        topic: str,
        event: str,
        ref: str | None,
        data: Any,
        success: bool,
        error: EWalletError | None,
        version: str | None = "1",
        extra: dict[str, Any] | None = None,
        raw: str = "",
        raw_error: Any = None,
    ) -> None:
        _set_fields(
            self,
            (topic, event, ref, success, error, version, raw, raw_error),
            data,
            {} if extra is None else extra,
            None,
        )

    @property
    def data(self) -> Any:
        if self._data is _UNDECODED:
            self._decode_rest()
        return self._data

    @property
    def extra(self) -> dict[str, Any]:
        if self._extra is _UNDECODED:
            self._decode_rest()
        return self._extra  # type: ignore[no-any-return]

    @property
    def summary_data(self) -> Any:
        """``data`` as far as :class:`~ewallet_monitor.protocol.consumption.Consumption`'s
        id, status and summary read it: ``data`` itself, or, for a lean-decoded frame, a
        dict of only those fields (absent ones ``None``), so the columns of a ``FrameReceived``
        never need the whole object built."""
        summary = self._summary_data
        return self.data if summary is None else summary

    @property
    def known_keys_only(self) -> bool:
        """True when ``raw`` is known to hold no top-level key but the envelope's: the lean
        decoder read it, and it refuses any other. False otherwise (not known without
        decoding). Answered without decoding ``data`` or ``extra``."""
        return self._summary_data is not None

    @property
    def data_is_object(self) -> bool:
        """``data`` is a JSON object (answered without decoding it)."""
        return isinstance(self.summary_data, dict)

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

    def _decode_rest(self) -> None:
        # The lean decoder only accepts text msgspec parsed, which the full decoder
        # parses too; the fallback values are for the impossible case, not a silent loss.
        full = decode_server_frame(self.raw)
        data, extra = (full.data, full.extra) if isinstance(full, ServerFrame) else (None, {})
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_extra", extra)

    def _values(self) -> tuple[Any, ...]:
        return (
            self.topic,
            self.event,
            self.ref,
            self.data,
            self.success,
            self.error,
            self.version,
            self.extra,
            self.raw,
            self.raw_error,
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not ServerFrame:
            return NotImplemented
        return self._values() == other._values()

    # As the frozen dataclass it was: a frame holds dicts, so it cannot be hashed.
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={value!r}"
            for name, value in zip(self.__match_args__, self._values(), strict=True)
        )
        return f"ServerFrame({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled whole (decoded): the receiving side gets an ordinary frame.
        return (ServerFrame, self._values())


def _set_fields(
    frame: ServerFrame,
    values: tuple[Any, ...],
    data: Any,
    extra: Any,
    summary_data: dict[str, Any] | None,
) -> None:
    # Written out (not a loop over the names): this runs for every received frame.
    setter = object.__setattr__
    topic, event, ref, success, error, version, raw, raw_error = values
    setter(frame, "topic", topic)
    setter(frame, "event", event)
    setter(frame, "ref", ref)
    setter(frame, "success", success)
    setter(frame, "error", error)
    setter(frame, "version", version)
    setter(frame, "raw", raw)
    setter(frame, "raw_error", raw_error)
    setter(frame, "_data", data)
    setter(frame, "_extra", extra)
    setter(frame, "_summary_data", summary_data)


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


def decode_server_frame(
    raw: str | bytes, *, binary: bool = False, lean: bool = False
) -> ServerFrame | InvalidFrame:
    """Decode one websocket message from the server.

    ``binary`` marks a binary websocket message (never valid here). ``lean`` (the socket's
    hot path) reads only the envelope and the fields a ``FrameReceived``'s columns need,
    and leaves ``data`` and ``extra`` to be decoded from ``raw`` when first read; a frame
    the lean reading cannot take (unknown keys, ``data`` not an object, anything msgspec
    refuses) is decoded in full. The result is the same frame either way. Never raises.
    """
    if lean and not binary and type(raw) is str and not _may_hold_too_long_an_integer(raw):
        try:
            head = HEAD_DECODER.decode(raw)
        except LEAN_REFUSALS:
            pass
        else:
            data_head = head.data
            return _checked(
                head.topic,
                head.event,
                head.ref,
                head.success,
                head.version,
                head.error,
                raw,
                _UNDECODED,
                _UNDECODED,
                None if data_head is None else summary_dict(data_head),
            )
    result = _load_object(raw, binary=binary)
    if isinstance(result, InvalidFrame):
        return result
    loaded, text, _shown = result
    # Almost every frame has only the known keys: the subset test is several times
    # cheaper than building the (empty) dict by comprehension.
    if loaded.keys() <= _SERVER_FRAME_KEY_SET:
        extra: dict[str, Any] = {}
    else:
        extra = {k: v for k, v in loaded.items() if k not in _SERVER_FRAME_KEY_SET}
    get = loaded.get
    return _checked(
        get("topic"),
        get("event"),
        get("ref"),
        get("success"),
        get("version"),
        get("error"),
        text,
        get("data"),
        extra,
        None,
    )


_DIGITS = frozenset("0123456789")


def _may_hold_too_long_an_integer(text: str) -> bool:
    """Whether ``text`` may hold an integer of more digits than Python converts
    (``sys.get_int_max_str_digits()``): :func:`json.loads` refuses the frame, while the
    lean reading would skip over the number. Such a run of digits covers two consecutive
    multiples of half the limit and the point between, so a few characters decide."""
    limit = sys.get_int_max_str_digits()
    if not limit or len(text) <= limit:
        return False
    step = (limit + 1) // 2
    half = step // 2
    digits = _DIGITS
    for start in range(0, len(text) - step, step):
        if text[start] in digits and text[start + half] in digits and text[start + step] in digits:
            return True
    return False


def _checked(
    topic: Any,
    event: Any,
    ref: Any,
    success: Any,
    version: Any,
    raw_error: Any,
    text: str,
    data: Any,
    extra: Any,
    summary_data: dict[str, Any] | None,
) -> ServerFrame | InvalidFrame:
    """The frame of these envelope values, or why they do not make one."""
    if not isinstance(topic, str):
        return InvalidFrame("missing or non-string 'topic'", text[:MAX_RAW_KEPT])
    if not isinstance(event, str) or not event:
        return InvalidFrame("missing or non-string 'event'", text[:MAX_RAW_KEPT])
    if ref is not None and not isinstance(ref, str):
        if isinstance(ref, int) and not isinstance(ref, bool):
            ref = str(ref)  # tolerate numeric refs from foreign servers
        else:
            return InvalidFrame("'ref' is neither a string nor null", text[:MAX_RAW_KEPT])
    if success is not None and not isinstance(success, bool):
        return InvalidFrame("'success' is not a boolean", text[:MAX_RAW_KEPT])
    error = None if raw_error is None else EWalletError.from_json(raw_error)
    frame = ServerFrame.__new__(ServerFrame)
    _set_fields(
        frame,
        (
            topic,
            event,
            ref,
            bool(success),
            error,
            version if isinstance(version, str) else None,
            text,
            None if error is not None else raw_error,
        ),
        data,
        extra,
        summary_data,
    )
    return frame


def decode_client_frame(raw: str | bytes, *, binary: bool = False) -> ClientFrame | InvalidFrame:
    """Decode a client frame as the server does: ``topic``, ``event`` and ``ref`` must be
    present (``ref`` may be null), ``topic`` and ``event`` strings; a missing ``data`` is
    null (the eWallet WebsocketResponseSerializer.decode! copies ``data`` into the
    message payload, and Phoenix's Message.from_map! requires only the other keys). Never
    raises."""
    result = _load_object(raw, binary=binary)
    if isinstance(result, InvalidFrame):
        return result
    loaded, _, shown = result
    missing = [key for key in CLIENT_FRAME_KEYS if key not in loaded and key != "data"]
    if missing:
        return InvalidFrame(f"missing key(s): {', '.join(missing)}", shown)
    topic, event, ref = loaded["topic"], loaded["event"], loaded["ref"]
    if not isinstance(topic, str) or not isinstance(event, str):
        return InvalidFrame("'topic' and 'event' must be strings", shown)
    if ref is not None and not isinstance(ref, str):
        return InvalidFrame("'ref' must be a string or null", shown)
    return ClientFrame(topic=topic, event=event, ref=ref, data=loaded.get("data"))
