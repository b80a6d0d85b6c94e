"""The cashier's panel: cards waiting for a decision, newest at the bottom, and history.

Decisions go out through :attr:`ApprovalQueueView.action_requested` (``id``, ``"approve"``
or ``"reject"``) only after the checks a cashier needs:

- an approval above the confirmation threshold asks once more, inline in the card;
- an approval while the live connection is down asks too, saying the confirmation cannot
  arrive (approving still works over HTTP);
- a decision on a card whose state is uncertain (not verified since an outage, or the
  answer to an earlier decision never came) asks first with the card's warning, and the
  card is told the cashier acknowledged it.

Keyboard: Ctrl+Enter / Ctrl+Backspace (the window's actions) or A / R with the queue
focused act on the selected card, else the first one waiting; Up / Down move the
selection.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.models.approval_queue import ApprovalHistoryModel, ApprovalQueue
from ewallet_monitor.protocol.approval import Action
from ewallet_monitor.ui.approval_card import ApprovalCardWidget, amount_in_units
from ewallet_monitor.ui.theme import card_colors, is_dark_mode


class ApprovalQueueView(QWidget):
    """Cards from an :class:`ApprovalQueue`; emits the cashier's decisions."""

    action_requested = Signal(str, str)  # consumption id, "approve" | "reject"
    muted_toggled = Signal(bool)
    threshold_changed = Signal(str)  # decimal text

    def __init__(self, queue: ApprovalQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvalQueueView")
        self.queue = queue
        self._cards: dict[str, ApprovalCardWidget] = {}
        self._sound_problem = ""
        self._selected: str | None = None
        self._live = False
        self._threshold: Decimal | None = Decimal(100)
        self._dark = is_dark_mode()

        self.title_label = QLabel()
        title_font = self.title_label.font()
        title_font.setBold(True)
        title_font.setPointSizeF(max(title_font.pointSizeF(), 9.0) * 1.25)
        self.title_label.setFont(title_font)
        self.mute_button = QToolButton()
        self.mute_button.setCheckable(True)
        self._mute_tooltip = (
            "Sound on a payment's arrival and outcome, and a desktop notification while "
            "the window is in the background"
        )
        self.mute_button.setToolTip(self._mute_tooltip)
        self.mute_button.toggled.connect(self._on_mute_toggled)
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setDecimals(2)
        self.threshold_spin.setRange(0, 1e12)
        self.threshold_spin.setValue(100)
        self.threshold_spin.setSpecialValueText("always")
        self.threshold_spin.setToolTip(
            "Approvals above this amount ask for a second click (0 = always ask)"
        )
        self.threshold_spin.valueChanged.connect(self._on_threshold_spin)
        self.offline_label = QLabel(
            "Live connection down: approvals still go through, but their confirmation "
            "cannot arrive until the connection is back."
        )
        self.offline_label.setWordWrap(True)
        self.offline_label.setObjectName("offlineWarning")
        self.empty_label = QLabel("No payment waiting. New ones appear here.")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setObjectName("emptyQueue")

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.mute_button)
        options = QHBoxLayout()
        options.addWidget(QLabel("Ask to confirm approvals above:"))
        options.addWidget(self.threshold_spin, 1)

        self._cards_host = QWidget()
        self._cards_layout = QVBoxLayout(self._cards_host)
        self._cards_layout.setContentsMargins(4, 4, 4, 4)
        self._cards_layout.setSpacing(8)
        self._cards_layout.addWidget(self.empty_label)
        self._cards_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self._cards_host)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

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
        self.history_view.verticalHeader().setDefaultSectionSize(
            self.history_view.fontMetrics().height() + 8
        )
        self.history_view.setColumnHidden(ApprovalHistoryModel.COL_ID, True)
        self.history_label = QLabel("History")
        history_box = QWidget()
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(self.history_label)
        history_layout.addWidget(self.history_view)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.scroll_area)
        self.splitter.addWidget(history_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([600, 180])

        self.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addLayout(options)
        layout.addWidget(self.offline_label)
        layout.addWidget(self.splitter, 1)

        # A / R are handled in keyPressEvent (not QShortcut): they must only act while the
        # queue itself has the keyboard, never while a text field elsewhere does.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        queue.card_added.connect(self._on_card_added)
        queue.card_changed.connect(self._on_card_changed)
        queue.card_removed.connect(self._on_card_removed)
        queue.pending_count_changed.connect(lambda _n: self._update_title())
        queue.clock_ticked.connect(self._on_clock)
        queue.history.rowsInserted.connect(lambda *_: self._update_title())
        for card in queue.cards():
            self._on_card_added(card.id)
        self.set_muted(False)
        self.set_live(False)
        self.apply_theme()
        self._update_title()

    # -- state from outside ------------------------------------------------------------------

    def set_live(self, live: bool) -> None:
        self._live = live
        self.offline_label.setVisible(not live)
        for widget in self._cards.values():
            widget.set_live(live)

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
            text = "Sound: muted"
        elif problem:
            # Short on the button (the panel must stay narrow), whole in the tooltip.
            short = problem if len(problem) <= 32 else problem[:31] + "…"
            text = f"Sound: unavailable — {short}"
        else:
            text = "Sound: on"
        self.mute_button.setText(text)
        self.mute_button.setAccessibleName(text)
        self.mute_button.setToolTip(
            f"Sound unavailable: {problem}. Cards pulse instead."
            if problem and not self.mute_button.isChecked()
            else self._mute_tooltip
        )

    @property
    def threshold(self) -> Decimal | None:
        return self._threshold

    def set_threshold(self, text: str) -> None:
        """Units above which an approval needs a second click; ``""`` = never ask."""
        try:
            self._threshold = Decimal(text) if text.strip() else None
        except InvalidOperation:
            self._threshold = Decimal(100)
        if self._threshold is not None:
            self.threshold_spin.blockSignals(True)
            self.threshold_spin.setValue(float(self._threshold))
            self.threshold_spin.blockSignals(False)

    def apply_theme(self) -> None:
        self._dark = is_dark_mode()
        colors = card_colors(self._dark)
        self.offline_label.setStyleSheet(
            f"background: {colors['warning_bg']}; color: {colors['warning_fg']};"
            " padding: 6px; border-radius: 4px; font-weight: bold;"
        )
        self.empty_label.setStyleSheet(f"color: {colors['muted']}; padding: 24px;")
        for widget in self._cards.values():
            widget.set_dark(self._dark)

    # -- reading (tests, window) -----------------------------------------------------------------

    def card_widget(self, consumption_id: str) -> ApprovalCardWidget | None:
        return self._cards.get(consumption_id)

    def card_widgets(self) -> list[ApprovalCardWidget]:
        return list(self._cards.values())

    @property
    def selected_id(self) -> str | None:
        return self._selected

    def current_id(self) -> str | None:
        """The selected card if it can be acted on, else the first one waiting."""
        if self._selected is not None:
            card = self.queue.card(self._selected)
            if card is not None and card.is_actionable:
                return self._selected
        first = self.queue.first_actionable()
        return first.id if first is not None else None

    # -- decisions --------------------------------------------------------------------------------

    def request_on_current(self, action: str) -> bool:
        """Approve or reject the current card (keyboard). False when there is none."""
        consumption_id = self.current_id()
        if consumption_id is None:
            return False
        self.select(consumption_id)
        self.request(consumption_id, action)
        return True

    def request(self, consumption_id: str, action: str) -> None:
        """Ask for ``action`` on a card, with the confirmation step when it needs one."""
        card = self.queue.card(consumption_id)
        widget = self._cards.get(consumption_id)
        if card is None or widget is None or not card.can_start(Action(action)):
            return
        reasons = []
        warning = card.warning(Action(action))
        if warning is not None:
            reasons.append(warning)
        if action == "reject":
            if warning is None:
                self.action_requested.emit(consumption_id, "reject")
            elif not widget.is_confirming:
                widget.show_confirmation(f"Reject? {warning}", "reject")
            return
        units = amount_in_units(card)
        if self._threshold is not None and (units is None or units > self._threshold):
            reasons.insert(0, f"Approve {card.consumption.formatted_amount()}?")
        if not self._live:
            reasons.append(
                "The live connection is down: the approval goes out over HTTP, but its "
                "confirmation cannot arrive here until the connection is back."
            )
        if not reasons:
            self.action_requested.emit(consumption_id, "approve")
            return
        if widget.is_confirming:
            return  # already asking; the cashier answers with Yes / Cancel
        widget.show_confirmation(" ".join(reasons))

    def select(self, consumption_id: str | None) -> None:
        if consumption_id == self._selected:
            return
        if self._selected in self._cards:
            self._cards[self._selected].set_selected(False)
        self._selected = consumption_id if consumption_id in self._cards else None
        if self._selected is not None:
            widget = self._cards[self._selected]
            widget.set_selected(True)
            self.scroll_area.ensureWidgetVisible(widget)

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
            ids = list(self._cards)
            if ids:
                index = ids.index(self._selected) if self._selected in ids else -1
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                self.select(ids[max(0, min(len(ids) - 1, index + step))])
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._selected in self._cards:
            self._cards[self._selected].hide_confirmation()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- queue signals ----------------------------------------------------------------------------

    def _on_card_added(self, consumption_id: str) -> None:
        card = self.queue.card(consumption_id)
        if card is None or consumption_id in self._cards:
            return
        widget = ApprovalCardWidget(card)
        widget.set_dark(self._dark)
        widget.set_live(self._live)
        widget.update_countdown(self.queue.now())
        widget.approve_clicked.connect(lambda cid: self.request(cid, "approve"))
        widget.reject_clicked.connect(lambda cid: self.request(cid, "reject"))
        widget.confirm_accepted.connect(self._on_confirm_accepted)
        widget.clicked.connect(self.select)
        self._cards[consumption_id] = widget
        # Before the stretch: arrival order, oldest first (the one to handle first on top).
        self._cards_layout.insertWidget(self._cards_layout.count() - 1, widget)
        self.empty_label.hide()
        if self._selected is None:
            self.select(consumption_id)
        self._update_title()

    def _on_confirm_accepted(self, consumption_id: str) -> None:
        widget = self._cards.get(consumption_id)
        card = self.queue.card(consumption_id)
        if widget is None or card is None:
            return
        action = widget.confirm_action
        if card.warning(Action(action)) is not None:
            self.queue.acknowledge(consumption_id)
        self.action_requested.emit(consumption_id, action)

    def _on_card_changed(self, consumption_id: str) -> None:
        card = self.queue.card(consumption_id)
        widget = self._cards.get(consumption_id)
        if card is not None and widget is not None:
            widget.set_card(card)
            widget.update_countdown(self.queue.now())
        self._update_title()

    def _on_card_removed(self, consumption_id: str) -> None:
        widget = self._cards.pop(consumption_id, None)
        if widget is not None:
            self._cards_layout.removeWidget(widget)
            widget.deleteLater()
        if self._selected == consumption_id:
            self._selected = None
            first = self.queue.first_actionable()
            self.select(first.id if first else None)
        self.empty_label.setVisible(not self._cards)
        self._update_title()

    def _on_clock(self) -> None:
        now = self.queue.now()
        for widget in self._cards.values():
            widget.update_countdown(now)

    def _on_mute_toggled(self, muted: bool) -> None:
        self.set_muted(muted)
        self.muted_toggled.emit(muted)

    def _on_threshold_spin(self, value: float) -> None:
        text = f"{Decimal(str(value)):.2f}"
        self._threshold = Decimal(text)
        self.threshold_changed.emit(text)

    def _update_title(self) -> None:
        count = self.queue.pending_count
        self.title_label.setText(
            f"Waiting for approval ({count})" if count else "Waiting for approval"
        )
        self.history_label.setText(f"History ({self.queue.history.rowCount()})")
