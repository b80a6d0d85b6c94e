"""A profile names its shared history: saved, exported and loaded without a password (an
address with one is refused under the field), and the window starts on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from ewallet_monitor.app.gui import profile_history_store
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.settings.profiles import (
    Profile,
    ProfileBook,
    ProfileError,
    ProfileStore,
    SecretVault,
)
from ewallet_monitor.ui.connection_form import ConnectionForm
from tests.settings.memory_keyring import MemoryKeyring
from tests.settings.test_profiles import fill

SHARED = "postgresql://desk@dbhost:5432/ewallet"


def ini(path: Path) -> Settings:
    return Settings(QSettings(str(path / "settings.ini"), QSettings.Format.IniFormat))


def test_a_profile_keeps_its_shared_history_and_the_window_starts_on_it(tmp_path: Path) -> None:
    settings = ini(tmp_path)
    store = ProfileStore(settings)
    store.save(Profile(name="till 3", url="http://x", history_store=SHARED))
    store.last_profile = "till 3"
    loaded = store.load("till 3")
    assert loaded is not None and loaded.history_store == SHARED
    assert Profile.from_json(loaded.to_json()).history_store == SHARED
    chosen = profile_history_store(ini(tmp_path))
    assert chosen is not None and (chosen.host, chosen.dbname) == ("dbhost", "ewallet")
    store.save(Profile(name="till 3", url="http://x"))
    assert profile_history_store(ini(tmp_path)) is None


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("postgresql://desk:hunter2@dbhost/ewallet", "holds a password"),
        ("mysql://dbhost/ewallet", "not a PostgreSQL address"),
    ],
)
def test_an_unusable_address_is_refused(address: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        Profile(name="till 3", history_store=address)
    with pytest.raises(ProfileError, match=message):
        Profile.from_json({"name": "till 3", "history_store": address})


def test_a_password_written_into_the_settings_file_by_hand_is_dropped(tmp_path: Path) -> None:
    settings = ini(tmp_path)
    ProfileStore(settings).save(Profile(name="till 3", url="http://x", history_store=SHARED))
    settings.store.setValue("profiles/till 3/history_store", "postgresql://d:pw@h/db")
    loaded = ProfileStore(settings).load("till 3")
    assert loaded is not None and loaded.history_store == ""


def test_the_form_shows_a_bad_address_under_its_field_and_saves_a_good_one(
    qtbot: Any, tmp_path: Path
) -> None:
    form = ConnectionForm()
    qtbot.addWidget(form)
    form.set_profile_book(ProfileBook(ini(tmp_path), SecretVault(MemoryKeyring())))
    fill(form)
    form.history_store_edit.setText("postgresql://desk:hunter2@dbhost/ewallet")
    assert not form.save_profile("till 3")
    error = form.errors["history_store"]
    assert error.isVisibleTo(form) and "holds a password" in error.text()
    settings_file = tmp_path / "settings.ini"
    assert not settings_file.exists() or "hunter2" not in settings_file.read_text()
    form.history_store_edit.setText(SHARED)
    assert form.save_profile("till 3")
    form.history_store_edit.clear()
    assert form.select_profile("till 3")
    assert form.history_store_edit.text() == SHARED
    exported = tmp_path / "profiles.json"
    assert form.profile_book is not None
    form.profile_book.export_json(exported)
    assert json.loads(exported.read_text())["profiles"][0]["history_store"] == SHARED
