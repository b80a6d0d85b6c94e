"""Controllers: the only place where asyncio meets Qt.

Exports :class:`~ewallet_monitor.controllers.monitor_controller.MonitorController`.
"""

from ewallet_monitor.controllers.monitor_controller import MonitorController

__all__ = ["MonitorController"]
