"""Credentials, the ``Authorization`` header, the query-parameter form, and redaction."""

from __future__ import annotations

import base64
import binascii
import enum
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

ACCEPT = "application/vnd.omisego.v1+json"
CONTENT_TYPE = ACCEPT
REDACTED = "[redacted]"


class AuthScheme(enum.Enum):
    """Credential schemes (docs/protocol-notes.md §2). The value is the word sent in the header."""

    OMG_CLIENT = "OMGClient"
    OMG_PROVIDER = "OMGProvider"
    OMG_ADMIN = "OMGAdmin"
    OMG_SERVER = "OMGServer"
    BASIC = "Basic"

    @classmethod
    def parse(cls, text: str) -> AuthScheme:
        """Case-insensitive lookup by header word; :class:`ValueError` names the choices."""
        wanted = text.strip().lower()
        for scheme in cls:
            if scheme.value.lower() == wanted:
                return scheme
        choices = ", ".join(s.value for s in cls)
        raise ValueError(f"unknown credential scheme {text!r} (expected one of {choices})")

    @property
    def field_labels(self) -> tuple[str, str]:
        """What the two halves of the credential are called for this scheme."""
        return _FIELD_LABELS[self]

    @property
    def is_admin(self) -> bool:
        """True for schemes that talk to the admin socket and API by default."""
        return self in (AuthScheme.OMG_PROVIDER, AuthScheme.OMG_ADMIN, AuthScheme.OMG_SERVER)


_FIELD_LABELS = {
    AuthScheme.OMG_CLIENT: ("API key", "Authentication token"),
    AuthScheme.OMG_PROVIDER: ("Access key", "Secret key"),
    AuthScheme.OMG_ADMIN: ("Admin user id", "Authentication token"),
    AuthScheme.OMG_SERVER: ("Access key", "Secret key"),
    AuthScheme.BASIC: ("Key", "Secret"),
}


class CredentialError(ValueError):
    """Credentials that cannot be sent; the message names the field at fault."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """A credential pair. The secret half never shows in ``repr``/``str``."""

    scheme: AuthScheme
    key: str
    secret: str = field(repr=False)

    def __post_init__(self) -> None:
        key_label, secret_label = self.scheme.field_labels
        if not self.key.strip():
            raise CredentialError(f"{key_label} is empty")
        if self.key != self.key.strip():
            raise CredentialError(f"{key_label} has blanks around it")
        if ":" in self.key:
            # The server splits the decoded pair on the first ':'.
            raise CredentialError(f"{key_label} must not contain ':'")
        if not self.secret.strip():
            raise CredentialError(f"{secret_label} is empty")
        if self.secret != self.secret.strip():
            raise CredentialError(f"{secret_label} has blanks around it")
        if any(ch in self.key + self.secret for ch in "\r\n"):
            raise CredentialError("credentials must not contain line breaks")

    def __str__(self) -> str:
        return f"{self.scheme.value} {self.key}:{REDACTED}"

    def authorization(self) -> str:
        """The ``Authorization`` header value: ``<Scheme> base64(key:secret)``."""
        pair = f"{self.key}:{self.secret}".encode()
        return f"{self.scheme.value} {base64.b64encode(pair).decode('ascii')}"

    def headers(self) -> dict[str, str]:
        """Headers for the upgrade request and every HTTP call."""
        return {"Authorization": self.authorization(), "Accept": ACCEPT}

    def query_params(self) -> dict[str, str]:
        """The query form ``headers[Authorization]`` / ``headers[Accept]``."""
        return {"headers[Authorization]": self.authorization(), "headers[Accept]": ACCEPT}

    def secrets(self) -> tuple[str, ...]:
        """Every string that must never appear in output: the secret and encodings of it
        (the header's base64, URL-quoted forms, and the secret's own base64 at any
        alignment; JSON escapes are undone by :func:`redact` itself)."""
        header = self.authorization()
        encoded = header.split(" ", 1)[1]
        forms = (self.secret, encoded, quote(encoded, safe=""), quote(header, safe=""))
        return forms + tuple(s for s in base64_cores(self.secret) if s not in forms)


# Shorter base64 pieces could occur by chance in unrelated base64 text.
_MIN_BASE64_CORE = 8


def base64_cores(secret: str) -> tuple[str, ...]:
    """The base64 characters that encode ``secret`` wherever it sits in an encoded text.

    Base64 works in groups of 3 bytes, so a secret encodes differently at each of the three
    offsets; of each, only the characters that depend on the secret's bytes alone are kept
    (not the first group, which mixes in the bytes before it, nor a partial last group).
    Standard and URL-safe alphabets both.
    """
    raw = secret.encode("utf-8", "surrogatepass")
    cores: list[str] = []
    for offset, skip in ((0, 0), (1, 2), (2, 3)):
        whole_groups = (offset + len(raw)) // 3
        encoded = base64.b64encode(b"\0" * offset + raw).decode("ascii")[skip : 4 * whole_groups]
        for form in (encoded, encoded.replace("+", "-").replace("/", "_")):
            if len(form) >= _MIN_BASE64_CORE and form not in cores:
                cores.append(form)
    return tuple(cores)


def parse_authorization(value: str) -> tuple[str, str, str] | None:
    """Split an ``Authorization`` value into (scheme word, left, right) as the server does:
    first space, standard base64, first ``:``. ``None`` when it cannot be read."""
    scheme, sep, encoded = value.partition(" ")
    if not sep or not scheme:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    left, sep, right = decoded.partition(":")
    if not sep:
        return None
    return scheme, left, right


def add_query_credentials(url: str, credentials: Credentials) -> str:
    """``url`` with the query-parameter form of ``credentials`` added (others kept)."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.startswith("headers[")
    ]
    query.extend(credentials.query_params().items())
    return urlunsplit(parts._replace(query=urlencode(query)))


