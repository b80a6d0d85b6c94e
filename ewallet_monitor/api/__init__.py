"""The eWallet HTTP RPC client (aiohttp): approve, reject, cancel, look-ups, lists.

Exports :class:`EWalletApi` and its errors :class:`ApiError`, :class:`ApiTimeout`. Every
failure (eWallet error envelope, timeout, refused connection, HTML or other non-JSON
answer) is an :class:`ApiError` with a code; messages never hold a secret.
"""

from ewallet_monitor.api.client import EWalletApi
from ewallet_monitor.api.errors import ApiError, ApiTimeout
from ewallet_monitor.api.tls import make_ssl_context

__all__ = ["ApiError", "ApiTimeout", "EWalletApi", "make_ssl_context"]
