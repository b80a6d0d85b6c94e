"""What the command line prints: redacted with the session's secrets, then with control
characters escaped (a server's text must not rewrite the terminal). Every line a command
writes to stdout or stderr that holds text from a server goes through these."""

from __future__ import annotations

import json
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
    text = json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":"))
    return printable_json(redact(text, secrets))


def print_safe(text: str, secrets: tuple[str, ...] | list[str], file: TextIO) -> None:
    print(safe_text(text, secrets), file=file)
