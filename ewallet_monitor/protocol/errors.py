"""The eWallet error object and the error codes the monitor reacts to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Codes that reach a websocket client (docs/protocol-notes.md §3) or the HTTP API (§7).
FORBIDDEN_CHANNEL = "websocket:forbidden_channel"
CONNECT_ERROR = "websocket:connect_error"
# The description of a connect_error whose channel process crashed during the join.
JOIN_CRASHED = "join crashed"
INVALID_VERSION = "client:invalid_version"
INVALID_PARAMETER = "client:invalid_parameter"
ENDPOINT_NOT_FOUND = "client:endpoint_not_found"
INVALID_API_KEY = "client:invalid_api_key"
INVALID_AUTH_SCHEME = "client:invalid_auth_scheme"
UNAUTHORIZED = "unauthorized"
AUTH_TOKEN_EXPIRED = "user:auth_token_expired"
ACCESS_TOKEN_NOT_FOUND = "user:access_token_not_found"
CONSUMPTION_EXPIRED = "transaction_consumption:expired"
# Never sent by a real server (it does not check that a consumption is pending); kept for
# the monitor's own tests of a server that would.
CONSUMPTION_NOT_PENDING = "transaction_consumption:not_pending"
CONSUMPTION_CANCELLED = "transaction_consumption:cancelled"
CONSUMPTION_UNCANCELLABLE = "transaction_consumption:uncancellable"
AUTH_TOKEN_NOT_FOUND = "user:auth_token_not_found"
ADMIN_AUTH_TOKEN_NOT_FOUND = "auth_token:not_found"
UNKNOWN_ERROR = "server:unknown_error"
MAX_CONSUMPTIONS_REACHED = "transaction_request:max_consumptions_reached"
INSUFFICIENT_FUNDS = "transaction:insufficient_funds"
INTERNAL_SERVER_ERROR = "server:internal_server_error"
# The monitor's code for an upgrade refused (401/403) with credentials that were accepted
# earlier in the session: the socket checks them only at the upgrade, so a token that
# expired or was logged out shows only at the next reconnect (docs/protocol-notes.md §7).
CREDENTIALS_STOPPED_WORKING = "monitor:credentials_stopped_working"


@dataclass(frozen=True, slots=True)
class EWalletError:
    """An eWallet error object: ``{"object":"error","code":…,"description":…,"messages":…}``.

    ``messages`` maps field names to reasons for validation errors and is ``None`` otherwise.
    """

    code: str
    description: str
    messages: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "object": "error",
            "code": self.code,
            "description": self.description,
            "messages": self.messages,
        }

    @classmethod
    def from_json(cls, value: object) -> EWalletError | None:
        """Read an error object leniently; ``None`` when ``value`` is not an error object.

        Servers are not always tidy: a missing description becomes ``""``, a non-dict
        ``messages`` is dropped. Only a missing or non-string ``code`` makes it unreadable.
        """
        if not isinstance(value, dict):
            return None
        code = value.get("code")
        if not isinstance(code, str) or not code:
            return None
        description = value.get("description")
        messages = value.get("messages")
        return cls(
            code=code,
            description=description if isinstance(description, str) else "",
            messages=messages if isinstance(messages, dict) else None,
        )

    def __str__(self) -> str:
        return f"{self.code}: {self.description}" if self.description else self.code
