"""Connection profiles: QSettings for the fields, the keyring for the secret, never plain text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings

from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.settings.profiles import (
    KEYRING_SERVICE,
    NO_KEYRING_MESSAGE,
    Profile,
    ProfileBook,
    ProfileError,
    SavedFilterBook,
    SecretVault,
    keyring_status,
)
from ewallet_monitor.ui.connection_form import ConnectionForm
from tests.settings.memory_keyring import MemoryKeyring

CANARY = "canary-secret-7f3a9c"


def ini(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The process-wide keyring is an in-memory one for the test (then restored)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def sample(name: str = "shop 1") -> Profile:
    return Profile(
        name=name,
        url="https://ewallet.example.com",
        scheme="OMGProvider",
        key="access-1",
        auth_in_query=True,
        verify_tls=True,
        cafile="/etc/ssl/shop.pem",
        heartbeat_interval=15.5,
        topics=("account:acc_1", "user:usr_2"),
    )


def files_under(path: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in path.rglob("*") if p.is_file())


def test_a_profile_round_trips_through_qsettings(tmp_path: Path) -> None:
    book = ProfileBook(ini(tmp_path), SecretVault(MemoryKeyring()))
    for name in ("shop 1", "a/b with % and token", "Zürich"):
        book.save(sample(name))
    fresh = ProfileBook(ini(tmp_path), SecretVault(MemoryKeyring()))
    assert fresh.names() == ["a/b with % and token", "shop 1", "Zürich"]
    assert fresh.load("a/b with % and token") == sample("a/b with % and token")
    assert fresh.load("missing") is None


@pytest.mark.parametrize(
    ("name", "in_file"),
    [
        ("Front desk", "\nFront%20desk\\url="),
        ("till/2", "\ntill%252F2\\url="),
        ("100% sure", "\n100%2525%20sure\\url="),
        ("ร้าน 1", "\n%U0E23%U0E49%U0E32%U0E19%201\\url="),
    ],
)
def test_profile_names_are_encoded_once_in_the_settings_file(
    tmp_path: Path, name: str, in_file: str
) -> None:
    book = ProfileBook(ini(tmp_path), SecretVault(MemoryKeyring()))
    book.save(sample(name))
    text = (tmp_path / "settings.ini").read_text()
    assert in_file in text, text
    assert ProfileBook(ini(tmp_path), SecretVault(MemoryKeyring())).load(name) == sample(name)


@pytest.mark.parametrize("name", ["Front desk", "till/2", "100% sure", "ร้าน 1"])
def test_names_saved_twice_encoded_are_still_read_and_re_encoded(tmp_path: Path, name: str) -> None:
    old = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    # What earlier versions wrote: our own percent-encoding of every special character.
    old.setValue(f"profiles/{quote(name, safe='')}/url", "https://old.example.com")
    old.setValue(f"profiles/{quote(name, safe='')}/key", "access-old")
    old.sync()
    del old
    assert "%25" in (tmp_path / "settings.ini").read_text()
    book = ProfileBook(ini(tmp_path), SecretVault(MemoryKeyring()))
    assert book.names() == [name]
    profile = book.load(name)
    assert profile is not None
    assert (profile.url, profile.key) == ("https://old.example.com", "access-old")
    text = (tmp_path / "settings.ini").read_text()
    assert "%2520" not in text and "%25U" not in text
    assert ProfileBook(ini(tmp_path), SecretVault(MemoryKeyring())).names() == [name]


def test_the_secret_goes_to_the_keyring_and_never_to_qsettings(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    book = ProfileBook(ini(tmp_path))  # the default vault: keyring.get_keyring()
    assert book.can_remember_secrets
    assert book.save(sample(), CANARY)
    assert memory_keyring.passwords == {(KEYRING_SERVICE, "shop 1/access-1"): CANARY}
    assert book.secret(sample()) == CANARY
    assert CANARY not in files_under(tmp_path)


def test_not_remembering_forgets_the_secret(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    book = ProfileBook(ini(tmp_path), SecretVault(backend))
    book.save(sample(), CANARY)
    forget = Profile(**{**sample().__dict__, "remember_secret": False})
    assert not book.save(forget, CANARY)
    assert backend.passwords == {}
    assert book.secret(book.load("shop 1") or sample()) is None


def test_rename_moves_the_secret_and_delete_removes_it(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    book = ProfileBook(ini(tmp_path), SecretVault(backend))
    book.save(sample("old"), CANARY)
    book.last_profile = "old"
    book.rename("old", "new")
    assert book.names() == ["new"]
    assert book.last_profile == "new"
    assert backend.passwords == {(KEYRING_SERVICE, "new/access-1"): CANARY}
    with pytest.raises(ProfileError):
        book.rename("new", " ")
    book.delete("new")
    assert book.names() == []
    assert backend.passwords == {}
    assert book.last_profile == ""


def test_changing_the_key_forgets_the_old_keys_secret(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    book = ProfileBook(ini(tmp_path), SecretVault(backend))
    book.save(sample(), CANARY)
    changed = Profile(**{**sample().__dict__, "key": "access-2"})
    book.save(changed, "other")
    assert backend.passwords == {(KEYRING_SERVICE, "shop 1/access-2"): "other"}


@pytest.mark.parametrize("backend", [fail.Keyring(), None])
def test_without_a_usable_keyring_nothing_is_remembered(tmp_path: Path, backend: Any) -> None:
    assert keyring_status(backend) == (False, NO_KEYRING_MESSAGE)
    vault = SecretVault(fail.Keyring())
    book = ProfileBook(ini(tmp_path), vault)
    assert not book.can_remember_secrets
    assert not book.save(sample(), CANARY)
    assert book.secret(sample()) is None
    assert CANARY not in files_under(tmp_path)


def test_a_low_priority_backend_is_not_trusted_with_secrets() -> None:
    class PlainFile(MemoryKeyring):
        priority = 0.5  # type: ignore[assignment]  # like keyrings.alt's plain-text files

    usable, reason = keyring_status(PlainFile())
    assert not usable
    assert reason.startswith(NO_KEYRING_MESSAGE)


def test_profiles_export_and_import_without_secrets(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    book = ProfileBook(ini(tmp_path / "a"), SecretVault(backend))
    book.save(sample("shop 1"), CANARY)
    book.save(sample("shop 2"), CANARY)
    exported = tmp_path / "profiles.json"
    assert book.export_json(exported) == 2
    text = exported.read_text()
    assert CANARY not in text
    assert "secret" not in text.lower()
    other = ProfileBook(ini(tmp_path / "b"), SecretVault(MemoryKeyring()))
    other.save(sample("shop 1"))
    assert other.import_json(exported) == ["shop 1 (2)", "shop 2"]
    assert other.load("shop 2") == sample("shop 2")


def test_an_imported_secret_field_is_never_taken_in(tmp_path: Path) -> None:
    document = {
        "format": "ewallet-monitor-profiles",
        "version": 1,
        "profiles": [{**sample().to_json(), "secret": CANARY}],
    }
    path = tmp_path / "hand-made.json"
    path.write_text(json.dumps(document))
    book = ProfileBook(ini(tmp_path / "s"), SecretVault(MemoryKeyring()))
    assert book.import_json(path) == ["shop 1"]
    assert CANARY not in files_under(tmp_path / "s")


def test_an_import_that_is_not_a_profiles_file_is_refused(tmp_path: Path) -> None:
    book = ProfileBook(ini(tmp_path), SecretVault(MemoryKeyring()))
    path = tmp_path / "x.json"
    path.write_text('{"profiles": []}')
    with pytest.raises(ProfileError, match="not an ewallet-monitor profiles file"):
        book.import_json(path)
    path.write_text(
        json.dumps({"format": "ewallet-monitor-profiles", "profiles": [{"name": "a", "url": 3}]})
    )
    with pytest.raises(ProfileError, match="url"):
        book.import_json(path)
    assert book.names() == []


# -- the connection form ----------------------------------------------------------------------


def fill(form: ConnectionForm) -> None:
    form.set_values(
        url="https://ewallet.example.com",
        key="access-1",
        secret=CANARY,
        topics=["account:acc_1"],
    )


def test_the_form_saves_as_a_new_profile_and_loads_it_with_its_secret(
    qtbot: Any, tmp_path: Path
) -> None:
    backend = MemoryKeyring()
    form = ConnectionForm()
    qtbot.addWidget(form)
    form.set_profile_book(ProfileBook(ini(tmp_path), SecretVault(backend)))
    assert form.remember_check.isEnabled()
    assert form.keyring_label.isHidden()
    fill(form)
    form.save_as_button.click()
    assert form.profile_box.isVisibleTo(form)
    form.profile_name_edit.setText("front desk")
    form.profile_ok.click()
    assert form.profile_box.isHidden()
    assert form.current_profile == "front desk"
    assert "system keyring" in form.profile_message.text()
    assert backend.passwords == {(KEYRING_SERVICE, "front desk/access-1"): CANARY}

    form.set_values()  # an empty form
    form.profile_combo.setCurrentIndex(0)
    assert form.select_profile("front desk")
    assert form.secret_edit.text() == CANARY
    assert form.topic_lines() == ["account:acc_1"]
    assert CANARY not in files_under(tmp_path)


def test_the_form_renames_and_deletes_inline(qtbot: Any, tmp_path: Path) -> None:
    form = ConnectionForm()
    qtbot.addWidget(form)
    book = ProfileBook(ini(tmp_path), SecretVault(MemoryKeyring()))
    book.save(sample("a"))
    book.save(sample("b"))
    form.set_profile_book(book)
    form.select_profile("a")
    form.rename_button.click()
    form.profile_name_edit.setText("b")
    form.profile_ok.click()
    assert "exists already" in form.profile_message.text()
    assert form.profile_box.isVisibleTo(form)
    form.profile_name_edit.setText("c")
    form.profile_ok.click()
    assert book.names() == ["b", "c"]
    assert form.current_profile == "c"
    form.delete_button.click()
    form.profile_ok.click()
    assert book.names() == ["b"]
    assert form.current_profile == ""


def test_without_a_keyring_the_form_says_so_and_keeps_no_secret(qtbot: Any, tmp_path: Path) -> None:
    form = ConnectionForm()
    qtbot.addWidget(form)
    form.set_profile_book(ProfileBook(ini(tmp_path), SecretVault(fail.Keyring())))
    assert not form.remember_check.isEnabled()
    assert not form.remember_check.isChecked()
    assert form.keyring_label.text() == NO_KEYRING_MESSAGE
    assert not form.keyring_label.isHidden()
    fill(form)
    assert form.save_profile("till 2")
    assert "without the secret" in form.profile_message.text()
    assert NO_KEYRING_MESSAGE in form.profile_message.text()
    form.set_values()
    assert not form.select_profile("till 2")
    assert form.secret_edit.text() == ""
    assert CANARY not in files_under(tmp_path)


def test_a_url_with_query_credentials_is_refused_and_never_saved(
    qtbot: Any, tmp_path: Path
) -> None:
    encoded = "T01HQ2xpZW50IGFjY2Vzcy0xOmNhbmFyeQ%3D%3D"
    url = f"wss://ewallet.example.com/api/client/socket?headers%5BAuthorization%5D={encoded}"
    settings = ini(tmp_path)
    form = ConnectionForm()
    qtbot.addWidget(form)
    form.set_profile_book(ProfileBook(settings, SecretVault(MemoryKeyring())))
    seen: list[Any] = []
    form.connect_requested.connect(seen.append)
    form.set_values(url=url, key="access-1", secret=CANARY, topics=["account:acc_1"])
    form.submit()
    assert seen == []
    assert "not in the URL's query" in form.error_text("url")
    assert not form.save_profile("leaky")
    settings.sync()
    assert encoded not in files_under(tmp_path)
    assert "Authorization" not in files_under(tmp_path)


def test_saved_filters_keep_any_name_and_survive_a_restart(tmp_path: Path) -> None:
    def open_book() -> SavedFilterBook:
        return SavedFilterBook(
            Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        )

    book = open_book()
    book.save("Failed BTC / 50% off", 'status == "failed" and token == "BTC"')
    book.save("big", "amount > 1000")
    book.settings.sync()
    again = open_book()
    assert again.names() == ["big", "Failed BTC / 50% off"]
    assert again.get("Failed BTC / 50% off") == 'status == "failed" and token == "BTC"'
    again.delete("big")
    assert again.names() == ["Failed BTC / 50% off"]
    assert again.get("big") is None
