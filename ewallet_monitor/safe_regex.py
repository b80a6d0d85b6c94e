"""Regular expressions from users (the filter box, the query language's ``~``), on a
linear-time engine (RE2).

Python's ``re`` backtracks: ``(a+)+$`` against a 28-letter name took 8.4 s on the GUI
thread, doubling with each letter. RE2 (``google-re2``) never backtracks, so a search costs
at most a constant times the text's length whatever the pattern. Its price is that it has
no backreferences and no lookarounds; such a pattern is refused with a message saying so.

Measured on one log row's search text (~330 characters; docs/reliability.md):
``re`` 5.4 µs, the ``regex`` module 4-5 µs without a timeout and 10-15 µs with one (and a
timeout bounds one call, not a pass over 200,000 rows), RE2 through its wrapper's
``search`` 14-17 µs, RE2's matcher called directly 3.1 µs. The last is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import re2

_options = re2.Options()
_options.log_errors = False  # RE2 would print every refused pattern on stderr
_UNANCHORED = re2._Anchor.UNANCHORED
_NO_MATCH = (-1, -1)


class UnsupportedPattern(ValueError):
    """A pattern that is not a valid regular expression, or needs backtracking."""


def compile_search(
    pattern: str, *, ignore_case: bool = False, multi_line: bool = False
) -> Callable[[str], bool]:
    """A matcher for ``pattern``: ``matcher(text)`` is True when the pattern occurs in
    ``text``. :class:`UnsupportedPattern` says why there is none."""
    flags = ("i" if ignore_case else "") + ("m" if multi_line else "")
    try:
        compiled = re2.compile(f"(?{flags}){pattern}" if flags else pattern, _options)
    except re2.error:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UnsupportedPattern(f"invalid regular expression: {exc}") from None
        raise UnsupportedPattern(
            "regular expression not supported: the filter uses a linear-time engine "
            "(no backreferences, no lookarounds)"
        ) from None
    match = getattr(getattr(compiled, "_regexp", None), "Match", None)
    if match is None:  # pragma: no cover - another google-re2 layout: its public search
        return lambda text: compiled.search(text) is not None

    def matches(text: str) -> bool:
        encoded = text.encode("utf-8", "surrogatepass")
        return bool(match(_UNANCHORED, encoded, 0, len(encoded))[0] != _NO_MATCH)

    return matches


def compile_filter(pattern: str) -> Callable[[str], bool]:
    """The filter box's matcher: case-insensitive, multi-line (each field is a line)."""
    return compile_search(pattern, ignore_case=True, multi_line=True)
