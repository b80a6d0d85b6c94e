"""``postgresql://`` store addresses: what a profile or ``--store`` may hold, and where the
password comes from.

A store address names the server and database, never the password: settings and profiles
are plain files, exported and shown. :func:`parse_store_url` refuses an address that
carries one (in the userinfo or as ``password=`` in the query). The password comes from,
in order:

1. the OS keyring, service ``ewallet-monitor``, user name :func:`keyring_username`
   (``postgresql://user@host:port/dbname``);
2. libpq's own sources, which psycopg reads by itself: ``PGPASSFILE`` (default
   ``~/.pgpass``), ``PGPASSWORD`` in the environment, or none (``trust``/``peer``
   authentication, a unix socket).

Accepted forms: ``postgresql://[user@]host[:port]/dbname[?param=value&…]`` and
``postgres://…``; ``host`` may be a unix-socket folder written percent-encoded
(``postgresql://%2Fvar%2Frun%2Fpostgresql/ewallet``) or given as ``?host=/path``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

SCHEMES = ("postgresql", "postgres")
KEYRING_SERVICE = "ewallet-monitor"
# libpq parameters that hold a secret: never accepted in an address kept in settings.
_SECRET_PARAMS = frozenset({"password", "passfile", "sslpassword"})


class StoreUrlError(ValueError):
    """The store address is not usable; the message says what to change."""


def is_store_url(text: str) -> bool:
    """True when ``text`` names a PostgreSQL store (as opposed to the embedded SQLite)."""
    return text.strip().lower().startswith(tuple(f"{s}://" for s in SCHEMES))


@dataclass(frozen=True, slots=True)
class StoreUrl:
    """A checked PostgreSQL address, without a password."""

    url: str
    user: str
    host: str
    port: int | None
    dbname: str

    @property
    def display(self) -> str:
        """Where the store is, for the status bar and messages."""
        port = f":{self.port}" if self.port else ""
        return f"{self.dbname} on {self.host or 'local socket'}{port}"

    def conninfo(self, password: str | None = None) -> str:
        """The libpq connection string (with ``password`` when one was found)."""
        from psycopg.conninfo import make_conninfo

        extra: dict[str, str] = {}
        if password:
            extra["password"] = password
        # An application name shows in pg_stat_activity: which connections are desks.
        return make_conninfo(self.url, application_name="ewallet-monitor", **extra)


def parse_store_url(text: str) -> StoreUrl:
    """Check ``text`` as a store address; :class:`StoreUrlError` says what is wrong."""
    stripped = text.strip()
    if not is_store_url(stripped):
        raise StoreUrlError(
            f"{stripped!r} is not a PostgreSQL address: use postgresql://user@host:5432/dbname"
        )
    try:
        parts = urlsplit(stripped)
        port = parts.port
    except ValueError as exc:
        raise StoreUrlError(f"the store address is malformed: {exc}") from exc
    if parts.password is not None:
        raise StoreUrlError(
            "the store address holds a password; remove it and keep the password in the "
            "keyring or in PGPASSFILE (docs/postgresql.md)"
        )
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    secret = sorted(_SECRET_PARAMS & set(query))
    if secret:
        raise StoreUrlError(
            f"the store address holds {', '.join(secret)}=; remove it and keep the password "
            "in the keyring or in PGPASSFILE (docs/postgresql.md)"
        )
    dbname = unquote(parts.path.lstrip("/")) or query.get("dbname", "")
    if not dbname:
        raise StoreUrlError(
            "the store address names no database: postgresql://user@host:5432/dbname"
        )
    host = unquote(parts.hostname or "") or query.get("host", "")
    return StoreUrl(
        url=stripped,
        user=unquote(parts.username or "") or query.get("user", ""),
        host=host,
        port=port,
        dbname=dbname,
    )


def keyring_username(url: StoreUrl) -> str:
    """The keyring entry of the store's password: the address's user, host, port, database."""
    port = f":{url.port}" if url.port else ""
    return f"postgresql://{url.user}@{url.host}{port}/{url.dbname}"


PasswordSource = Callable[[StoreUrl], str | None]


def keyring_password(url: StoreUrl) -> str | None:
    """The store's password from the OS keyring, or ``None`` (none stored, or no keyring:
    libpq then reads ``PGPASSFILE``)."""
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, keyring_username(url))
    except Exception:  # no backend, locked keyring…: libpq's own sources remain
        return None
    return value if isinstance(value, str) and value else None
