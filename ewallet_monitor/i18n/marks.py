"""``QT_TRANSLATE_NOOP`` typed as ``str``: marks a text for ``lupdate`` where it is defined
(a table of labels) and returns it unchanged; it is translated where it is shown, with
``tr()`` or ``QCoreApplication.translate`` of the same context.

PySide6's own types the result as ``object``. ``lupdate`` finds the call by its name, so
the name stays.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    del context
    return source
