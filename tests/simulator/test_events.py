"""Consumption events: topic sets, ref null, success/error rules, exact object keys (§6)."""

import asyncio
from datetime import timedelta
from typing import Any

from ewallet_monitor.protocol.timestamps import parse_timestamp
from tests.simulator.helpers import (
    UNIT,
    join_ok,
    recv,
    request_id,
    rpc,
    run,
    silent,
    simulator,
    ws_connect,
)

CONSUMPTION_KEYS = {
    "object",
    "id",
    "socket_topic",
    "status",
    "amount",
    "estimated_request_amount",
    "estimated_consumption_amount",
    "finalized_request_amount",
    "finalized_consumption_amount",
    "token_id",
    "token",
    "correlation_id",
    "idempotency_token",
    "transaction_id",
    "transaction",
    "user_id",
    "user",
    "account_id",
    "account",
    "exchange_account_id",
    "exchange_account",
    "exchange_wallet_address",
    "exchange_wallet",
    "transaction_request_id",
    "transaction_request",
    "address",
    "metadata",
    "encrypted_metadata",
    "expiration_date",
    "approved_at",
    "rejected_at",
    "cancelled_at",
    "confirmed_at",
    "failed_at",
    "expired_at",
    "created_at",
}
TOKEN_KEYS = {
    "object",
    "id",
    "symbol",
    "name",
    "subunit_to_unit",
    "metadata",
    "encrypted_metadata",
    "enabled",
    "avatar",
    "blockchain_address",
    "created_at",
    "updated_at",
}
USER_KEYS = {
    "object",
    "id",
    "socket_topic",
    "username",
    "full_name",
    "calling_name",
    "provider_user_id",
    "email",
    "metadata",
    "encrypted_metadata",
    "avatar",
    "enabled",
    "enabled_2fa_at",
    "created_at",
    "updated_at",
}
ACCOUNT_KEYS = {
    "object",
    "id",
    "socket_topic",
    "parent_id",
    "name",
    "description",
    "master",
    "category_ids",
    "categories",
    "avatar",
    "metadata",
    "encrypted_metadata",
    "created_at",
    "updated_at",
}
REQUEST_KEYS = {
    "object",
    "id",
    "formatted_id",
    "socket_topic",
    "type",
    "amount",
    "status",
    "correlation_id",
    "token_id",
    "token",
    "address",
    "user_id",
    "user",
    "account_id",
    "account",
    "exchange_account_id",
    "exchange_account",
    "exchange_wallet_address",
    "exchange_wallet",
    "require_confirmation",
    "current_consumptions_count",
    "consumption_interval_duration",
    "max_consumptions",
    "max_consumptions_per_interval",
    "max_consumptions_per_interval_per_user",
    "max_consumptions_per_user",
    "consumption_lifetime",
    "expiration_reason",
    "allow_amount_override",
    "metadata",
    "encrypted_metadata",
    "expiration_date",
    "expired_at",
    "created_at",
    "updated_at",
}
TRANSACTION_KEYS = {
    "object",
    "id",
    "idempotency_token",
    "from",
    "to",
    "exchange",
    "metadata",
    "encrypted_metadata",
    "status",
    "error_code",
    "error_description",
    "created_at",
    "updated_at",
}
SOURCE_KEYS = {
    "object",
    "user_id",
    "user",
    "account_id",
    "account",
    "address",
    "amount",
    "token_id",
    "token",
}


def check_timestamp(value: Any) -> None:
    assert isinstance(value, str) and value.endswith("Z") and "." in value, value
    assert len(value.split(".")[1]) == 7  # six digits and Z
    assert parse_timestamp(value) is not None


def check_consumption(data: dict[str, Any]) -> None:
    assert set(data) == CONSUMPTION_KEYS
    assert data["object"] == "transaction_consumption"
    assert set(data["token"]) == TOKEN_KEYS
    assert set(data["transaction_request"]) == REQUEST_KEYS
    assert set(data["transaction_request"]["token"]) == TOKEN_KEYS
    if data["user"] is not None:
        assert set(data["user"]) == USER_KEYS
    if data["account"] is not None:
        assert set(data["account"]) == ACCOUNT_KEYS
    request = data["transaction_request"]
    if request["user"] is not None:
        assert set(request["user"]) == USER_KEYS
    if request["account"] is not None:
        assert set(request["account"]) == ACCOUNT_KEYS
    if data["transaction"] is not None:
        transaction = data["transaction"]
        assert set(transaction) == TRANSACTION_KEYS
        assert set(transaction["from"]) == SOURCE_KEYS == set(transaction["to"])
        assert data["transaction_id"] == transaction["id"]
        assert transaction["id"].startswith("txn_")
    for key in ("created_at", "expiration_date", "approved_at", "confirmed_at", "expired_at"):
        if data[key] is not None:
            check_timestamp(data[key])
    for key in ("estimated_request_amount", "estimated_consumption_amount"):
        assert type(data[key]) is int


