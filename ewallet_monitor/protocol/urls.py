"""Which URL to open: socket and API URLs from what the user typed."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from ewallet_monitor.protocol.auth import AuthScheme

CLIENT_SOCKET_PATH = "/api/client/socket"
ADMIN_SOCKET_PATH = "/api/admin/socket"
LEGACY_SOCKET_PATH = "/api/socket"
SOCKET_PATHS = (CLIENT_SOCKET_PATH, ADMIN_SOCKET_PATH, LEGACY_SOCKET_PATH)
CLIENT_API_PATH = "/api/client"
ADMIN_API_PATH = "/api/admin"

_WS_FOR_HTTP = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}
_HTTP_FOR_WS = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


class UrlError(ValueError):
    """A server URL that cannot be used; the message says what is wrong with it."""


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where to connect: the socket, the HTTP API base for RPCs, and whether it is admin."""

    socket_url: str
    api_url: str
    admin: bool

    @property
    def is_tls(self) -> bool:
        return self.socket_url.startswith("wss://")

    @property
    def uses_admin_rpcs(self) -> bool:
        """True when the HTTP API is the admin one (its RPC names, and reads of
        consumptions); the legacy socket path pairs a non-admin socket with it."""
        return self.api_url.rstrip("/").endswith(ADMIN_API_PATH)

    @property
    def host(self) -> str:
        return urlsplit(self.socket_url).hostname or ""

    @property
    def is_loopback(self) -> bool:
        return is_loopback_host(self.host)


def is_loopback_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(
        ".localhost"
    ):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# Query parameters that carry a credential: the eWallet form ``headers[Authorization]``
# (the server reads it in any case) and names no server needs in a socket URL.
_CREDENTIAL_WORDS = ("authorization", "secret", "password", "token", "api_key", "apikey")


def has_query_credentials(url: str) -> bool:
    """True when ``url``'s query holds a credential-like parameter (never save such a URL)."""
    return _has_query_credentials(urlsplit(url.strip()).query)


def _has_query_credentials(query: str) -> bool:
    for name, _value in parse_qsl(query, keep_blank_values=True):
        lowered = name.lower()
        if any(word in lowered for word in _CREDENTIAL_WORDS):
            return True
    return False


def resolve_endpoints(url: str, scheme: AuthScheme) -> Endpoints:
    """Turn a base URL or an explicit socket URL into :class:`Endpoints`.

    - A base URL (``https://ewallet.example.com`` or with a path prefix such as
      ``/wallet``) gets ``/api/client/socket`` or ``/api/admin/socket`` by credential scheme.
    - An explicit socket URL (ending in one of the socket paths, the legacy ``/api/socket``
      included) is kept as given; admin-ness then follows the path.
    - http/https become ws/wss for the socket; the API URL keeps http/https.
    Raises :class:`UrlError` with a precise reason.
    """
    text = url.strip()
    if not text:
        raise UrlError("server URL is empty")
    for position, char in enumerate(text, start=1):
        # A space would be sent as part of the path (…/api/client socket/…).
        if char == " ":
            raise UrlError(f"server URL has a space at character {position}; remove it")
        if char.isspace():
            raise UrlError(
                f"server URL has a blank (U+{ord(char):04X}) at character {position}; remove it"
            )
        if not char.isprintable():
            raise UrlError(
                f"server URL has a control character (U+{ord(char):04X}) at character "
                f"{position}; retype it"
            )
    parts = urlsplit(text)
    # First: the messages below quote the URL, which must then hold no credential.
    if parts.username or parts.password:
        raise UrlError("put credentials in the credential fields, not in the URL")
    if _has_query_credentials(parts.query):
        raise UrlError(
            "put credentials in the credential fields, not in the URL's query "
            "(to send them there, choose 'In the URL query' or --auth-in-query)"
        )
    if "://" not in text:
        raise UrlError(f"server URL {text!r} has no scheme (start it with https:// or wss://)")
    if parts.scheme.lower() not in _WS_FOR_HTTP:
        raise UrlError(
            f"server URL scheme {parts.scheme!r} is not supported (use https, http, wss or ws)"
        )
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise UrlError(f"server URL {text!r} has an invalid port") from None
    if not parts.hostname:
        raise UrlError(f"server URL {text!r} has no host")
    if " " in parts.netloc or any(ch in parts.hostname for ch in "/\\@"):
        raise UrlError(f"server URL {text!r} has an invalid host")
    path = parts.path.rstrip("/")
    ws_scheme = _WS_FOR_HTTP[parts.scheme.lower()]
    http_scheme = _HTTP_FOR_WS[parts.scheme.lower()]
    netloc = parts.netloc
    for socket_path in SOCKET_PATHS:
        if path.endswith(socket_path):
            prefix = path[: -len(socket_path)]
            admin = socket_path == ADMIN_SOCKET_PATH
            socket_url = urlunsplit((ws_scheme, netloc, path, parts.query, ""))
            legacy_admin = socket_path == LEGACY_SOCKET_PATH and scheme.is_admin
            api = ADMIN_API_PATH if admin or legacy_admin else CLIENT_API_PATH
            api_url = urlunsplit((http_scheme, netloc, prefix + api, "", ""))
            return Endpoints(socket_url, api_url, admin)
    if path.endswith("/api"):
        path = path[: -len("/api")]
    if scheme is AuthScheme.OMG_SERVER:
        # The public guide's server-key scheme: only the legacy socket path knows it.
        socket_path, api_path, admin = LEGACY_SOCKET_PATH, ADMIN_API_PATH, False
    elif scheme.is_admin:
        socket_path, api_path, admin = ADMIN_SOCKET_PATH, ADMIN_API_PATH, True
    else:
        socket_path, api_path, admin = CLIENT_SOCKET_PATH, CLIENT_API_PATH, False
    return Endpoints(
        urlunsplit((ws_scheme, netloc, path + socket_path, parts.query, "")),
        urlunsplit((http_scheme, netloc, path + api_path, "", "")),
        admin,
    )
