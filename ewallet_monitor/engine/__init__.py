"""The connection engine in its own process, so the window's loop thread is left to Qt.

Exports :class:`EngineClient`, a ``client.interface.ConnectionClient`` whose socket client
runs in a ``spawn``-ed child process and sends the window compact batches (received frames
as their text and columns). No Qt here: the child imports only :mod:`ewallet_monitor.engine.worker`
and the client/protocol layers under it.
"""

from ewallet_monitor.engine.client import ENGINE_FAILED, ENGINE_STOPPED, EngineClient

__all__ = ["ENGINE_FAILED", "ENGINE_STOPPED", "EngineClient"]
