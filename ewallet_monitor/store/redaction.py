"""Redaction of everything the store writes, fast enough for every frame.

:func:`ewallet_monitor.protocol.auth.redact` scans the whole text with regular expressions
(~55 µs for a 4 KB frame here), and the writer shares the interpreter lock with the socket
loop. Both of its patterns need the word ``uthorization`` (``Authorization`` or
``authorization``) to match, and a listed secret can only be replaced where it occurs, so
texts with neither are returned untouched after a few substring tests. Anything else goes
through ``redact`` itself; tests check the two agree.
"""

from __future__ import annotations

from ewallet_monitor.protocol.auth import redact

# Both of redact()'s credential patterns contain this literally (case as written there).
_PATTERN_MARKER = "uthorization"


def redact_stored(text: str, secrets: tuple[str, ...]) -> str:
    """``redact(text, secrets)``, skipping the regex scan when nothing can match."""
    if _PATTERN_MARKER in text or any(secret in text for secret in secrets):
        return redact(text, secrets)
    return text
