"""Who is calling: credentials for sockets and the HTTP API, and channel join rules.

Client credentials (``OMGClient`` or ``Basic`` with ``api_key:authentication_token``) act
as one end user; admin credentials (``OMGProvider``/``Basic`` with the access key pair,
``OMGAdmin`` with an admin user id and token, and ``OMGServer`` on the legacy socket) see
everything.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

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


GLOBAL_LISTEN_ROLES = ("super_admin", "admin")


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller. ``user`` is the end user (client) or the admin user
    (``OMGAdmin``); a key pair has no user. ``global_role`` is the admin user's global
    role (a key pair and an account-level admin have none)."""

    scheme: str
    admin: bool
    user: User | None
    global_role: str | None = None


class AccessError(Exception):
    """Credentials refused; ``error`` is the HTTP API's answer."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.error = EWalletError(code, description)


def _invalid_scheme() -> AccessError:
    return AccessError(
        errors.INVALID_AUTH_SCHEME, "The provided authentication scheme is not supported."
    )


class Gatekeeper:
    """Checks credentials as the server's ClientAuth (ewallet_api), AdminAPIAuth,
    ProviderAuth and AdminUserAuth (admin_api) do, with their error codes, and keeps the
    auth tokens' sliding lifetime (EWalletDB.Expirers.AuthExpirer).

    ``token_lifetime`` (seconds; ``None`` = never, the server's default 0): each use of a
    token moves its expiry to now + lifetime; a token used after its expiry is expired for
    good (``user:auth_token_expired``). Provider key pairs never expire."""

    def __init__(
        self, world: World, clock: Callable[[], datetime], token_lifetime: float | None = None
    ) -> None:
        self.world = world
        self.clock = clock
        self.token_lifetime = token_lifetime
        self._expires_at: dict[str, datetime] = {}
        self._expired: set[str] = set()

    def expire_token(self, token: str) -> None:
        """Invalidate an auth token now (what a logout does)."""
        self._expired.add(token)

    def authenticate(self, authorization: str | None, surface: Surface) -> Principal:
        """Check an ``Authorization`` value; raise :class:`AccessError` with the HTTP
        API's error code (sockets turn any failure into a 403)."""
        parsed = parse_authorization(authorization) if authorization else None
        if parsed is None or parsed[0] not in _SCHEMES[surface]:
            raise _invalid_scheme()
        scheme, left, right = parsed
        if surface.is_client_side and scheme != "OMGServer":
            if left != CLIENT_API_KEY:
                raise AccessError(
                    errors.INVALID_API_KEY, "The provided API key can't be found or is invalid."
                )
            # An admin user's token belongs to the admin API (owner_app): not found here.
            user = self.world.user_by_token(right)
            if user is None or user.is_admin:
                raise AccessError(
                    errors.AUTH_TOKEN_NOT_FOUND,
                    "There is no account or user corresponding to the provided auth_token.",
                )
            self._use_token(right)
            return Principal(scheme, False, user)
        if scheme == "OMGAdmin":
            admin = next(
                (u for u in self.world.admin_users if u.id == left and u.auth_token == right),
                None,
            )
            if admin is None:
                raise AccessError(
                    errors.ADMIN_AUTH_TOKEN_NOT_FOUND,
                    "There is no auth token corresponding to the provided token.",
                )
            self._use_token(right)
            return Principal(scheme, True, admin, admin.global_role)
        if left != ADMIN_ACCESS_KEY or right != ADMIN_SECRET_KEY:
            raise AccessError(INVALID_ACCESS_SECRET_KEY, "Invalid access and/or secret key.")
        return Principal(scheme, True, None)

    def _use_token(self, token: str) -> None:
        if token in self._expired:
            raise _token_expired()
        if self.token_lifetime is None:
            return
        now = self.clock()
        lifetime = timedelta(seconds=self.token_lifetime)
        expires_at = self._expires_at.get(token, now + lifetime)
        if now >= expires_at:
            self._expired.add(token)
            raise _token_expired()
        self._expires_at[token] = now + lifetime


def _token_expired() -> AccessError:
    return AccessError(
        errors.AUTH_TOKEN_EXPIRED, "The provided token is expired or has been invalidated."
    )


def may_join(world: World, principal: Principal, kind: str, ident: str) -> bool:
    """Join rule for ``kind:ident``: the record must exist, and for client credentials be
    the caller's own (docs/protocol-notes.md §5). Refusals are indistinguishable by design."""
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
        # AdminAPI AccountChannel: AccountPolicy :listen, granted by the global roles only
        # (EWalletDB.GlobalRole): account-level admins, key pairs and end users are refused.
        return principal.global_role in GLOBAL_LISTEN_ROLES and ident == world.account.id
    return False
