"""Qt item models (QtCore/QtGui only, never widgets): what the window shows.

- :mod:`.event_log` — :class:`EventLogModel`, every event as a row, inserted in batches and
  bounded in memory; :mod:`.event_filter` — :class:`EventFilterProxy` over it.
- :mod:`.channel_tree` — :class:`ChannelTreeModel`, wanted channels grouped by kind.
- :mod:`.approval_queue` — :class:`ApprovalQueue`, the cashier's cards and their history.
- :mod:`.rates` — :class:`RateCounter`, events per second by kind.

Import from the submodules; models are fed by the controllers, never by the network.
"""
