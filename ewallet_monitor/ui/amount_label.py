"""An amount shown whole: the font shrinks to fit, then the number wraps at digit groups.

An amount is never elided or clipped. :func:`fit_amount` is the pure part (text, symbol,
font and width in, pixel size and lines out); :class:`AmountLabel` is a widget around it
whose height follows its width, and :func:`paint_amount` lets a list delegate draw the
same thing.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

# Below this the amount is too small to read at a glance: past it, it wraps instead.
MIN_AMOUNT_PX = 14
DEFAULT_MAX_AMOUNT_PX = 28
_GROUP = 3


@dataclass(frozen=True)
class AmountFit:
    """How an amount is drawn in a given width."""

    pixel_size: int
    lines: tuple[str, ...]
    line_widths: tuple[float, ...]
    line_height: float
    ascent: float

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)

    @property
    def width(self) -> float:
        return max(self.line_widths, default=0.0)

    @property
    def wrapped(self) -> bool:
        return len(self.lines) > 1


def amount_text(amount: str, symbol: str | None) -> str:
    """The one-line text: ``1,234.50 OMG``."""
    return f"{amount} {symbol}" if symbol else amount


def sized_font(base: QFont, pixel_size: int) -> QFont:
    font = QFont(base)
    font.setPixelSize(pixel_size)
    return font


def text_width(metrics: QFontMetricsF, text: str) -> float:
    """Width a drawn text covers: its advance, or its ink where a glyph overhangs."""
    return max(metrics.horizontalAdvance(text), metrics.boundingRect(text).right())


def break_segments(amount: str, symbol: str | None = None) -> list[str]:
    """The pieces a line may break between, in order; joined they give the full text.

    A break may follow any separator (``,`` ``.`` a space …); a run of more than three
    digits (the fraction, or an ungrouped whole part) breaks every three digits, counted
    from the decimal point. The symbol is its own piece, after a space.
    """
    pieces: list[str] = []
    current = ""
    runs: list[str] = []
    # Split into digit runs and single separators, keeping order.
    for char in amount:
        if char.isdigit():
            current += char
        else:
            if current:
                runs.append(current)
                current = ""
            runs.append(char)
    if current:
        runs.append(current)
    first_digits = True
    for run in runs:
        if run.isdigit():
            if len(run) <= _GROUP:
                chunks = [run]
            elif first_digits:
                # A whole part: groups counted from its right end (1 234 567).
                head = len(run) % _GROUP or _GROUP
                chunks = [run[:head]] + [run[i : i + _GROUP] for i in range(head, len(run), _GROUP)]
            else:
                # A fraction: groups counted from the decimal point.
                chunks = [run[i : i + _GROUP] for i in range(0, len(run), _GROUP)]
            first_digits = False
            pieces.extend(chunks)
        elif pieces:
            # A separator stays at the end of the line it closes (``123,`` / ``012.``).
            pieces[-1] += run
        else:
            pieces.append(run)  # a leading sign or currency mark
    # A leading sign must not stand alone on a line.
    if len(pieces) > 1 and not any(ch.isdigit() for ch in pieces[0]):
        pieces[1] = pieces[0] + pieces[1]
        pieces.pop(0)
    if symbol:
        if pieces:
            pieces[-1] += " "
        pieces.append(symbol)
    return pieces


def fit_amount(
    amount: str,
    symbol: str | None,
    font: QFont,
    width: float,
    *,
    max_px: int = DEFAULT_MAX_AMOUNT_PX,
    min_px: int = MIN_AMOUNT_PX,
) -> AmountFit:
    """The largest pixel size (``min_px``..``max_px``) at which the amount fits ``width``
    on one line; below ``min_px`` it stays at ``min_px`` and wraps at digit groups (a piece
    wider than the whole width, such as a long token id, wraps between characters)."""
    return _fit(amount, symbol or "", font.toString(), float(width), max_px, max(1, min_px))


@functools.lru_cache(maxsize=4096)
def _fit(
    amount: str, symbol: str, font_key: str, width: float, max_px: int, min_px: int
) -> AmountFit:
    base = QFont()
    base.fromString(font_key)
    text = amount_text(amount, symbol or None)
    max_px = max(max_px, min_px)
    metrics = QFontMetricsF(sized_font(base, max_px))
    full = text_width(metrics, text)
    if full <= width:
        return _single(metrics, max_px, text, full)
    # Widths scale about linearly with the pixel size: start there and step down to be sure.
    size = min(max_px - 1, max(min_px, math.floor(max_px * width / full)))
    while size >= min_px:
        metrics = QFontMetricsF(sized_font(base, size))
        full = text_width(metrics, text)
        if full <= width:
            return _single(metrics, size, text, full)
        size -= 1
    metrics = QFontMetricsF(sized_font(base, min_px))
    pieces = break_segments(amount, symbol or None)
    lines = _wrap(pieces, metrics, width)
    # Easier to read: the whole part, then the fraction on a line of its own, when that
    # takes no more lines than the closest fill.
    point = next((i for i, piece in enumerate(pieces) if piece.endswith(".")), -1)
    if 0 <= point < len(pieces) - 1:
        split = _wrap(pieces[: point + 1], metrics, width) + _wrap(
            pieces[point + 1 :], metrics, width
        )
        if len(split) <= len(lines):
            lines = split
    return AmountFit(
        pixel_size=min_px,
        lines=tuple(line.rstrip() for line in lines),
        line_widths=tuple(text_width(metrics, line.rstrip()) for line in lines),
        line_height=metrics.lineSpacing(),
        ascent=metrics.ascent(),
    )


def _single(metrics: QFontMetricsF, size: int, text: str, width: float) -> AmountFit:
    return AmountFit(
        pixel_size=size,
        lines=(text,),
        line_widths=(width,),
        line_height=metrics.lineSpacing(),
        ascent=metrics.ascent(),
    )


def _wrap(pieces: list[str], metrics: QFontMetricsF, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for piece in pieces:
        candidate = line + piece
        if not line or text_width(metrics, candidate.rstrip()) <= width:
            line = candidate
        else:
            lines.append(line)
            line = piece
        while text_width(metrics, line.rstrip()) > width and len(line.rstrip()) > 1:
            # Too wide even alone: break between characters, as many as fit.
            cut = len(line.rstrip()) - 1
            while cut > 1 and text_width(metrics, line[:cut]) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines


def paint_amount(
    painter: QPainter,
    rect: QRectF,
    fit: AmountFit,
    font: QFont,
    color: QColor,
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    """Draw ``fit`` (from :func:`fit_amount` for ``rect.width()``) inside ``rect``."""
    painter.save()
    painter.setFont(sized_font(font, fit.pixel_size))
    painter.setPen(color)
    for index, line in enumerate(fit.lines):
        x = _line_x(rect, fit.line_widths[index], alignment)
        painter.drawText(QPointF(x, rect.top() + index * fit.line_height + fit.ascent), line)
    painter.restore()


def line_rects(
    rect: QRectF, fit: AmountFit, alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
) -> list[QRectF]:
    """Where each line's text lies when drawn by :func:`paint_amount` in ``rect``."""
    return [
        QRectF(
            _line_x(rect, line_width, alignment),
            rect.top() + index * fit.line_height,
            line_width,
            fit.line_height,
        )
        for index, line_width in enumerate(fit.line_widths)
    ]