async def frames_until_quiet(ws: Any) -> list[dict[str, Any]]:
    frames = []
    while True:
        try:
            frames.append(await recv(ws, 6 * UNIT))
        except TimeoutError:
            return frames


def test_request_event_goes_to_every_request_topic_with_ref_null() -> None:
    async def scenario() -> None:
        async with simulator(channel_defect=False) as sim, ws_connect(sim, "admin") as ws:
            world = sim.world
            request = world.request_by_id(request_id(sim, "Coffee bar"))
            assert request is not None
            cashier = world.cashier
            expected = {
                f"transaction_request:{request.id}",
                f"address:{request.wallet.address}",
                f"user:{cashier.id}",
                f"user:{cashier.provider_user_id}",
            }
            alice = world.consumers[0]
            unrelated = {f"user:{alice.id}", f"address:{world.wallet_of(alice).address}"}
            for n, topic in enumerate(sorted(expected | unrelated)):
                await join_ok(ws, topic, str(n))
            made = await sim.create_consumption(request.id, 0, 12_345)
            frames = await frames_until_quiet(ws)
            assert {f["topic"] for f in frames} == expected  # each once, consumer not told
            assert len(frames) == len(expected)
            for frame in frames:
                assert frame["event"] == "transaction_consumption_request"
                assert frame["ref"] is None and frame["success"] is True
                assert frame["error"] is None and frame["version"] == "1"
                assert frame["data"]["id"] == made["id"]
                assert frame["data"]["status"] == "pending"
                check_consumption(frame["data"])

    run(scenario)


def test_account_owned_request_events_reach_the_account_topic() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim, "admin_user") as ws:
            await join_ok(ws, f"account:{sim.world.account.id}")
            await sim.create_consumption(request_id(sim, "Shop counter"), 1, 700)
            frame = await recv(ws)
            assert frame["event"] == "transaction_consumption_request"
            assert frame["data"]["transaction_request"]["account"]["id"] == sim.world.account.id
            check_consumption(frame["data"])

    run(scenario)


def test_finalized_event_goes_to_request_consumption_and_consumer_topics_once() -> None:
    async def scenario() -> None:
        async with simulator(channel_defect=False) as sim, ws_connect(sim, "admin") as ws:
            world = sim.world
            request = world.request_by_id(request_id(sim, "Coffee bar"))
            assert request is not None
            made = await sim.create_consumption(request.id, 1, 2_000)
            bob = world.consumers[1]
            expected = {
                f"transaction_request:{request.id}",
                f"address:{request.wallet.address}",
                f"user:{world.cashier.id}",
                f"user:{world.cashier.provider_user_id}",
                f"transaction_consumption:{made['id']}",
                f"address:{world.wallet_of(bob).address}",
                f"user:{bob.id}",
                f"user:{bob.provider_user_id}",
            }
            for n, topic in enumerate(sorted(expected)):
                await join_ok(ws, topic, str(n))
            answer = await rpc(sim, "transaction_consumption.approve", {"id": made["id"]}, "admin")
            assert answer["success"] is True
            frames = await frames_until_quiet(ws)
            assert sorted(f["topic"] for f in frames) == sorted(expected)
            for frame in frames:
                assert frame["event"] == "transaction_consumption_finalized"
                assert (frame["ref"], frame["success"], frame["error"]) == (None, True, None)
                data = frame["data"]
                check_consumption(data)
                assert data["status"] == "confirmed"
                assert data["approved_at"] and data["confirmed_at"]
                assert data["finalized_consumption_amount"] == 2_000
                assert data["transaction"]["status"] == "confirmed"

    run(scenario)


def test_no_confirmation_needed_sends_only_a_confirmed_finalized_event() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            topic = f"transaction_request:{request_id(sim, 'Quick pay')}"
            await join_ok(ws, topic)
            made = await sim.create_consumption(request_id(sim, "Quick pay"), 0)
            frame = await recv(ws)
            assert frame["event"] == "transaction_consumption_finalized"
            assert frame["data"]["status"] == "confirmed" == made["status"]
            assert frame["data"]["approved_at"] is not None
            assert frame["data"]["amount"] is None  # the request's own amount applies
            assert frame["data"]["estimated_consumption_amount"] == 450
            assert await silent(ws)

    run(scenario)


