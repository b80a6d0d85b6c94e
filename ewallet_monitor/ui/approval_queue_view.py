"""The cashier's panel: the payment in focus, large; the queue, most urgent first; history.

The list is virtualised (:class:`~ewallet_monitor.ui.approval_list_view.ApprovalListView`):
rows are painted, never built, so a flood of payments costs nothing per card. Selecting a
row puts its payment in focus: the large card above the list, the only one with Approve
and Reject. A strip under the list names the urgent payments (under
:data:`URGENT_S` seconds left) and the newly arrived ones that are out of view, and
Ctrl+1 takes you to them.

Decisions go out through :attr:`ApprovalQueueView.action_requested` (``id``, ``"approve"``
or ``"reject"``) only after the checks a cashier needs:

- with a :class:`~ewallet_monitor.models.decision_guard.DecisionGuard`, the view tells it
  which card is in focus and fully in view, and asks it first (the controller asks it
  again when it acts, so nothing else can decide past it);
- an approval above its token's confirmation threshold asks once more, inline in the card;
- an approval while the live connection is down asks too, saying the confirmation cannot
  arrive (approving still works over HTTP);
- a decision on a card whose state is uncertain (not verified since an outage, or the
  answer to an earlier decision never came) asks first with the card's warning, and the
  card is told the cashier acknowledged it.

Keyboard: Ctrl+Enter / Ctrl+Backspace (the window's actions) or A / R with the queue
focused decide on the card in focus; with nothing in focus they put the most urgent card
in focus and decide nothing. Up / Down move the selection.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHideEvent, QKeyEvent, QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n import formatted_amount_on_screen, protocol_text
from ewallet_monitor.models.approval_list import ApprovalListModel
from ewallet_monitor.models.approval_queue import (
    ApprovalHistoryModel,
    ApprovalQueue,
    format_countdown,
)
from ewallet_monitor.models.decision_guard import ConfirmThresholds, DecisionGuard, parse_threshold
from ewallet_monitor.protocol.approval import Action, ApprovalCard
from ewallet_monitor.ui.amount_delegate import AmountColumnDelegate
from ewallet_monitor.ui.approval_card import ApprovalCardWidget, amount_in_units
from ewallet_monitor.ui.approval_list_view import ApprovalListView
from ewallet_monitor.ui.theme import card_colors, is_dark_mode

# A payment with less time left than this cannot be out of sight without the strip
# saying so.
URGENT_S = 30
PANEL_MIN_WIDTH = 360
# The strip is recomputed at most this often while payments pour in.
STRIP_REFRESH_MS = 100


class _Strip(QLabel):
    """The pinned line under the list; a click does what Ctrl+1 does."""

    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        event.accept()

    def minimumSizeHint(self) -> QSize:
        # Wrapped over two lines it needs two lines: the splitter above does not ask
        # heightForWidth, and would squeeze the card in focus by the difference.
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.heightForWidth(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.heightForWidth(event.size().width()) != self.heightForWidth(
            event.oldSize().width()
        ):
            self.updateGeometry()


class ApprovalQueueView(QWidget):
    """The payment in focus and the queue from an :class:`ApprovalQueue`; emits the
    cashier's decisions."""

    action_requested = Signal(str, str)  # consumption id, "approve" | "reject"
    decision_refused = Signal(str, str)  # consumption id, why
    muted_toggled = Signal(bool)
    threshold_changed = Signal(str)  # the per-token thresholds, ConfirmThresholds text
    take_over_requested = Signal(str)  # consumption id held by another desk

    def __init__(
        self,
        queue: ApprovalQueue,
        parent: QWidget | None = None,
        *,
        guard: DecisionGuard | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("approvalQueueView")
        self.queue = queue
        self.guard = guard
        self.thresholds = ConfirmThresholds()
        self._sound_problem = ""
        self._live = False
        self._dark = is_dark_mode()
        self._unseen_new: set[str] = set()
        # Payments another desk is deciding: who (shown on the card in focus).
        self._claim_notes: dict[str, str] = {}

        self.title_label = QLabel()
        self.title_label.setWordWrap(True)  # beside the sound button in a narrow panel
        title_font = self.title_label.font()
        title_font.setBold(True)
        title_font.setPointSizeF(max(title_font.pointSizeF(), 9.0) * 1.25)
        self.title_label.setFont(title_font)
        self.mute_button = QToolButton()
        self.mute_button.setCheckable(True)
        self._mute_tooltip = self.tr(
            "Sound on a payment's arrival and outcome, and a desktop notification while "
            "the window is in the background"
        )
        self.mute_button.setToolTip(self._mute_tooltip)
        self.mute_button.toggled.connect(self._on_mute_toggled)
        self.threshold_label = QLabel()
        # Wraps rather than widen the panel past its minimum (a long token symbol).
        self.threshold_label.setWordWrap(True)
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setDecimals(2)
        self.threshold_spin.setRange(0, 1e12)
        self.threshold_spin.setValue(100)
        self.threshold_spin.setSpecialValueText(self.tr("always"))
        # Sized for everyday thresholds, not for its 1e12 maximum: that made the panel
        # wider than its dock (a longer value scrolls inside the field).
        self.threshold_spin.setMinimumWidth(
            self.threshold_spin.fontMetrics().horizontalAdvance("000,000.00") + 40
        )
        self.threshold_spin.setToolTip(
            self.tr(
                "Approvals of this token above this amount ask for a second click (0 = always "
                "ask); each token has its own"
            )
        )
        self.threshold_spin.valueChanged.connect(self._on_threshold_spin)
        self.offline_label = QLabel(
            self.tr(
                "Live connection down: approvals still go through, but their confirmation "
                "cannot arrive until the connection is back."
            )
        )
        self.offline_label.setWordWrap(True)
        self.offline_label.setObjectName("offlineWarning")
        self.empty_label = QLabel(self.tr("No payment waiting. New ones appear here."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setObjectName("emptyQueue")
        self.empty_label.setWordWrap(True)

        self._header = header = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.mute_button, 0, Qt.AlignmentFlag.AlignRight)
        options = QHBoxLayout()
        options.addWidget(self.threshold_label)
        options.addWidget(self.threshold_spin, 1)

        self.focus_card: ApprovalCardWidget | None = None
        self.list_model = ApprovalListModel(queue, self)
        self.list_view = ApprovalListView(self.list_model)
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list_view.setMinimumHeight(self.list_view.row_height())
        self.list_view.verticalScrollBar().valueChanged.connect(lambda _v: self._schedule_strip())
        self.strip = _Strip()
        self.strip.setObjectName("urgentStrip")
        self.strip.setWordWrap(True)
        self.strip.setCursor(Qt.CursorShape.PointingHandCursor)
        self.strip.clicked.connect(self.jump_to_urgent)
        self.strip.hide()
        self._strip_timer = QTimer(self)
        self._strip_timer.setSingleShot(True)
        self._strip_timer.setInterval(STRIP_REFRESH_MS)
        self._strip_timer.timeout.connect(self._refresh_strip)

        self._queue_box = QWidget()
        self._queue_layout = QVBoxLayout(self._queue_box)
        self._queue_layout.setContentsMargins(0, 0, 0, 0)
        self._queue_layout.setSpacing(4)
        self._queue_layout.addWidget(self.empty_label)
        self._queue_layout.addWidget(self.list_view, 1)
        self._queue_layout.addWidget(self.strip)

        self.history_view = QTableView()
        self.history_view.setModel(queue.history)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.verticalHeader().hide()
        self.history_view.setWordWrap(False)
        self.history_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        history_header = self.history_view.horizontalHeader()
        history_header.setStretchLastSection(True)
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Size the columns from the rows on screen only: by default Qt reads 1,000 rows
        # after every insert, and a history row builds its card (parses its frame) when
        # first read, so a burst would parse the whole history four times a second.
        history_header.setResizeContentsPrecision(0)
        history_header.setSectionResizeMode(
            ApprovalHistoryModel.COL_REASON, QHeaderView.ResizeMode.Stretch
        )
        # The header measures its sections when laid out, not when rows arrive: rows that
        # settle later would be cut ("414.6…") beside an empty, stretched Reason column.
        self._history_resize = QTimer(self)
        self._history_resize.setSingleShot(True)
        self._history_resize.setInterval(STRIP_REFRESH_MS)
        self._history_resize.timeout.connect(history_header.resizeSections)
        queue.history.rowsInserted.connect(self._history_resize.start)
        queue.history.modelReset.connect(self._history_resize.start)
        self.history_view.verticalHeader().setDefaultSectionSize(
            self.history_view.fontMetrics().height() + 8
        )
        self.history_view.setColumnHidden(ApprovalHistoryModel.COL_ID, True)
        self.history_view.setMinimumHeight(2 * self.history_view.fontMetrics().height())
        # A narrow panel may cut an amount: the tooltip then has all of it.
        self.history_view.setItemDelegateForColumn(
            ApprovalHistoryModel.COL_AMOUNT, AmountColumnDelegate(self.history_view)
        )
        self.history_label = QLabel(self.tr("History"))
        history_box = QWidget()
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(self.history_label)
        history_layout.addWidget(self.history_view)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self._queue_box)
        self.splitter.addWidget(history_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([600, 180])
        # The payment in focus and the list never collapse; the history may.
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, True)

        self.setMinimumWidth(PANEL_MIN_WIDTH)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.addLayout(header)
        self._layout.addLayout(options)
        self._layout.addWidget(self.offline_label)
        self._layout.addWidget(self.splitter, 1)

        # A / R are handled in keyPressEvent (not QShortcut): they must only act while the
        # queue itself has the keyboard, never while a text field elsewhere does. A click
        # on the panel gives it the keyboard; Tab stops at its controls (the list passes
        # A / R / Esc up here), not at the panel itself.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.list_model.rowsInserted.connect(self._on_rows_inserted)
        queue.card_changed.connect(self._on_card_changed)
        queue.card_removed.connect(self._on_card_removed)
        queue.pending_count_changed.connect(lambda _n: self._update_title())
        queue.clock_ticked.connect(self._on_clock)
        queue.history.rowsInserted.connect(lambda *_: self._update_title())
        if self.list_model.rowCount():
            self._on_rows_inserted(QModelIndex(), 0, self.list_model.rowCount() - 1)
        self.set_muted(False)
        self.set_live(False)
        self.apply_theme()
        self._update_threshold_row()
        self._update_title()

    # -- state from outside ------------------------------------------------------------------

    def set_live(self, live: bool) -> None:
        self._live = live
        self.offline_label.setVisible(not live)
        if self.focus_card is not None:
            self.focus_card.set_live(live)

    def set_muted(self, muted: bool) -> None:
        self.mute_button.blockSignals(True)
        self.mute_button.setChecked(muted)
        self.mute_button.blockSignals(False)
        self._render_sound_state()

    def set_sound_problem(self, reason: str) -> None:
        """Why sound cannot play ("" when it can): the button says so instead of "on"."""
        self._sound_problem = reason
        self._render_sound_state()

    def _render_sound_state(self) -> None:
        problem = self._sound_problem
        if self.mute_button.isChecked():
            text = self.tr("Sound: muted")
        elif problem:
            # Short: the panel must stay narrow. The reason is in the tooltip, the
            # accessible description and the status bar.
            text = self.tr("Sound: unavailable")
        else:
            text = self.tr("Sound: on")
        self.mute_button.setText(text)
        self.mute_button.setAccessibleName(text)
        # A long "unavailable" text goes under the title rather than widen the panel.
        needed = (
            self.title_label.minimumSizeHint().width() + self.mute_button.sizeHint().width() + 16
        )
        self._header.setDirection(
            QBoxLayout.Direction.TopToBottom
            if needed > PANEL_MIN_WIDTH
            else QBoxLayout.Direction.LeftToRight
        )
        self.mute_button.setAccessibleDescription(problem)
        self.mute_button.setToolTip(
            self.tr("Sound unavailable: {problem}. Cards pulse instead.").format(problem=problem)
            if problem and not self.mute_button.isChecked()
            else self._mute_tooltip
        )

    @property
    def threshold(self) -> Decimal | None:
        """The threshold of tokens without their own."""
        return self.thresholds.default

    def set_threshold(self, text: str) -> None:
        """Units above which an approval needs a second click, for every token without
        its own threshold; ``""`` = never ask."""
        self.thresholds.default = parse_threshold(text)
        self._update_threshold_row()

    def set_token_thresholds(self, text: str) -> None:
        """The tokens' own thresholds (:meth:`ConfirmThresholds.to_text`)."""
        self.thresholds.load_text(text)
        self._update_threshold_row()

    def set_token_threshold(self, symbol: str, text: str) -> None:
        self.thresholds.set(symbol, parse_threshold(text))
        self._update_threshold_row()
        self.threshold_changed.emit(self.thresholds.to_text())

    def apply_theme(self) -> None:
        self._dark = is_dark_mode()
        colors = card_colors(self._dark)
        self.offline_label.setStyleSheet(
            f"background: {colors['warning_bg']}; color: {colors['warning_fg']};"
            " padding: 6px; border-radius: 4px; font-weight: bold;"
        )
        self.strip.setStyleSheet(
            f"background: {colors['warning_bg']}; color: {colors['red']};"
            " padding: 6px; border-radius: 4px; font-weight: bold;"
        )
        self.empty_label.setStyleSheet(f"color: {colors['muted']}; padding: 8px;")
        self.list_view.set_dark(self._dark)
        if self.focus_card is not None:
            self.focus_card.set_dark(self._dark)

    # -- reading (tests, window) -----------------------------------------------------------------

    def has_card(self, consumption_id: str) -> bool:
        """Whether the payment has a row in the list."""
        return self.list_model.row_of(consumption_id) is not None

    def card_widget(self, consumption_id: str) -> ApprovalCardWidget | None:
        """The large card, when it shows ``consumption_id``."""
        card = self.focus_card
        if card is not None and self.selected_id == consumption_id and not card.isHidden():
            return card
        return None

    @property
    def selected_id(self) -> str | None:
        current = self.list_view.currentIndex()
        if not current.isValid():
            return None
        value = current.data(ApprovalListModel.IdRole)
        return value if isinstance(value, str) else None

    def current_id(self) -> str | None:
        """The payment in focus, if any."""
        return self.selected_id

    def focus_in_view(self) -> bool:
        """Whether the large card is wholly on screen (not hidden, not cut by a splitter,
        a dock or a minimised window)."""
        card = self.focus_card
        if card is None or not card.isVisible() or card.isHidden():
            return False
        window = self.window()
        if window.isMinimized() or not window.isVisible():
            return False
        return card.visibleRegion().boundingRect().contains(card.rect())

    def urgent_out_of_view(self) -> list[str]:
        """Waiting payments with under :data:`URGENT_S` seconds left whose row is not on
        screen (the one in focus excluded), most urgent first."""
        now = self.queue.now()
        selected = self.selected_id
        visible = self.list_view.visible_rows() if self.list_view.isVisible() else range(0)
        urgent = []
        for row, consumption_id in enumerate(self.list_model.iter_ids()):
            card = self.queue.card(consumption_id)
            if card is None or not card.is_actionable or consumption_id == selected:
                continue
            left = card.seconds_left(now)
            if left is None or left >= URGENT_S:
                break  # the list is ordered by expiry: the rest have more time
            if row not in visible:
                urgent.append(consumption_id)
        return urgent

    # -- decisions --------------------------------------------------------------------------------

    def request_on_current(self, action: str) -> bool:
        """Approve or reject the payment in focus (keyboard). With nothing in focus, the
        most urgent waiting payment comes into focus and nothing is decided. False when
        nothing was asked for."""
        consumption_id = self.selected_id
        if consumption_id is None or self.queue.card(consumption_id) is None:
            first = self.queue.first_actionable()
            if first is not None:
                self.select(first.id)
            return False
        return self.request(consumption_id, action)

    def request(self, consumption_id: str, action: str) -> bool:
        """Ask for ``action`` on the payment in focus, with the confirmation step when it
        needs one. False when refused (the reason goes to :attr:`decision_refused`)."""
        card = self.queue.card(consumption_id)
        if card is None:
            return False
        self._report_shown()
        if self.guard is not None:
            reason = self.guard.refusal(consumption_id, Action(action))
            if reason is not None:
                self._refuse(consumption_id, reason)
                return False
        elif consumption_id != self.selected_id or not card.can_start(Action(action)):
            return False
        widget = self.focus_card
        assert widget is not None  # the card in focus is shown
        reasons = []
        warning = card.warning(Action(action))
        if warning is not None:
            reasons.append(protocol_text(warning))
        if action == "reject":
            if warning is None:
                self.action_requested.emit(consumption_id, "reject")
            elif not widget.is_confirming:
                widget.show_confirmation(
                    self.tr("Reject? {warning}").format(warning=protocol_text(warning)), "reject"
                )
            return True
        symbol = card.consumption.token_symbol or ""
        if self.thresholds.asks(symbol, amount_in_units(card)):
            amount = formatted_amount_on_screen(card.consumption.formatted_amount())
            reasons.insert(0, self.tr("Approve {amount}?").format(amount=amount))
        if not self._live:
            reasons.append(
                self.tr(
                    "The live connection is down: the approval goes out over HTTP, but its "
                    "confirmation cannot arrive here until the connection is back."
                )
            )
        if not reasons:
            self.action_requested.emit(consumption_id, "approve")
            return True
        if not widget.is_confirming:
            widget.show_confirmation(" ".join(reasons))
        return True

    def set_claim_note(self, consumption_id: str, text: str) -> None:
        """Another desk holds this payment (``text`` says who; "" when none does)."""
        if text:
            self._claim_notes[consumption_id] = text
        else:
            self._claim_notes.pop(consumption_id, None)
        widget = self.focus_card
        if widget is not None and widget.card.id == consumption_id:
            widget.set_claim_note(text)

    def claim_note(self, consumption_id: str) -> str:
        return self._claim_notes.get(consumption_id, "")

    def _refuse(self, consumption_id: str, reason: str) -> None:
        if self.focus_card is not None and self.selected_id == consumption_id:
            self.focus_card.show_notice(reason)
        self.decision_refused.emit(consumption_id, reason)

    def select(self, consumption_id: str | None) -> None:
        """Put a payment in focus (``None``: none) and its row in view."""
        selection = self.list_view.selectionModel()
        if consumption_id is None:
            selection.clearCurrentIndex()
            selection.clearSelection()
            return
        index = self.list_model.index_of(consumption_id)
        if not index.isValid():
            return
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list_view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def jump_to_urgent(self) -> None:
        """Ctrl+1: the most urgent payment out of view (else the most urgent one) comes
        into focus, and the list takes the keyboard."""
        urgent = self.urgent_out_of_view()
        unseen = [cid for cid in self.list_model.ids() if cid in self._unseen_new]
        target = urgent[0] if urgent else unseen[0] if unseen else None
        if target is None:
            first = self.queue.first_actionable()
            target = first.id if first is not None else None
        if target is not None:
            self.select(target)
        self.list_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._refresh_strip()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and event.key() in (Qt.Key.Key_A, Qt.Key.Key_R):
            self.request_on_current("approve" if event.key() == Qt.Key.Key_A else "reject")
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            ids = self.list_model.ids()
            if ids:
                selected = self.selected_id
                index = ids.index(selected) if selected in ids else -1
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                self.select(ids[max(0, min(len(ids) - 1, index + step))])
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.focus_card is not None:
            self.focus_card.hide_confirmation()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- what is in view ------------------------------------------------------------------------

    def refresh_in_view(self) -> None:
        """Lay the panel out now and tell the guard what is in view (it also happens on
        every show, resize, selection, clock tick and press)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self._report_shown()

    def _report_shown(self) -> None:
        if self.guard is not None:
            self.guard.shown(self.selected_id if self.focus_in_view() else None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._report_shown()
        self._refresh_strip()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self.guard is not None:
            self.guard.shown(None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._report_shown()

    # -- queue signals ----------------------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        consumption_id = current.data(ApprovalListModel.IdRole) if current.isValid() else None
        card = self.queue.card(consumption_id) if isinstance(consumption_id, str) else None
        if card is None:
            if self.focus_card is not None:
                self.focus_card.hide()
        else:
            self._unseen_new.discard(card.id)
            self._show_in_focus(card)
        self._update_threshold_row()
        self._report_shown()
        self._refresh_strip()

    def _show_in_focus(self, card: ApprovalCard) -> None:
        widget = self.focus_card
        if widget is None:
            widget = ApprovalCardWidget(card)
            widget.setObjectName("approvalCard")
            widget.installEventFilter(self)
            widget.approve_clicked.connect(lambda cid: self.request(cid, "approve"))
            widget.reject_clicked.connect(lambda cid: self.request(cid, "reject"))
            widget.confirm_accepted.connect(self._on_confirm_accepted)
            widget.take_over_clicked.connect(self.take_over_requested)
            self.focus_card = widget
            self._queue_layout.insertWidget(0, widget)
            # Tab as the panel reads: the card (its confirmation, then its buttons) sits
            # between the threshold and the list (made later, it came last).
            order = (
                self.threshold_spin,
                widget.confirm_no,
                widget.confirm_yes,
                widget.reject_button,
                widget.approve_button,
                self.list_view,
                self.history_view,
            )
            for first, second in itertools.pairwise(order):
                QWidget.setTabOrder(first, second)
        else:
            if widget.card.id != card.id:
                widget.hide_confirmation()
            widget.set_card(card)
        widget.set_dark(self._dark)
        widget.set_live(self._live)
        widget.set_claim_note(self._claim_notes.get(card.id, ""))
        widget.set_selected(True)
        widget.update_countdown(self.queue.now())
        widget.set_threshold_note(self._threshold_note(card))
        widget.show()
        self._pin_focus_height()

    def _pin_focus_height(self) -> None:
        """The card in focus may not be made lower than its wrapped lines need at its
        width: splitters, docks and the main window do not ask heightForWidth, so without
        this the window's minimum would let them squeeze the amount and the buttons."""
        card = self.focus_card
        if card is None or card.isHidden():
            return
        needed = card.heightForWidth(card.width())
        if needed > 0 and card.minimumHeight() != needed:
            card.setMinimumHeight(needed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.focus_card and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.LayoutRequest,
        ):
            self._pin_focus_height()
        return super().eventFilter(watched, event)

    def _on_confirm_accepted(self, consumption_id: str) -> None:
        widget = self.focus_card
        card = self.queue.card(consumption_id)
        if widget is None or card is None:
            return
        action = widget.confirm_action
        # The second step is a decision like any other: the guard sees it too.
        self._report_shown()
        if self.guard is not None:
            reason = self.guard.refusal(consumption_id, Action(action))
            if reason is not None:
                self._refuse(consumption_id, reason)
                return
        if card.warning(Action(action)) is not None:
            self.queue.acknowledge(consumption_id)
        self.action_requested.emit(consumption_id, action)

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.empty_label.hide()
        model = self.list_model
        if self.selected_id is None:
            # Nothing in focus: the most urgent new payment comes into focus (undecided).
            for row in range(first, last + 1):
                card = self.queue.card(model.id_at(row))
                if card is not None and card.is_actionable:
                    self.select(card.id)
                    break
        selected = self.selected_id
        visible = self.list_view.visible_rows()
        for row in range(first, last + 1):
            consumption_id = model.id_at(row)
            if consumption_id != selected and row not in visible:
                self._unseen_new.add(consumption_id)
        self._schedule_strip()

    def _on_card_changed(self, consumption_id: str) -> None:
        if consumption_id == self.selected_id and self.focus_card is not None:
            card = self.queue.card(consumption_id)
            if card is not None:
                self.focus_card.set_card(card)
                self.focus_card.update_countdown(self.queue.now())
        self._update_title()

    def _on_card_removed(self, consumption_id: str) -> None:
        self._unseen_new.discard(consumption_id)
        if self.selected_id is None or self.queue.card(self.selected_id or "") is None:
            # The card in focus went to the history: the most urgent waiting one comes
            # into focus (and starts its own dwell; nothing is decided).
            first = self.queue.first_actionable()
            self.select(first.id if first is not None else None)
        self.empty_label.setVisible(self.list_model.rowCount() == 0)
        self._schedule_strip()
        self._update_title()

    def _on_clock(self) -> None:
        if self.focus_card is not None and self.selected_id is not None:
            self.focus_card.update_countdown(self.queue.now())
        self._report_shown()
        self._refresh_strip()

    def _schedule_strip(self) -> None:
        if not self._strip_timer.isActive():
            self._strip_timer.start()

    def _refresh_strip(self) -> None:
        self._strip_timer.stop()
        urgent = self.urgent_out_of_view()
        visible = self.list_view.visible_rows()
        self._unseen_new = {
            cid
            for cid in self._unseen_new
            if (row := self.list_model.row_of(cid)) is not None and row not in visible
        }
        if urgent:
            first = self.queue.card(urgent[0])
            left = first.seconds_left(self.queue.now()) if first is not None else None
            when = format_countdown(left)
            if len(urgent) == 1:
                text = self.tr("1 more payment {countdown} — Ctrl+1").format(countdown=when)
            else:
                text = self.tr(
                    "%n more payments expire soon, the first {countdown} — Ctrl+1", "", len(urgent)
                ).format(countdown=when)
        elif self._unseen_new:
            count = len(self._unseen_new)
            text = self.tr("%n new payment(s) out of view — Ctrl+1", "", count)
        else:
            text = ""
        self.strip.setText(text)
        self.strip.setAccessibleName(text)
        self.strip.setVisible(bool(text))

    # -- thresholds ---------------------------------------------------------------------------

    def _focus_symbol(self) -> str | None:
        selected = self.selected_id
        card = self.queue.card(selected) if selected is not None else None
        return card.consumption.token_symbol if card is not None else None

    def _threshold_note(self, card: ApprovalCard) -> str:
        symbol = card.consumption.token_symbol or ""
        threshold = self.thresholds.for_token(symbol)
        if threshold is None:
            return ""
        if threshold == 0:
            return self.tr("asks to confirm: every approval")
        above = formatted_amount_on_screen(f"{threshold.normalize():,f}")
        return (
            self.tr("asks to confirm: above {amount} {token}")
            .format(amount=above, token=symbol)
            .rstrip()
        )

    def _update_threshold_row(self) -> None:
        symbol = self._focus_symbol()
        threshold = self.thresholds.for_token(symbol or "")
        self.threshold_label.setText(
            self.tr("Ask to confirm {token} approvals above:").format(token=symbol)
            if symbol
            else self.tr("Ask to confirm above:")
        )
        self.threshold_spin.blockSignals(True)
        self.threshold_spin.setEnabled(symbol is not None)
        if threshold is not None:
            self.threshold_spin.setValue(float(threshold))
        self.threshold_spin.blockSignals(False)
        if self.focus_card is not None and self.selected_id is not None:
            card = self.queue.card(self.selected_id)
            if card is not None:
                self.focus_card.set_threshold_note(self._threshold_note(card))

    def _on_threshold_spin(self, value: float) -> None:
        symbol = self._focus_symbol()
        if symbol is None:
            return
        self.set_token_threshold(symbol, f"{Decimal(str(value)):.2f}")

    def _on_mute_toggled(self, muted: bool) -> None:
        self.set_muted(muted)
        self.muted_toggled.emit(muted)

    def _update_title(self) -> None:
        count = self.queue.pending_count
        self.title_label.setText(
            self.tr("Waiting for approval ({count})").format(count=count)
            if count
            else self.tr("Waiting for approval")
        )
        self.history_label.setText(
            self.tr("History ({count})").format(count=self.queue.history.rowCount())
        )
