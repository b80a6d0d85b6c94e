"""The optional state file: what a real server keeps in its database across a restart.

The world is rebuilt from its seed, then the file's changes are applied: balances, the
requests' counters and status, every consumption with its transfer, the id generator's
state and the idempotency counter. The file is rewritten (write, then rename) after every
change, before an HTTP answer leaves, so a simulator killed with SIGKILL restarts with
every consumption it had answered about.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ewallet_monitor.simulator.world import Consumption, Transaction, World

FORMAT = "ewallet-simulator-state"
VERSION = 1


class StateFileError(ValueError):
    """A state file that cannot be used (another seed, another format, unreadable)."""


@dataclass(slots=True)
class Saved:
    """What is kept besides the world: the idempotency counter of made-up consumptions."""

    idempotency_counter: int = 0


def _at(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_at(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def _rng_state(rng: random.Random) -> list[Any]:
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def _set_rng_state(rng: random.Random, value: list[Any]) -> None:
    version, internal, gauss = value
    rng.setstate((version, tuple(internal), gauss))


def _transaction(transaction: Transaction | None) -> dict[str, Any] | None:
    if transaction is None:
        return None
    return {
        "id": transaction.id,
        "idempotency_token": transaction.idempotency_token,
        "from": transaction.from_wallet.address,
        "to": transaction.to_wallet.address,
        "amount": transaction.amount,
        "token_id": transaction.token.id,
        "status": transaction.status,
        "error_code": transaction.error_code,
        "error_description": transaction.error_description,
        "created_at": _at(transaction.created_at),
    }


def _consumption(consumption: Consumption) -> dict[str, Any]:
    return {
        "id": consumption.id,
        "request_id": consumption.request.id,
        "address": consumption.wallet.address,
        "amount": consumption.amount,
        "estimated_amount": consumption.estimated_amount,
        "idempotency_token": consumption.idempotency_token,
        "created_at": _at(consumption.created_at),
        "expiration_date": _at(consumption.expiration_date),
        "metadata": consumption.metadata,
        "encrypted_metadata": consumption.encrypted_metadata,
        "correlation_id": consumption.correlation_id,
        "status": consumption.status,
        "approved_at": _at(consumption.approved_at),
        "rejected_at": _at(consumption.rejected_at),
        "cancelled_at": _at(consumption.cancelled_at),
        "confirmed_at": _at(consumption.confirmed_at),
        "failed_at": _at(consumption.failed_at),
        "expired_at": _at(consumption.expired_at),
        "transaction": _transaction(consumption.transaction),
    }


def dump(world: World, seed: int, saved: Saved) -> dict[str, Any]:
    """The state file's JSON for ``world``."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "seed": seed,
        "rng": _rng_state(world.rng),
        "idempotency_counter": saved.idempotency_counter,
        "balances": {address: w.balances for address, w in world.wallets.items()},
        "requests": {
            r.id: {
                "status": r.status,
                "expiration_reason": r.expiration_reason,
                "expired_at": _at(r.expired_at),
                "updated_at": _at(r.updated_at),
                "confirmed_count": r.confirmed_count,
                "live_confirmed": r.live_confirmed,
            }
            for r in world.requests
        },
        "consumptions": [_consumption(c) for c in world.consumptions.values()],
    }


def save(path: Path, world: World, seed: int, saved: Saved) -> None:
    """Write the state atomically: a reader (or a restart) sees the old or the new file."""
    text = json.dumps(dump(world, seed, saved), separators=(",", ":"))
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def load(path: Path, world: World, seed: int) -> Saved:
    """Apply the state file at ``path`` to ``world`` (freshly built from ``seed``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StateFileError(f"cannot read the state file {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StateFileError(f"{path} is not a simulator state file")
    if data.get("version") != VERSION:
        raise StateFileError(f"{path}: unsupported state version {data.get('version')!r}")
    if data.get("seed") != seed:
        raise StateFileError(
            f"{path} was written with seed {data.get('seed')}, not {seed}: use the same seed"
        )
    try:
        return _apply(data, world)
    except (KeyError, TypeError, ValueError) as exc:
        raise StateFileError(f"{path}: damaged state file ({exc!r})") from exc


def _apply(data: dict[str, Any], world: World) -> Saved:
    _set_rng_state(world.rng, data["rng"])
    for address, balances in data["balances"].items():
        world.wallets[address].balances = {str(k): int(v) for k, v in balances.items()}
    for request in world.requests:
        item = data["requests"].get(request.id)
        if item is None:
            continue
        request.status = item["status"]
        request.expiration_reason = item["expiration_reason"]
        request.expired_at = _parse_at(item["expired_at"])
        updated = _parse_at(item["updated_at"])
        request.updated_at = updated if updated is not None else request.updated_at
        request.confirmed_count = int(item["confirmed_count"])
        request.live_confirmed = int(item["live_confirmed"])
    for item in data["consumptions"]:
        owner = world.request_by_id(item["request_id"])
        if owner is None:
            raise ValueError(f"unknown request {item['request_id']}")
        created = _parse_at(item["created_at"])
        assert created is not None
        consumption = Consumption(
            id=item["id"],
            request=owner,
            wallet=world.wallets[item["address"]],
            amount=item["amount"],
            estimated_amount=int(item["estimated_amount"]),
            idempotency_token=item["idempotency_token"],
            created_at=created,
            expiration_date=_parse_at(item["expiration_date"]),
            metadata=item["metadata"],
            encrypted_metadata=item["encrypted_metadata"],
            correlation_id=item["correlation_id"],
            status=item["status"],
            approved_at=_parse_at(item["approved_at"]),
            rejected_at=_parse_at(item["rejected_at"]),
            cancelled_at=_parse_at(item["cancelled_at"]),
            confirmed_at=_parse_at(item["confirmed_at"]),
            failed_at=_parse_at(item["failed_at"]),
            expired_at=_parse_at(item["expired_at"]),
        )
        transfer = item["transaction"]
        if transfer is not None:
            token = world.token_by_id(transfer["token_id"])
            transfer_at = _parse_at(transfer["created_at"])
            if token is None or transfer_at is None:
                raise ValueError(f"bad transfer of {item['id']}")
            consumption.transaction = Transaction(
                id=transfer["id"],
                idempotency_token=transfer["idempotency_token"],
                from_wallet=world.wallets[transfer["from"]],
                to_wallet=world.wallets[transfer["to"]],
                amount=int(transfer["amount"]),
                token=token,
                status=transfer["status"],
                error_code=transfer["error_code"],
                error_description=transfer["error_description"],
                created_at=transfer_at,
            )
        world.add_consumption(consumption)
    return Saved(idempotency_counter=int(data["idempotency_counter"]))
