"""Fixtures shared by the window tests: a private session bus and a notification server."""

from tests.ui.session_bus import notification_server, session_bus

__all__ = ["notification_server", "session_bus"]
