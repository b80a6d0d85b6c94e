"""Errors of the HTTP API: the eWallet error code and description, never a secret."""

from __future__ import annotations

from typing import Any

# Codes the monitor itself gives to failures that carry no eWallet error object.
BAD_RESPONSE = "http:bad_response"
TIMEOUT = "http:timeout"
CONNECTION_FAILED = "http:connection_failed"  # no connection: nothing was sent
CONNECTION_LOST = "http:connection_lost"  # broke after the request went out
TLS_VERIFY_FAILED = "http:tls_verify_failed"
ANSWER_TOO_LARGE = "http:answer_too_large"
NOT_AVAILABLE = "monitor:not_available"


class ApiError(Exception):
    """An RPC that did not succeed.

    ``code`` is the eWallet error code (``transaction_consumption:expired``…) or one of the
    monitor's ``http:*`` codes; ``http_status`` is ``None`` when no answer arrived.
    """

    def __init__(
        self,
        code: str,
        description: str,
        messages: dict[str, Any] | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {description}" if description else code)
        self.code = code
        self.description = description
        self.messages = messages
        self.http_status = http_status

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, description={self.description!r}, "
            f"http_status={self.http_status!r})"
        )


class ApiTimeout(ApiError):
    """No answer within the configured timeout (the action may still have happened)."""
