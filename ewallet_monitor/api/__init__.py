"""The eWallet HTTP RPC client (aiohttp): approve, reject, cancel, look-ups, lists.

Exports :class:`EWalletApi` and its errors :class:`ApiError`, :class:`ApiTimeout`. Every
failure (eWallet error envelope, timeout, refused connection, HTML or other non-JSON
answer) is an :class:`ApiError` with a code; messages never hold a secret.
"""

from typing import TYPE_CHECKING

from ewallet_monitor.api.errors import ApiError, ApiTimeout
from ewallet_monitor.api.tls import make_ssl_context

if TYPE_CHECKING:
    from ewallet_monitor.api.client import EWalletApi


def __getattr__(name: str) -> object:
    # Loaded on first use: aiohttp takes ~0.2 s to import and the window's first paint
    # needs only the errors (api.errors).
    if name == "EWalletApi":
        from ewallet_monitor.api.client import EWalletApi

        return EWalletApi
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ApiError", "ApiTimeout", "EWalletApi", "make_ssl_context"]
