"""The fast JSON decoder gives what json.loads gives: the same value, or the same error."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ewallet_monitor.protocol import json_text
from ewallet_monitor.protocol.frames import decode_server_frame

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # lone surrogates included: json.dumps escapes them
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


def same(left: Any, right: Any) -> bool:
    """Equal values of equal types all the way down (NaN equal to NaN)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, float):
        return left == right or (math.isnan(left) and math.isnan(right))
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same, left, right))
    if isinstance(left, dict):
        return list(left) == list(right) and all(same(left[k], right[k]) for k in left)
    return bool(left == right)


def outcome(decode: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", decode(text)
    except (ValueError, RecursionError) as exc:
        return "error", (type(exc), str(exc))


@settings(max_examples=400)
@given(documents, st.booleans())
def test_generated_documents_decode_to_what_json_gives(document: Any, ascii_only: bool) -> None:
    text = json.dumps(document, ensure_ascii=ascii_only)
    assert same(json_text.loads(text), json.loads(text))


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from('{}[]",:0123456789.eE+-truefalsnNIiy \\u\x01')))
def test_any_text_gets_the_value_or_the_error_json_gives(text: str) -> None:
    mine, theirs = outcome(json_text.loads, text), outcome(json.loads, text)
    assert mine[0] == theirs[0]
    if mine[0] == "value":
        assert same(mine[1], theirs[1])
    else:
        assert mine[1] == theirs[1]


@pytest.mark.parametrize(
    "text",
    [
        "NaN",
        "[Infinity, -Infinity]",
        "1e400",
        '"\\ud800"',
        '{"a": "\\udc00x"}',
        '{"a": 1, "a": 2}',
        "123456789012345678901234567890",
        "12345678901234567890.5",
        "-0.0",
        "[" * 2000 + "]" * 2000,
    ],
)
def test_what_the_strict_decoder_refuses_is_decided_by_json(text: str) -> None:
    mine, theirs = outcome(json_text.loads, text), outcome(json.loads, text)
    assert mine[0] == theirs[0]
    assert same(mine[1], theirs[1]) if mine[0] == "value" else mine[1] == theirs[1]


def test_a_str_holding_a_lone_surrogate_decodes_as_json_does() -> None:
    assert json_text.loads('["a\ud800"]') == ["a\ud800"]


def test_frames_keep_amounts_beyond_doubles_and_refuse_deep_nesting() -> None:
    big = 2**80 + 1
    frame = decode_server_frame(
        '{"topic":"t","event":"e","ref":null,"success":true,"data":{"amount":' + f"{big}}}}}"
    )
    assert frame.data == {"amount": big}  # type: ignore[union-attr]
    deep = decode_server_frame('{"topic":"t","event":"e","data":' + "[" * 5000 + "]" * 5000 + "}")
    assert deep.reason == "JSON nested too deeply to decode"  # type: ignore[union-attr]
