"""The connection options every headless command shares, and turning them into settings.

``--url``, ``--auth``, ``--key``, ``--secret`` (or ``EWALLET_URL``, ``EWALLET_AUTH``,
``EWALLET_KEY``, ``EWALLET_SECRET`` so secrets stay out of shell history),
``--auth-in-query``, ``--cafile``, ``--insecure``, ``--heartbeat S``, ``--timeout S``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NoReturn, TextIO

from ewallet_monitor.client.config import ConnectionConfig
from ewallet_monitor.protocol.auth import AuthScheme, CredentialError, Credentials, redact
from ewallet_monitor.protocol.urls import Endpoints, UrlError, resolve_endpoints

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_RETRIES_EXHAUSTED = 4

ENV_URL = "EWALLET_URL"
ENV_AUTH = "EWALLET_AUTH"
ENV_KEY = "EWALLET_KEY"
ENV_SECRET = "EWALLET_SECRET"


class UsageError(Exception):
    """Bad command-line input; the message says exactly what (and never holds a secret)."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse that raises :class:`UsageError` instead of exiting, so ``main`` returns 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


@dataclass(frozen=True, slots=True)
class ConnectionSettings:
    """What the shared options resolve to."""

    config: ConnectionConfig
    endpoints: Endpoints
    timeout: float

    @property
    def secrets(self) -> tuple[str, ...]:
        return self.config.credentials.secrets()


def add_connection_options(parser: argparse.ArgumentParser, *, timing: bool = True) -> None:
    """The shared options; ``timing`` False leaves out ``--heartbeat`` and ``--timeout``
    (the window has its own ``--heartbeat``, checked against the form's range)."""
    group = parser.add_argument_group("connection")
    group.add_argument(
        "--url",
        help=f"server base URL (https://host) or socket URL (…/api/admin/socket); env {ENV_URL}",
    )
    schemes = ", ".join(s.value for s in AuthScheme)
    group.add_argument("--auth", metavar="SCHEME", help=f"{schemes}; env {ENV_AUTH}")
    group.add_argument("--key", help=f"API key / access key / admin user id; env {ENV_KEY}")
    group.add_argument(
        "--secret",
        help=f"authentication token / secret key; prefer env {ENV_SECRET} (shell history)",
    )
    group.add_argument(
        "--auth-in-query",
        action="store_true",
        help="send credentials as headers[...] query parameters instead of headers",
    )
    group.add_argument("--cafile", help="extra CA bundle (PEM) to trust for https/wss")
    group.add_argument(
        "--insecure", action="store_true", help="do not verify TLS certificates (test servers)"
    )
    if not timing:
        return
    group.add_argument(
        "--heartbeat",
        type=float,
        default=10.0,
        metavar="S",
        help="heartbeat interval in seconds (default 10)",
    )
    group.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="HTTP, connect and join timeout in seconds (default 10)",
    )


@dataclass(frozen=True, slots=True)
class ServerTarget:
    """The server and who we are there: ``--url``, ``--auth``, ``--key``, the secret."""

    url: str
    credentials: Credentials
    endpoints: Endpoints


def resolve_target(
    args: argparse.Namespace,
    env: Mapping[str, str] | None = None,
    *,
    stored_secret: Callable[[str, AuthScheme, str], str | None] | None = None,
) -> ServerTarget:
    """Check ``--url``/``--auth``/``--key`` and find the secret: ``--secret``, else
    ``EWALLET_SECRET``, else ``stored_secret(url, scheme, key)`` (the window's keyring);
    :class:`UsageError` with a precise message otherwise."""
    environ = os.environ if env is None else env
    url = args.url or environ.get(ENV_URL, "")
    if not url:
        raise UsageError(f"no server URL: pass --url or set {ENV_URL}")
    auth = args.auth or environ.get(ENV_AUTH, "")
    if not auth:
        schemes = ", ".join(s.value for s in AuthScheme)
        raise UsageError(f"no credential scheme: pass --auth ({schemes}) or set {ENV_AUTH}")
    try:
        scheme = AuthScheme.parse(auth)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    key = args.key if args.key is not None else environ.get(ENV_KEY, "")
    secret = args.secret if args.secret is not None else environ.get(ENV_SECRET, "")
    key_label, secret_label = scheme.field_labels
    if not key:
        raise UsageError(f"{key_label} is empty: pass --key or set {ENV_KEY}")
    if not secret and stored_secret is not None:
        secret = stored_secret(url, scheme, key) or ""
    if not secret:
        where = f"pass --secret or set {ENV_SECRET}"
        if stored_secret is not None:
            where += " (no saved profile for this server and key has one in the keyring)"
        raise UsageError(f"{secret_label} is empty: {where}")
    try:
        credentials = Credentials(scheme, key, secret)
    except CredentialError as exc:
        # The messages name fields, never values; redact anyway in case one ever does.
        raise UsageError(redact(str(exc), (secret.strip(),) if secret.strip() else ())) from None
    try:
        endpoints = resolve_endpoints(url, scheme)
    except UrlError as exc:
        raise UsageError(redact(str(exc), credentials.secrets())) from None
    if args.cafile and not os.path.isfile(args.cafile):
        raise UsageError(f"--cafile {args.cafile!r} is not a readable file")
    return ServerTarget(url, credentials, endpoints)


def resolve_connection(
    args: argparse.Namespace,
    env: Mapping[str, str] | None = None,
    *,
    max_retries: int | None = None,
    reconcile: bool = True,
) -> ConnectionSettings:
    """Validate the shared options; :class:`UsageError` with a precise message otherwise."""
    target = resolve_target(args, env)
    for name in ("heartbeat", "timeout"):
        value = getattr(args, name)
        if not value > 0:
            raise UsageError(f"--{name} must be a positive number of seconds, got {value}")
    if max_retries is not None and max_retries < 0:
        raise UsageError(f"--max-retries must be 0 or more, got {max_retries}")
    config = ConnectionConfig(
        url=target.url,
        credentials=target.credentials,
        auth_in_query=bool(args.auth_in_query),
        cafile=args.cafile,
        insecure=bool(args.insecure),
        heartbeat_interval=args.heartbeat,
        join_timeout=args.timeout,
        open_timeout=args.timeout,
        api_timeout=args.timeout,
        max_retries=max_retries,
        reconcile=reconcile,
    )
    return ConnectionSettings(config, target.endpoints, args.timeout)


def warn_if_plaintext(settings: ConnectionSettings, stream: TextIO | None = None) -> None:
    """Warn when credentials would travel unencrypted to another machine."""
    endpoints = settings.endpoints
    if not endpoints.is_tls and not endpoints.is_loopback:
        print(
            f"warning: {endpoints.host} is reached without TLS (ws:// / http://): the "
            "credentials travel in clear text; use https:// or wss://",
            file=stream or sys.stderr,
        )
    if settings.config.insecure:
        print(
            "warning: TLS certificate verification is off (--insecure)", file=stream or sys.stderr
        )
