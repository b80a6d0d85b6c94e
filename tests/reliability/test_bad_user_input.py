"""Bad input from the user on the command line: a precise message on stderr, exit 2,
nothing on stdout, and nothing sent — a socket listening on the port the command was
pointed at sees no connection."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from socket import socket

import pytest

from ewallet_monitor.app import action_command, listen_command
from ewallet_monitor.app.connection_options import (
    EXIT_USAGE,
    add_connection_options,
    resolve_connection,
    warn_if_plaintext,
)
from tests.reliability.harness import CANARY, connections_seen, listening_socket, record_figure

CHANNEL = "user:usr_01chd82w6bv1z6x6var9stra0k"
CONSUMPTION = "txc_01cbfg9qtdken61agxhx6wvj9h"


@pytest.fixture
def watched() -> Iterator[socket]:
    sock = listening_socket()
    yield sock
    sock.close()


def login(
    url: str, secret: str = CANARY, scheme: str = "OMGClient", key: str = "api-key"
) -> list[str]:
    return ["--url", url, "--auth", scheme, "--key", key, "--secret", secret]


# (argv with {url} for the watched port, words the message must hold)
LISTEN_CASES: list[tuple[list[str], str]] = [
    (login("not a url"), "has a space at character 4"),
    (login("127.0.0.1:{port}"), "has no scheme"),
    (login("ftp://127.0.0.1:{port}"), "scheme 'ftp' is not supported"),
    (login("gopher://127.0.0.1:{port}"), "scheme 'gopher' is not supported"),
    (login("http://"), "has no host"),
    (login("http://127.0.0.1:99999"), "has an invalid port"),
    (login("{url}", scheme="Bearer"), "unknown credential scheme 'Bearer'"),
    (login("{url}", scheme=""), "no credential scheme"),
    (login("{url}", secret=""), "Authentication token is empty"),
    (login("{url}", secret="   "), "Authentication token is empty"),
    (login("{url}", secret="\t\n"), "Authentication token is empty"),
    (login("{url}", secret=f" {CANARY} "), "Authentication token has blanks around it"),
    (login("{url}", key=""), "API key is empty"),
    (login("{url}", key="a:b"), "API key must not contain ':'"),
    (login("{url}", secret=CANARY + "\nX-Injected: 1"), "must not contain line breaks"),
]
TOPIC_CASES: list[tuple[str, str]] = [
    ("nocolon", "has no ':'"),
    ("wallet:abc", "unknown channel kind 'wallet'"),
    ("user:", "User id is empty"),
    ("user:has space", "has characters an eWallet id never has"),
    (f"transaction_request:{CONSUMPTION}", "is a txc_ id, not a transaction request id"),
    ("transaction_consumption:a:b", "must not contain ':'"),
]
ID_CASES: list[tuple[str, str]] = [
    ("", "Consumption id is empty"),
    ("txc_!!", "has characters an eWallet id never has"),
    ("txr_01cbfg9qtdken61agxhx6wvj9h", "is a txr_ id, not a consumption id"),
    ("a:b", "must not contain ':'"),
]
tried = [0]


@pytest.fixture(scope="module", autouse=True)
def report_count() -> Iterator[None]:
    yield
    record_figure("bad_user_input", tried=tried[0])


def fill(argv: list[str], sock: socket) -> list[str]:
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    return [arg.replace("{url}", url).replace("{port}", str(port)) for arg in argv]


def expect_usage_error(module: object, argv: list[str], words: str, sock: socket) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = module.main(argv, stdout=out, stderr=err)  # type: ignore[attr-defined]
    tried[0] += 1
    assert code == EXIT_USAGE
    assert words in err.getvalue()
    assert err.getvalue().startswith(f"ewallet-monitor {argv[0]}: ")
    assert out.getvalue() == ""
    assert CANARY not in err.getvalue()
    assert connections_seen(sock) == 0  # nothing was sent anywhere


@pytest.mark.parametrize(("argv", "words"), LISTEN_CASES)
def test_bad_connection_options_are_refused_before_connecting(
    argv: list[str], words: str, watched: socket
) -> None:
    listen_argv = ["listen", *fill(argv, watched), "--channel", CHANNEL]
    expect_usage_error(listen_command, listen_argv, words, watched)
    approve_argv = ["approve", *fill(argv, watched), CONSUMPTION]
    expect_usage_error(action_command, approve_argv, words, watched)


@pytest.mark.parametrize(("topic", "words"), TOPIC_CASES)
def test_malformed_topics_are_refused_before_connecting(
    topic: str, words: str, watched: socket
) -> None:
    argv = ["listen", *fill(login("{url}"), watched), "--channel", CHANNEL, "--channel", topic]
    expect_usage_error(listen_command, argv, words, watched)


@pytest.mark.parametrize(("consumption_id", "words"), ID_CASES)
@pytest.mark.parametrize("action", ["approve", "reject", "cancel"])
def test_malformed_ids_are_refused_before_any_request(
    action: str, consumption_id: str, words: str, watched: socket
) -> None:
    argv = [action, *fill(login("{url}"), watched), consumption_id]
    expect_usage_error(action_command, argv, words, watched)


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("ws://192.0.2.10:4000", True),  # TEST-NET address: resolved, never contacted
        ("http://ewallet.example.com", True),
        ("wss://ewallet.example.com", False),
        ("ws://127.0.0.1:4000", False),
        ("ws://localhost:4000", False),
        ("ws://[::1]:4000", False),
    ],
)
def test_plaintext_to_another_machine_is_warned_about(url: str, warned: bool) -> None:
    parser = argparse.ArgumentParser()
    add_connection_options(parser)
    args = parser.parse_args(login(url))
    err = io.StringIO()
    warn_if_plaintext(resolve_connection(args, env={}), err)
    assert ("credentials travel in clear text" in err.getvalue()) is warned
    assert CANARY not in err.getvalue()
