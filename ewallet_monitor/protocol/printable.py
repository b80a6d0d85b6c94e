"""Text from a server made safe for a terminal: control characters escaped.

A customer name holding ``\\r\\x1b[2K…confirmed…`` rewrites the line it is printed on (a
failed transfer looked confirmed), and ``\\x1b]0;…\\x07`` retitles the terminal. Every
line the command line prints goes through :func:`printable` (text) or
:func:`printable_json` (JSON), after redaction.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and the bidirectional overrides and isolates that reorder
# what is shown (a name could make "…deliraf" read "failed…").
_REORDERING = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROLS = re.compile(f"[\x00-\x1f\x7f-\x9f{_REORDERING}]")
_KEEP_NEWLINES = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_REORDERING}]")
# In JSON from json.dumps, C0 controls are escaped already; the rest can only be in strings.
_JSON_UNESCAPED = re.compile(f"[\x7f-\x9f{_REORDERING}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\r``);
    line breaks too unless ``keep_newlines`` (a traceback, a multi-line message)."""
    pattern = _KEEP_NEWLINES if keep_newlines else _CONTROLS
    if text.isascii() and text.isprintable():
        return text
    return pattern.sub(_escape, text)


def printable_json(text: str) -> str:
    """JSON text (``json.dumps`` output) with the controls it leaves raw escaped as
    ``\\uXXXX``: still the same JSON value."""
    if text.isascii() and "\x7f" not in text:
        return text
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
