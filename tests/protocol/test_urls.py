"""Which socket and API URL a typed URL and a credential scheme lead to (docs/protocol-notes.md §1)."""

from __future__ import annotations

import pytest

from ewallet_monitor.protocol.auth import AuthScheme
from ewallet_monitor.protocol.urls import (
    UrlError,
    has_query_credentials,
    is_loopback_host,
    resolve_endpoints,
)


@pytest.mark.parametrize(
    ("url", "scheme", "socket_url", "api_url", "admin"),
    [
        (
            "https://ew.example.com",
            AuthScheme.OMG_CLIENT,
            "wss://ew.example.com/api/client/socket",
            "https://ew.example.com/api/client",
            False,
        ),
        (
            "https://ew.example.com/",
            AuthScheme.OMG_PROVIDER,
            "wss://ew.example.com/api/admin/socket",
            "https://ew.example.com/api/admin",
            True,
        ),
        (
            "https://ew.example.com/api",
            AuthScheme.OMG_ADMIN,
            "wss://ew.example.com/api/admin/socket",
            "https://ew.example.com/api/admin",
            True,
        ),
        (
            "http://127.0.0.1:4000",
            AuthScheme.BASIC,
            "ws://127.0.0.1:4000/api/client/socket",
            "http://127.0.0.1:4000/api/client",
            False,
        ),
        (
            "https://h.example/wallet",
            AuthScheme.OMG_CLIENT,
            "wss://h.example/wallet/api/client/socket",
            "https://h.example/wallet/api/client",
            False,
        ),
        (
            "https://h.example",
            AuthScheme.OMG_SERVER,
            "wss://h.example/api/socket",
            "https://h.example/api/admin",
            False,
        ),
        # explicit socket URLs are kept as given
        (
            "wss://h.example/api/admin/socket",
            AuthScheme.BASIC,
            "wss://h.example/api/admin/socket",
            "https://h.example/api/admin",
            True,
        ),
        (
            "ws://h.example:8080/api/client/socket",
            AuthScheme.OMG_CLIENT,
            "ws://h.example:8080/api/client/socket",
            "http://h.example:8080/api/client",
            False,
        ),
        (
            "wss://h.example/api/socket",
            AuthScheme.OMG_CLIENT,
            "wss://h.example/api/socket",
            "https://h.example/api/client",
            False,
        ),
        (
            "wss://h.example/api/socket",
            AuthScheme.OMG_SERVER,
            "wss://h.example/api/socket",
            "https://h.example/api/admin",
            False,
        ),
        (
            "https://h.example/api/client/socket/",
            AuthScheme.OMG_CLIENT,
            "wss://h.example/api/client/socket",
            "https://h.example/api/client",
            False,
        ),
    ],
)
def test_endpoints(
    url: str, scheme: AuthScheme, socket_url: str, api_url: str, admin: bool
) -> None:
    endpoints = resolve_endpoints(url, scheme)
    assert (endpoints.socket_url, endpoints.api_url, endpoints.admin) == (
        socket_url,
        api_url,
        admin,
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "server URL is empty"),
        ("ewallet.example.com", "has no scheme"),
        ("ftp://ewallet.example.com", "scheme 'ftp' is not supported"),
        ("https://", "has no host"),
        ("https://h.example:99999", "invalid port"),
        ("https://h.example:abc", "invalid port"),
        ("https://user:pw@h.example", "not in the URL"),
        ("https://h.example/api/client socket", "a space at character 29"),
        ("https://h.ex\tample", "blank \\(U\\+0009\\) at character 13"),
        ("https://h.example/\x07api", "control character \\(U\\+0007\\) at character 19"),
        ("https://h.example/\u200bapi", "control character \\(U\\+200B\\)"),
    ],
)
def test_bad_urls_are_refused_with_the_reason(url: str, message: str) -> None:
    with pytest.raises(UrlError, match=message):
        resolve_endpoints(url, AuthScheme.OMG_CLIENT)


def test_tls_and_loopback_are_told_apart() -> None:
    assert resolve_endpoints("https://h.example", AuthScheme.OMG_CLIENT).is_tls
    local = resolve_endpoints("http://localhost:4000", AuthScheme.OMG_CLIENT)
    assert not local.is_tls and local.is_loopback
    assert not resolve_endpoints("http://10.0.0.5", AuthScheme.OMG_CLIENT).is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("app.localhost", True),
        ("10.1.1.1", False),
        ("example.com", False),
        ("", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize(
    "url",
    [
        "wss://h.example/api/client/socket?headers%5BAuthorization%5D=T01HQ2xpZW50IGE6Yg%3D%3D",
        "wss://h.example/api/client/socket?headers[Authorization]=OMGClient%20abc",
        "https://h.example?HEADERS[authorization]=x",
        "https://h.example/?api_key=k&authentication_token=t",
        "h.example?headers[Authorization]=no-scheme-either",
    ],
)
def test_credentials_in_the_query_are_refused_without_quoting_them(url: str) -> None:
    with pytest.raises(UrlError, match="not in the URL's query") as refused:
        resolve_endpoints(url, AuthScheme.OMG_CLIENT)
    assert "h.example" not in str(refused.value)  # the URL (and its secret) is not echoed
    assert has_query_credentials(url)
    assert not has_query_credentials("wss://h.example/api/client/socket?vsn=2.0.0")
