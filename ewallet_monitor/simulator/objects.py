"""JSON objects with exactly the keys the real server sends (docs/protocol-notes.md §6.1).

Token, user and account objects never change once built, so they are made once and shared
(``json.dumps`` does not care); that keeps a burst of thousands of events per second cheap.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ewallet_monitor.protocol.timestamps import format_timestamp
from ewallet_monitor.simulator.world import (
    Account,
    Consumption,
    Token,
    Transaction,
    TransactionRequest,
    User,
    Wallet,
)

JSON = dict[str, Any]

_static_cache: dict[str, JSON] = {}


def ts(value: datetime | None) -> str | None:
    """Server timestamp form (microseconds, ``Z``) or null."""
    return None if value is None else format_timestamp(value)


def token_json(token: Token) -> JSON:
    cached = _static_cache.get(token.id)
    if cached is None:
        cached = {
            "object": "token",
            "id": token.id,
            "symbol": token.symbol,
            "name": token.name,
            "subunit_to_unit": token.subunit_to_unit,
            "metadata": {},
            "encrypted_metadata": {},
            "enabled": True,
            "avatar": {"original": None, "large": None, "small": None, "thumb": None},
            "blockchain_address": None,
            "created_at": ts(token.created_at),
            "updated_at": ts(token.created_at),
        }
        _static_cache[token.id] = cached
    return cached


def user_json(user: User | None) -> JSON | None:
    if user is None:
        return None
    cached = _static_cache.get(user.id)
    if cached is None:
        cached = {
            "object": "user",
            "id": user.id,
            "socket_topic": user.socket_topic,
            "username": user.username,
            "full_name": user.full_name,
            "calling_name": user.calling_name,
            "provider_user_id": user.provider_user_id,
            "email": user.email,
            "metadata": {},
            "encrypted_metadata": {},
            "avatar": {"original": None, "large": None, "small": None, "thumb": None},
            "enabled": True,
            "enabled_2fa_at": None,
            "created_at": ts(user.created_at),
            "updated_at": ts(user.created_at),
        }
        _static_cache[user.id] = cached
    return cached


def account_json(account: Account | None) -> JSON | None:
    if account is None:
        return None
    cached = _static_cache.get(account.id)
    if cached is None:
        cached = {
            "object": "account",
            "id": account.id,
            "socket_topic": account.socket_topic,
            "parent_id": None,
            "name": account.name,
            "description": account.description,
            "master": account.master,
            "category_ids": [],
            "categories": {"object": "list", "data": []},
            "avatar": {"original": None, "large": None, "small": None, "thumb": None},
            "metadata": {},
            "encrypted_metadata": {},
            "created_at": ts(account.created_at),
            "updated_at": ts(account.created_at),
        }
        _static_cache[account.id] = cached
    return cached


def wallet_json(wallet: Wallet, tokens: list[Token]) -> JSON:
    return {
        "object": "wallet",
        "socket_topic": wallet.socket_topic,
        "address": wallet.address,
        "name": wallet.name,
        "identifier": wallet.identifier,
        "metadata": {},
        "encrypted_metadata": {},
        "user_id": wallet.user.id if wallet.user else None,
        "user": user_json(wallet.user),
        "account_id": wallet.account.id if wallet.account else None,
        "account": account_json(wallet.account),
        "enabled": True,
        "balances": [
            {"object": "balance", "amount": wallet.balances.get(t.id, 0), "token": token_json(t)}
            for t in tokens
        ],
        "created_at": ts(wallet.created_at),
        "updated_at": ts(wallet.created_at),
    }


def request_json(request: TransactionRequest) -> JSON:
    return {
        "object": "transaction_request",
        "id": request.id,
        "formatted_id": request.id,
        "socket_topic": request.socket_topic,
        "type": request.type,
        "amount": request.amount,
        "status": request.status,
        "correlation_id": None,
        "token_id": request.token.id,
        "token": token_json(request.token),
        "address": request.wallet.address,
        "user_id": request.user.id if request.user else None,
        "user": user_json(request.user),
        "account_id": request.account.id if request.account else None,
        "account": account_json(request.account),
        "exchange_account_id": None,
        "exchange_account": None,
        "exchange_wallet_address": None,
        "exchange_wallet": None,
        "require_confirmation": request.require_confirmation,
        "current_consumptions_count": request.confirmed_count,
        "consumption_interval_duration": None,
        "max_consumptions": request.max_consumptions,
        "max_consumptions_per_interval": None,
        "max_consumptions_per_interval_per_user": None,
        "max_consumptions_per_user": None,
        "consumption_lifetime": request.consumption_lifetime,
        "expiration_reason": request.expiration_reason,
        "allow_amount_override": request.allow_amount_override,
        "metadata": {"label": request.label},
        "encrypted_metadata": {},
        "expiration_date": None,
        "expired_at": ts(request.expired_at),
        "created_at": ts(request.created_at),
        "updated_at": ts(request.updated_at),
    }


def _source_json(wallet: Wallet, amount: int, token: Token) -> JSON:
    return {
        "object": "transaction_source",
        "user_id": wallet.user.id if wallet.user else None,
        "user": user_json(wallet.user),
        "account_id": wallet.account.id if wallet.account else None,
        "account": account_json(wallet.account),
        "address": wallet.address,
        "amount": amount,
        "token_id": token.id,
        "token": token_json(token),
    }


def transaction_json(transaction: Transaction) -> JSON:
    return {
        "object": "transaction",
        "id": transaction.id,
        "idempotency_token": transaction.idempotency_token,
        "from": _source_json(transaction.from_wallet, transaction.amount, transaction.token),
        "to": _source_json(transaction.to_wallet, transaction.amount, transaction.token),
        "exchange": {
            "object": "exchange",
            "rate": 1,
            "calculated_at": None,
            "exchange_pair_id": None,
            "exchange_pair": None,
            "exchange_account_id": None,
            "exchange_account": None,
            "exchange_wallet_address": None,
            "exchange_wallet": None,
        },
        "metadata": {},
        "encrypted_metadata": {},
        "status": transaction.status,
        "error_code": transaction.error_code,
        "error_description": transaction.error_description,
        "created_at": ts(transaction.created_at),
        "updated_at": ts(transaction.created_at),
    }


def consumption_json(consumption: Consumption) -> JSON:
    """The consumption object with its nested token, user, account, request, transaction."""
    transaction = consumption.transaction
    # As the server's TransactionConsumption.get_final_amount: the transfer's amount as
    # soon as a transfer exists, failed or confirmed, whatever the status says now.
    final_amount = transaction.amount if transaction else None
    return {
        "object": "transaction_consumption",
        "id": consumption.id,
        "socket_topic": consumption.socket_topic,
        "status": consumption.status,
        "amount": consumption.amount,
        "estimated_request_amount": consumption.estimated_amount,
        "estimated_consumption_amount": consumption.estimated_amount,
        "finalized_request_amount": final_amount,
        "finalized_consumption_amount": final_amount,
        "token_id": consumption.token.id,
        "token": token_json(consumption.token),
        "correlation_id": consumption.correlation_id,
        "idempotency_token": consumption.idempotency_token,
        "transaction_id": transaction.id if transaction else None,
        "transaction": transaction_json(transaction) if transaction else None,
        "user_id": consumption.user.id if consumption.user else None,
        "user": user_json(consumption.user),
        "account_id": consumption.account.id if consumption.account else None,
        "account": account_json(consumption.account),
        "exchange_account_id": None,
        "exchange_account": None,
        "exchange_wallet_address": None,
        "exchange_wallet": None,
        "transaction_request_id": consumption.request.id,
        "transaction_request": request_json(consumption.request),
        "address": consumption.wallet.address,
        "metadata": consumption.metadata,
        "encrypted_metadata": consumption.encrypted_metadata,
        "expiration_date": ts(consumption.expiration_date),
        "approved_at": ts(consumption.approved_at),
        "rejected_at": ts(consumption.rejected_at),
        "cancelled_at": ts(consumption.cancelled_at),
        "confirmed_at": ts(consumption.confirmed_at),
        "failed_at": ts(consumption.failed_at),
        "expired_at": ts(consumption.expired_at),
        "created_at": ts(consumption.created_at),
    }
