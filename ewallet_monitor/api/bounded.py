"""Reading an HTTP answer with a cap on its decoded size.

aiohttp inflates ``gzip``/``deflate`` bodies as they arrive, so a few hundred kilobytes on
the wire can become gigabytes in memory; ``read()`` would hold them all. The cap applies to
the decoded bytes, chunk by chunk, so nothing beyond it is ever kept.
"""

from __future__ import annotations

import aiohttp

# Far above any eWallet answer (a page of 100 consumptions is ~700 KB).
MAX_ANSWER_BYTES = 8 * 1024 * 1024
_CHUNK = 64 * 1024


class AnswerTooLarge(Exception):
    """The decoded body went past ``limit`` bytes; reading stopped there."""

    def __init__(self, limit: int, declared: int | None = None) -> None:
        self.limit = limit
        self.declared = declared
        if declared is not None:
            super().__init__(f"declared {declared:,} bytes, more than the {limit:,} accepted")
        else:
            super().__init__(f"more than {limit:,} bytes once decoded")


async def read_bounded(answer: aiohttp.ClientResponse, limit: int = MAX_ANSWER_BYTES) -> bytes:
    """The whole decoded body of ``answer``, or :class:`AnswerTooLarge` past ``limit``."""
    declared = answer.content_length
    encoded = answer.headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
    if declared is not None and declared > limit and not encoded:
        raise AnswerTooLarge(limit, declared)
    parts: list[bytes] = []
    size = 0
    while chunk := await answer.content.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            parts.clear()
            raise AnswerTooLarge(limit)
        parts.append(chunk)
    return b"".join(parts)
