"""The payment in focus: amount, who, countdown, Approve / Reject, large.

The widget only shows an :class:`ApprovalCard` and emits what the cashier asked for; the
queue view decides (guard, confirmation step, socket-down question) and the controller
acts. A screen reader reads the card as text: its accessible name is the amount and the
customer, its description the state and the spoken countdown (``expires in 1 minute 5
seconds``); the countdown label's own name is the spoken countdown, and Approve / Reject
describe the payment they decide.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n import date_time_text, formatted_amount_on_screen, protocol_text
from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.models.approval_list import spoken_countdown
from ewallet_monitor.models.approval_queue import format_countdown
from ewallet_monitor.protocol.amounts import to_units
from ewallet_monitor.protocol.approval import UNVERIFIED_TEXT, Action, ApprovalCard, CardState
from ewallet_monitor.ui.amount_label import AmountLabel
from ewallet_monitor.ui.theme import card_colors, countdown_color

AMOUNT_MIN_WIDTH = 200
OUTCOME_SCALE = 1.6
# How long a refused press explains itself in the card.
NOTICE_MS = 4000

APPROVE_SHORTCUT_TEXT = QT_TRANSLATE_NOOP(
    "ApprovalCardWidget", "Ctrl+Enter, or A when the queue has focus"
)
REJECT_SHORTCUT_TEXT = QT_TRANSLATE_NOOP(
    "ApprovalCardWidget", "Ctrl+Backspace, or R when the queue has focus"
)

_FINAL_BACKGROUND = {
    CardState.CONFIRMED: "confirmed_bg",
    CardState.REJECTED: "rejected_bg",
    CardState.CANCELLED: "expired_bg",
    CardState.FAILED: "failed_bg",
    CardState.EXPIRED: "expired_bg",
    CardState.USED_UP: "failed_bg",
}
_FINAL_TITLE = {
    CardState.CONFIRMED: QT_TRANSLATE_NOOP("ApprovalCardWidget", "✓ Confirmed"),
    CardState.REJECTED: QT_TRANSLATE_NOOP("ApprovalCardWidget", "✗ Rejected"),
    CardState.CANCELLED: QT_TRANSLATE_NOOP("ApprovalCardWidget", "Cancelled by the customer"),
    CardState.FAILED: QT_TRANSLATE_NOOP("ApprovalCardWidget", "✗ Failed"),
    CardState.EXPIRED: QT_TRANSLATE_NOOP("ApprovalCardWidget", "Expired"),
    CardState.USED_UP: QT_TRANSLATE_NOOP("ApprovalCardWidget", "✗ Cannot be decided"),
}


def amount_in_units(card: ApprovalCard) -> Decimal | None:
    """The amount in token units, exact; ``None`` when the scale or amount is unknown."""
    amount, scale = card.consumption.amount, card.consumption.subunit_to_unit
    if amount is None or scale is None:
        return None
    return to_units(amount, scale)


def _local_time(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return date_time_text(moment)


class ApprovalCardWidget(QFrame):
    """The card. ``approve_clicked`` / ``reject_clicked`` carry the consumption id;
    ``confirm_accepted`` is the second step of an inline confirmation (of
    :attr:`confirm_action`)."""

    approve_clicked = Signal(str)
    reject_clicked = Signal(str)
    confirm_accepted = Signal(str)
    clicked = Signal(str)
    take_over_clicked = Signal(str)

    def __init__(self, card: ApprovalCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvalCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._card = card
        self._selected = False
        self._dark = False
        self._live = True
        self.confirm_action = "approve"

        # The amount shrinks, then wraps at digit groups: never clipped at any card width.
        self.amount_label = AmountLabel()
        amount_font = QFont(self.font())
        amount_font.setBold(True)
        self.amount_label.setFont(amount_font)
        self.amount_label.setObjectName("amount")
        # Its height is measured at its narrowest: at 35 px an amount is a column of digits
        # and the card would ask for 200 px more than it ever needs.
        self.amount_label.setMinimumWidth(AMOUNT_MIN_WIDTH)
        self.countdown_label = QLabel()
        self.countdown_label.setObjectName("countdown")
        countdown_font = QFont(self.font())
        countdown_font.setBold(True)
        countdown_font.setPointSizeF(max(countdown_font.pointSizeF(), 9.0) * 1.15)
        self.countdown_label.setFont(countdown_font)
        self.countdown_label.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.state_label = QLabel()
        self.state_label.setObjectName("state")
        state_font = QFont(self.font())
        state_font.setBold(True)
        self.state_label.setFont(state_font)
        self._state_font = state_font
        # The outcome is shown large in place for a few seconds, before the card goes.
        self._outcome_font = QFont(state_font)
        self._outcome_font.setPointSizeF(max(state_font.pointSizeF(), 9.0) * OUTCOME_SCALE)

        self.token_label = QLabel()
        self.token_label.setWordWrap(True)
        self.consumer_label = QLabel()
        self.consumer_label.setWordWrap(True)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setObjectName("message")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.threshold_label = QLabel()
        self.threshold_label.setObjectName("thresholdNote")
        self.threshold_label.setWordWrap(True)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self.notice_label.hide)
        # Another desk of the shared store is deciding this payment: who, and taking over.
        self._claim_note = ""
        self.claim_label = QLabel()
        self.claim_label.setObjectName("claimNote")
        self.claim_label.setWordWrap(True)
        self.claim_label.hide()
        self.take_over_button = QPushButton(self.tr("Take over…"))
        self.take_over_button.setObjectName("takeOverButton")
        self.take_over_button.setToolTip(
            self.tr("Decide this payment here instead (asks why; kept in the audit trail)")
        )
        self.take_over_button.hide()
        self.take_over_button.clicked.connect(lambda: self.take_over_clicked.emit(self.card.id))

        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setToolTip(
            self.tr("Approve this payment ({keys})").format(keys=self.tr(APPROVE_SHORTCUT_TEXT))
        )
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.setObjectName("rejectButton")
        self.reject_button.setToolTip(
            self.tr("Reject this payment ({keys})").format(keys=self.tr(REJECT_SHORTCUT_TEXT))
        )
        for button in (self.approve_button, self.reject_button):
            button.setMinimumHeight(34)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        # The inline confirmation (big amounts, or socket down): non-blocking, in the card.
        self.confirm_box = QFrame()
        self.confirm_box.setObjectName("confirmBox")
        self.confirm_label = QLabel()
        self.confirm_label.setWordWrap(True)
        self.confirm_yes = QPushButton(self.tr("Yes, approve"))
        self.confirm_yes.setObjectName("confirmYes")
        self.confirm_yes.setToolTip(self.tr("Approve now (Enter)"))
        # Enter presses a focused button only when it is auto-default (outside dialogs).
        self.confirm_yes.setAutoDefault(True)
        self.confirm_no = QPushButton(self.tr("Cancel"))
        self.confirm_no.setToolTip(self.tr("Do not approve (Esc)"))
        confirm_buttons = QHBoxLayout()
        confirm_buttons.addStretch(1)
        confirm_buttons.addWidget(self.confirm_no)
        confirm_buttons.addWidget(self.confirm_yes)
        confirm_layout = QVBoxLayout(self.confirm_box)
        confirm_layout.setContentsMargins(6, 6, 6, 6)
        confirm_layout.addWidget(self.confirm_label)
        confirm_layout.addLayout(confirm_buttons)
        self.confirm_box.hide()

        top = QGridLayout()
        top.addWidget(self.amount_label, 0, 0)
        top.addWidget(self.countdown_label, 0, 1)
        top.addWidget(self.state_label, 1, 0, 1, 2)
        top.addWidget(self.token_label, 2, 0, 1, 2)
        top.setColumnStretch(0, 1)
        # Ids are long unbreakable words: let these labels clip at the card's edge rather
        # than push the card wider than the queue (the full text is selectable/tooltip).
        for label in (self.token_label, self.consumer_label, self.details_label):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.approve_button, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.consumer_label)
        layout.addWidget(self.details_label)
        self.details_label.hide()
        layout.addWidget(self.message_label)
        layout.addWidget(self.threshold_label)
        layout.addWidget(self.notice_label)
        claim_row = QHBoxLayout()
        claim_row.addWidget(self.claim_label, 1)
        claim_row.addWidget(self.take_over_button)
        layout.addLayout(claim_row)
        layout.addWidget(self.confirm_box)
        layout.addLayout(buttons)

        self.approve_button.clicked.connect(lambda: self.approve_clicked.emit(self.card.id))
        self.reject_button.clicked.connect(lambda: self.reject_clicked.emit(self.card.id))
        self.confirm_yes.clicked.connect(self._on_confirm_yes)
        self.confirm_no.clicked.connect(self.hide_confirmation)
        self.set_card(card)

    # -- content -----------------------------------------------------------------------------

    @property
    def card(self) -> ApprovalCard:
        return self._card

    @property
    def is_confirming(self) -> bool:
        return not self.confirm_box.isHidden()

    def set_card(self, card: ApprovalCard) -> None:
        self._card = card
        consumption = card.consumption
        amount_text, _, symbol = formatted_amount_on_screen(
            consumption.formatted_amount()
        ).partition(" ")
        self.amount_label.set_amount(amount_text, symbol or None)
        label = self.amount_label
        label.setMinimumHeight(label.heightForWidth(AMOUNT_MIN_WIDTH))
        token = consumption.token
        token_name = token.get("name") if isinstance(token.get("name"), str) else None
        token_id = consumption.raw.get("token_id") or token.get("id") or ""
        self.token_label.setText(" · ".join(p for p in (token_name, str(token_id)) if p))
        user = consumption.user
        lines = [f"<b>{_esc(consumption.consumer_name)}</b>"]
        extras = [
            str(user[key])
            for key in ("email", "provider_user_id")
            if isinstance(user.get(key), str) and user.get(key)
        ]
        if consumption.address:
            extras.append(self.tr("wallet {address}").format(address=consumption.address))
        if extras:
            lines.append(_esc(" · ".join(extras)))
        self.consumer_label.setText("<br>".join(lines))
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF(), 9.0) * 0.9)
        self.details_label.setFont(small)
        self.token_label.setFont(small)
        # The ids are for the operator: in the card's tooltip, so the card stays short
        # enough for a small screen (the event log and the history show them too).
        created = self.tr("Created {time}").format(time=_local_time(consumption.created_at))
        request = consumption.transaction_request_id or "—"
        # Outside the f-strings below: lupdate does not look into them.
        request_text = self.tr("Request {id}")
        consumption_text = self.tr("Consumption {id}")
        self.setToolTip(
            f"{created}\n{request_text.format(id=request)}\n"
            f"{consumption_text.format(id=consumption.id)}"
        )
        self.details_label.setText(
            f"{_esc(created)}<br>{request_text.format(id=_esc(request))}<br>"
            f"{consumption_text.format(id=_esc(consumption.id))}"
        )
        self._refresh_state()

    def set_threshold_note(self, text: str) -> None:
        """``asks to confirm: above 100 OMG`` (empty: this token never asks)."""
        self.threshold_label.setText(text)
        self.threshold_label.setVisible(bool(text) and self._card.is_actionable)

    def show_notice(self, text: str) -> None:
        """Why a press did nothing, for a few seconds."""
        self.notice_label.setText(text)
        self.notice_label.show()
        self._notice_timer.start()

    def set_claim_note(self, text: str) -> None:
        """``being handled at Desk 2 by carla`` ("" when no other desk holds it): shown
        in the card, whose buttons then wait for an explicit take-over."""
        self._claim_note = text
        self.claim_label.setText(
            self.tr("⚑ This payment is {holder}.").format(holder=text) if text else ""
        )
        self._refresh_state()

    @property
    def claim_note(self) -> str:
        return self._claim_note

    def set_live(self, live: bool) -> None:
        """Whether the socket is up (a finalized event can arrive)."""
        self._live = live
        self._refresh_state()

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        self._apply_style()

    def set_selected(self, selected: bool) -> None:
        self._selected = selected
        self._apply_style()

    @property
    def selected(self) -> bool:
        return self._selected

    def update_countdown(self, now: datetime) -> None:
        card = self._card
        if card.is_final:
            self.countdown_label.setText("")
            self.countdown_label.setAccessibleName("")
            self._describe()
            return
        left = card.seconds_left(now)
        text = format_countdown(left)
        self.countdown_label.setText(text)
        self.countdown_label.setAccessibleName(spoken_countdown(left))
        self._describe()
        color = countdown_color(left, self._dark)
        self.countdown_label.setStyleSheet(f"color: {color};")
        if left is not None and left <= 0:
            self.countdown_label.setToolTip(
                self.tr(
                    "Past its expiration time by this computer's clock. The server decides: "
                    "it may still take an answer until it marks the request expired."
                )
            )
        else:
            self.countdown_label.setToolTip("")

    # -- confirmation --------------------------------------------------------------------------

    def show_confirmation(self, text: str, action: str = "approve") -> None:
        self.confirm_action = action
        if action == "approve":
            self.confirm_yes.setText(self.tr("Yes, approve"))
            self.confirm_yes.setToolTip(self.tr("Approve now (Enter)"))
        else:
            self.confirm_yes.setText(self.tr("Yes, reject"))
            self.confirm_yes.setToolTip(self.tr("Reject now (Enter)"))
        self.confirm_label.setText(text)
        self.confirm_box.show()
        self.confirm_yes.setFocus(Qt.FocusReason.OtherFocusReason)

    def hide_confirmation(self) -> None:
        self.confirm_box.hide()

    def _on_confirm_yes(self) -> None:
        self.hide_confirmation()
        self.confirm_accepted.emit(self.card.id)

    # -- look ------------------------------------------------------------------------------------

    def _refresh_state(self) -> None:
        card = self._card
        state = card.state
        held_elsewhere = bool(self._claim_note) and not card.is_final
        self.approve_button.setEnabled(card.can_start(Action.APPROVE) and not held_elsewhere)
        self.reject_button.setEnabled(card.can_start(Action.REJECT) and not held_elsewhere)
        self.claim_label.setVisible(held_elsewhere)
        self.take_over_button.setVisible(held_elsewhere)
        self.approve_button.setVisible(not card.is_final)
        self.reject_button.setVisible(not card.is_final)
        if not card.is_actionable:
            self.threshold_label.hide()
        self.state_label.setFont(self._outcome_font if card.is_final else self._state_font)
        if card.is_final:
            self.hide_confirmation()
            self.state_label.setText(self.tr(_FINAL_TITLE[state]))
        elif state is CardState.APPROVING:
            self.state_label.setText(self.tr("Approving…"))
        elif state is CardState.REJECTING:
            self.state_label.setText(self.tr("Rejecting…"))
        elif state is CardState.ACTION_FAILED:
            self.state_label.setText(self.tr("Not done"))
        elif state is CardState.OUTCOME_UNKNOWN:
            self.state_label.setText(self.tr("Outcome unknown"))
        elif card.unverified:
            self.state_label.setText(self.tr("Not verified since the outage"))
        else:
            self.state_label.setText(
                self.tr("Waiting for you") if not card.recovered else self.tr("Recovered")
            )
        messages = []
        if card.message:
            messages.append(protocol_text(card.message))
        if card.unverified and not card.is_final:
            messages.append(protocol_text(UNVERIFIED_TEXT))
        if state.in_flight and not self._live:
            messages.append(
                self.tr(
                    "The live connection is down: the server's confirmation cannot arrive here "
                    "until it is back."
                )
            )
        elif card.recovered and not card.is_final:
            messages.append(self.tr("Fetched from the server after a reconnect (not seen live)."))
        self.message_label.setText("\n".join(messages))
        self.message_label.setVisible(bool(messages))
        self._describe()
        self._apply_style()

    def _describe(self) -> None:
        """The card as a screen reader reads it: name = amount and customer, description =
        state and countdown (the countdown label's name, kept current by the clock)."""
        consumption = self._card.consumption
        name = self.tr("Payment of {amount} from {customer}").format(
            amount=formatted_amount_on_screen(consumption.formatted_amount()),
            customer=consumption.consumer_name,
        )
        spoken = self.countdown_label.accessibleName()
        description = ", ".join(p for p in (self.state_label.text(), spoken) if p)
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        for button in (self.approve_button, self.reject_button, self.confirm_yes):
            button.setAccessibleDescription(name)

    def _apply_style(self) -> None:
        colors = card_colors(self._dark)
        state = self._card.state
        background = (
            colors[_FINAL_BACKGROUND[state]] if state in _FINAL_BACKGROUND else colors["card_bg"]
        )
        border = colors["selected_border"] if self._selected else colors["card_border"]
        width = 3 if self._selected else 1
        message_color = (
            colors["error_fg"]
            if state in (CardState.ACTION_FAILED, CardState.FAILED, CardState.OUTCOME_UNKNOWN)
            else colors["muted"]
        )
        self.amount_label.set_color(QColor(colors["amount"]))
        self.setStyleSheet(
            f"#approvalCard {{ background: {background}; border: {width}px solid {border};"
            " border-radius: 8px; }"
            f"#approvalCard QLabel {{ background: transparent; }}"
            f"#approvalCard QLabel#message {{ color: {message_color}; }}"
            f"#approvalCard QLabel#claimNote {{ color: {colors['warning_fg']};"
            f" background: {colors['warning_bg']}; border-radius: 4px; padding: 4px; }}"
            f"#approvalCard #confirmBox {{ background: {colors['warning_bg']};"
            f" border-radius: 6px; }}"
            f"#approvalCard #confirmBox QLabel {{ color: {colors['warning_fg']}; }}"
            "#approvalCard QPushButton#approveButton:enabled, "
            "#approvalCard QPushButton#confirmYes {"
            " background: #1a7f37; color: white; font-weight: bold; border-radius: 4px;"
            " padding: 6px 14px; }"
            "#approvalCard QPushButton#approveButton:disabled {"
            " background: #8fbf9c; color: #f0f0f0; border-radius: 4px; padding: 6px 14px; }"
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit(self._card.id)
        super().mousePressEvent(event)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