_QUERY_CREDENTIAL = re.compile(
    r"(headers(?:%5B|\[)(?:Authorization|authorization)(?:%5D|\])=)[^&\s#\"']*"
)
_HEADER_CREDENTIAL = re.compile(
    r"((?:Authorization|authorization)[\"']?\s*[:=]\s*[\"']?"
    r"(?:OMGClient|OMGProvider|OMGAdmin|OMGServer|Basic|Bearer)\s+)[A-Za-z0-9+/=%_\-]+"
)


# Both credential shapes above contain this literally: text without it cannot match them.
_SHAPE_MARKER = "uthorization"

# A secret shorter than this is replaced only as a whole word: replacing every "s" or
# "ab" inside other words would garble every message (and show which letters it holds).
MIN_SUBSTRING_SECRET = 4
_WORD_CHARS = "A-Za-z0-9_"
# A JSON string literal (the unrolled form: linear on any input).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# Escapes inside escapes (a JSON text quoted in a JSON string) are undone this deep.
_MAX_ESCAPE_DEPTH = 3


@functools.lru_cache(maxsize=32)
def _longest_first(secrets: tuple[str, ...]) -> tuple[str, ...]:
    # Longest first, so a secret that contains another is replaced whole. Cached: the
    # store redacts every field of every row with the same few secrets. (A secret and its
    # URL-quoted form are often the same string: scanned once.)
    return tuple(sorted({s for s in secrets if s}, key=len, reverse=True))


def redact(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """Remove credentials from text meant for a person or a file.

    Every listed secret is replaced, then anything shaped like an ``Authorization`` value or
    a query-form credential. JSON string literals holding escapes (``"\\u0043ANARY"``) are
    decoded and checked too, and rewritten only when they held a secret. Secrets shorter
    than :data:`MIN_SUBSTRING_SECRET` are replaced only as whole words. Use it on URLs,
    exception messages and log lines alike. Cheap on text that holds neither: the
    regular-expression scan is skipped when the word both shapes need is absent. For many
    texts with the same secrets, use :func:`redactor`.
    """
    return redactor(tuple(secrets))(text)


@functools.lru_cache(maxsize=32)
def redactor(secrets: tuple[str, ...]) -> Callable[[str], str]:
    """:func:`redact` with ``secrets`` bound: the store calls it for every field of every
    row, and the per-call set-up (ordering the secrets) was a third of its cost."""
    ordered = tuple(s for s in _longest_first(secrets) if len(s) >= MIN_SUBSTRING_SECRET)
    short = tuple(s for s in _longest_first(secrets) if len(s) < MIN_SUBSTRING_SECRET)
    short_words = (
        re.compile(f"(?<![{_WORD_CHARS}])(?:{'|'.join(map(re.escape, short))})(?![{_WORD_CHARS}])")
        if short
        else None
    )
    # Text holding no secret (nearly every field) is only scanned for the secrets that
    # contain no other: any secret holds one of those, so if none occurs, none does. The
    # encoded forms contain each other (the quoted header holds the quoted token), which
    # saves a scan or two of every 4-7 KB frame the store writes.
    innermost = tuple(s for s in ordered if not any(o != s and o in s for o in ordered))
    guarded = tuple((_rare_character(probe), probe) for probe in innermost)

    def redact_text(text: str, depth: int = 0) -> str:
        for rare, probe in guarded:
            if rare in text and probe in text:
                text = _replace_secrets(text, ordered)
                break
        if short_words is not None:
            text = short_words.sub(REDACTED, text)
        if "\\" in text and depth < _MAX_ESCAPE_DEPTH:
            text = _JSON_STRING.sub(lambda m: _redact_literal(m.group(), depth), text)
        if _SHAPE_MARKER not in text:
            return text
        return _redact_shapes(text)

    def _redact_literal(literal: str, depth: int) -> str:
        if "\\" not in literal:
            return literal
        try:
            decoded = json.loads(literal)
        except ValueError:
            return literal
        cleaned = redact_text(decoded, depth + 1)
        if cleaned == decoded:
            return literal  # kept as the server wrote it
        return json.dumps(cleaned, ensure_ascii=False)

    return lambda text: redact_text(text)


# Characters eWallet frames seldom hold, rarest first: their ids are lower-case base32,
# their amounts digits, their times hold only T and Z. A secret cannot be in a text that
# lacks one of its characters, and looking for one character is a fraction of the cost of
# looking for the secret: most frames are let through by the first test. Only the speed
# depends on this order, never what is redacted.
_RARE_IN_FRAMES = "+/=QJXKVWYUPLRIHBFDCNEGMASOTZ"


def _rare_character(secret: str) -> str:
    """The character of ``secret`` that frames hold least often, or ``""`` (which every
    text holds) when it has none of them."""
    return next((c for c in _RARE_IN_FRAMES if c in secret), "")


def _replace_secrets(text: str, ordered: tuple[str, ...]) -> str:
    """Every secret of ``ordered`` (longest first) replaced in ``text``."""
    for secret in ordered:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _redact_shapes(text: str) -> str:
    """The regular-expression pass of :func:`redact`, without its shortcut."""
    text = _QUERY_CREDENTIAL.sub(lambda m: m.group(1) + REDACTED, text)
    return _HEADER_CREDENTIAL.sub(lambda m: m.group(1) + REDACTED, text)
