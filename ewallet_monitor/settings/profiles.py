"""Named connection profiles: the public fields in ``QSettings``, the secret in the OS keyring.

A :class:`Profile` holds everything needed to connect except the secret (server URL,
credential scheme, key, options, channels). :class:`ProfileStore` keeps profiles in the
``profiles/`` group of the app's ``QSettings``; :class:`SecretVault` keeps each secret in
the OS keyring (``keyring``) under the service ``ewallet-monitor`` and the user name
``<profile>/<key>``. :class:`ProfileBook` puts the two together for the window.

When no usable keyring backend exists (``keyring``'s ``fail`` or ``null`` backend, a
chainer with no backend, or anything below priority 1 such as the plain-text file
backends of ``keyrings.alt``), :attr:`SecretVault.available` is False and
:attr:`SecretVault.reason` says why: the secret is then not remembered at all. There is
no plain-text fallback.

Profiles export to and import from JSON without any secret.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from PySide6.QtCore import QCoreApplication, QSettings

from ewallet_monitor.models.colour_rules import DEFAULT_RULES, ColourRules
from ewallet_monitor.protocol.auth import AuthScheme
from ewallet_monitor.protocol.urls import has_query_credentials
from ewallet_monitor.settings.keys import FORBIDDEN_WORDS, Setting, Settings

log = logging.getLogger(__name__)

KEYRING_SERVICE = "ewallet-monitor"
PROFILES_GROUP = "profiles"
LAST_PROFILE = Setting[str]("connection/last_profile", "")
EXPORT_FORMAT = "ewallet-monitor-profiles"
EXPORT_VERSION = 1
NO_KEYRING_MESSAGE = "No secure keyring: the secret will not be remembered."
# A keyring backend below this priority is not a secure store (keyring's own rule for
# "recommended" backends); keyrings.alt's plain-text file backends sit at 0.5.
MIN_KEYRING_PRIORITY = 1.0


class ProfileError(ValueError):
    """A profile name or an imported file that cannot be used; the message says why."""


@dataclass(frozen=True)
class Profile:
    """One named connection, without its secret."""

    name: str
    url: str = ""
    scheme: str = AuthScheme.OMG_CLIENT.value
    key: str = ""
    auth_in_query: bool = False
    verify_tls: bool = True
    cafile: str = ""
    heartbeat_interval: float = 10.0
    topics: tuple[str, ...] = field(default_factory=tuple)
    remember_secret: bool = True
    # A shop's desk: the window opens this profile in the Cashier layout.
    cashier_desk: bool = False
    # The shared history (``postgresql://…``, never with a password); "" for the SQLite
    # file in the data folder. Used when the window starts with this profile.
    history_store: str = ""

    def __post_init__(self) -> None:
        check_profile_name(self.name)
        if self.history_store.strip():
            from ewallet_monitor.store.postgres.url import StoreUrlError, parse_store_url

            try:
                parse_store_url(self.history_store)
            except StoreUrlError as exc:
                raise ProfileError(f"Shared history: {exc}.") from exc
        if has_query_credentials(self.url):
            # A profile is written to settings.ini and exported: never a credential.
            raise ProfileError(
                QCoreApplication.translate(
                    "ProfileBook",
                    "The URL's query holds credentials; put them in the credential fields.",
                )
            )

    @property
    def auth_scheme(self) -> AuthScheme:
        """The scheme, or OMGClient when the stored word is unknown."""
        try:
            return AuthScheme.parse(self.scheme)
        except ValueError:
            return AuthScheme.OMG_CLIENT

    def to_json(self) -> dict[str, Any]:
        """The exportable form (never a secret)."""
        return {
            "name": self.name,
            "url": self.url,
            "scheme": self.scheme,
            "key": self.key,
            "auth_in_query": self.auth_in_query,
            "verify_tls": self.verify_tls,
            "cafile": self.cafile,
            "heartbeat_interval": self.heartbeat_interval,
            "topics": list(self.topics),
            "cashier_desk": self.cashier_desk,
            "history_store": self.history_store,
        }

    @classmethod
    def from_json(cls, data: object) -> Profile:
        """Read one exported profile; :class:`ProfileError` names the bad field."""
        if not isinstance(data, Mapping):
            raise ProfileError("a profile must be a JSON object")
        name = data.get("name")
        if not isinstance(name, str):
            raise ProfileError("a profile needs a name")
        values: dict[str, Any] = {"name": name}
        for key, kind in _JSON_FIELDS.items():
            if key not in data:
                continue
            value = data[key]
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if kind is tuple:
                if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                    raise ProfileError(f"profile {name!r}: topics must be a list of texts")
                value = tuple(value)
            elif not isinstance(value, kind):
                raise ProfileError(f"profile {name!r}: {key} must be {kind.__name__}")
            values[key] = value
        if any(word in str(key).lower() for key in data for word in FORBIDDEN_WORDS):
            # An export made by hand (or by another tool) may carry one: never take it in.
            log.warning("profile %r: secret-looking fields were ignored on import", name)
        return cls(**values)


_JSON_FIELDS: dict[str, type] = {
    "url": str,
    "scheme": str,
    "key": str,
    "auth_in_query": bool,
    "verify_tls": bool,
    "cafile": str,
    "heartbeat_interval": float,
    "topics": tuple,
    "cashier_desk": bool,
    "history_store": str,
}


def check_profile_name(name: str) -> str:
    """``name`` when it is a usable profile name; :class:`ProfileError` otherwise."""
    if not name.strip():
        raise ProfileError(QCoreApplication.translate("ProfileBook", "A profile needs a name."))
    if name != name.strip():
        raise ProfileError(
            QCoreApplication.translate(
                "ProfileBook", "A profile name must not start or end with blanks."
            )
        )
    if len(name) > 100:
        raise ProfileError(
            QCoreApplication.translate("ProfileBook", "A profile name is at most 100 characters.")
        )
    if any(ch in name for ch in "\r\n\t"):
        raise ProfileError(
            QCoreApplication.translate("ProfileBook", "A profile name must be on one line.")
        )
    return name


# -- the keyring ------------------------------------------------------------------------------


def keyring_status(backend: Any) -> tuple[bool, str]:
    """(usable, reason) for a ``keyring`` backend; the reason is empty when usable."""
    from keyring.backends import chainer, fail

    try:
        from keyring.backends import null

        null_types: tuple[type, ...] = (null.Keyring,)
    except ImportError:  # pragma: no cover - every keyring release here has it
        null_types = ()
    if backend is None or isinstance(backend, (fail.Keyring, *null_types)):
        return False, NO_KEYRING_MESSAGE
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return False, NO_KEYRING_MESSAGE
    try:
        priority = float(backend.priority)
    except Exception:  # a backend whose priority raises is not usable here
        return False, NO_KEYRING_MESSAGE
    if priority < MIN_KEYRING_PRIORITY and not isinstance(backend, chainer.ChainerBackend):
        return False, f"{NO_KEYRING_MESSAGE} ({type(backend).__name__} is not a secure store)"
    return True, ""


class SecretVault:
    """Secrets in the OS keyring; does nothing (and says so) without a usable one.

    ``backend`` is a ``keyring`` backend (default: ``keyring.get_keyring()``, looked up on
    first use — it scans the installed packages' entry points, ~0.1 s — so building the
    window does not wait for it; :attr:`resolved` says whether it happened). Every
    keyring error is caught and logged without the secret; :attr:`last_error` keeps it.
    """

    def __init__(self, backend: Any = None) -> None:
        self._backend: Any = None
        self._status: tuple[bool, str] | None = None
        if backend is not None:
            self._resolve(backend)
        self.last_error = ""

    def _resolve(self, backend: Any) -> None:
        self._backend = backend
        self._status = keyring_status(backend)

    @property
    def resolved(self) -> bool:
        """Whether the backend has been looked up (reading any attribute does it)."""
        return self._status is not None

    def _looked_up(self) -> tuple[bool, str]:
        if self._status is None:
            import keyring

            self._resolve(keyring.get_keyring())
        assert self._status is not None
        return self._status

    @property
    def backend(self) -> Any:
        self._looked_up()
        return self._backend

    @property
    def available(self) -> bool:
        return self._looked_up()[0]

    @property
    def reason(self) -> str:
        return self._looked_up()[1]

    @staticmethod
    def username(profile: str, key: str) -> str:
        """The keyring user name of a profile's secret: ``<profile>/<key>``."""
        return f"{profile}/{key}"

    def get(self, profile: str, key: str) -> str | None:
        """The remembered secret, or ``None`` (none stored, or no keyring)."""
        if not self.available or not key:
            return None
        try:
            value = self.backend.get_password(KEYRING_SERVICE, self.username(profile, key))
        except Exception as exc:  # keyring backends raise their own error types
            self._failed("read", exc)
            return None
        return value if isinstance(value, str) and value else None

    def set(self, profile: str, key: str, secret: str) -> bool:
        """Remember ``secret``; False (nothing stored anywhere) when it cannot be."""
        if not self.available or not key or not secret:
            return False
        try:
            self.backend.set_password(KEYRING_SERVICE, self.username(profile, key), secret)
        except Exception as exc:
            self._failed("store", exc)
            return False
        self.last_error = ""
        return True

    def delete(self, profile: str, key: str) -> None:
        """Forget the secret (nothing happens when none is stored)."""
        if not self.available or not key:
            return
        try:
            self.backend.delete_password(KEYRING_SERVICE, self.username(profile, key))
        except Exception as exc:
            from keyring.errors import PasswordDeleteError

            if not isinstance(exc, PasswordDeleteError):  # "not found" is not a failure
                self._failed("delete", exc)

    def _failed(self, what: str, exc: Exception) -> None:
        # The exception text is the backend's; it never contains the secret we pass,
        # but only its type and message are logged anyway.
        self.last_error = f"The keyring could not {what} the secret: {type(exc).__name__}: {exc}"
        log.warning("%s", self.last_error)


