"""Topic parsing: the five kinds, real id formats, older UUIDs, and precise refusals."""

from __future__ import annotations

import pytest

from ewallet_monitor.protocol.topics import (
    Topic,
    TopicError,
    TopicKind,
    parse_topic,
    try_parse_topic,
    validate_id,
)


@pytest.mark.parametrize(
    ("text", "kind", "ident"),
    [
        (
            "account:acc_01cbfg9qtdken61agxhx6wvj9h",
            TopicKind.ACCOUNT,
            "acc_01cbfg9qtdken61agxhx6wvj9h",
        ),
        ("address:omri489161761367", TopicKind.ADDRESS, "omri489161761367"),
        (
            "transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1q2w",
            TopicKind.TRANSACTION_REQUEST,
            "txr_01dp2k9m7f4z0x8t3c5b6n1q2w",
        ),
        (
            "transaction_consumption:txc_01cbfg9qtdken61agxhx6wvj9h",
            TopicKind.TRANSACTION_CONSUMPTION,
            "txc_01cbfg9qtdken61agxhx6wvj9h",
        ),
        ("user:usr_01cbfg9qtdken61agxhx6wvj9h", TopicKind.USER, "usr_01cbfg9qtdken61agxhx6wvj9h"),
        ("user:provider-user-42", TopicKind.USER, "provider-user-42"),
        (
            "transaction_request:6f1d6d2e-3b0a-4c55-9d6e-0f2a1b3c4d5e",
            TopicKind.TRANSACTION_REQUEST,
            "6f1d6d2e-3b0a-4c55-9d6e-0f2a1b3c4d5e",
        ),
        (
            "  user:usr_01cbfg9qtdken61agxhx6wvj9h \n",
            TopicKind.USER,
            "usr_01cbfg9qtdken61agxhx6wvj9h",
        ),
    ],
)
def test_valid_topics_parse(text: str, kind: TopicKind, ident: str) -> None:
    topic = parse_topic(text)
    assert topic == Topic(kind, ident)
    assert str(topic) == f"{kind.value}:{ident}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "topic is empty"),
        ("   ", "topic is empty"),
        ("txr_01dp2k9m7f4z0x8t3c5b6n1q2w", "has no ':'"),
        ("wallet:omri489161761367", "unknown channel kind 'wallet'"),
        ("transaction_request:", "Transaction request id is empty"),
        ("user:a b", "characters an eWallet id never has"),
        ("user:a:b", "must not contain ':'"),
        (
            "transaction_request:txc_01cbfg9qtdken61agxhx6wvj9h",
            "is a txc_ id, not a transaction request id (txr_…)",
        ),
        ("address:usr_01cbfg9qtdken61agxhx6wvj9h", "not a wallet address"),
        ("user:" + "x" * 200, "characters an eWallet id never has"),
    ],
)
def test_bad_topics_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(TopicError) as caught:
        parse_topic(text)
    assert message in str(caught.value)


def test_server_topics_that_are_not_channels_parse_to_none() -> None:
    assert try_parse_topic("phoenix") is None
    assert try_parse_topic("user:usr_01cbfg9qtdken61agxhx6wvj9h") is not None


def test_strictness_tells_real_formats_from_legacy_ones() -> None:
    assert parse_topic("transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1q2w").is_strict
    assert not parse_topic("transaction_request:6f1d6d2e-3b0a-4c55").is_strict
    assert parse_topic("address:omri489161761367").is_strict
    assert not parse_topic("address:0xabc").is_strict


def test_validate_id_strips_blanks() -> None:
    assert validate_id(TopicKind.USER, "  usr_x  ") == "usr_x"
