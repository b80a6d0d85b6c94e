"""The HTTP RPC API: ``POST /api/client/<rpc>`` and ``POST /api/admin/<rpc>``.

Always HTTP 200 with the V1 envelope ``{"version":"1","success":…,"data":…}``, errors
included (docs/protocol-notes.md §7); HTTP 500 only for a crash. Actions broadcast their events and
wait until they are written before answering.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from ewallet_monitor.protocol import errors
from ewallet_monitor.protocol.auth import ACCEPT
from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.simulator.access import AccessError, Principal, Surface
from ewallet_monitor.simulator.ledger import LedgerError, Outcome
from ewallet_monitor.simulator.listing import Getter, paginate
from ewallet_monitor.simulator.objects import (
    JSON,
    account_json,
    consumption_json,
    request_json,
    token_json,
    ts,
    user_json,
    wallet_json,
)
from ewallet_monitor.simulator.runtime import Runtime
from ewallet_monitor.simulator.world import (
    Consumption,
    Token,
    TransactionRequest,
    User,
    Wallet,
)

log = logging.getLogger("ewallet_monitor.simulator")

RESPONSE_CONTENT_TYPE = ACCEPT
INTERNAL_ERROR = EWalletError(errors.INTERNAL_SERVER_ERROR, "Something went wrong on the server.")


@dataclass(frozen=True, slots=True)
class Call:
    """One RPC call: who made it and its JSON body."""

    runtime: Runtime
    principal: Principal
    body: JSON


Handler = Callable[[Call], Awaitable[Any]]


def envelope(data: Any, error: EWalletError | None = None) -> JSON:
    if error is not None:
        return {"version": "1", "success": False, "data": error.to_json()}
    return {"version": "1", "success": True, "data": data}


def respond(data: Any, error: EWalletError | None = None, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(envelope(data, error), separators=(",", ":"), ensure_ascii=False),
        content_type=RESPONSE_CONTENT_TYPE,
        charset="utf-8",
    )


def _invalid(description: str) -> LedgerError:
    return LedgerError(errors.INVALID_PARAMETER, f"Invalid parameter provided. {description}")


def _unauthorized() -> LedgerError:
    return LedgerError(
        errors.UNAUTHORIZED, "You are not allowed to perform the requested operation."
    )


def _required_str(body: JSON, *keys: str) -> str:
    """The first of ``keys`` present as a non-empty string; invalid_parameter otherwise."""
    for key in keys:
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    raise _invalid(f"`{keys[0]}` is required.")


# -- look-ups ---------------------------------------------------------------------------
def _consumption(call: Call) -> Consumption:
    consumption = call.runtime.world.consumptions.get(_required_str(call.body, "id"))
    if consumption is None:
        raise _unauthorized()
    return consumption


def _request(call: Call, *keys: str) -> TransactionRequest:
    request = call.runtime.world.request_by_id(_required_str(call.body, *keys))
    if request is None:
        raise _unauthorized()
    return request


async def _finish(call: Call, outcome: Outcome) -> JSON:
    await call.runtime.publish_and_flush(outcome)
    if outcome.error is not None:
        raise LedgerError(outcome.error.code, outcome.error.description)
    return consumption_json(outcome.consumption)


# -- actions ----------------------------------------------------------------------------
class NotPermitted(Exception):
    """The caller may not act on this record. On the client API the server's permission
    error matches no clause of the controller's ``respond`` and the call crashes: HTTP 500
    ``server:internal_server_error`` (ewallet_api TransactionConsumptionController)."""


def _permission_check(call: Call, allowed: bool) -> None:
    if allowed or call.principal.admin:
        return
    raise NotPermitted


async def approve(call: Call) -> JSON:
    consumption = _consumption(call)
    call.runtime.decisions.append((consumption.id, "approve"))
    # TransactionRequestPolicy :confirm: only the owner of the request decides.
    _permission_check(call, consumption.request.user is call.principal.user)
    return await _finish(call, call.runtime.ledger.approve(consumption))


async def reject(call: Call) -> JSON:
    consumption = _consumption(call)
    call.runtime.decisions.append((consumption.id, "reject"))
    _permission_check(call, consumption.request.user is call.principal.user)
    return await _finish(call, call.runtime.ledger.reject(consumption))


async def cancel(call: Call) -> JSON:
    consumption = _consumption(call)
    # TransactionConsumptionPolicy :cancel: only the consumer cancels.
    _permission_check(call, consumption.user is call.principal.user)
    return await _finish(call, call.runtime.ledger.cancel(consumption))


def _consumer_wallet(call: Call) -> Wallet:
    world = call.runtime.world
    body = call.body
    address = body.get("address")
    if call.principal.admin:
        if isinstance(address, str) and address:
            wallet = world.wallets.get(address)
            if wallet is None:
                raise _unauthorized()
            return wallet
        user: User | None = None
        if isinstance(body.get("user_id"), str):
            user = world.user_by_id(body["user_id"])
        elif isinstance(body.get("provider_user_id"), str):
            user = world.user_by_provider_id(body["provider_user_id"])
        elif isinstance(body.get("account_id"), str):
            if body["account_id"] != world.account.id:
                raise _unauthorized()
            return world.account_wallet()
        else:
            raise _invalid("`address`, `user_id`, `provider_user_id` or `account_id` is required.")
        if user is None:
            raise _unauthorized()
        return world.wallet_of(user)
    me = call.principal.user
    assert me is not None
    if isinstance(address, str) and address:
        wallet = world.wallets.get(address)
        if wallet is None or wallet.user is not me:
            raise _unauthorized()
        return wallet
    return world.wallet_of(me)


async def consume(call: Call) -> JSON:
    body = call.body
    request = _request(call, "formatted_transaction_request_id", "transaction_request_id")
    idempotency_token = _required_str(body, "idempotency_token")
    token_id = body.get("token_id")
    if token_id is not None and token_id != request.token.id:
        raise _invalid(
            "`token_id` must be the token of the transaction request (this "
            "simulator has no exchange pairs)."
        )
    amount = body.get("amount")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
        raise _invalid("`amount` must be an integer.")
    metadata = body.get("metadata")
    encrypted = body.get("encrypted_metadata")
    correlation_id = body.get("correlation_id")
    outcome = call.runtime.ledger.consume(
        request,
        _consumer_wallet(call),
        idempotency_token=idempotency_token,
        amount=amount,
        metadata=metadata if isinstance(metadata, dict) else None,
        encrypted_metadata=encrypted if isinstance(encrypted, dict) else None,
        correlation_id=correlation_id if isinstance(correlation_id, str) else None,
    )
    return await _finish(call, outcome)


# -- reads ------------------------------------------------------------------------------
CONSUMPTION_FIELDS: dict[str, Getter[Consumption]] = {
    "id": lambda c: c.id,
    "status": lambda c: c.status,
    "amount": lambda c: c.amount,
    "estimated_consumption_amount": lambda c: c.estimated_amount,
    "estimated_request_amount": lambda c: c.estimated_amount,
    "token_id": lambda c: c.token.id,
    "idempotency_token": lambda c: c.idempotency_token,
    "correlation_id": lambda c: c.correlation_id,
    "transaction_request_id": lambda c: c.request.id,
    "user_id": lambda c: c.user.id if c.user else None,
    "account_id": lambda c: c.account.id if c.account else None,
    "address": lambda c: c.wallet.address,
    "created_at": lambda c: ts(c.created_at),
    "expiration_date": lambda c: ts(c.expiration_date),
}

REQUEST_FIELDS: dict[str, Getter[TransactionRequest]] = {
    "id": lambda r: r.id,
    "status": lambda r: r.status,
    "type": lambda r: r.type,
    "amount": lambda r: r.amount,
    "token_id": lambda r: r.token.id,
    "require_confirmation": lambda r: r.require_confirmation,
    "user_id": lambda r: r.user.id if r.user else None,
    "account_id": lambda r: r.account.id if r.account else None,
    "address": lambda r: r.wallet.address,
    "created_at": lambda r: ts(r.created_at),
}


def _consumption_search(consumption: Consumption) -> str:
    user = consumption.user
    names = f"{user.full_name} {user.email} {user.username}" if user else ""
    return " ".join(
        (
            consumption.id,
            consumption.status,
            consumption.request.id,
            consumption.wallet.address,
            consumption.idempotency_token,
            names,
        )
    )


def _list_consumptions(call: Call, records: list[Consumption]) -> JSON:
    return paginate(
        records,
        call.body,
        fields=CONSUMPTION_FIELDS,
        search=_consumption_search,
        serialize=consumption_json,
    )


async def get_consumption(call: Call) -> JSON:
    return consumption_json(_consumption(call))


async def all_consumptions(call: Call) -> JSON:
    return _list_consumptions(call, list(call.runtime.world.consumptions.values()))


async def request_consumptions(call: Call) -> JSON:
    request = _request(call, "formatted_transaction_request_id", "id")
    records = [c for c in call.runtime.world.consumptions.values() if c.request is request]
    return _list_consumptions(call, records)


async def get_request(call: Call) -> JSON:
    return request_json(_request(call, "formatted_id", "id"))


async def all_requests(call: Call) -> JSON:
    return paginate(
        call.runtime.world.requests,
        call.body,
        fields=REQUEST_FIELDS,
        search=lambda r: f"{r.id} {r.label} {r.status} {r.type}",
        serialize=request_json,
    )


async def me_get(call: Call) -> JSON | None:
    return user_json(call.principal.user)


async def me_wallets(call: Call) -> JSON:
    world = call.runtime.world
    wallets = [w for w in world.wallets.values() if w.user is call.principal.user]
    return {"object": "list", "data": [wallet_json(w, world.tokens) for w in wallets]}


async def get_user(call: Call) -> JSON | None:
    world = call.runtime.world
    user = None
    if isinstance(call.body.get("id"), str):
        user = world.user_by_id(call.body["id"])
    elif isinstance(call.body.get("provider_user_id"), str):
        user = world.user_by_provider_id(call.body["provider_user_id"])
    else:
        raise _invalid("`id` or `provider_user_id` is required.")
    if user is None:
        raise _unauthorized()
    return user_json(user)


async def get_account(call: Call) -> JSON | None:
    account = call.runtime.world.account
    if _required_str(call.body, "id") != account.id:
        raise _unauthorized()
    return account_json(account)


async def get_token(call: Call) -> JSON:
    token: Token | None = call.runtime.world.token_by_id(_required_str(call.body, "id"))
    if token is None:
        raise _unauthorized()
    return token_json(token)


async def all_tokens(call: Call) -> JSON:
    return paginate(
        call.runtime.world.tokens,
        call.body,
        fields={
            "id": lambda t: t.id,
            "symbol": lambda t: t.symbol,
            "created_at": lambda t: ts(t.created_at),
        },
        search=lambda t: f"{t.id} {t.symbol} {t.name}",
        serialize=token_json,
    )


async def get_wallet(call: Call) -> JSON:
    world = call.runtime.world
    wallet = world.wallets.get(_required_str(call.body, "address", "id"))
    if wallet is None:
        raise _unauthorized()
    return wallet_json(wallet, world.tokens)


CLIENT_RPCS: dict[str, Handler] = {
    "me.get": me_get,
    "me.get_wallets": me_wallets,
    "me.get_transaction_request": get_request,
    "me.consume_transaction_request": consume,
    "me.approve_transaction_consumption": approve,
    "me.reject_transaction_consumption": reject,
    "me.cancel_transaction_consumption": cancel,
}

ADMIN_RPCS: dict[str, Handler] = {
    "transaction_consumption.approve": approve,
    "transaction_consumption.reject": reject,
    "transaction_consumption.cancel": cancel,
    "transaction_consumption.get": get_consumption,
    "transaction_consumption.all": all_consumptions,
    "transaction_request.get": get_request,
    "transaction_request.all": all_requests,
    "transaction_request.get_transaction_consumptions": request_consumptions,
    "transaction_request.consume": consume,
    "user.get": get_user,
    "account.get": get_account,
    "token.get": get_token,
    "token.all": all_tokens,
    "wallet.get": get_wallet,
}


class RpcEndpoint:
    """``/api/client/{rpc}`` or ``/api/admin/{rpc}``."""

    def __init__(self, runtime: Runtime, surface: Surface) -> None:
        self.runtime = runtime
        self.surface = surface
        self.handlers = CLIENT_RPCS if surface is Surface.CLIENT_API else ADMIN_RPCS

    async def handle(self, request: web.Request) -> web.Response:
        if request.headers.get("Accept") != ACCEPT:
            return respond(None, EWalletError(errors.INVALID_VERSION, "Invalid API version"))
        handler = self.handlers.get(request.match_info.get("rpc", ""))
        if handler is None or request.method != "POST":
            return respond(
                None, EWalletError(errors.ENDPOINT_NOT_FOUND, "Endpoint cannot be found.")
            )
        try:
            principal = self.runtime.gatekeeper.authenticate(
                request.headers.get("Authorization"), self.surface
            )
        except AccessError as exc:
            return respond(None, exc.error)
        try:
            body = await self._body(request)
            data = await handler(Call(self.runtime, principal, body))
        except LedgerError as exc:
            return respond(None, exc.error)
        except NotPermitted:
            log.info("RPC %s on a record not the caller's: HTTP 500", request.path)
            return respond(None, INTERNAL_ERROR, status=500)
        except Exception:
            log.exception("RPC %s crashed", request.path)
            return respond(None, INTERNAL_ERROR, status=500)
        return respond(data)

    @staticmethod
    async def _body(request: web.Request) -> JSON:
        text = await request.text()
        if not text.strip():
            return {}
        try:
            body = json.loads(text)
        except ValueError:
            raise _invalid("The request body is not valid JSON.") from None
        if not isinstance(body, dict):
            raise _invalid("The request body must be a JSON object.")
        return body
