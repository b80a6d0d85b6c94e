"""Who is calling: credentials for sockets and the HTTP API, and channel join rules.

Client credentials (``OMGClient`` or ``Basic`` with ``api_key:authentication_token``) act
as one end user; admin credentials (``OMGProvider``/``Basic`` with the access key pair,
``OMGAdmin`` with an admin user id and token, and ``OMGServer`` on the legacy socket) see
everything.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ewallet_monitor.protocol import errors
from ewallet_monitor.protocol.auth import parse_authorization
from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.simulator.world import (
    ADMIN_ACCESS_KEY,
    ADMIN_SECRET_KEY,
    CLIENT_API_KEY,
    User,
    World,
)

INVALID_ACCESS_SECRET_KEY = "client:invalid_access_secret_key"


class Surface(enum.Enum):
    """Which door a caller came through; it decides the schemes that are accepted."""

    CLIENT_SOCKET = "client_socket"
    ADMIN_SOCKET = "admin_socket"
    LEGACY_SOCKET = "legacy_socket"  # /api/socket: the client socket that also knows OMGServer
    CLIENT_API = "client_api"
    ADMIN_API = "admin_api"

    @property
    def is_client_side(self) -> bool:
        return self in (Surface.CLIENT_SOCKET, Surface.LEGACY_SOCKET, Surface.CLIENT_API)


_SCHEMES = {
    Surface.CLIENT_SOCKET: ("OMGClient", "Basic"),
    Surface.LEGACY_SOCKET: ("OMGClient", "Basic", "OMGServer"),
    Surface.CLIENT_API: ("OMGClient", "Basic"),
    Surface.ADMIN_SOCKET: ("OMGProvider", "OMGAdmin", "Basic"),
    Surface.ADMIN_API: ("OMGProvider", "OMGAdmin", "Basic"),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller. ``user`` is the end user (client) or the admin user
    (``OMGAdmin``); a key pair has no user."""

    scheme: str
    admin: bool
    user: User | None


def authenticate(world: World, authorization: str | None, surface: Surface) -> Principal:
    """Check an ``Authorization`` value; raise :class:`AccessError` with the HTTP API's
    error code (sockets turn any failure into a 403)."""
    if not authorization:
        raise AccessError(
            errors.INVALID_AUTH_SCHEME, "The provided authentication scheme is not supported."
        )
    parsed = parse_authorization(authorization)
    if parsed is None or parsed[0] not in _SCHEMES[surface]:
        raise AccessError(
            errors.INVALID_AUTH_SCHEME, "The provided authentication scheme is not supported."
        )
    scheme, left, right = parsed
    if surface.is_client_side and scheme != "OMGServer":
        if left != CLIENT_API_KEY:
            raise AccessError(
                errors.INVALID_API_KEY, "The provided API key can't be found or is invalid."
            )
        user = world.user_by_token(right)
        if user is None or user.is_admin:
            raise AccessError(
                errors.ACCESS_TOKEN_NOT_FOUND,
                "There is no user corresponding to the provided access_token.",
            )
        return Principal(scheme, False, user)
    if scheme == "OMGAdmin":
        admin = world.admin
        if left != admin.id or right != admin.auth_token:
            raise AccessError(
                errors.ACCESS_TOKEN_NOT_FOUND,
                "There is no user corresponding to the provided access_token.",
            )
        return Principal(scheme, True, admin)
    if left != ADMIN_ACCESS_KEY or right != ADMIN_SECRET_KEY:
        raise AccessError(INVALID_ACCESS_SECRET_KEY, "Invalid access and/or secret key.")
    return Principal(scheme, True, None)


class AccessError(Exception):
    """Credentials refused; ``error`` is the HTTP API's answer."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.error = EWalletError(code, description)


def may_join(world: World, principal: Principal, kind: str, ident: str) -> bool:
    """Join rule for ``kind:ident``: the record must exist, and for client credentials be
    the caller's own (protocol.md §5). Refusals are indistinguishable by design."""
    user = None if principal.admin else principal.user
    if kind == "user":
        target = world.user_by_id(ident) or world.user_by_provider_id(ident)
        return target is not None and (user is None or target is user)
    if kind == "transaction_request":
        request = world.request_by_id(ident)
        return request is not None and (user is None or request.user is user)
    if kind == "transaction_consumption":
        consumption = world.consumptions.get(ident)
        return consumption is not None and (user is None or consumption.user is user)
    if kind == "address":
        wallet = world.wallets.get(ident)
        return wallet is not None and (user is None or wallet.user is user)
    if kind == "account":
        # End users are not members of accounts: only admin credentials may join.
        return user is None and ident == world.account.id
    return False
