"""Amounts, times and dates as the window's locale writes them on screen.

The default ``QLocale`` is the one :func:`ewallet_monitor.i18n.install_language` chose.
Amounts stay exact in every locale: the digits come from
:func:`ewallet_monitor.protocol.amounts.format_amount` (integers and ``Decimal``, never a
float); only the decimal mark and the group separator are the locale's (Indonesian
``1.234,56``). Machine formats (CSV, NDJSON, ``--json``, the filter language) never come
through here.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from PySide6.QtCore import QDate, QLocale, QTime

from ewallet_monitor.protocol.amounts import format_amount


def _marks() -> tuple[str, str]:
    locale = QLocale()
    return locale.decimalPoint(), locale.groupSeparator()


def amount_on_screen(subunits: int, subunit_to_unit: int, symbol: str | None = None) -> str:
    """``format_amount`` with the locale's decimal mark and grouping."""
    decimal_mark, group_mark = _marks()
    return format_amount(
        subunits, subunit_to_unit, symbol, decimal_mark=decimal_mark, group_mark=group_mark
    )


def formatted_amount_on_screen(text: str) -> str:
    """A grouped machine amount (``1,234.56 OMG``, as ``format_amount`` writes it) with the
    locale's marks (``1.234,56 OMG`` in Indonesian); the symbol is left as it is."""
    number, space, symbol = text.partition(" ")
    return _remark(number, *_marks()) + space + symbol


@lru_cache(maxsize=4096)
def _remark(number: str, decimal_mark: str, group_mark: str) -> str:
    if decimal_mark == "." and group_mark == ",":
        return number
    return number.translate({ord(","): group_mark, ord("."): decimal_mark})


@lru_cache(maxsize=16)
def _time_format(locale_name: str, seconds: bool, millis: bool) -> str:
    """The locale's short time format with seconds (and milliseconds) added: the long
    format spells hours out in words in some locales (Thai) and adds the zone."""
    locale = QLocale(locale_name)
    short = locale.timeFormat(QLocale.FormatType.ShortFormat)
    if not seconds:
        return short
    index = short.find("mm")
    if index < 0:
        return "HH:mm:ss.zzz" if millis else "HH:mm:ss"
    # The separator the locale puts between hours and minutes (":" or "." in Indonesian).
    separator = short[index - 1] if index > 0 and not short[index - 1].isalpha() else ":"
    tail = "ss" + (locale.decimalPoint() + "zzz" if millis else "")
    return short[: index + 2] + separator + tail + short[index + 2 :]


def time_text(moment: datetime, *, millis: bool = False) -> str:
    """``moment`` as a local wall-clock time with seconds in the locale's way
    (``16:05:09``, ``4:05:09 PM``, ``16.05.09``); ``millis`` adds the milliseconds."""
    local = moment.astimezone()
    locale = QLocale()
    clock = QTime(local.hour, local.minute, local.second, local.microsecond // 1000)
    return locale.toString(clock, _time_format(locale.name(), True, millis))


def date_time_text(moment: datetime) -> str:
    """``moment`` as a local date and time with seconds in the locale's short way; ISO
    (``2026-12-03 16:05:09``) for the C locale, whose own short date is unusual."""
    local = moment.astimezone()
    locale = QLocale()
    clock = QTime(local.hour, local.minute, local.second)
    if locale.language() == QLocale.Language.C:
        date_part = local.strftime("%Y-%m-%d")
    else:
        day = QDate(local.year, local.month, local.day)
        date_part = locale.toString(day, QLocale.FormatType.ShortFormat)
    return f"{date_part} {locale.toString(clock, _time_format(locale.name(), True, False))}"


def number_text(value: float, decimals: int = 0) -> str:
    """A count or measure with the locale's grouping and decimal mark (``12,345`` /
    ``12.345``); not for amounts (:func:`amount_on_screen` keeps every digit)."""
    # Python's rounding (half to even on the binary value), as the window always showed;
    # only the marks are the locale's.
    text = f"{round(value):,}" if decimals == 0 else f"{value:,.{decimals}f}"
    return _remark(text, *_marks())


def widest_time_text(*, millis: bool = False) -> str:
    """A time as wide as the locale writes one (for sizing a column): 22:58:58 in the
    afternoon, so a 12-hour locale's ``PM`` is in it."""
    moment = datetime.now().astimezone().replace(hour=22, minute=58, second=58, microsecond=888_000)
    return time_text(moment, millis=millis)
