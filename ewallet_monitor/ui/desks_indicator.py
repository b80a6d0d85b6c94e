"""The other desks of a shared store, live, in the status bar.

``Desk 1 · 2 other desks: Desk 2 (carla), Desk 3 (li)``; a desk whose heartbeat stopped says
*gone*; the tooltip lists each desk with its host, kind and open claims. Fed by the
window with the desks list (``controllers.desk_bridge.DeskBridge.desks_changed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from PySide6.QtWidgets import QLabel, QWidget


class DeskRow(Protocol):
    """One desk as the window shows it (``store.postgres.claims.DeskInfo``)."""

    @property
    def desk_id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def os_user(self) -> str: ...

    @property
    def host(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def heartbeat_at(self) -> datetime: ...

    @property
    def alive(self) -> bool: ...

    @property
    def stopped(self) -> bool: ...

    @property
    def open_claims(self) -> int: ...


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class DesksIndicator(QLabel):
    """``N other desks: …`` for the status bar; hidden until a desks list arrives."""

    def __init__(self, own_desk_id: str, own_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desksIndicator")
        self.own_desk_id = own_desk_id
        self.own_name = own_name
        self.others: list[DeskRow] = []
        self.setText(self.tr("{desk}: no other desk").format(desk=own_name))
        self.setAccessibleName(self.tr("Other desks"))

    def set_desks(self, desks: Sequence[DeskRow]) -> None:
        others = [d for d in desks if d.desk_id != self.own_desk_id and not d.stopped]
        self.others = others
        if not others:
            self.setText(self.tr("{desk}: no other desk").format(desk=self.own_name))
        else:
            names = ", ".join(
                f"{d.name} ({d.os_user})" + ("" if d.alive else self.tr(" — gone")) for d in others
            )
            count = len(others)
            label = self.tr("other desk") if count == 1 else self.tr("other desks")
            self.setText(f"{self.own_name} · {count} {label}: {names}")
        lines = [self.tr("<b>This desk</b>: {desk}").format(desk=_esc(self.own_name))]
        for desk in others:
            seen = desk.heartbeat_at.astimezone().strftime("%H:%M:%S")
            state = self.tr("alive") if desk.alive else self.tr("gone since {t}").format(t=seen)
            lines.append(
                f"{_esc(desk.name)} — {_esc(desk.os_user)}@{_esc(desk.host)} ({desk.kind}), "
                + state
                + self.tr(", {n} claim(s) open").format(n=desk.open_claims)
            )
        self.setToolTip("<br>".join(lines))
