"""The queue as a virtualised list: compact rows painted by a delegate, no widget per card.

Rows carry no buttons: selecting a row puts its payment in focus (the large card above
the list), and only the card in focus can be decided. Every row shows the whole amount
with the same fit as the large card (:func:`~ewallet_monitor.ui.amount_label.fit_amount`:
the font shrinks, never below 14 px, then the number wraps at its digit groups onto a
second line), the customer and the countdown.

When rows arrive above the selected one, the list scrolls by as much as they take, so the
selected row keeps its place on screen (and under the pointer).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ewallet_monitor.i18n import card_state_label, formatted_amount_on_screen
from ewallet_monitor.models.approval_list import ApprovalListModel
from ewallet_monitor.models.approval_queue import format_countdown
from ewallet_monitor.protocol.approval import ApprovalCard, CardState
from ewallet_monitor.ui.amount_label import AmountFit, fit_amount, paint_amount
from ewallet_monitor.ui.theme import card_colors, countdown_color

AnyIndex = QModelIndex | QPersistentModelIndex

ROW_AMOUNT_PX = 17
_PAD_X, _PAD_Y = 10, 5

_FINAL_BACKGROUND = {
    CardState.CONFIRMED: "confirmed_bg",
    CardState.REJECTED: "rejected_bg",
    CardState.CANCELLED: "expired_bg",
    CardState.FAILED: "failed_bg",
    CardState.EXPIRED: "expired_bg",
}


def row_height(font: QFont) -> int:
    """The one height of every row (uniform, so the view never measures rows)."""
    amount = QFont(font)
    amount.setPixelSize(ROW_AMOUNT_PX)
    amount.setBold(True)
    return 2 * QFontMetrics(amount).height() + QFontMetrics(font).height() + 2 * _PAD_Y + 6


class ApprovalRowDelegate(QStyledItemDelegate):
    """Paints one compact row: amount (whole), state or second amount line, then the
    customer and the countdown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dark = False

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(200, row_height(option.font))

    def row_layout(
        self, option_font: QFont, rect: QRect, card: ApprovalCard, seconds_left: float | None
    ) -> tuple[QFont, AmountFit, str, QRect]:
        """The amount's font and fit, the countdown text and the inner rectangle (tests
        check the geometry with the same numbers the painting uses)."""
        inner = rect.adjusted(_PAD_X, _PAD_Y, -_PAD_X, -_PAD_Y)
        amount_font = QFont(option_font)
        amount_font.setBold(True)
        amount, _, symbol = formatted_amount_on_screen(
            card.consumption.formatted_amount()
        ).partition(" ")
        fit = fit_amount(amount, symbol or None, amount_font, inner.width(), max_px=ROW_AMOUNT_PX)
        settled = card.is_final or card.state.in_flight
        countdown = "" if settled else format_countdown(seconds_left)
        return amount_font, fit, countdown, inner

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        card = index.data(ApprovalListModel.CardRole)
        if not isinstance(card, ApprovalCard):
            return
        seconds_left = index.data(ApprovalListModel.SecondsLeftRole)
        colors = card_colors(self.dark)
        rect = within_viewport(option.rect, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = colors[_FINAL_BACKGROUND.get(card.state, "card_bg")]
        border = colors["selected_border"] if selected else colors["card_border"]
        pen = QPen(QColor(border))
        pen.setWidth(3 if selected else 1)
        painter.setPen(pen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 6, 6)

        base_font: QFont = option.font
        font, fit, countdown, inner = self.row_layout(base_font, rect, card, seconds_left)
        paint_amount(painter, QRectF(inner), fit, font, QColor(colors["amount"]))
        small = QFont(base_font)
        small_metrics = QFontMetrics(small)
        painter.setFont(small)
        if not fit.wrapped:
            painter.setPen(QColor(colors["muted"]))
            painter.drawText(
                QRect(
                    inner.left(),
                    inner.top() + int(fit.line_height),
                    inner.width(),
                    int(fit.line_height),
                ),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                _state_text(card),
            )
        bottom = QRect(
            inner.left(),
            inner.bottom() - small_metrics.height(),
            inner.width(),
            small_metrics.height(),
        )
        countdown_width = small_metrics.horizontalAdvance(countdown) if countdown else 0
        if countdown:
            painter.setPen(QColor(countdown_color(seconds_left, self.dark)))
            painter.drawText(
                bottom, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), countdown
            )
        customer = card.consumption.consumer_name
        if fit.wrapped:
            customer = f"{customer} · {_state_text(card)}"
        room = max(0, bottom.width() - countdown_width - 12)
        painter.setPen(QColor(colors["muted"]))
        painter.drawText(
            QRect(bottom.left(), bottom.top(), room, bottom.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            small_metrics.elidedText(customer, Qt.TextElideMode.ElideRight, room),
        )
        painter.restore()


def within_viewport(rect: QRect, widget: object) -> QRect:
    """A row's rectangle, never wider than the list's viewport (until the view lays its
    rows out again, a row keeps the width it had before a scroll bar appeared)."""
    if isinstance(widget, QAbstractItemView):
        width = widget.viewport().width()
        return rect.intersected(QRect(0, rect.top(), width, rect.height()))
    return QRect(rect)


def _state_text(card: ApprovalCard) -> str:
    if card.is_final or card.state.in_flight:
        return card_state_label(card.state)
    if card.recovered:
        return QCoreApplication.translate("ApprovalListView", "recovered")
    return QCoreApplication.translate("ApprovalListView", "waiting")


class ApprovalListView(QListView):
    """The list of waiting payments over an :class:`ApprovalListModel`."""

    def __init__(self, model: ApprovalListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvalList")
        self.list_model = model
        self.delegate = ApprovalRowDelegate(self)
        self.setModel(model)
        self.setItemDelegate(self.delegate)
        self.setUniformItemSizes(True)
        # Rows follow the viewport's width (a vertical scroll bar appearing narrows it).
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("Payments waiting, most urgent first"))
        self._anchor: tuple[int, int] | None = None
        self._row_height = row_height(self.font())
        model.rowsAboutToBeInserted.connect(self._on_rows_about_to_be_inserted)
        model.rowsInserted.connect(self._on_rows_inserted)

    def set_dark(self, dark: bool) -> None:
        self.delegate.dark = dark
        self.viewport().update()

    def row_height(self) -> int:
        return self._row_height

    def row_rect(self, index: QModelIndex) -> QRect:
        """Where a row is painted (its visual rectangle within the viewport)."""
        return within_viewport(self.visualRect(index), self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A / R / Esc decide or cancel in the queue panel (the parent): not a type-ahead
        # search of the rows.
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and event.key() in (Qt.Key.Key_A, Qt.Key.Key_R, Qt.Key.Key_Escape):
            event.ignore()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._row_height = row_height(self.font())
        super().changeEvent(event)

    def visible_rows(self) -> range:
        """Rows wholly inside the viewport."""
        height = self.row_height()
        top = self.verticalScrollBar().value()
        first = -(-top // height)
        last = (top + self.viewport().height()) // height - 1
        return range(first, min(last, self.list_model.rowCount() - 1) + 1)

    def is_row_visible(self, row: int) -> bool:
        return row in self.visible_rows()

    def _on_rows_about_to_be_inserted(self, _parent: QModelIndex, first: int, _last: int) -> None:
        current = self.currentIndex()
        top = self.verticalScrollBar().value()
        if current.isValid():  # keep the selected row where it is
            self._anchor = (current.row(), top) if first <= current.row() else None
        else:  # keep the first row shown where it is (nothing moves at the very top)
            top_row = top // max(1, self.row_height())
            self._anchor = (top_row, top) if top > 0 and first <= top_row else None

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        anchor, self._anchor = self._anchor, None
        if anchor is None or first > anchor[0]:
            return
        # The new rows sit above the anchor: move the view down by their height. The
        # layout is done now so the scroll range already includes them.
        self.executeDelayedItemsLayout()
        bar = self.verticalScrollBar()
        bar.setValue(anchor[1] + (last - first + 1) * self.row_height())


__all__ = ["ApprovalListView", "ApprovalRowDelegate", "row_height"]
