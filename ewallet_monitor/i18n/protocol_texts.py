"""The words the pure layers write for people, in the window's language.

``protocol`` knows no Qt, so its labels and card messages are English there; the window
passes them through here. A message the protocol composes from known sentences (its
constants, or one of :data:`_TEMPLATES` with the server's words filled in) comes out
translated; anything else (a server's own error description) is shown as the server
wrote it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QCoreApplication

from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.protocol.approval import CardState
from ewallet_monitor.protocol.topics import TopicKind

_CONTEXT = "protocol"

_CARD_STATES = {
    CardState.PENDING: QT_TRANSLATE_NOOP("protocol", "waiting for you"),
    CardState.APPROVING: QT_TRANSLATE_NOOP("protocol", "approving…"),
    CardState.REJECTING: QT_TRANSLATE_NOOP("protocol", "rejecting…"),
    CardState.ACTION_FAILED: QT_TRANSLATE_NOOP("protocol", "not done — try again"),
    CardState.OUTCOME_UNKNOWN: QT_TRANSLATE_NOOP("protocol", "outcome unknown"),
    CardState.CONFIRMED: QT_TRANSLATE_NOOP("protocol", "confirmed"),
    CardState.REJECTED: QT_TRANSLATE_NOOP("protocol", "rejected"),
    CardState.FAILED: QT_TRANSLATE_NOOP("protocol", "failed"),
    CardState.EXPIRED: QT_TRANSLATE_NOOP("protocol", "expired"),
    CardState.CANCELLED: QT_TRANSLATE_NOOP("protocol", "cancelled by the customer"),
    CardState.USED_UP: QT_TRANSLATE_NOOP("protocol", "request used up"),
}
_TOPIC_KINDS = {
    TopicKind.ACCOUNT: QT_TRANSLATE_NOOP("protocol", "Account"),
    TopicKind.ADDRESS: QT_TRANSLATE_NOOP("protocol", "Address"),
    TopicKind.TRANSACTION_REQUEST: QT_TRANSLATE_NOOP("protocol", "Transaction request"),
    TopicKind.TRANSACTION_CONSUMPTION: QT_TRANSLATE_NOOP("protocol", "Consumption"),
    TopicKind.USER: QT_TRANSLATE_NOOP("protocol", "User"),
}
# Whole sentences the protocol writes (tests/i18n check they are the protocol's own).
SENTENCES = (
    QT_TRANSLATE_NOOP("protocol", "The server says it expired before the decision."),
    QT_TRANSLATE_NOOP("protocol", "The customer cancelled it before the decision."),
    QT_TRANSLATE_NOOP(
        "protocol",
        "The request reached its maximum number of consumptions: the server refuses to "
        "approve or reject this one.",
    ),
    QT_TRANSLATE_NOOP(
        "protocol",
        "Not verified since the outage: while the connection was down it may have been "
        "approved, rejected or cancelled elsewhere, and these credentials cannot read it.",
    ),
    QT_TRANSLATE_NOOP(
        "protocol",
        "The server does not check that a consumption is still pending: approving one that "
        "was rejected meanwhile pays it; rejecting one that was confirmed records it rejected "
        "although the money moved.",
    ),
    QT_TRANSLATE_NOOP("protocol", "The request expired before it was approved."),
)
# Sentences with the server's words (or an action's name) in them; ``{action}`` is one of
# approve / reject and is translated too.
TEMPLATES = (
    QT_TRANSLATE_NOOP(
        "protocol", "The answer to the last '{action}' never came: it may have gone through."
    ),
    QT_TRANSLATE_NOOP(
        "protocol", "Checked with the server: still pending. '{action}' may be tried again."
    ),
    QT_TRANSLATE_NOOP("protocol", "Could not verify with the server: {reason}"),
    QT_TRANSLATE_NOOP(
        "protocol",
        "The server failed while handling '{action}' (HTTP {status}, {reason}): it may or "
        "may not have gone through.",
    ),
    QT_TRANSLATE_NOOP("protocol", "Could not {action}: {reason}"),
    QT_TRANSLATE_NOOP(
        "protocol",
        "No answer from the server to '{action}': it may have gone through. Waiting for the "
        "server's confirmation.",
    ),
    QT_TRANSLATE_NOOP(
        "protocol",
        "The connection broke during '{action}' ({reason}): it may have gone through. "
        "Waiting for the server's confirmation.",
    ),
    QT_TRANSLATE_NOOP("protocol", "Could not reach the server to {action}: {reason}"),
    # The shared PostgreSQL history's state (store.postgres), in the status bar.
    QT_TRANSLATE_NOOP(
        "protocol", "History database unreachable — spooling locally ({count} events)"
    ),
    QT_TRANSLATE_NOOP("protocol", "History database back — writing back {count} spooled events"),
)
_ACTIONS = {
    "approve": QT_TRANSLATE_NOOP("protocol", "approve"),
    "reject": QT_TRANSLATE_NOOP("protocol", "reject"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def card_state_label(state: CardState) -> str:
    """The state's short label (``confirmed``) in the window's language."""
    return _tr(_CARD_STATES[state])


def topic_kind_label(kind: TopicKind) -> str:
    """A channel kind's name (``Transaction request``) in the window's language."""
    return _tr(_TOPIC_KINDS[kind])


@lru_cache(maxsize=1)
def _template_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for template in TEMPLATES:
        pattern = re.escape(template)
        for name in ("action", "status", "reason", "count"):
            group = {
                "action": r"(?P<action>approve|reject)",
                "count": r"(?P<count>\d+)",
            }.get(name, f"(?P<{name}>.+?)")
            pattern = pattern.replace(re.escape("{" + name + "}"), group)
        out.append((re.compile(pattern), template))
    return tuple(out)


def protocol_text(text: str) -> str:
    """A message the protocol (or the store) wrote, in the window's language where it is
    one of its sentences (several joined by spaces are translated one by one)."""
    if not text:
        return text
    for sentence in SENTENCES:
        if sentence in text:
            text = text.replace(sentence, _tr(sentence))
    for pattern, template in _template_patterns():
        # A sentence with the server's words must be the whole message; one without may
        # lead sentences joined after it.
        match = pattern.fullmatch(text) or (
            pattern.match(text) if "{reason}" not in template else None
        )
        if match is None:
            continue
        values = match.groupdict()
        if "action" in values:
            values["action"] = _tr(_ACTIONS[values["action"]])
        return _tr(template).format(**values) + text[match.end() :]
    return text
