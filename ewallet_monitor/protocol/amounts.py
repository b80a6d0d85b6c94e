"""Exact money formatting: integer subunits and ``subunit_to_unit``, never floats."""

from __future__ import annotations

import functools
from decimal import Decimal, localcontext


def to_units(subunits: int, subunit_to_unit: int) -> Decimal:
    """``subunits / subunit_to_unit`` exactly (both may exceed 2**53)."""
    if subunit_to_unit <= 0:
        raise ValueError(f"subunit_to_unit must be positive, got {subunit_to_unit}")
    with localcontext() as ctx:
        ctx.prec = max(len(str(abs(subunits))), len(str(subunit_to_unit))) + 10
        return Decimal(subunits) / Decimal(subunit_to_unit)


@functools.lru_cache(maxsize=64)
def decimal_places(subunit_to_unit: int) -> int:
    """Digits after the point a token shows: 2 for 100, 18 for 10**18, 0 for 1.

    For a ``subunit_to_unit`` that is not a power of ten, enough digits for any amount to
    be exact are not guaranteed; the amount itself is still shown exactly.
    """
    places = 0
    value = subunit_to_unit
    while value > 1 and value % 10 == 0:
        value //= 10
        places += 1
    return places


def format_amount(
    subunits: int,
    subunit_to_unit: int,
    symbol: str | None = None,
    *,
    grouping: bool = True,
    decimal_mark: str = ".",
    group_mark: str = ",",
) -> str:
    """Human text for an amount: ``1,234.50 OMG``.

    ``decimal_mark`` and ``group_mark`` are for the screen (Indonesian ``1.234,50``); machine
    formats keep the defaults, with ``grouping=False``.

    Trailing zeros past the token's natural precision are never added, and significant digits
    are never dropped: ``format_amount(1, 10**18)`` is ``0.000000000000000001``. Cents-like
    tokens keep two places (``12.50``).
    """
    if isinstance(subunits, bool) or not isinstance(subunits, int):
        raise TypeError(f"amount must be an int of subunits, got {type(subunits).__name__}")
    if subunit_to_unit <= 0:
        raise ValueError(f"subunit_to_unit must be positive, got {subunit_to_unit}")
    places = decimal_places(subunit_to_unit)
    if 10**places == subunit_to_unit:
        # The usual token scale: integer division is exact and several times cheaper than
        # Decimal (the engine formats every consumption of a burst).
        sign = "-" if subunits < 0 else ""
        whole_units, fraction = divmod(abs(subunits), subunit_to_unit)
        whole = _grouped(whole_units, group_mark) if grouping else str(whole_units)
        frac = str(fraction).rjust(places, "0").rstrip("0") if places else ""
    else:
        text = format(to_units(subunits, subunit_to_unit), "f")
        whole, _, frac = text.partition(".")
        frac = frac.rstrip("0")
        sign = ""
        if whole.startswith("-"):
            sign, whole = "-", whole[1:]
        if grouping:
            whole = _grouped(int(whole), group_mark)
    # Show at least min(places, 2) decimals (money habit), at most what the value needs.
    minimum = min(places, 2)
    if len(frac) < minimum:
        frac = frac.ljust(minimum, "0")
    out = f"{sign}{whole}{decimal_mark}{frac}" if frac else f"{sign}{whole}"
    return f"{out} {symbol}" if symbol else out


def _grouped(whole: int, group_mark: str) -> str:
    text = f"{whole:,}"
    return text if group_mark == "," else text.replace(",", group_mark)
