"""When the cashier may decide: the one place that says yes or no to Approve / Reject.

A decision goes through only on the card in focus, once that card has been in focus and
fully in view for ``dwell_s`` (so the press that brought it there, repeated, decides
nothing), only when the card can take an action (waiting, or its last action failed: a
card whose call is on its way is refused, which is the only in-flight check there is), only
when it comes from the server now connected, and never within ``lockout_s`` of the
previous decision (key repeat or a double press never decides a second payment).

The guard holds no Qt object and reads time from an injected ``clock`` (seconds,
monotonic), so tests drive it without sleeping. Who shows the card tells the guard what
is in view (:meth:`DecisionGuard.shown`); who acts asks it (:meth:`DecisionGuard.admit`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication

from ewallet_monitor.i18n import card_state_label
from ewallet_monitor.protocol.approval import Action, ApprovalCard

DEFAULT_DWELL_S = 0.6
DEFAULT_LOCKOUT_S = 0.6
# Clock readings are floats: 100.6 - 100.0 is 0.59999…; a nanosecond's slack keeps
# "at least 600 ms" meaning what it says.
_SLACK_S = 1e-9


@dataclass(frozen=True)
class GuardTimings:
    """The two delays (seconds); both configurable, 0 turns a delay off."""

    dwell_s: float = DEFAULT_DWELL_S
    lockout_s: float = DEFAULT_LOCKOUT_S

    def __post_init__(self) -> None:
        if self.dwell_s < 0 or self.lockout_s < 0:
            raise ValueError("the decision delays cannot be negative")


class DecisionGuard:
    """Admits or refuses a decision on a consumption.

    ``card_of`` looks a card up by id (the queue's); ``belongs`` says whether a card came
    from the server the window is connected to now (always true when not given).
    """

    def __init__(
        self,
        card_of: Callable[[str], ApprovalCard | None],
        *,
        timings: GuardTimings | None = None,
        clock: Callable[[], float] = time.monotonic,
        belongs: Callable[[str], bool] | None = None,
    ) -> None:
        self._card_of = card_of
        self.timings = timings or GuardTimings()
        self.clock = clock
        self._belongs = belongs
        self._shown: str | None = None
        self._shown_since = 0.0
        self._last_decision: float | None = None
        self._on_way: set[str] = set()

    # -- what is in view -------------------------------------------------------------------

    @property
    def shown_id(self) -> str | None:
        return self._shown

    def shown(self, consumption_id: str | None) -> None:
        """The card now in focus and fully in view (``None``: none is). Telling the guard
        the card it already shows changes nothing; any other card starts its dwell."""
        if consumption_id == self._shown:
            return
        self._shown = consumption_id
        self._shown_since = self.clock()

    # -- decisions on their way ----------------------------------------------------------------

    def begin(self, consumption_id: str) -> None:
        """A decision on ``consumption_id`` is on its way (a read before it, then the
        call): the only in-flight check, for every path that acts."""
        self._on_way.add(consumption_id)

    def end(self, consumption_id: str) -> None:
        self._on_way.discard(consumption_id)

    def on_its_way(self, consumption_id: str) -> bool:
        return consumption_id in self._on_way

    # -- deciding ------------------------------------------------------------------------------

    def refusal(self, consumption_id: str, action: Action | None = None) -> str | None:
        """Why a decision (``action``, or either) on ``consumption_id`` would be refused
        now (``None``: it may go)."""
        card = self._card_of(consumption_id)
        if card is None:
            return QCoreApplication.translate("DecisionGuard", "This payment is no longer waiting.")
        if self._belongs is not None and not self._belongs(consumption_id):
            return QCoreApplication.translate(
                "DecisionGuard", "This payment is not from the server you are connected to now."
            )
        if card.state.in_flight or consumption_id in self._on_way:
            return QCoreApplication.translate(
                "DecisionGuard", "A decision on this payment is already on its way."
            )
        if not card.is_actionable:
            return QCoreApplication.translate("DecisionGuard", "This payment has already ended.")
        if action is not None and not card.can_start(action):
            text = (
                QCoreApplication.translate(
                    "DecisionGuard", "This payment cannot be approved now: {state}."
                )
                if action is Action.APPROVE
                else QCoreApplication.translate(
                    "DecisionGuard", "This payment cannot be rejected now: {state}."
                )
            )
            return text.format(state=card_state_label(card.state))
        if self._shown != consumption_id:
            return QCoreApplication.translate(
                "DecisionGuard", "Only the payment shown large can be decided: select it first."
            )
        now = self.clock()
        if now - self._shown_since + _SLACK_S < self.timings.dwell_s:
            return QCoreApplication.translate(
                "DecisionGuard", "Look at the payment first: it has only just been shown."
            )
        last = self._last_decision
        if last is not None and now - last + _SLACK_S < self.timings.lockout_s:
            return QCoreApplication.translate(
                "DecisionGuard", "A decision was just made: wait a moment before the next one."
            )
        return None

    def admit(self, consumption_id: str, action: Action | None = None) -> str | None:
        """:meth:`refusal`, and when there is none the decision counts (the lock-out
        starts now)."""
        reason = self.refusal(consumption_id, action)
        if reason is None:
            self._last_decision = self.clock()
        return reason


def parse_threshold(text: str) -> Decimal | None:
    """A threshold from its decimal text; ``""`` (or anything unreadable, or negative)
    means none: never ask."""
    try:
        value = Decimal(text.strip()) if text.strip() else None
    except InvalidOperation:
        return None
    if value is None or not value.is_finite() or value < 0:
        return None
    return value


class ConfirmThresholds:
    """Approval amounts (token units) above which an approval asks once more, per token
    symbol. A token without its own threshold uses ``default``; ``None`` never asks."""

    def __init__(self, default: Decimal | None = Decimal(100)) -> None:
        self.default = default
        self._by_token: dict[str, Decimal | None] = {}

    def for_token(self, symbol: str) -> Decimal | None:
        return self._by_token.get(symbol, self.default)

    def has_own(self, symbol: str) -> bool:
        return symbol in self._by_token

    def set(self, symbol: str, value: Decimal | None) -> None:
        self._by_token[symbol] = value

    def items(self) -> dict[str, Decimal | None]:
        return dict(self._by_token)

    def asks(self, symbol: str, units: Decimal | None) -> bool:
        """Whether approving ``units`` of ``symbol`` asks (an unknown amount always does
        when the token has a threshold)."""
        threshold = self.for_token(symbol)
        return threshold is not None and (units is None or units > threshold)

    # Stored as one line per token, ``SYMBOL=decimal`` (``SYMBOL=`` for never).
    def to_text(self) -> str:
        return "\n".join(
            f"{symbol}={'' if value is None else value}"
            for symbol, value in sorted(self._by_token.items())
        )

    def load_text(self, text: str) -> None:
        self._by_token.clear()
        for line in text.splitlines():
            symbol, sep, value = line.partition("=")
            if sep and symbol.strip():
                self._by_token[symbol.strip()] = parse_threshold(value)


__all__ = [
    "ConfirmThresholds",
    "DecisionGuard",
    "GuardTimings",
    "parse_threshold",
]