# -- QSettings --------------------------------------------------------------------------------

# QSettings field names of a profile. None may look like a secret (Settings refuses those).
_FIELDS = (
    "url",
    "scheme",
    "key",
    "auth_in_query",
    "verify_tls",
    "cafile",
    "heartbeat_interval",
    "topics",
    "remember",
    "cashier_desk",
    "history_store",
)
assert not any(word in name for name in _FIELDS for word in FORBIDDEN_WORDS)


def _key(name: str) -> str:
    # QSettings percent-encodes keys itself (a space is written %20); only '/', its group
    # separator, must not reach it raw, and '%' is encoded so that a name's own '%' does
    # not read back as an escape.
    return name.replace("%", "%25").replace("/", "%2F")


def _group(name: str) -> str:
    return f"{PROFILES_GROUP}/{_key(name)}"


class ProfileStore:
    """Profiles in ``QSettings`` (``profiles/<name>/<field>``), never with a secret."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._reencode_old_names()

    @property
    def _qsettings(self) -> QSettings:
        return self.settings.store

    def _reencode_old_names(self) -> None:
        """Move profiles saved with every special character percent-encoded by us (and
        then again by QSettings: ``Front%2520desk`` in the file) to the once-encoded key.
        Both encodings unquote to the same name, so the name decides the new key."""
        store = self._qsettings
        store.beginGroup(PROFILES_GROUP)
        try:
            groups = store.childGroups()
        finally:
            store.endGroup()
        moved = False
        for group in groups:
            name = unquote(group)
            if _key(name) == group:
                continue
            old, new = f"{PROFILES_GROUP}/{group}", _group(name)
            store.beginGroup(old)
            values = {field_name: store.value(field_name) for field_name in store.childKeys()}
            store.endGroup()
            if _key(name) not in groups:  # else the once-encoded copy is the newer one
                for field_name, value in values.items():
                    store.setValue(f"{new}/{field_name}", value)
            store.remove(old)
            moved = True
            log.info("profile %r: settings key re-encoded", name)
        if moved:
            store.sync()

    def names(self) -> list[str]:
        """Every profile name, sorted case-insensitively."""
        store = self._qsettings
        store.beginGroup(PROFILES_GROUP)
        try:
            groups = store.childGroups()
        finally:
            store.endGroup()
        return sorted((unquote(group) for group in groups), key=str.casefold)

    def exists(self, name: str) -> bool:
        return name in self.names()

    def load(self, name: str) -> Profile | None:
        if not self.exists(name):
            return None
        store = self._qsettings
        prefix = _group(name)
        defaults = Profile(name=name)

        def read(field_name: str, default: Any) -> Any:
            return store.value(f"{prefix}/{field_name}", default)

        topics = read("topics", "")
        url = _text(read("url", defaults.url))
        if has_query_credentials(url):
            # Saved by an older version: the URL is not offered again (nor kept in memory).
            log.warning("profile %r: its URL held credentials in the query; dropped", name)
            url = ""
        return Profile(
            name=name,
            url=url,
            scheme=_text(read("scheme", defaults.scheme)) or defaults.scheme,
            key=_text(read("key", defaults.key)),
            auth_in_query=_flag(read("auth_in_query", defaults.auth_in_query)),
            verify_tls=_flag(read("verify_tls", defaults.verify_tls)),
            cafile=_text(read("cafile", defaults.cafile)),
            heartbeat_interval=_number(read("heartbeat_interval", 10.0), 10.0),
            topics=tuple(line for line in _text(topics).splitlines() if line.strip()),
            remember_secret=_flag(read("remember", True)),
            cashier_desk=_flag(read("cashier_desk", False)),
            history_store=_stored_history(name, _text(read("history_store", ""))),
        )

    def save(self, profile: Profile) -> None:
        store = self._qsettings
        prefix = _group(profile.name)
        store.remove(prefix)
        values = {
            "url": profile.url,
            "scheme": profile.scheme,
            "key": profile.key,
            "auth_in_query": profile.auth_in_query,
            "verify_tls": profile.verify_tls,
            "cafile": profile.cafile,
            "heartbeat_interval": profile.heartbeat_interval,
            "topics": "\n".join(profile.topics),
            "remember": profile.remember_secret,
            "cashier_desk": profile.cashier_desk,
            "history_store": profile.history_store,
        }
        for field_name, value in values.items():
            store.setValue(f"{prefix}/{field_name}", value)
        store.sync()

    def delete(self, name: str) -> None:
        self._qsettings.remove(_group(name))
        if self.last_profile == name:
            self.last_profile = ""
        self._qsettings.sync()

    @property
    def last_profile(self) -> str:
        """The profile used last ("" when none, or when it was deleted)."""
        name = self.settings.get(LAST_PROFILE)
        return name if name and self.exists(name) else ""

    @last_profile.setter
    def last_profile(self, name: str) -> None:
        self.settings.set(LAST_PROFILE, name)
        self.settings.sync()


def _stored_history(name: str, text: str) -> str:
    """A saved profile's shared-history address, or "" when it is not usable (a settings
    file edited by hand with a password in it: never kept in memory)."""
    if not text.strip():
        return ""
    from ewallet_monitor.store.postgres.url import StoreUrlError, parse_store_url

    try:
        parse_store_url(text)
    except StoreUrlError as exc:
        log.warning("profile %r: its shared history address was dropped: %s", name, exc)
        return ""
    return text


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


def _number(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


# -- the two together -------------------------------------------------------------------------


class ProfileBook:
    """What the window uses: profiles in ``QSettings`` and their secrets in the keyring."""

    def __init__(self, settings: Settings, vault: SecretVault | None = None) -> None:
        self.store = ProfileStore(settings)
        self.vault = vault if vault is not None else SecretVault()

    @property
    def can_remember_secrets(self) -> bool:
        return self.vault.available

    @property
    def no_keyring_reason(self) -> str:
        """Why secrets are not remembered ("" when they are)."""
        return self.vault.reason

    def names(self) -> list[str]:
        return self.store.names()

    def load(self, name: str) -> Profile | None:
        return self.store.load(name)

    def secret(self, profile: Profile) -> str | None:
        """The profile's remembered secret, if any (and if a keyring can be used)."""
        if not profile.remember_secret:
            return None
        return self.vault.get(profile.name, profile.key)

    def save(self, profile: Profile, secret: str | None = None) -> bool:
        """Save ``profile``; remember ``secret`` when the profile says so and a keyring
        exists, else forget any remembered one. True when the secret is remembered."""
        previous = self.store.load(profile.name)
        if previous is not None and previous.key != profile.key:
            self.vault.delete(previous.name, previous.key)
        self.store.save(profile)
        if not profile.remember_secret:
            self.vault.delete(profile.name, profile.key)
            return False
        if secret:
            return self.vault.set(profile.name, profile.key, secret)
        return self.vault.get(profile.name, profile.key) is not None

    def delete(self, name: str) -> None:
        profile = self.store.load(name)
        if profile is not None:
            self.vault.delete(profile.name, profile.key)
        self.store.delete(name)

    def rename(self, old: str, new: str) -> Profile:
        """Rename a profile, moving its remembered secret along."""
        check_profile_name(new)
        profile = self.store.load(old)
        if profile is None:
            raise ProfileError(
                QCoreApplication.translate(
                    "ProfileBook", "There is no profile named {name}."
                ).format(name=repr(old))
            )
        if new == old:
            return profile
        if self.store.exists(new):
            raise ProfileError(
                QCoreApplication.translate(
                    "ProfileBook", "A profile named {name} exists already."
                ).format(name=repr(new))
            )
        secret = self.vault.get(old, profile.key)
        renamed = replace(profile, name=new)
        self.store.save(renamed)
        if secret is not None and self.vault.set(new, profile.key, secret):
            self.vault.delete(old, profile.key)
        was_last = self.store.last_profile == old
        self.store.delete(old)
        if was_last:
            self.store.last_profile = new
        return renamed

    @property
    def last_profile(self) -> str:
        return self.store.last_profile

    @last_profile.setter
    def last_profile(self, name: str) -> None:
        self.store.last_profile = name

    # -- import / export ------------------------------------------------------------------

    def export_json(self, path: Path, names: Iterable[str] | None = None) -> int:
        """Write the profiles (all, or ``names``) to ``path`` as JSON, without secrets.

        Returns how many were written; ``OSError`` when the file cannot be written.
        """
        wanted = list(names) if names is not None else self.names()
        profiles = [p.to_json() for name in wanted if (p := self.store.load(name)) is not None]
        document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "profiles": profiles}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        partial = path.with_name(path.name + ".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        return len(profiles)

    def import_json(self, path: Path, *, replace_existing: bool = False) -> list[str]:
        """Add the profiles of a file written by :meth:`export_json`.

        A profile whose name exists already is imported as ``"<name> (2)"`` unless
        ``replace_existing``. Returns the names added. Raises :class:`ProfileError` for a
        file that is not such an export, ``OSError`` when it cannot be read.
        """
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ProfileError(
                QCoreApplication.translate("ProfileBook", "{file} is not JSON: {error}").format(
                    file=path.name, error=exc
                )
            ) from exc
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            raise ProfileError(
                QCoreApplication.translate(
                    "ProfileBook", "{file} is not an ewallet-monitor profiles file."
                ).format(file=path.name)
            )
        items = document.get("profiles")
        if not isinstance(items, list):
            raise ProfileError(
                QCoreApplication.translate("ProfileBook", "{file} has no list of profiles.").format(
                    file=path.name
                )
            )
        profiles = [Profile.from_json(item) for item in items]  # all or nothing
        added: list[str] = []
        for profile in profiles:
            name = profile.name
            if not replace_existing:
                name = self._free_name(name)
            self.store.save(replace(profile, name=name, remember_secret=True))
            added.append(name)
        return added

    def _free_name(self, name: str) -> str:
        taken = set(self.names())
        if name not in taken:
            return name
        number = 2
        while f"{name} ({number})" in taken:
            number += 1
        return f"{name} ({number})"


FILTERS_GROUP = "filters"


class SavedFilterBook:
    """Filter-language expressions saved by name, in ``QSettings`` (``filters/<name>``);
    the window's bars pick them (``ui.query_bar.FilterBook``)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def names(self) -> list[str]:
        store = self.settings.store
        store.beginGroup(FILTERS_GROUP)
        try:
            keys = store.childKeys()
        finally:
            store.endGroup()
        return sorted((unquote(key) for key in keys), key=str.casefold)

    def get(self, name: str) -> str | None:
        value = self.settings.store.value(f"{FILTERS_GROUP}/{_key(name)}")
        return value if isinstance(value, str) else None

    def save(self, name: str, text: str) -> None:
        self.settings.store.setValue(f"{FILTERS_GROUP}/{_key(name)}", text)

    def delete(self, name: str) -> None:
        self.settings.store.remove(f"{FILTERS_GROUP}/{_key(name)}")


COLOUR_RULES_GROUP = "colour_rules"


class ColourRuleBook:
    """Colouring rules per profile, in ``QSettings`` (``colour_rules/<profile>`` holds the
    rules as JSON); a profile without saved rules gets the defaults. ``""`` is the rules
    of the window without a profile (the demo, a one-off connection)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _setting(self, profile: str) -> str:
        return f"{COLOUR_RULES_GROUP}/{_key(profile) or '%00'}"

    def load(self, profile: str) -> ColourRules:
        value = self.settings.store.value(self._setting(profile))
        if not isinstance(value, str):
            return ColourRules(DEFAULT_RULES)
        try:
            return ColourRules.from_json(json.loads(value))
        except ValueError:
            log.warning("the colouring rules of profile %r are unreadable; defaults used", profile)
            return ColourRules(DEFAULT_RULES)

    def save(self, profile: str, rules: ColourRules) -> None:
        self.settings.store.setValue(self._setting(profile), json.dumps(rules.to_json()))
