"""Approve, reject and cancel as the real server decides them (docs/protocol-notes.md §6.2): no
pending check, cancelled/expired answered and broadcast again, a used-up request refuses
both decisions, cancel only while pending. Raw HTTP and raw websockets only."""

from typing import Any

from tests.simulator.helpers import (
    error_code,
    join_ok,
    recv,
    request_id,
    rpc,
    run,
    silent,
    simulator,
    ws_connect,
)

APPROVE = "me.approve_transaction_consumption"
REJECT = "me.reject_transaction_consumption"
CANCEL = "me.cancel_transaction_consumption"


def ok(envelope: dict[str, Any]) -> Any:
    assert envelope["success"] is True, envelope
    return envelope["data"]


def usd_balances(sim: Any) -> tuple[int, int]:
    world = sim.world
    usd = world.tokens[0].id
    alice, cashier = world.wallet_of(world.consumers[0]), world.wallet_of(world.cashier)
    return alice.balances[usd], cashier.balances[usd]


def test_approving_a_rejected_consumption_pays_it() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 250)
            before = usd_balances(sim)
            assert ok(await rpc(sim, REJECT, {"id": made["id"]}))["status"] == "rejected"
            assert usd_balances(sim) == before
            data = ok(await rpc(sim, APPROVE, {"id": made["id"]}))
            assert data["status"] == "confirmed"
            assert data["rejected_at"] and data["approved_at"] and data["confirmed_at"]
            assert data["transaction"]["status"] == "confirmed"
            assert usd_balances(sim) == (before[0] - 250, before[1] + 250)

    run(scenario)


def test_approving_a_confirmed_consumption_returns_the_same_transaction_and_moves_nothing() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim, "admin") as ws:
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 250)
            await join_ok(ws, f"transaction_consumption:{made['id']}")
            first = ok(await rpc(sim, APPROVE, {"id": made["id"]}))
            assert (await recv(ws))["data"]["status"] == "confirmed"
            after_first = usd_balances(sim)
            second = ok(await rpc(sim, APPROVE, {"id": made["id"]}))
            assert second["status"] == "confirmed"
            assert second["transaction_id"] == first["transaction_id"]
            assert usd_balances(sim) == after_first
            # The controller broadcasts every finalized answer, this one too.
            again = await recv(ws)
            assert again["data"]["transaction_id"] == first["transaction_id"]

    run(scenario)


def test_rejecting_a_confirmed_consumption_records_it_rejected_though_the_money_moved() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim, "admin") as ws:
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 250)
            before = usd_balances(sim)
            await join_ok(ws, f"transaction_consumption:{made['id']}")
            ok(await rpc(sim, APPROVE, {"id": made["id"]}))
            await recv(ws)
            data = ok(await rpc(sim, REJECT, {"id": made["id"]}))
            assert data["status"] == "rejected" and data["rejected_at"]
            assert data["transaction"]["status"] == "confirmed"
            assert data["finalized_consumption_amount"] == 250
            frame = await recv(ws)
            assert (frame["data"]["status"], frame["success"], frame["error"]) == (
                "rejected",
                True,
                None,
            )
            assert usd_balances(sim) == (before[0] - 250, before[1] + 250)
            assert sim.world.consumptions[made["id"]].status == "rejected"

    run(scenario)


def test_deciding_a_cancelled_consumption_answers_cancelled_and_broadcasts_it_again() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 250)
            await join_ok(ws, f"transaction_request:{request_id(sim, 'Coffee bar')}")
            ok(await rpc(sim, CANCEL, {"id": made["id"]}, "consumer"))
            assert (await recv(ws))["data"]["status"] == "cancelled"
            before = usd_balances(sim)
            for name in (APPROVE, REJECT):
                assert error_code(await rpc(sim, name, {"id": made["id"]})) == (
                    "transaction_consumption:cancelled"
                )
                frame = await recv(ws)
                assert frame["event"] == "transaction_consumption_finalized"
                assert (frame["data"]["status"], frame["success"], frame["error"]) == (
                    "cancelled",
                    True,
                    None,
                )
            assert usd_balances(sim) == before
            assert sim.world.consumptions[made["id"]].status == "cancelled"

    run(scenario)


