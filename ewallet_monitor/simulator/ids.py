"""Ids in the real eWallet formats, generated from a seeded random source.

``usr_``/``txr_``/``txc_``/``acc_``/``txn_`` + 26 lower-case Crockford base32 ULID characters
(10 for the millisecond time, 16 random); tokens ``tok_SYM_`` + the same 26 characters;
wallet addresses four letters and twelve digits (``omri489161761367``).
"""

from __future__ import annotations

import random
import string

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def ulid(rng: random.Random, millis: int) -> str:
    """26 lower-case ULID characters: ``millis`` (48 bits) then 80 random bits."""
    value = ((millis & ((1 << 48) - 1)) << 80) | rng.getrandbits(80)
    chars = []
    for _ in range(26):
        chars.append(CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def prefixed_id(prefix: str, rng: random.Random, millis: int) -> str:
    """``usr_01cbfg…`` for ``prefix`` ``"usr"``."""
    return f"{prefix}_{ulid(rng, millis)}"


def token_id(symbol: str, rng: random.Random, millis: int) -> str:
    """``tok_OMG_01cbffwvj6ma9a9gg1tb24880q``."""
    return f"tok_{symbol}_{ulid(rng, millis)}"


def wallet_address(rng: random.Random) -> str:
    """Four lower-case letters and twelve digits."""
    letters = "".join(rng.choice(string.ascii_lowercase) for _ in range(4))
    digits = "".join(rng.choice(string.digits) for _ in range(12))
    return letters + digits
