"""What the command line prints: redacted with the session's secrets, then with control
characters escaped (a server's text must not rewrite the terminal). Every line a command
writes to stdout or stderr that holds text from a server goes through these."""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from ewallet_monitor.protocol.auth import redact
from ewallet_monitor.protocol.printable import printable, printable_json


def safe_text(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """One line for a person: redacted, every control character escaped."""
    return printable(redact(text, secrets))


def safe_json(
    value: Any, secrets: tuple[str, ...] | list[str] = (), *, ascii_only: bool = False
) -> str:
    """One JSON line: redacted (the replacement keeps it valid JSON), controls escaped."""
    return safe_json_text(
        json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":")), secrets
    )


def safe_json_text(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """JSON text (encoded already, or a frame as received) made one safe line: redacted,
    controls left raw in strings escaped. Raw line breaks are the caller's to refuse."""
    return printable_json(redact(text, secrets))


_NON_ASCII = re.compile("[^\x00-\x7f]")


def ascii_json(text: str) -> str:
    """JSON text with every non-ASCII character written as a ``\\uXXXX`` escape: the same
    JSON value (outside its strings JSON text is ASCII), for a stream that cannot encode it."""
    return _NON_ASCII.sub(lambda m: json.dumps(m.group())[1:-1], text)


def print_safe(text: str, secrets: tuple[str, ...] | list[str], file: TextIO) -> None:
    print(safe_text(text, secrets), file=file)
