"""The eWallet HTTP RPC client: ``POST <api>/<rpc>`` with a JSON body, envelope decoding."""

from __future__ import annotations

import asyncio
import json
import ssl
from typing import Any

import aiohttp

from ewallet_monitor.api.bounded import MAX_ANSWER_BYTES, AnswerTooLarge, read_bounded
from ewallet_monitor.api.errors import (
    ANSWER_TOO_LARGE,
    BAD_RESPONSE,
    CONNECTION_FAILED,
    CONNECTION_LOST,
    NOT_AVAILABLE,
    TIMEOUT,
    TLS_VERIFY_FAILED,
    ApiError,
    ApiTimeout,
)
from ewallet_monitor.api.tls import make_ssl_context
from ewallet_monitor.protocol.auth import CONTENT_TYPE, Credentials, redact
from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.urls import Endpoints

# RPC names per action: (client API, admin API) — docs/protocol-notes.md §7.
_ACTION_RPCS = {
    "approve": ("me.approve_transaction_consumption", "transaction_consumption.approve"),
    "reject": ("me.reject_transaction_consumption", "transaction_consumption.reject"),
    "cancel": ("me.cancel_transaction_consumption", "transaction_consumption.cancel"),
}
MAX_PER_PAGE = 100
# Characters of a non-JSON answer quoted in an error message.
_SHOWN_BODY = 160