def _line_x(rect: QRectF, line_width: float, alignment: Qt.AlignmentFlag) -> float:
    if alignment & Qt.AlignmentFlag.AlignRight:
        return rect.right() - line_width
    if alignment & Qt.AlignmentFlag.AlignHCenter:
        return rect.left() + (rect.width() - line_width) / 2
    return rect.left()


class AmountLabel(QWidget):
    """The amount and its symbol, whole at any width the layout gives it.

    Its height follows its width (``heightForWidth``); its minimum width is the widest
    digit group at the minimum size, so a layout can always make it fit.
    """

    def __init__(
        self,
        amount: str = "",
        symbol: str | None = None,
        parent: QWidget | None = None,
        *,
        max_px: int = DEFAULT_MAX_AMOUNT_PX,
        min_px: int = MIN_AMOUNT_PX,
    ) -> None:
        super().__init__(parent)
        self._amount = amount
        self._symbol = symbol
        self._max_px = max_px
        self._min_px = min_px
        self._alignment = Qt.AlignmentFlag.AlignLeft
        self._color: QColor | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self._refresh_texts()

    # -- content -------------------------------------------------------------------------------

    def set_amount(self, amount: str, symbol: str | None) -> None:
        if (amount, symbol) == (self._amount, self._symbol):
            return
        self._amount, self._symbol = amount, symbol
        self._refresh_texts()
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        """The full amount as one line (``1,234.50 OMG``)."""
        return amount_text(self._amount, self._symbol)

    def amount(self) -> str:
        return self._amount

    def symbol(self) -> str | None:
        return self._symbol

    def set_pixel_range(self, min_px: int, max_px: int) -> None:
        self._min_px, self._max_px = min_px, max_px
        self.updateGeometry()
        self.update()

    def set_alignment(self, alignment: Qt.AlignmentFlag) -> None:
        self._alignment = alignment
        self.update()

    def set_color(self, color: QColor | None) -> None:
        """``None`` follows the palette's text colour."""
        self._color = color
        self.update()

    def _refresh_texts(self) -> None:
        text = self.text()
        # Screen readers get the whole amount, whatever the wrapping.
        self.setAccessibleName(text)
        self.setToolTip(text)

    # -- geometry ------------------------------------------------------------------------------

    def fit(self, width: float | None = None) -> AmountFit:
        return fit_amount(
            self._amount,
            self._symbol,
            self.font(),
            self.contentsRect().width() if width is None else width,
            max_px=self._max_px,
            min_px=self._min_px,
        )

    def text_rects(self) -> list[QRectF]:
        """Each drawn line's rectangle, in this widget's coordinates."""
        return line_rects(QRectF(self.contentsRect()), self.fit(), self._alignment)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        return math.ceil(self.fit(inner).height) + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = math.ceil(self.fit(1e9).width) + margins.left() + margins.right()
        # The height for the width it has now (the one-line height before any layout).
        laid_out = self.testAttribute(Qt.WidgetAttribute.WA_WState_Visible)
        return QSize(width, self.heightForWidth(self.width() if laid_out else width))

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        metrics = QFontMetricsF(sized_font(self.font(), self._min_px))
        # A long symbol may wrap between characters; a digit group never does.
        groups = [
            text_width(metrics, piece.rstrip())
            for piece in break_segments(self._amount, self._symbol)
            if any(ch.isdigit() for ch in piece)
        ]
        widest = max(groups, default=metrics.averageCharWidth())
        width = math.ceil(widest) + margins.left() + margins.right()
        # As high as the width it has now needs: splitters, docks and the main window do
        # not ask heightForWidth, so the minimum carries it (and follows each resize).
        # Not the height at the narrowest width: a column of digit groups would set the
        # window's minimum height.
        laid_out = self.testAttribute(Qt.WidgetAttribute.WA_WState_Visible)
        return QSize(width, self.heightForWidth(max(width, self.width()) if laid_out else 10**6))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.heightForWidth(event.size().width()) != self.heightForWidth(
            event.oldSize().width()
        ):
            self.updateGeometry()

    # -- painting and copying ----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        color = self._color or self.palette().color(self.foregroundRole())
        rect = QRectF(self.contentsRect())
        paint_amount(painter, rect, self.fit(rect.width()), self.font(), color, self._alignment)
        painter.end()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        copy = QAction(self.tr("Copy amount"), menu)
        copy.triggered.connect(self.copy_to_clipboard)
        menu.addAction(copy)
        menu.exec(event.globalPos())

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
