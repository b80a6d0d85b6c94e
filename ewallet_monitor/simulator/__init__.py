"""An eWallet-compatible server: websocket and HTTP RPC on one port, demo data, scenarios.

Exports :class:`Simulator` (on the caller's asyncio loop), :class:`SimulatorThread` (in a
background thread with its own loop) and :class:`SimulatorConfig`. See docs/simulator.md.
"""

from ewallet_monitor.simulator.config import SimulatorConfig
from ewallet_monitor.simulator.server import Simulator
from ewallet_monitor.simulator.thread import SimulatorThread

__all__ = ["Simulator", "SimulatorConfig", "SimulatorThread"]
