"""The connection form: labels per scheme, validation at the field, the plain-text question."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit

from ewallet_monitor.protocol.auth import AuthScheme
from ewallet_monitor.ui.connection_form import ConnectionForm, ConnectionRequest

GOOD = {
    "url": "https://ewallet.example.com",
    "scheme": AuthScheme.OMG_CLIENT,
    "key": "api-key",
    "secret": "token",
    "topics": ["user:usr_01cbfg9qtdken61agxhx6wvj9h"],
}


@pytest.fixture
def form(qtbot: Any) -> ConnectionForm:
    widget = ConnectionForm()
    qtbot.addWidget(widget)
    return widget


def submitted(form: ConnectionForm) -> list[ConnectionRequest]:
    seen: list[ConnectionRequest] = []
    form.connect_requested.connect(seen.append)
    return seen


@pytest.mark.parametrize("scheme", list(AuthScheme))
def test_field_labels_follow_the_scheme(form: ConnectionForm, scheme: AuthScheme) -> None:
    form.set_scheme(scheme)
    assert (form.key_label.text(), form.secret_label.text()) == scheme.field_labels


def test_the_secret_is_masked_until_revealed(form: ConnectionForm) -> None:
    assert form.secret_edit.echoMode() is QLineEdit.EchoMode.Password
    form.reveal_button.click()
    assert form.secret_edit.echoMode() is QLineEdit.EchoMode.Normal
    form.reveal_button.click()
    assert form.secret_edit.echoMode() is QLineEdit.EchoMode.Password


def test_good_values_connect(form: ConnectionForm) -> None:
    seen = submitted(form)
    form.set_values(**GOOD)
    form.submit()
    assert len(seen) == 1
    request = seen[0]
    assert request.endpoints.socket_url == "wss://ewallet.example.com/api/client/socket"
    assert request.topics == GOOD["topics"]
    assert request.verify_tls


@pytest.mark.parametrize(
    ("field", "values", "words"),
    [
        ("url", {"url": "ewallet.example.com"}, "no scheme"),
        ("url", {"url": "ftp://ewallet.example.com"}, "not supported"),
        ("key", {"key": ""}, "API key is empty"),
        ("secret", {"secret": "   "}, "Authentication token is empty"),
        ("secret", {"secret": " token"}, "blanks around it"),
        ("topics", {"topics": ["user:usr_x", "wallet:abc"]}, "Line 2: unknown channel kind"),
        ("topics", {"topics": ["transaction_request:txc_01cbfg9qtdken61agxhx6wvj9h"]}, "txc_"),
    ],
)
def test_a_bad_field_is_named_at_the_field(
    form: ConnectionForm, field: str, values: dict[str, Any], words: str
) -> None:
    seen = submitted(form)
    form.set_values(**{**GOOD, **values})
    form.submit()
    assert seen == []
    assert words in form.error_text(field)
    others = [name for name in form.errors if name != field]
    assert all(form.error_text(name) == "" for name in others)


def test_fixing_the_field_clears_its_error(form: ConnectionForm) -> None:
    form.set_values(**{**GOOD, "key": ""})
    form.submit()
    assert form.error_text("key")
    form.key_edit.setText("api-key")
    form.submit()
    assert form.error_text("key") == ""


def test_plain_text_to_another_host_asks_first(form: ConnectionForm) -> None:
    seen = submitted(form)
    form.set_values(**{**GOOD, "url": "http://ewallet.example.com"})
    form.submit()
    assert seen == []
    assert form.insecure_box.isVisibleTo(form)
    assert "without encryption" in form.insecure_label.text()
    form.insecure_confirm.click()
    assert len(seen) == 1
    assert not form.insecure_box.isVisibleTo(form)


def test_plain_text_question_can_be_declined(form: ConnectionForm) -> None:
    seen = submitted(form)
    form.set_values(**{**GOOD, "url": "ws://10.1.2.3:4000"})
    form.submit()
    form.insecure_cancel.click()
    assert seen == []


def test_plain_text_to_this_machine_does_not_ask(form: ConnectionForm) -> None:
    seen = submitted(form)
    form.set_values(**{**GOOD, "url": "ws://127.0.0.1:4000"})
    form.submit()
    assert len(seen) == 1


def test_a_ca_file_without_verification_is_refused(form: ConnectionForm) -> None:
    form.set_values(**GOOD, verify_tls=False, cafile="/etc/ssl/ca.pem")
    form.submit()
    assert "only used" in form.error_text("cafile")


def test_a_connection_error_reads_plainly_with_details_on_demand(form: ConnectionForm) -> None:
    form.show_connection_error("The server refused these credentials.", "http_403 forbidden")
    banner = form.error_banner
    assert banner.isVisibleTo(form)
    assert banner.summary == "The server refused these credentials."
    assert not banner.details.isVisibleTo(form)
    banner.details_button.click()
    assert banner.details.isVisibleTo(form)
    assert banner.detail == "http_403 forbidden"


def test_running_state_switches_the_buttons(form: ConnectionForm) -> None:
    form.set_running(True)
    assert form.disconnect_button.isEnabled()
    with_disconnect: list[bool] = []
    form.disconnect_requested.connect(lambda: with_disconnect.append(True))
    form.disconnect_button.click()
    assert with_disconnect == [True]
    form.set_running(False)
    assert not form.disconnect_button.isEnabled()


def type_into(qtbot: Any, field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, "\b")
    qtbot.keyClicks(field, text)


def test_the_url_message_follows_what_is_typed(qtbot: Any, form: ConnectionForm) -> None:
    form.show()
    assert form.error_text("url") == ""  # an untouched form shows no error
    type_into(qtbot, form.url_edit, "ftp://x")
    assert "scheme 'ftp' is not supported" in form.error_text("url")
    assert not form.url_hint.isVisibleTo(form)
    type_into(qtbot, form.url_edit, "https://ewallet.example.com/api/client socket")
    assert "a space at character 39" in form.error_text("url")
    type_into(qtbot, form.url_edit, "https://ewallet.example.com")
    assert form.error_text("url") == ""
    assert form.url_hint.text() == "Connects to wss://ewallet.example.com/api/client/socket"
    form.set_scheme(AuthScheme.OMG_ADMIN)  # the hint follows the scheme too
    assert form.url_hint.text() == "Connects to wss://ewallet.example.com/api/admin/socket"
    type_into(qtbot, form.url_edit, "")
    assert form.error_text("url") == "Server URL is empty."


def test_a_url_with_a_control_character_is_refused(form: ConnectionForm) -> None:
    seen = submitted(form)
    form.set_values(**{**GOOD, "url": "https://ewallet.example.com/\x1b[0m"})
    form.submit()
    assert seen == []
    assert "control character (U+001B)" in form.error_text("url")


@pytest.mark.parametrize("typed", ["99999", "0", "-3", "0.5", "56", "abc", ""])
def test_a_heartbeat_out_of_range_is_refused_not_clamped(
    qtbot: Any, form: ConnectionForm, typed: str
) -> None:
    form.show()
    seen = submitted(form)
    form.set_values(**GOOD)
    type_into(qtbot, form.heartbeat_field, typed)
    assert form.heartbeat_field.text() == typed  # kept as typed, nothing swallowed
    assert "1–55 s" in form.error_text("heartbeat")
    assert "1–55 s" in form.heartbeat_range.text()
    form.submit()
    assert seen == []
    type_into(qtbot, form.heartbeat_field, "30")
    assert form.error_text("heartbeat") == ""
    form.submit()
    assert [request.heartbeat_interval for request in seen] == [30.0]
