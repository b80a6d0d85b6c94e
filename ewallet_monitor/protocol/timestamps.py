"""eWallet timestamps: ISO-8601 UTC, with microseconds (current) or without (older)."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_timestamp(text: object) -> datetime | None:
    """An aware UTC datetime, or ``None`` for anything that is not an eWallet timestamp.

    Accepts ``2018-07-02T06:24:41.109538Z``, ``2018-07-02T06:24:41Z``, an offset instead
    of ``Z``, and no zone at all (read as UTC, as the server means it). More than six
    fraction digits are cut to microseconds.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    # fromisoformat also takes dates alone, week dates and the basic form (20180702T…);
    # none of them is a timestamp the server sends, so only the extended date and time
    # with seconds go to it.
    if len(text) < 19 or text[4] != "-" or text[7] != "-" or text[13] != ":" or text[16] != ":":
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def format_timestamp(value: datetime) -> str:
    """The server's form: microseconds and ``Z``."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def format_received(value: datetime) -> str:
    """The monitor's ``received_at``: UTC with milliseconds and ``Z``."""
    # isoformat, not strftime: listen writes one for every line, and this is half the cost.
    return value.astimezone(UTC).isoformat(timespec="milliseconds")[:23] + "Z"


def utc_now() -> datetime:
    return datetime.now(UTC)
