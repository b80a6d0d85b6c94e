"""eWallet timestamps: ISO-8601 UTC, with microseconds (current) or without (older)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$"
)


def parse_timestamp(text: object) -> datetime | None:
    """An aware UTC datetime, or ``None`` for anything that is not an eWallet timestamp.

    Accepts ``2018-07-02T06:24:41.109538Z``, ``2018-07-02T06:24:41Z``, an offset instead
    of ``Z``, and no zone at all (read as UTC, as the server means it). More than six
    fraction digits are cut to microseconds.
    """
    if not isinstance(text, str):
        return None
    match = _ISO.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        value = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=UTC
        )
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset_minutes = sign * (int(digits[:2]) * 60 + int(digits[2:]))

        value = value - timedelta(minutes=offset_minutes)
    return value


def format_timestamp(value: datetime) -> str:
    """The server's form: microseconds and ``Z``."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def format_received(value: datetime) -> str:
    """The monitor's ``received_at``: UTC with milliseconds and ``Z``."""
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def utc_now() -> datetime:
    return datetime.now(UTC)
