"""Typed, non-secret settings kept in ``QSettings``: window state, cashier options and the
last connection (URL, scheme, key name, options — never a secret).

Each setting is declared once with its type and default; a value of the wrong type in the
store (edited by hand, older version) reads as the default.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from ewallet_monitor.private_files import narrow, private_dir, private_file

T = TypeVar("T")

ORGANIZATION = "ewallet-monitor"
APPLICATION = "ewallet-monitor"


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T


CONFIRM_ABOVE = Setting[str]("cashier/confirm_above", "100")  # units, decimal text; "" = never
# Each token's own threshold, one "SYMBOL=units" a line (models.decision_guard); a token
# without one uses CONFIRM_ABOVE.
CONFIRM_ABOVE_BY_TOKEN = Setting[str]("cashier/confirm_thresholds", "")
MUTED = Setting[bool]("cashier/muted", False)
SHOW_HEARTBEATS = Setting[bool]("view/show_heartbeats", False)
WINDOW_GEOMETRY = Setting[QByteArray]("window/geometry", QByteArray())
LAST_URL = Setting[str]("connection/url", "")
LAST_SCHEME = Setting[str]("connection/scheme", "OMGClient")
LAST_KEY = Setting[str]("connection/key", "")  # the public half only (api key, access key)
LAST_AUTH_IN_QUERY = Setting[bool]("connection/auth_in_query", False)
LAST_VERIFY_TLS = Setting[bool]("connection/verify_tls", True)
LAST_CAFILE = Setting[str]("connection/cafile", "")
LAST_HEARTBEAT = Setting[float]("connection/heartbeat_interval", 10.0)
LAST_TOPICS = Setting[str]("connection/topics", "")  # one per line

FORBIDDEN_WORDS = ("secret", "token", "password")


class Settings:
    """A thin typed wrapper; pass a ``QSettings`` (tests use an INI file in a temp dir)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings(ORGANIZATION, APPLICATION)
        self._make_private()

    def _make_private(self) -> None:
        # The settings file names the server and the key: the user's only. Qt rewrites it
        # through a temporary file that keeps the existing file's mode, so a file made
        # 0600 before the first write stays 0600.
        path = Path(self.store.fileName())
        if sys.platform == "win32" or not path.is_absolute():
            return  # the registry on Windows
        try:
            private_dir(path.parent)
            private_file(path)
        except OSError:
            pass  # a read-only location: QSettings reports it on sync

    def get(self, setting: Setting[T]) -> T:
        value: Any = self.store.value(setting.key, setting.default)
        default = setting.default
        try:
            if isinstance(default, bool):
                if isinstance(value, str):
                    return value.lower() in ("true", "1", "yes")  # type: ignore[return-value]
                return bool(value)  # type: ignore[return-value]
            if isinstance(default, float):
                return float(value)  # type: ignore[return-value]
            if isinstance(default, QByteArray):
                return value if isinstance(value, QByteArray) else default  # type: ignore[return-value]
            if isinstance(default, str):
                return value if isinstance(value, str) else default  # type: ignore[return-value]
        except (TypeError, ValueError):
            return default
        return value  # type: ignore[no-any-return]

    def set(self, setting: Setting[T], value: T) -> None:
        lowered = setting.key.lower()
        if any(word in lowered for word in FORBIDDEN_WORDS):
            raise ValueError(f"{setting.key} looks like a secret; secrets never go to QSettings")
        self.store.setValue(setting.key, value)

    def sync(self) -> None:
        self.store.sync()
        if sys.platform != "win32" and Path(self.store.fileName()).is_absolute():
            narrow(Path(self.store.fileName()))

    @property
    def has_last_connection(self) -> bool:
        return bool(self.get(LAST_URL))
