"""Store benchmark: insert rate, index rate, search time and size for ``n`` stored frames.

``bench_search(n)`` loads ``n`` realistic consumption frames (~4.3 KB each, every one with
its own ids) through :meth:`EventStore.record`, waits for the search index, then times
searches. The performance benchmark (``benchmarks/run.py``) calls it for ``search_ms_1m``; by hand:
``python -m ewallet_monitor.store.bench 1000000``.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED, ServerFrame
from ewallet_monitor.store.event_store import EventStore
from ewallet_monitor.store.reader import EventReader

_ULID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
NAMES = ("Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi")
SURNAMES = ("Example", "Smith", "Tanaka", "Okafor", "Novak")
STATUSES = ("pending", "confirmed", "rejected", "failed", "expired")


def _ulid(rng: random.Random) -> str:
    return "".join(rng.choice(_ULID_ALPHABET) for _ in range(26))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def consumption_frame_json(index: int, rng: random.Random, at: datetime) -> dict[str, Any]:
    """A finalized-consumption frame shaped like the server's (docs/protocol-notes.md §6.1)."""
    txc, txr, usr, acc, txn = (f"{p}_{_ulid(rng)}" for p in ("txc", "txr", "usr", "acc", "txn"))
    address = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(4)) + "".join(
        rng.choice("0123456789") for _ in range(12)
    )
    stamp = _stamp(at)
    token = {
        "object": "token",
        "id": "tok_OMG_" + _ulid(rng),
        "symbol": "OMG",
        "name": "OmiseGO",
        "subunit_to_unit": 10**18,
        "metadata": {},
        "encrypted_metadata": {},
        "enabled": True,
        "avatar": None,
        "blockchain_address": None,
        "created_at": stamp,
        "updated_at": stamp,
    }
    name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"
    login = name.lower().replace(" ", ".")
    user = {
        "object": "user",
        "id": usr,
        "socket_topic": f"user:{usr}",
        "username": login,
        "full_name": name,
        "calling_name": name.split()[0],
        "provider_user_id": f"provider-{index}",
        "email": f"{login}@example.com",
        "metadata": {},
        "encrypted_metadata": {},
        "avatar": {"original": None},
        "enabled": True,
        "enabled_2fa_at": None,
        "created_at": stamp,
        "updated_at": stamp,
    }
    account: dict[str, Any] = {
        "object": "account",
        "id": acc,
        "socket_topic": f"account:{acc}",
        "parent_id": None,
        "name": f"Shop {index % 50}",
        "description": "A shop",
        "master": False,
        "category_ids": [],
        "categories": {"object": "list", "data": []},
        "avatar": {"original": None},
        "metadata": {},
        "encrypted_metadata": {},
        "created_at": stamp,
        "updated_at": stamp,
    }
    amount = rng.randrange(1, 10**6) * 10**12
    request = {
        "object": "transaction_request",
        "id": txr,
        "formatted_id": txr,
        "socket_topic": f"transaction_request:{txr}",
        "type": "send",
        "amount": amount,
        "status": "valid",
        "correlation_id": None,
        "token_id": token["id"],
        "token": token,
        "address": address,
        "user_id": usr,
        "user": user,
        "account_id": None,
        "account": None,
        "require_confirmation": True,
        "current_consumptions_count": index % 7,
        "max_consumptions": None,
        "consumption_lifetime": 60000,
        "expiration_reason": None,
        "allow_amount_override": True,
        "metadata": {},
        "encrypted_metadata": {},
        "expiration_date": None,
        "expired_at": None,
        "created_at": stamp,
        "updated_at": stamp,
    }
    data = {
        "object": "transaction_consumption",
        "id": txc,
        "socket_topic": f"transaction_consumption:{txc}",
        "status": rng.choice(STATUSES),
        "amount": amount,
        "estimated_request_amount": amount,
        "estimated_consumption_amount": amount,
        "finalized_request_amount": amount,
        "finalized_consumption_amount": amount,
        "token_id": token["id"],
        "token": token,
        "correlation_id": None,
        "idempotency_token": f"idem-{_ulid(rng)}",
        "transaction_id": txn,
        "transaction": None,
        "user_id": usr,
        "user": user,
        "account_id": acc,
        "account": account,
        "exchange_account_id": None,
        "exchange_account": None,
        "exchange_wallet_address": None,
        "exchange_wallet": None,
        "transaction_request_id": txr,
        "transaction_request": request,
        "address": address,
        "metadata": {"note": f"order {index}"},
        "encrypted_metadata": {},
        "expiration_date": stamp,
        "approved_at": None,
        "rejected_at": None,
        "cancelled_at": None,
        "confirmed_at": stamp,
        "failed_at": None,
        "expired_at": None,
        "created_at": stamp,
    }
    return {
        "success": True,
        "version": "1",
        "data": data,
        "error": None,
        "topic": f"transaction_request:{txr}",
        "event": CONSUMPTION_FINALIZED,
        "ref": None,
    }


