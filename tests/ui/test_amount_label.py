"""Amounts shown whole: shrink to 14 px, then wrap at digit groups; never elided or clipped.

Every check is made from the font's metrics, not from pictures.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ewallet_monitor.ui.amount_label import (
    MIN_AMOUNT_PX,
    AmountLabel,
    break_segments,
    fit_amount,
    line_rects,
    sized_font,
    text_width,
)

SMALLEST = "0.000000000000000001"
LARGEST = "123,456,789,012.123456789012345678"
EXTREMES = [(SMALLEST, "OMG"), (LARGEST, "OMG"), ("179.006766392152940469", "OMG")]


def bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def squeezed(text: str) -> str:
    return text.replace(" ", "")


def test_segments_break_after_separators_and_every_three_fraction_digits() -> None:
    assert break_segments(LARGEST, "OMG") == [
        "123,", "456,", "789,", "012.", "123", "456", "789", "012", "345", "678 ", "OMG"
    ]  # fmt: skip
    assert break_segments("1234567", None) == ["1", "234", "567"]
    assert break_segments("-1,234.5", "BTC") == ["-1,", "234.", "5 ", "BTC"]


@pytest.mark.parametrize(("amount", "symbol"), EXTREMES)
@pytest.mark.parametrize("width", [900, 500, 320, 240, 160, 90])
def test_every_line_fits_and_together_they_are_the_whole_amount(
    qapp: Any, amount: str, symbol: str, width: int
) -> None:
    fit = fit_amount(amount, symbol, bold(), width)
    metrics = QFontMetricsF(sized_font(bold(), fit.pixel_size))
    assert fit.pixel_size >= MIN_AMOUNT_PX
    assert squeezed("".join(fit.lines)) == squeezed(f"{amount}{symbol}")
    for line, line_width in zip(fit.lines, fit.line_widths, strict=True):
        assert "…" not in line
        assert line_width == text_width(metrics, line)
        assert line_width <= width
    assert fit.height == pytest.approx(metrics.lineSpacing() * len(fit.lines))


def test_the_font_shrinks_before_the_amount_wraps(qapp: Any) -> None:
    wide = fit_amount(LARGEST, "OMG", bold(), 5000, max_px=28)
    assert (wide.pixel_size, wide.lines) == (28, (f"{LARGEST} OMG",))
    at_min = text_width(QFontMetricsF(sized_font(bold(), MIN_AMOUNT_PX)), f"{LARGEST} OMG")
    shrunk = fit_amount(LARGEST, "OMG", bold(), at_min + 1, max_px=28)
    assert shrunk.lines == (f"{LARGEST} OMG",)
    assert MIN_AMOUNT_PX <= shrunk.pixel_size < 28
    # One pixel narrower than the minimum size needs: it wraps, and never goes below 14 px.
    wrapped = fit_amount(LARGEST, "OMG", bold(), at_min - 1, max_px=28)
    assert wrapped.pixel_size == MIN_AMOUNT_PX
    assert wrapped.wrapped


def test_the_largest_size_that_fits_is_chosen(qapp: Any) -> None:
    for width in (300, 420, 560):
        fit = fit_amount(LARGEST, "OMG", bold(), width, max_px=40)
        if fit.pixel_size < 40 and not fit.wrapped:
            bigger = QFontMetricsF(sized_font(bold(), fit.pixel_size + 1))
            assert text_width(bigger, f"{LARGEST} OMG") > width


def test_wrapping_happens_only_between_digit_groups(qapp: Any) -> None:
    fit = fit_amount(LARGEST, "OMG", bold(), 130)
    pieces = break_segments(LARGEST, "OMG")
    boundaries = {len("".join(pieces[:i])) for i in range(len(pieces) + 1)}
    consumed = 0
    for line in fit.lines[:-1]:
        consumed += len(line)
        while consumed not in boundaries:  # the stripped space before the symbol
            consumed += 1
        assert consumed in boundaries


def test_a_symbol_wider_than_the_width_breaks_between_characters(qapp: Any) -> None:
    symbol = "tok_OMG_01cbffwvj6ma9a9gg1tb24880q"
    fit = fit_amount("12.50", symbol, bold(), 80)
    assert squeezed("".join(fit.lines)) == f"12.50{symbol}"
    assert all(width <= 80 for width in fit.line_widths)


def test_the_widget_height_follows_its_width_and_every_line_is_inside(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    label = AmountLabel(LARGEST, "OMG")
    label.setFont(bold())
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addStretch(1)
    assert label.heightForWidth(120) > label.heightForWidth(600)
    assert label.minimumSizeHint().width() <= 60
    for width in (700, 260, 120):
        holder.resize(width, 400)
        holder.show()
        qtbot.waitUntil(lambda w=width: label.width() == w)
        assert label.height() >= label.heightForWidth(width)
        inside = QRectF(label.rect())
        for rect in label.text_rects():
            assert inside.contains(rect)


def test_the_widget_reads_out_and_copies_the_whole_amount(qtbot: Any, qapp: Any) -> None:
    label = AmountLabel(SMALLEST, "OMG")
    qtbot.addWidget(label)
    assert label.accessibleName() == f"{SMALLEST} OMG"
    assert label.toolTip() == f"{SMALLEST} OMG"
    label.copy_to_clipboard()
    assert qapp.clipboard().text() == f"{SMALLEST} OMG"
    label.set_amount("12.50", "USD")
    assert label.accessibleName() == "12.50 USD"


def test_line_rects_follow_the_alignment(qapp: Any) -> None:
    from PySide6.QtCore import Qt

    fit = fit_amount("12.50", "USD", bold(), 300)
    rect = QRectF(10, 0, 300, 40)
    (left,) = line_rects(rect, fit)
    (right,) = line_rects(rect, fit, Qt.AlignmentFlag.AlignRight)
    assert left.left() == 10
    assert right.right() == pytest.approx(310)


def test_a_wrapped_amount_breaks_at_the_decimal_point_when_that_costs_no_line(
    qapp: Any,
) -> None:
    metrics = QFontMetricsF(sized_font(bold(), MIN_AMOUNT_PX))
    whole = text_width(metrics, "123,456,789,012.")
    fraction = text_width(metrics, "123456789012345678 OMG")
    fit = fit_amount(LARGEST, "OMG", bold(), max(whole, fraction) + 2)
    assert fit.lines == ("123,456,789,012.", "123456789012345678 OMG")
