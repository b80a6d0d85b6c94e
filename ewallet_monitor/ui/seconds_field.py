"""A number of seconds within a range, typed as text: out of range is refused, not clamped.

A spin box quietly clamps (``99999`` became ``9``: the extra digits were swallowed); this
field keeps what was typed and says what is wrong with it, with the allowed range shown.
"""

from __future__ import annotations

import math

from PySide6.QtWidgets import QLineEdit, QWidget


def _number(value: float) -> str:
    return f"{value:g}"


class SecondsField(QLineEdit):
    def __init__(
        self, minimum: float, maximum: float, value: float, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.minimum = minimum
        self.maximum = maximum
        self.setPlaceholderText(self.range_text)
        self.setValue(value)

    @property
    def range_text(self) -> str:
        return self.tr("{low}–{high} s").format(
            low=_number(self.minimum), high=_number(self.maximum)
        )

    def setValue(self, value: float) -> None:
        self.setText(_number(value))

    def value(self) -> float | None:
        """The seconds typed, or ``None`` when they are not a number in range."""
        return None if self.problem() else float(self.text().strip().replace(",", "."))

    def problem(self, name: str | None = None) -> str:
        """What is wrong with the text ("" when nothing); ``name`` (already translated)
        says what the value is."""
        name = name or self.tr("The value")
        text = self.text().strip()
        if not text:
            return self.tr("{name} is empty: enter {range}.").format(
                name=name, range=self.range_text
            )
        try:
            seconds = float(text.replace(",", "."))
        except ValueError:
            return self.tr("{name} must be a number of seconds ({range}), not {text}.").format(
                name=name, range=self.range_text, text=repr(text)
            )
        if not math.isfinite(seconds) or not self.minimum <= seconds <= self.maximum:
            return self.tr("{name} must be {range}; {text} s is outside that range.").format(
                name=name, range=self.range_text, text=text
            )
        return ""