def received(payload: dict[str, Any], at: datetime) -> FrameReceived:
    """A ``FrameReceived`` for a server frame object (raw text included)."""
    raw = json.dumps(payload, separators=(",", ":"))
    frame = ServerFrame(
        topic=payload["topic"],
        event=payload["event"],
        ref=payload["ref"],
        data=payload["data"],
        success=payload["success"],
        error=None,
        raw=raw,
    )
    return FrameReceived(frame=frame, at=at)


def _synthetic_events(n: int, start: datetime, templates: int = 2000) -> Any:
    """``n`` distinct frames from ``templates`` generated ones: each copy gets a fresh
    consumption id and order note, so ids are unique without generating n frames."""
    rng = random.Random(5)
    bases = [consumption_frame_json(i, rng, start) for i in range(templates)]
    texts = [json.dumps(b, separators=(",", ":")) for b in bases]
    for index in range(n):
        base = bases[index % templates]
        old_id = base["data"]["id"]
        new_id = f"txc_{index:026d}"
        raw = (
            texts[index % templates]
            .replace(old_id, new_id)
            .replace(f'"order {index % templates}"', f'"order {index}"')
        )
        data = {"object": "transaction_consumption", "id": new_id, "status": base["data"]["status"]}
        frame = ServerFrame(
            topic=base["topic"],
            event=base["event"],
            ref=None,
            data=data,
            success=True,
            error=None,
            raw=raw,
        )
        yield FrameReceived(frame=frame, at=start + timedelta(milliseconds=index))


def bench_search(
    n: int, *, path: Path | None = None, index_timeout: float = 3600.0
) -> dict[str, Any]:
    """Load ``n`` frames, wait for the index, time searches; return the figures.

    Keys: ``rows``, ``insert_rows_per_s`` (record → committed), ``index_rows_per_s``,
    ``db_bytes``, ``bytes_per_row``, ``search_ms`` (per query), ``search_ms_max``.
    ``path`` defaults to a temporary directory removed afterwards.
    """
    with tempfile.TemporaryDirectory(prefix="store-bench-") as scratch:
        db_path = path or Path(scratch) / "events.sqlite3"
        start = datetime(2024, 5, 1, tzinfo=UTC)
        store = EventStore(db_path)
        try:
            began = time.perf_counter()
            chunk: list[FrameReceived] = []
            for event in _synthetic_events(n, start):
                chunk.append(event)
                if len(chunk) >= 1000:
                    store.record_many(chunk)
                    chunk = []
                    # Keep the queue (and memory) bounded as a live socket would.
                    while store.pending > 20000:
                        time.sleep(0.005)
            store.record_many(chunk)
            store.flush(timeout=index_timeout)
            inserted = time.perf_counter() - began
            index_began = time.perf_counter()
            deadline = time.monotonic() + index_timeout
            reader = store.reader
            assert isinstance(reader, EventReader)  # an SQLite store's
            while reader.index_backlog() and time.monotonic() < deadline:
                time.sleep(0.5)
            indexed = time.perf_counter() - index_began
            queries: dict[str, dict[str, Any]] = {
                "text_rare": {"text": f"provider-{n // 2}"},
                "text_common": {"text": "Alice"},
                "text_absent": {"text": "no-such-value-anywhere"},
                "text_id_fragment": {"text": f"{n // 3:026d}"[-10:]},
                "consumption_id": {"consumption_id": f"txc_{n // 4:026d}"},
                "event_and_time": {
                    "event": CONSUMPTION_FINALIZED,
                    "since": start + timedelta(milliseconds=n // 2),
                },
            }
            timings: dict[str, float] = {}
            for name, query in queries.items():
                best = float("inf")
                for _ in range(3):
                    t0 = time.perf_counter()
                    store.search(**query)
                    best = min(best, time.perf_counter() - t0)
                timings[name] = round(best * 1000, 2)
            store.close()
            size = sum(
                p.stat().st_size for p in db_path.parent.glob(db_path.name + "*") if p.is_file()
            )
        finally:
            store.close()
    return {
        "rows": n,
        "insert_rows_per_s": round(n / inserted) if inserted else None,
        "index_rows_per_s": round(n / (inserted + indexed)) if n else None,
        "db_bytes": size,
        "bytes_per_row": round(size / n) if n else None,
        "search_ms": timings,
        "search_ms_max": max(timings.values()),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 100_000
    print(json.dumps(bench_search(n), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