class EWalletApi:
    """One server's HTTP API with one credential pair.

    The admin or client RPC names are chosen from the API URL (``/api/admin`` or
    ``/api/client``). Methods return the envelope's ``data`` and raise :class:`ApiError`
    for anything else. Each call is made as asked: the window's decision guard
    (``models.decision_guard``) is what keeps a second decision from going out while one
    is on its way. The aiohttp session is opened on first use and reopened after
    :meth:`close`, so ``close`` is always safe to call.
    """

    def __init__(
        self,
        endpoints: Endpoints,
        credentials: Credentials,
        cafile: str | None = None,
        insecure: bool = False,
        timeout: float = 10.0,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        self.endpoints = endpoints
        self.max_answer_bytes = max_answer_bytes
        self.credentials = credentials
        self.cafile = cafile
        self.insecure = insecure
        self.timeout = timeout
        self.admin = endpoints.uses_admin_rpcs
        self._ssl: ssl.SSLContext | None = None
        self._session: aiohttp.ClientSession | None = None

    def __repr__(self) -> str:
        return f"EWalletApi({self.endpoints.api_url!r}, {self.credentials})"

    # ----------------------------------------------------------------- actions

    async def approve(self, consumption_id: str) -> dict[str, Any]:
        """Approve a pending consumption; returns it after the action (``confirmed`` …)."""
        return await self._action("approve", consumption_id)

    async def reject(self, consumption_id: str) -> dict[str, Any]:
        return await self._action("reject", consumption_id)

    async def cancel(self, consumption_id: str) -> dict[str, Any]:
        """Cancel a consumption (consumer side)."""
        return await self._action("cancel", consumption_id)

    async def _action(self, action: str, consumption_id: str) -> dict[str, Any]:
        client_rpc, admin_rpc = _ACTION_RPCS[action]
        data = await self.call(admin_rpc if self.admin else client_rpc, {"id": consumption_id})
        return self._expect_object(data, "transaction_consumption")

    # ----------------------------------------------------------------- look-ups

    async def get_consumption(self, consumption_id: str) -> dict[str, Any]:
        self._require_admin("reading a consumption by id")
        data = await self.call("transaction_consumption.get", {"id": consumption_id})
        return self._expect_object(data, "transaction_consumption")

    async def list_consumptions(
        self,
        page: int = 1,
        per_page: int = MAX_PER_PAGE,
        status: str | None = "pending",
        request_id: str | None = None,
        sort_by: str = "created_at",
        sort_dir: str = "desc",
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """One page of consumptions (admin API): ``(items, pagination)``.

        With ``request_id`` the request's own list RPC is used; ``status`` becomes an
        ``eq`` filter (``None`` for every status).
        """
        self._require_admin("listing consumptions")
        body: dict[str, Any] = {
            "page": page,
            "per_page": max(1, min(per_page, MAX_PER_PAGE)),
            "sort_by": sort_by,
            "sort_dir": sort_dir,
        }
        if status is not None:
            body["match_all"] = [{"field": "status", "comparator": "eq", "value": status}]
        if request_id is not None:
            rpc = "transaction_request.get_transaction_consumptions"
            body["formatted_transaction_request_id"] = request_id
            body["id"] = request_id
        else:
            rpc = "transaction_consumption.all"
        return await self._page(rpc, body)

    async def list_consumptions_after(
        self,
        start_after: str | None,
        per_page: int = MAX_PER_PAGE,
        status: str | None = "pending",
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """One page of consumptions after ``start_after`` (an id; ``None`` for the first
        page), oldest first (admin API): ``(items, pagination)``.

        Stable paging (the server's ``StartAfterPaginator``): page numbers shift while
        consumptions settle and leave a status filter; a position after a given record
        does not skip any. ``page`` must not be sent with it (the server refuses both).
        """
        self._require_admin("listing consumptions")
        body: dict[str, Any] = {
            "start_after": start_after,
            "start_by": "id",
            "per_page": max(1, min(per_page, MAX_PER_PAGE)),
            "sort_by": "created_at",
            "sort_dir": "asc",
        }
        if status is not None:
            body["match_all"] = [{"field": "status", "comparator": "eq", "value": status}]
        rpc = "transaction_consumption.all"
        return await self._page(rpc, body)

    async def _page(
        self, rpc: str, body: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """One page of a list RPC: its objects and its pagination (``{}`` if missing)."""
        data = await self.call(rpc, body)
        if not isinstance(data, dict) or not isinstance(data.get("data"), list):
            raise ApiError(BAD_RESPONSE, f"{rpc} did not answer with a list")
        items = [item for item in data["data"] if isinstance(item, dict)]
        pagination = data.get("pagination")
        return items, pagination if isinstance(pagination, dict) else {}

    async def get_user(self, user_id: str) -> dict[str, Any]:
        self._require_admin("reading a user")
        return self._expect_object(await self.call("user.get", {"id": user_id}), "user")

    async def get_account(self, account_id: str) -> dict[str, Any]:
        self._require_admin("reading an account")
        return self._expect_object(await self.call("account.get", {"id": account_id}), "account")

    async def get_token(self, token_id: str) -> dict[str, Any]:
        self._require_admin("reading a token")
        return self._expect_object(await self.call("token.get", {"id": token_id}), "token")

    async def me(self) -> dict[str, Any]:
        """The user (client API) or admin (admin API) the credentials belong to."""
        return self._expect_object(await self.call("me.get", {}), None)

    # ----------------------------------------------------------------- transport

    async def call(self, rpc: str, body: dict[str, Any]) -> Any:
        """POST one RPC and return the envelope's ``data``; :class:`ApiError` otherwise."""
        url = f"{self.endpoints.api_url.rstrip('/')}/{rpc}"
        shown_url = self._redact(url)
        headers = {**self.credentials.headers(), "Content-Type": CONTENT_TYPE}
        session = self._open_session()
        try:
            async with asyncio.timeout(self.timeout):
                async with session.post(url, data=json.dumps(body), headers=headers) as answer:
                    status = answer.status
                    raw = await read_bounded(answer, self.max_answer_bytes)
        except AnswerTooLarge as exc:
            # Only the size is kept: the body itself is never held, shown or stored.
            raise ApiError(
                ANSWER_TOO_LARGE,
                f"{rpc}: the answer from {shown_url} was refused: {exc}",
                http_status=status,
            ) from None
        except TimeoutError:
            raise ApiTimeout(
                TIMEOUT,
                f"no answer from {shown_url} within {self.timeout:g} s "
                "(the action may still have happened on the server)",
            ) from None
        except aiohttp.ClientConnectorCertificateError as exc:
            reason = self._redact(str(exc.certificate_error))
            raise ApiError(
                TLS_VERIFY_FAILED,
                f"TLS certificate of {shown_url} not trusted ({reason}); "
                "pass a CA file, or --insecure for a test server",
            ) from None
        except aiohttp.ClientPayloadError as exc:
            # The server answered but the body was cut short (or badly encoded).
            reason = self._redact(str(exc) or type(exc).__name__)
            raise ApiError(
                BAD_RESPONSE, f"{rpc}: the answer from {shown_url} was cut short: {reason}"
            ) from None
        except (aiohttp.ClientConnectorError, aiohttp.InvalidURL) as exc:
            # No connection was made: the request never left this machine.
            reason = self._redact(str(exc) or type(exc).__name__)
            raise ApiError(CONNECTION_FAILED, f"cannot reach {shown_url}: {reason}") from None
        except (aiohttp.ClientError, OSError) as exc:
            # Connected, then broken (server gone mid-request): the request may have been
            # handled — for an approve or reject the outcome is unknown.
            reason = self._redact(str(exc) or type(exc).__name__)
            raise ApiError(
                CONNECTION_LOST, f"the connection to {shown_url} broke: {reason}"
            ) from None
        return self._decode(rpc, status, raw)

    def _decode(self, rpc: str, status: int, raw: bytes) -> Any:
        text = raw.decode("utf-8", errors="replace")
        try:
            envelope = json.loads(text)
        except (ValueError, RecursionError):
            # RecursionError: absurdly deep nesting (a hostile or broken server).
            envelope = None
        if not isinstance(envelope, dict) or not isinstance(envelope.get("success"), bool):
            snippet = " ".join(text.split())[:_SHOWN_BODY]
            what = f"'{self._redact(snippet)}'" if snippet else "an empty body"
            raise ApiError(
                BAD_RESPONSE,
                f"{rpc}: HTTP {status} with {what} instead of an eWallet JSON answer",
                http_status=status,
            )
        if envelope["success"] and status < 400:
            return envelope.get("data")
        error = EWalletError.from_json(envelope.get("data"))
        if error is None:
            raise ApiError(
                BAD_RESPONSE, f"{rpc}: HTTP {status}, failure without an error object", None, status
            )
        return self._raise(error, status)

    def _raise(self, error: EWalletError, status: int) -> Any:
        messages = self._redact_json(error.messages)
        raise ApiError(error.code, self._redact(error.description), messages, status)

    def _redact_json(self, value: Any) -> Any:
        """``value`` with every string redacted (a server may echo credentials anywhere)."""
        if isinstance(value, str):
            return self._redact(value)
        if isinstance(value, dict):
            return {self._redact(str(k)): self._redact_json(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._redact_json(item) for item in value]
        return value

    def _expect_object(self, data: Any, kind: str | None) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise ApiError(BAD_RESPONSE, f"expected a {kind or 'JSON'} object, got {data!r}"[:200])
        return data

    def _require_admin(self, what: str) -> None:
        if not self.admin:
            raise ApiError(NOT_AVAILABLE, f"{what} needs admin credentials (the admin API)")

    def _redact(self, text: str) -> str:
        return redact(text, self.credentials.secrets())

    def _open_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            if self._ssl is None:
                self._ssl = make_ssl_context(self.cafile, self.insecure)
            connector = aiohttp.TCPConnector(ssl=self._ssl)
            # trust_env off: credentials go only where the user pointed them.
            self._session = aiohttp.ClientSession(connector=connector, trust_env=False)
        return self._session

    async def close(self) -> None:
        """Close the HTTP session (idempotent; a later call opens a new one)."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()
