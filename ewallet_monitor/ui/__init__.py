"""Widgets and windows. Collaborators (models, controller, settings) come in through the
constructor; nothing here talks to the network or owns an asyncio task.

The window is :class:`ewallet_monitor.ui.main_window.MainWindow`; its parts are the
connection form, channel tree view, event log view with its detail pane, approval queue
view and cards, history and export dialogs, status bar and live chart. Import from the
submodules.
"""
