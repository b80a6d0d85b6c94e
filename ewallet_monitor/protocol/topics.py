"""Channel topics (``kind:id``) and eWallet ids: parsing and validation."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class TopicKind(enum.Enum):
    """The five channel kinds of the eWallet socket, with their topic prefix as value."""

    ACCOUNT = "account"
    ADDRESS = "address"
    TRANSACTION_REQUEST = "transaction_request"
    TRANSACTION_CONSUMPTION = "transaction_consumption"
    USER = "user"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def id_prefix(self) -> str | None:
        """The id prefix of the current server (``txr_``…); ``None`` where there is none."""
        return _ID_PREFIXES[self]


_LABELS = {
    TopicKind.ACCOUNT: "Account",
    TopicKind.ADDRESS: "Address",
    TopicKind.TRANSACTION_REQUEST: "Transaction request",
    TopicKind.TRANSACTION_CONSUMPTION: "Consumption",
    TopicKind.USER: "User",
}
_ID_PREFIXES: dict[TopicKind, str | None] = {
    TopicKind.ACCOUNT: "acc_",
    TopicKind.ADDRESS: None,
    TopicKind.TRANSACTION_REQUEST: "txr_",
    TopicKind.TRANSACTION_CONSUMPTION: "txc_",
    TopicKind.USER: "usr_",
}

# Ids the server actually uses (docs/protocol-notes.md §5): prefix + 26 lower-case ULID characters.
ULID_ID = re.compile(r"^(usr|txr|txc|acc|txn)_[0-9a-hjkmnp-tv-z]{26}$")
WALLET_ADDRESS = re.compile(r"^[a-z]{4}[0-9]{12}$")
# Anything an older server (UUIDs) or a provider_user_id might use: printable, no spaces,
# no colon (it would make the topic ambiguous), not absurdly long.
GENERIC_ID = re.compile(r"^[A-Za-z0-9_.@+\-]{1,128}$")


class TopicError(ValueError):
    """A topic or id the user typed is not valid; the message says exactly why."""


@dataclass(frozen=True, slots=True, order=True)
class Topic:
    """A parsed channel topic. ``str(topic)`` gives the wire form ``kind:id``."""

    kind: TopicKind
    id: str

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}"

    @property
    def is_strict(self) -> bool:
        """True when the id has the exact form the current server uses for this kind."""
        prefix = self.kind.id_prefix
        if self.kind is TopicKind.ADDRESS:
            return bool(WALLET_ADDRESS.match(self.id))
        if self.kind is TopicKind.USER:
            # user:{provider_user_id} is valid too, and has no fixed form.
            return True
        return prefix is not None and self.id.startswith(prefix) and bool(ULID_ID.match(self.id))


def validate_id(kind: TopicKind, value: str) -> str:
    """Return the id stripped of surrounding blanks, or raise :class:`TopicError`.

    Any non-empty id without blanks or colons is accepted (older servers used UUIDs,
    ``user:`` also takes a provider_user_id), but an id with another kind's prefix is
    refused because it can only be a mistake (``transaction_request:txc_…``).
    """
    text = value.strip()
    if not text:
        return _fail(f"{kind.label} id is empty")
    if ":" in text:
        return _fail(f"{kind.label} id must not contain ':' (got {text!r})")
    if not GENERIC_ID.match(text):
        return _fail(
            f"{kind.label} id {text!r} has characters an eWallet id never has "
            "(allowed: letters, digits, _ . @ + -)"
        )
    match = ULID_ID.match(text.lower())
    own = kind.id_prefix
    if match and own is not None and not text.startswith(own):
        return _fail(f"{text!r} is a {match.group(1)}_ id, not a {kind.label.lower()} id ({own}…)")
    if match and kind is TopicKind.ADDRESS:
        return _fail(f"{text!r} is a {match.group(1)}_ id, not a wallet address")
    return text


def _fail(message: str) -> str:
    raise TopicError(message)


def parse_topic(text: str) -> Topic:
    """Parse ``kind:id`` (blanks around it ignored) or raise :class:`TopicError`."""
    stripped = text.strip()
    if not stripped:
        raise TopicError("topic is empty")
    kind_text, sep, ident = stripped.partition(":")
    if not sep:
        raise TopicError(
            f"topic {stripped!r} has no ':' (expected kind:id, e.g. transaction_request:txr_…)"
        )
    try:
        kind = TopicKind(kind_text)
    except ValueError:
        kinds = ", ".join(k.value for k in TopicKind)
        raise TopicError(f"unknown channel kind {kind_text!r} (expected one of {kinds})") from None
    return Topic(kind, validate_id(kind, ident))


def try_parse_topic(text: str) -> Topic | None:
    """Parse a topic the server sent; ``None`` for anything else (``phoenix``, junk)."""
    try:
        return parse_topic(text)
    except TopicError:
        return None