def test_amounts_beyond_2_to_the_53_stay_exact_integers() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            await join_ok(ws, f"transaction_request:{request_id(sim, 'Token counter')}")
            big = 123 * 10**18 + 456_789
            await sim.create_consumption(request_id(sim, "Token counter"), 0, big)
            frame = await recv(ws)
            assert frame["data"]["amount"] == big and big > 2**53
            assert frame["data"]["token"]["subunit_to_unit"] == 10**18

    run(scenario)


def test_insufficient_funds_fails_with_an_error_and_the_consumption_as_data() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim, "admin") as ws:
            dana = sim.world.consumers[3]
            await join_ok(ws, f"user:{dana.id}")
            made = await sim.create_consumption(request_id(sim, "Self-service"), 3, 10**19)
            frame = await recv(ws)
            assert frame["event"] == "transaction_consumption_finalized"
            assert frame["success"] is False
            assert frame["error"]["code"] == "transaction:insufficient_funds"
            address = sim.world.wallet_of(dana).address
            assert frame["error"]["description"].startswith(
                f"The specified wallet ({address}) does not contain enough funds. Available: "
            )
            assert "Attempted debit: 10000000000000000000 tok_OMG_" in frame["error"]["description"]
            data = frame["data"]
            check_consumption(data)
            assert data["status"] == "failed" == made["status"]
            assert data["failed_at"] and data["approved_at"]
            assert data["transaction"]["status"] == "failed"
            # The server stores the full code and sets the finalized amounts from the
            # (failed) transfer.
            assert data["transaction"]["error_code"] == "transaction:insufficient_funds"
            assert data["finalized_consumption_amount"] == 10**19
            assert data["finalized_request_amount"] == 10**19

    run(scenario)


def test_pending_consumption_expires_at_its_expiration_date_by_timer() -> None:
    async def scenario() -> None:
        lifetime_ms = round(6 * UNIT * 1000)
        async with simulator(consumption_lifetime_ms=lifetime_ms) as sim, ws_connect(sim) as ws:
            await join_ok(ws, f"transaction_request:{request_id(sim, 'Coffee bar')}")
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            created = parse_timestamp(made["created_at"])
            expires = parse_timestamp(made["expiration_date"])
            assert created and expires
            assert (expires - created) // timedelta(milliseconds=1) == lifetime_ms
            assert (await recv(ws))["event"] == "transaction_consumption_request"
            frame = await recv(ws)
            assert frame["event"] == "transaction_consumption_finalized"
            assert frame["success"] is False and frame["ref"] is None
            assert frame["error"]["code"] == "transaction_consumption:expired"
            assert frame["data"]["status"] == "expired"
            assert frame["data"]["expired_at"] is not None
            check_consumption(frame["data"])

    run(scenario)


def test_request_without_lifetime_never_expires() -> None:
    async def scenario() -> None:
        lifetime_ms = round(2 * UNIT * 1000)
        async with simulator(consumption_lifetime_ms=lifetime_ms) as sim, ws_connect(sim) as ws:
            await join_ok(ws, f"transaction_request:{request_id(sim, 'Crypto desk')}")
            made = await sim.create_consumption(request_id(sim, "Crypto desk"), 0, 100)
            assert made["expiration_date"] is None
            assert (await recv(ws))["event"] == "transaction_consumption_request"
            assert await silent(ws, 6 * UNIT)

    run(scenario)


def test_minute_job_mode_expires_late_in_batches() -> None:
    async def scenario() -> None:
        async with (
            simulator(
                expiry_mode="minute_job",
                expiry_job_interval=8 * UNIT,
                consumption_lifetime_ms=int(UNIT * 1000),
            ) as sim,
            ws_connect(sim) as ws,
        ):
            await join_ok(ws, f"transaction_request:{request_id(sim, 'Coffee bar')}")
            loop = asyncio.get_running_loop()
            started = loop.time()
            await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            await sim.create_consumption(request_id(sim, "Coffee bar"), 1, 100)
            await recv(ws)
            await recv(ws)
            first = await recv(ws)
            second = await recv(ws)
            assert {first["data"]["status"], second["data"]["status"]} == {"expired"}
            # Not at the expiration date (1 unit) but when the job ran (8 units).
            assert loop.time() - started >= 7 * UNIT

    run(scenario)
