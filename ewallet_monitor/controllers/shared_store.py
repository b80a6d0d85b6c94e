"""The shared PostgreSQL history's state, on the GUI thread: for the status bar and for
the claims, which must not be taken while the database is unreachable.

The store's writer thread calls ``on_state`` whenever the database is lost or back or the
spool grows or shrinks; :class:`SharedStoreState` turns that into Qt signals delivered on
the thread it lives on (a queued connection), so listeners never run on the writer.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from ewallet_monitor.store.postgres import PostgresStore


class SharedStoreState(QObject):
    """``database_reachable`` / ``status_text``, and their changes as signals.

    - ``reachability_changed(bool)``: True when the database answers again, False when it
      is lost (the desk then spools locally; claims must be refused, and an action taken
      unclaimed only after asking).
    - ``status_changed(str)``: the status-bar text ("" when all is well).
    """

    reachability_changed = Signal(bool)
    status_changed = Signal(str)
    # From the writer thread to this object's thread.
    _arrived = Signal(bool, str)

    def __init__(self, store: PostgresStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._reachable = store.reachable
        self._text = store.status_text
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        store.on_state = self._from_writer

    @property
    def database_reachable(self) -> bool:
        """True while writes reach PostgreSQL (False: spooling locally)."""
        return self._reachable

    @property
    def status_text(self) -> str:
        return self._text

    def _from_writer(self, store: PostgresStore) -> None:
        self._arrived.emit(store.reachable, store.status_text)

    def _on_arrived(self, reachable: bool, text: str) -> None:
        if text != self._text:
            self._text = text
            self.status_changed.emit(text)
        if reachable != self._reachable:
            self._reachable = reachable
            self.reachability_changed.emit(reachable)

    def detach(self) -> None:
        """Stop listening to the store (before it or this object goes)."""
        if self.store.on_state == self._from_writer:
            self.store.on_state = None
