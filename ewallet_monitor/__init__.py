"""ewallet-monitor: a desktop monitor and cashier console for the eWallet websocket API."""

__version__ = "0.1.0"
