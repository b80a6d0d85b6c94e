"""The optional state file: what a real server keeps in its database across a restart.

JSON lines: a header (format, version, seed), a snapshot of everything that changes
(balances, the requests' counters and status, every consumption with its transfer, the
idempotency counter), then one line per change: the consumption, its two wallets'
balances and its request. A change is appended before anyone hears of it (before the
HTTP answer leaves), so a simulator killed with SIGKILL restarts with every consumption it
had answered about; appending keeps a change's cost flat however many consumptions there
are. At start the world is rebuilt from the seed, the lines are applied in order, and the
file is compacted to a header and one snapshot (written aside, then renamed). A last line
cut short by the kill is ignored.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ewallet_monitor.simulator.world import Consumption, Transaction, TransactionRequest, World

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


def _request(request: TransactionRequest) -> dict[str, Any]:
    return {
        "status": request.status,
        "expiration_reason": request.expiration_reason,
        "expired_at": _at(request.expired_at),
        "updated_at": _at(request.updated_at),
        "confirmed_count": request.confirmed_count,
        "live_confirmed": request.live_confirmed,
    }


def snapshot(world: World, saved: Saved) -> dict[str, Any]:
    """Everything that changes, as one line."""
    return {
        "snapshot": True,
        "idempotency_counter": saved.idempotency_counter,
        "balances": {address: w.balances for address, w in world.wallets.items()},
        "requests": {r.id: _request(r) for r in world.requests},
        "consumptions": [_consumption(c) for c in world.consumptions.values()],
    }


def change(consumption: Consumption, saved: Saved) -> dict[str, Any]:
    """What one consumption's change touched, as one line."""
    wallets = [consumption.wallet, consumption.request.wallet]
    return {
        "idempotency_counter": saved.idempotency_counter,
        "balances": {w.address: w.balances for w in wallets},
        "requests": {consumption.request.id: _request(consumption.request)},
        "consumptions": [_consumption(consumption)],
    }


def _line(value: dict[str, Any]) -> str:
    return json.dumps(value, separators=(",", ":")) + "\n"


class StateFile:
    """One state file for one seed: :meth:`load` at start, then :meth:`record` each
    change."""

    def __init__(self, path: Path, seed: int) -> None:
        self.path = path
        self.seed = seed

    def load(self, world: World) -> Saved:
        """Apply the file to ``world`` (freshly built from the seed), then compact it.
        A missing file starts one."""
        saved = Saved()
        if self.path.exists():
            saved = self._apply_file(world)
        self.compact(world, saved)
        return saved

    def compact(self, world: World, saved: Saved) -> None:
        """Rewrite the file as a header and one snapshot (a reader or a restart sees the
        old file or the new one, never half of one)."""
        header = {"format": FORMAT, "version": VERSION, "seed": self.seed}
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        temporary.write_text(_line(header) + _line(snapshot(world, saved)), encoding="utf-8")
        os.replace(temporary, self.path)

    def record(self, consumption: Consumption, saved: Saved) -> None:
        """Append one change (the kernel keeps it if the process is killed next)."""
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(_line(change(consumption, saved)))

    def _apply_file(self, world: World) -> Saved:
        path = self.path
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise StateFileError(f"cannot read the state file {path}: {exc}") from exc
        try:
            header = json.loads(lines[0]) if lines else None
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise StateFileError(f"{path} is not a simulator state file")
        if header.get("version") != VERSION:
            raise StateFileError(f"{path}: unsupported state version {header.get('version')!r}")
        if header.get("seed") != self.seed:
            raise StateFileError(
                f"{path} was written with seed {header.get('seed')}, not {self.seed}: "
                "use the same seed"
            )
        saved = Saved()
        body = lines[1:]
        for number, text in enumerate(body, start=2):
            try:
                item = json.loads(text)
            except ValueError:
                if number == len(lines):
                    break  # the write the kill cut short: that change was never answered
                raise StateFileError(f"{path}:{number}: damaged line") from None
            try:
                saved.idempotency_counter = int(item["idempotency_counter"])
                _apply(item, world)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise StateFileError(f"{path}:{number}: damaged line ({exc!r})") from exc
        # New ids must not repeat the ones made before the restart: a fresh stream, the
        # same for the same file.
        world.rng.seed(f"{FORMAT}-{self.seed}-{len(world.consumptions)}-{len(body)}")
        return saved


def _apply(item: dict[str, Any], world: World) -> None:
    for address, balances in item["balances"].items():
        world.wallets[address].balances = {str(k): int(v) for k, v in balances.items()}
    for request_id, fields in item["requests"].items():
        request = world.request_by_id(request_id)
        if request is None:
            raise ValueError(f"unknown request {request_id}")
        request.status = fields["status"]
        request.expiration_reason = fields["expiration_reason"]
        request.expired_at = _parse_at(fields["expired_at"])
        updated = _parse_at(fields["updated_at"])
        request.updated_at = updated if updated is not None else request.updated_at
        request.confirmed_count = int(fields["confirmed_count"])
        request.live_confirmed = int(fields["live_confirmed"])
    for data in item["consumptions"]:
        world.add_consumption(_restore_consumption(data, world))


def _restore_consumption(item: dict[str, Any], world: World) -> Consumption:
    owner = world.request_by_id(item["request_id"])
    if owner is None:
        raise ValueError(f"unknown request {item['request_id']}")
    created = _parse_at(item["created_at"])
    if created is None:
        raise ValueError(f"{item['id']} has no created_at")
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
    return consumption
