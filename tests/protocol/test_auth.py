"""Credentials, headers, the query form and redaction (docs/protocol-notes.md §2)."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ewallet_monitor.protocol.auth import (
    ACCEPT,
    REDACTED,
    AuthScheme,
    CredentialError,
    Credentials,
    _redact_shapes,
    add_query_credentials,
    parse_authorization,
    redact,
    redactor,
)

CANARY = "canary-SECRET-7f3a9"


@pytest.mark.parametrize("scheme", list(AuthScheme))
def test_the_header_is_the_scheme_word_and_base64_of_key_colon_secret(scheme: AuthScheme) -> None:
    creds = Credentials(scheme, "key-1", CANARY)
    word, encoded = creds.authorization().split(" ")
    assert word == scheme.value
    assert base64.b64decode(encoded).decode() == f"key-1:{CANARY}"
    assert creds.headers() == {"Authorization": creds.authorization(), "Accept": ACCEPT}


def test_the_server_side_parser_splits_on_the_first_colon() -> None:
    creds = Credentials(AuthScheme.OMG_CLIENT, "api", "tok:with:colons")
    assert parse_authorization(creds.authorization()) == ("OMGClient", "api", "tok:with:colons")


@pytest.mark.parametrize(
    "value",
    ["", "OMGClient", "OMGClient !!!", "OMGClient " + base64.b64encode(b"nocolon").decode()],
)
def test_unreadable_authorization_values_parse_to_none(value: str) -> None:
    assert parse_authorization(value) is None


def test_accept_is_exactly_the_v1_type() -> None:
    assert ACCEPT == "application/vnd.omisego.v1+json"


def test_the_query_form_carries_both_headers_and_keeps_other_parameters() -> None:
    creds = Credentials(AuthScheme.OMG_PROVIDER, "access", CANARY)
    url = add_query_credentials("wss://h.example/api/admin/socket?x=1", creds)
    query = parse_qs(urlsplit(url).query)
    assert query["x"] == ["1"]
    assert query["headers[Authorization]"] == [creds.authorization()]
    assert query["headers[Accept]"] == [ACCEPT]


def test_scheme_names_parse_case_insensitively_and_unknown_ones_name_the_choices() -> None:
    assert AuthScheme.parse("omgadmin") is AuthScheme.OMG_ADMIN
    with pytest.raises(ValueError, match="expected one of OMGClient, OMGProvider"):
        AuthScheme.parse("Bearer")


@pytest.mark.parametrize(
    ("key", "secret", "message"),
    [
        ("", "s", "API key is empty"),
        ("   ", "s", "API key is empty"),
        (" k", "s", "API key has blanks"),
        ("k:x", "s", "must not contain ':'"),
        ("k", "", "Authentication token is empty"),
        ("k", "  \t", "Authentication token is empty"),
        ("k", " s ", "Authentication token has blanks"),
        ("k", "a\nb", "line breaks"),
    ],
)
def test_unusable_credentials_are_refused_naming_the_field(
    key: str, secret: str, message: str
) -> None:
    with pytest.raises(CredentialError, match=message):
        Credentials(AuthScheme.OMG_CLIENT, key, secret)


def test_labels_follow_the_scheme() -> None:
    assert AuthScheme.OMG_CLIENT.field_labels == ("API key", "Authentication token")
    assert AuthScheme.OMG_PROVIDER.field_labels == ("Access key", "Secret key")
    assert AuthScheme.OMG_ADMIN.field_labels == ("Admin user id", "Authentication token")


def test_the_secret_never_shows_in_repr_or_str() -> None:
    creds = Credentials(AuthScheme.OMG_CLIENT, "key", CANARY)
    assert CANARY not in repr(creds)
    assert CANARY not in str(creds)
    encoded = creds.authorization().split(" ")[1]
    assert encoded not in repr(creds) + str(creds)


def test_redact_removes_the_secret_and_every_encoding_of_it() -> None:
    creds = Credentials(AuthScheme.OMG_CLIENT, "key", CANARY)
    url = add_query_credentials("ws://127.0.0.1:4000/api/client/socket", creds)
    text = f"failed {url} with {creds.authorization()} and {CANARY}"
    cleaned = redact(text, creds.secrets())
    for secret in creds.secrets():
        assert secret not in cleaned
    assert REDACTED in cleaned
    assert "127.0.0.1:4000" in cleaned


def test_redact_catches_credential_shapes_without_knowing_the_secret() -> None:
    header = Credentials(AuthScheme.OMG_PROVIDER, "k", CANARY).authorization()
    encoded = header.split(" ")[1]
    samples = [
        f"Authorization: {header}",
        f"'Authorization': '{header}'",
        f"ws://h/api/socket?headers[Authorization]={encoded}&x=1",
        f"ws://h/api/socket?headers%5BAuthorization%5D={encoded}",
    ]
    for sample in samples:
        assert encoded not in redact(sample), sample


SHORTCUT_CREDENTIALS = Credentials(AuthScheme.OMG_PROVIDER, "access-1", CANARY)
FRAGMENTS = st.sampled_from(
    [
        "Authorization: ",
        "authorization=",
        "headers[Authorization]=",
        "headers%5BAuthorization%5D=",
        "OMGProvider ",
        "Basic ",
        SHORTCUT_CREDENTIALS.authorization().split()[1],
        CANARY,
        '"',
        " ",
        "abc",
        "&",
    ]
)


@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=5)), max_size=8).map("".join))
def test_the_shortcut_for_text_without_credential_shapes_agrees_with_the_full_scan(
    text: str,
) -> None:
    secrets = SHORTCUT_CREDENTIALS.secrets()
    replaced = text
    for secret in sorted(secrets, key=len, reverse=True):
        replaced = replaced.replace(secret, REDACTED)
    assert redact(text, secrets) == _redact_shapes(replaced)


def _redact_reference(text: str, secrets: tuple[str, ...]) -> str:
    """Every secret checked in turn, longest first (what redaction did before it probed
    only the innermost secrets)."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return _redact_shapes(text)