def test_deciding_an_expired_consumption_answers_expired_and_broadcasts_it_again() -> None:
    async def scenario() -> None:
        async with simulator(expiry_mode="minute_job", expiry_job_interval=1000) as sim:
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 250)
            sim.advance_clock(61)
            assert sim.runtime.expire_due() == 1  # the job ran: it is expired already
            async with ws_connect(sim, "admin") as ws:
                await join_ok(ws, f"transaction_consumption:{made['id']}")
                for name in (APPROVE, REJECT):
                    answer = await rpc(sim, name, {"id": made["id"]})
                    assert error_code(answer) == "transaction_consumption:expired"
                    frame = await recv(ws)
                    assert frame["data"]["status"] == "expired"
                    assert frame["error"]["code"] == "transaction_consumption:expired"

    run(scenario)


def test_a_decision_past_the_expiration_date_expires_even_a_confirmed_consumption() -> None:
    async def scenario() -> None:
        # TransactionConsumption.expire_if_past_expiration_date looks at the date only.
        async with simulator(expiry_mode="minute_job", expiry_job_interval=1000) as sim:
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 250)
            ok(await rpc(sim, APPROVE, {"id": made["id"]}))
            sim.advance_clock(61)
            answer = await rpc(sim, REJECT, {"id": made["id"]})
            assert error_code(answer) == "transaction_consumption:expired"
            consumption = sim.world.consumptions[made["id"]]
            assert consumption.status == "expired"
            assert consumption.transaction is not None
            assert consumption.transaction.status == "confirmed"

    run(scenario)


def test_a_used_up_request_refuses_both_approve_and_reject() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim, "admin") as ws:
            limited = request_id(sim, "Limited offer")
            made = [await sim.create_consumption(limited, n) for n in range(3)]
            await join_ok(ws, f"transaction_consumption:{made[2]['id']}")
            for consumption in made[:2]:
                ok(await rpc(sim, APPROVE, {"id": consumption["id"]}))
            for name in (APPROVE, REJECT):
                answer = await rpc(sim, name, {"id": made[2]["id"]})
                assert error_code(answer) == "transaction_request:max_consumptions_reached"
            assert sim.world.consumptions[made[2]["id"]].status == "pending"
            assert await silent(ws)  # refused before anything is broadcast

    run(scenario)


def test_cancel_only_while_pending() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            coffee = request_id(sim, "Coffee bar")
            approved = await sim.create_consumption(coffee, 0, 100)
            rejected = await sim.create_consumption(coffee, 0, 100)
            ok(await rpc(sim, APPROVE, {"id": approved["id"]}))
            ok(await rpc(sim, REJECT, {"id": rejected["id"]}))
            for made in (approved, rejected):
                answer = await rpc(sim, CANCEL, {"id": made["id"]}, "consumer")
                assert error_code(answer) == "transaction_consumption:uncancellable"
                answer = await rpc(
                    sim, "transaction_consumption.cancel", {"id": made["id"]}, "admin"
                )
                assert error_code(answer) == "transaction_consumption:uncancellable"
            assert sim.world.consumptions[approved["id"]].status == "confirmed"
            assert sim.world.consumptions[rejected["id"]].status == "rejected"

    run(scenario)


def test_cancel_of_a_pending_consumption_past_its_date_cancels_it() -> None:
    async def scenario() -> None:
        # cancel_for_user checks the status only, not the expiration date.
        async with simulator(expiry_mode="minute_job", expiry_job_interval=1000) as sim:
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            sim.advance_clock(61)
            data = ok(await rpc(sim, CANCEL, {"id": made["id"]}, "consumer"))
            assert data["status"] == "cancelled"

    run(scenario)


def test_approving_a_failed_consumption_fails_again_with_its_transfers_error() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim, "admin") as ws:
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 3, 100_000)
            await join_ok(ws, f"transaction_consumption:{made['id']}")
            first = await rpc(sim, APPROVE, {"id": made["id"]})
            assert error_code(first) == "transaction:insufficient_funds"
            failed = await recv(ws)
            transaction = failed["data"]["transaction"]
            assert transaction["error_code"] == "transaction:insufficient_funds"
            assert failed["data"]["finalized_consumption_amount"] == 100_000
            assert failed["data"]["finalized_request_amount"] == 100_000
            # Dana is given the money; the transfer is not retried (same idempotency token).
            dana = sim.world.wallet_of(sim.world.consumers[3])
            dana.balances[sim.world.tokens[0].id] += 1_000_000
            second = await rpc(sim, APPROVE, {"id": made["id"]})
            assert error_code(second) == "transaction:insufficient_funds"
            again = await recv(ws)
            assert again["data"]["status"] == "failed"
            assert again["data"]["transaction"]["id"] == transaction["id"]

    run(scenario)
