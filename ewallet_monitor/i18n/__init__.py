"""Languages and locale formats of the window (QtCore only).

- :mod:`.languages`: which language the window speaks (``--lang`` or the system locale)
  and the translators that make it speak it;
- :mod:`.formats`: amounts, times and dates as the chosen locale writes them on screen.
  Machine formats (CSV, NDJSON, ``--json``, the filter language) never come through here:
  they always write ``1234.56``.
"""

from ewallet_monitor.i18n.formats import (
    amount_on_screen,
    date_time_text,
    formatted_amount_on_screen,
    number_text,
    time_text,
    widest_time_text,
)
from ewallet_monitor.i18n.languages import (
    LANGUAGES,
    UnknownLanguage,
    choose_language,
    install_language,
    language_locale,
    parse_language,
    translations_dir,
)
from ewallet_monitor.i18n.protocol_texts import card_state_label, protocol_text, topic_kind_label

__all__ = [
    "LANGUAGES",
    "UnknownLanguage",
    "amount_on_screen",
    "card_state_label",
    "choose_language",
    "date_time_text",
    "formatted_amount_on_screen",
    "install_language",
    "language_locale",
    "number_text",
    "parse_language",
    "protocol_text",
    "time_text",
    "topic_kind_label",
    "translations_dir",
    "widest_time_text",
]