NESTED_SECRETS = st.lists(
    st.text(alphabet="ab[]%", min_size=4, max_size=6), min_size=1, max_size=4
).map(lambda parts: (*parts, "".join(parts), parts[0] + "%" + parts[0]))


@given(
    NESTED_SECRETS,
    st.lists(st.text(alphabet="ab[]%x ", max_size=6), max_size=6).map("".join),
)
def test_probing_only_the_innermost_secrets_redacts_like_checking_every_one(
    secrets: tuple[str, ...], text: str
) -> None:
    # Secrets that contain one another (as the encoded forms do), and texts made of
    # their letters, so that pieces of them, whole ones and overlaps all occur.
    for candidate in (text, text + secrets[-2], secrets[-1] + text, secrets[0]):
        assert redactor(secrets)(candidate) == _redact_reference(candidate, secrets)


@given(
    st.lists(st.text(alphabet="azQZ+=", min_size=4, max_size=8), min_size=1, max_size=3),
    st.lists(st.text(alphabet="azQZ+= ", max_size=8), max_size=6).map("".join),
)
def test_looking_for_a_secrets_rarest_character_first_redacts_like_checking_every_secret(
    parts: list[str], text: str
) -> None:
    # Secrets with and without the characters frames seldom hold (looked for first), in
    # texts that hold those characters only in part of the places.
    secrets = tuple(parts)
    for candidate in (text, text + secrets[0], secrets[-1][:-1] + text, secrets[-1][1:]):
        assert redactor(secrets)(candidate) == _redact_reference(candidate, secrets)


def test_a_secret_whose_rare_character_appears_elsewhere_in_the_text_is_still_found() -> None:
    secret = "abcdefQghij"
    text = f"Q at the start, then the secret: {secret}, and Q again"
    assert redact(text, [secret]) == f"Q at the start, then the secret: {REDACTED}, and Q again"
    assert redact("no such character here: abcdefghij", [secret]).endswith("abcdefghij")


def test_the_quoted_header_is_found_through_the_quoted_token_it_contains() -> None:
    # The only probe of the header form is the quoted token inside it.
    creds = Credentials(AuthScheme.OMG_CLIENT, "key/+=1", "tok+/=")
    quoted_header = creds.secrets()[3]
    text = f'{{"echo":"{quoted_header}"}}'
    redacted = redactor(creds.secrets())(text)
    assert redacted == f'{{"echo":"{REDACTED}"}}'
    assert redacted == _redact_reference(text, creds.secrets())


def test_a_bound_redactor_redacts_like_redact_for_its_own_secrets_only() -> None:
    inner, outer = "tok-123", "tok-123-and-more"
    text = f"x {outer} y {inner} z {CANARY}"
    bound = redactor((inner, outer))
    # Longest first: the secret containing the other is replaced whole.
    assert bound(text) == f"x {REDACTED} y {REDACTED} z {CANARY}" == redact(text, [inner, outer])
    assert redactor((CANARY,))(text) == f"x {outer} y {inner} z {REDACTED}"
    assert redactor(())("Authorization: Basic abc") == f"Authorization: Basic {REDACTED}"


def escaped(text: str) -> str:
    """``text`` with every character as a JSON ``\\uXXXX`` escape."""
    return "".join(f"\\u{ord(ch):04x}" for ch in text)


def test_a_json_escaped_secret_is_redacted_after_decoding() -> None:
    creds = Credentials(AuthScheme.OMG_CLIENT, "key", CANARY)
    frame = (
        '{"data":{"metadata":{"note":"' + escaped(CANARY) + '","other":"caf\\u00e9"}},'
        '"topic":"user:usr_1"}'
    )
    cleaned = redact(frame, creds.secrets())
    assert CANARY not in json.dumps(json.loads(cleaned), ensure_ascii=False)
    assert json.loads(cleaned)["data"]["metadata"]["note"] == REDACTED
    # A literal without a secret is kept exactly as written.
    assert '"caf\\u00e9"' in cleaned and '"topic":"user:usr_1"' in cleaned
    # A JSON text quoted inside a JSON string, escapes and all.
    nested = json.dumps({"echo": json.dumps({"note": escaped(CANARY)})})
    assert CANARY not in str(json.loads(json.loads(redact(nested, creds.secrets()))["echo"]))


def test_the_secret_in_base64_is_redacted_at_every_alignment() -> None:
    creds = Credentials(AuthScheme.OMG_CLIENT, "key", CANARY)
    for prefix in ("", "x", "xy", "pasted: "):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            blob = encode(f"{prefix}{CANARY}!".encode()).decode()
            cleaned = redact(f"note={blob}", creds.secrets())
            assert REDACTED in cleaned, (prefix, blob)
            leftover = cleaned.split("=", 1)[1].replace(REDACTED, "")
            # Only the prefix's own groups and the two groups shared with the bytes around it.
            assert len(leftover) <= 4 * (len(prefix) // 3) + 8


@pytest.mark.parametrize("secret", ["s", "ab", "x9z"])
def test_a_short_secret_is_redacted_only_as_a_whole_word(secret: str) -> None:
    creds = Credentials(AuthScheme.OMG_CLIENT, "key", secret)
    text = f"ws://127.0.0.1/api/client/socket failed; token={secret} ({secret})"
    cleaned = redact(text, creds.secrets())
    assert cleaned.startswith("ws://127.0.0.1/api/client/socket failed; ")
    assert cleaned.endswith(f"token={REDACTED} ({REDACTED})")
