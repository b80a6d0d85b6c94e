"""The HTTP RPC API over real HTTP: names, envelope, auth, actions, lists, errors (§7)."""

from typing import Any

import aiohttp
import pytest

from ewallet_monitor.protocol.frames import SERVER_FRAME_KEYS
from tests.simulator.helpers import (
    ACCEPT,
    UNIT,
    authorization,
    creds,
    error_code,
    join_ok,
    recv,
    request_id,
    rpc,
    run,
    simulator,
    ws_connect,
)
from tests.simulator.test_events import CONSUMPTION_KEYS, REQUEST_KEYS, TOKEN_KEYS, USER_KEYS


def ok(envelope: dict[str, Any]) -> Any:
    assert envelope["success"] is True, envelope
    assert envelope["version"] == "1"
    return envelope["data"]


def test_owner_approves_on_the_client_api_and_the_event_is_already_sent() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim, "consumer") as ws:
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 250)
            await join_ok(ws, f"transaction_consumption:{made['id']}")
            data = ok(await rpc(sim, "me.approve_transaction_consumption", {"id": made["id"]}))
            assert set(data) == CONSUMPTION_KEYS
            assert data["status"] == "confirmed" and data["approved_at"] and data["confirmed_at"]
            assert data["transaction"]["status"] == "confirmed"
            frame = await recv(ws, 4 * UNIT)  # written before the HTTP answer
            assert set(frame) == set(SERVER_FRAME_KEYS)
            assert frame["data"]["status"] == "confirmed"

    run(scenario)


def test_approve_moves_the_money() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            world = sim.world
            usd = world.tokens[0].id
            alice, cashier = world.wallet_of(world.consumers[0]), world.wallet_of(world.cashier)
            before = (alice.balances[usd], cashier.balances[usd])
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 250)
            ok(await rpc(sim, "me.approve_transaction_consumption", {"id": made["id"]}))
            assert (alice.balances[usd], cashier.balances[usd]) == (
                before[0] - 250,
                before[1] + 250,
            )

    run(scenario)


def test_a_client_api_decision_on_someone_elses_consumption_crashes_with_http_500() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 250)
            for name in ("me.approve_transaction_consumption", "me.reject_transaction_consumption"):
                answer = await rpc(sim, name, {"id": made["id"]}, "consumer", status=500)
                assert error_code(answer) == "server:internal_server_error"
            # The account's request belongs to no end user: the cashier may not decide it.
            other = await sim.create_consumption(request_id(sim, "Shop counter"), 0, 250)
            answer = await rpc(
                sim, "me.approve_transaction_consumption", {"id": other["id"]}, status=500
            )
            assert error_code(answer) == "server:internal_server_error"
            assert sim.world.consumptions[made["id"]].status == "pending"
            assert sim.world.consumptions[other["id"]].status == "pending"

    run(scenario)


def test_reject_and_cancel_finalize_with_success_events() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            await join_ok(ws, f"transaction_request:{request_id(sim, 'Coffee bar')}")
            one = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            two = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            await recv(ws)
            await recv(ws)
            data = ok(await rpc(sim, "me.reject_transaction_consumption", {"id": one["id"]}))
            assert data["status"] == "rejected" and data["rejected_at"]
            frame = await recv(ws)
            assert (frame["data"]["status"], frame["success"], frame["error"]) == (
                "rejected",
                True,
                None,
            )
            # Only the consumer cancels on the client API.
            answer = await rpc(
                sim, "me.cancel_transaction_consumption", {"id": two["id"]}, status=500
            )
            assert error_code(answer) == "server:internal_server_error"
            data = ok(
                await rpc(sim, "me.cancel_transaction_consumption", {"id": two["id"]}, "consumer")
            )
            assert data["status"] == "cancelled" and data["cancelled_at"]
            frame = await recv(ws)
            assert (frame["data"]["status"], frame["success"]) == ("cancelled", True)

    run(scenario)


@pytest.mark.parametrize("who", ["admin", "admin_user"])
def test_admin_api_approves_rejects_and_cancels_anything(who: str) -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            made = [
                await sim.create_consumption(request_id(sim, "Shop counter"), n, 100)
                for n in range(3)
            ]
            for consumption, (name, status) in zip(
                made,
                [
                    ("transaction_consumption.approve", "confirmed"),
                    ("transaction_consumption.reject", "rejected"),
                    ("transaction_consumption.cancel", "cancelled"),
                ],
                strict=True,
            ):
                assert ok(await rpc(sim, name, {"id": consumption["id"]}, who))["status"] == status

    run(scenario)


def test_action_errors() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            approve = "me.approve_transaction_consumption"
            assert error_code(await rpc(sim, approve, {})) == "client:invalid_parameter"
            assert error_code(await rpc(sim, approve, {"id": 5})) == "client:invalid_parameter"
            unknown = {"id": "txc_01aaaaaaaaaaaaaaaaaaaaaaaa"}
            assert error_code(await rpc(sim, approve, unknown)) == "unauthorized"

    run(scenario)


def test_approving_after_the_expiration_date_answers_expired_and_sends_the_event() -> None:
    async def scenario() -> None:
        # No expiry timer or job runs: the approve itself finds the consumption past its
        # date, because the simulator's clock is moved past it (no real-time race).
        async with (
            simulator(expiry_mode="minute_job", expiry_job_interval=1000) as sim,
            ws_connect(sim) as ws,
        ):
            await join_ok(ws, f"transaction_request:{request_id(sim, 'Coffee bar')}")
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            await recv(ws)
            sim.advance_clock(61)  # Coffee bar's consumption lifetime is 60 s
            answer = await rpc(sim, "me.approve_transaction_consumption", {"id": made["id"]})
            assert error_code(answer) == "transaction_consumption:expired"
            frame = await recv(ws)
            assert frame["error"]["code"] == "transaction_consumption:expired"
            assert frame["data"]["status"] == "expired"
            answer = await rpc(sim, "me.reject_transaction_consumption", {"id": made["id"]})
            assert error_code(answer) == "transaction_consumption:expired"
            assert sim.world.consumptions[made["id"]].status == "expired"

    run(scenario)


def test_approving_without_funds_answers_insufficient_funds_with_a_failed_event() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            await join_ok(ws, f"transaction_request:{request_id(sim, 'Coffee bar')}")
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 3, 100_000)
            await recv(ws)
            answer = await rpc(sim, "me.approve_transaction_consumption", {"id": made["id"]})
            assert error_code(answer) == "transaction:insufficient_funds"
            frame = await recv(ws)
            assert frame["data"]["status"] == "failed"
            assert frame["error"]["code"] == "transaction:insufficient_funds"

    run(scenario)


def test_a_used_up_request_answers_max_consumptions_reached() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            limited = request_id(sim, "Limited offer")
            for n in range(2):
                made = await sim.create_consumption(limited, n)
                ok(await rpc(sim, "transaction_consumption.approve", {"id": made["id"]}, "admin"))
            body = {"formatted_transaction_request_id": limited, "idempotency_token": "x-1"}
            answer = await rpc(sim, "me.consume_transaction_request", body, "consumer")
            assert error_code(answer) == "transaction_request:max_consumptions_reached"
            request = ok(
                await rpc(sim, "transaction_request.get", {"formatted_id": limited}, "admin")
            )
            assert request["current_consumptions_count"] == 2

    run(scenario)


def test_consume_on_the_client_api_with_real_field_names_and_idempotency() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            coffee = request_id(sim, "Coffee bar")
            await join_ok(ws, f"transaction_request:{coffee}")
            body = {
                "formatted_transaction_request_id": coffee,
                "idempotency_token": "order-42",
                "amount": 1_999,
                "token_id": sim.world.tokens[0].id,
                "address": sim.world.wallet_of(sim.world.consumers[0]).address,
                "metadata": {"table": 4},
                "encrypted_metadata": {},
                "correlation_id": "corr-1",
            }
            data = ok(await rpc(sim, "me.consume_transaction_request", body, "consumer"))
            assert set(data) == CONSUMPTION_KEYS
            assert (data["status"], data["amount"], data["metadata"]) == (
                "pending",
                1_999,
                {"table": 4},
            )
            assert data["idempotency_token"] == "order-42" and data["correlation_id"] == "corr-1"
            assert (await recv(ws))["data"]["id"] == data["id"]
            again = ok(await rpc(sim, "me.consume_transaction_request", body, "consumer"))
            assert again["id"] == data["id"]

    run(scenario)


def test_consume_errors() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            name = "me.consume_transaction_request"
            coffee = request_id(sim, "Coffee bar")
            missing_token = {"formatted_transaction_request_id": coffee, "amount": 5}
            assert error_code(await rpc(sim, name, missing_token, "consumer")) == (
                "client:invalid_parameter"
            )
            no_amount = {"formatted_transaction_request_id": coffee, "idempotency_token": "a"}
            assert error_code(await rpc(sim, name, no_amount, "consumer")) == (
                "client:invalid_parameter"
            )
            unknown = {"formatted_transaction_request_id": "txr_x", "idempotency_token": "b"}
            assert error_code(await rpc(sim, name, unknown, "consumer")) == "unauthorized"
            fixed = {
                "formatted_transaction_request_id": request_id(sim, "Quick pay"),
                "idempotency_token": "c",
                "amount": 1,
            }
            assert error_code(await rpc(sim, name, fixed, "consumer")) == (
                "transaction_request:unauthorized_amount_override"
            )
            someone_else = {
                "formatted_transaction_request_id": coffee,
                "idempotency_token": "d",
                "amount": 5,
                "address": sim.world.wallet_of(sim.world.consumers[1]).address,
            }
            assert error_code(await rpc(sim, name, someone_else, "consumer")) == "unauthorized"

    run(scenario)


def test_admin_consumes_for_a_user_by_provider_user_id() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            chen = sim.world.consumers[2]
            body = {
                "formatted_transaction_request_id": request_id(sim, "Quick pay"),
                "idempotency_token": "pos-1",
                "provider_user_id": chen.provider_user_id,
            }
            data = ok(await rpc(sim, "transaction_request.consume", body, "admin"))
            assert (data["status"], data["user_id"]) == ("confirmed", chen.id)
            del body["provider_user_id"]
            answer = await rpc(sim, "transaction_request.consume", body, "admin")
            assert error_code(answer) == "client:invalid_parameter"

    run(scenario)


def test_lists_page_sort_and_filter() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            coffee = request_id(sim, "Coffee bar")
            made = [await sim.create_consumption(coffee, 0, 100 + n) for n in range(5)]
            ok(await rpc(sim, "me.approve_transaction_consumption", {"id": made[0]["id"]}))
            await sim.create_consumption(request_id(sim, "Crypto desk"), 1, 10)
            name = "transaction_consumption.all"
            page = ok(await rpc(sim, name, {"page": 1, "per_page": 2}, "admin"))
            assert page["object"] == "list" and len(page["data"]) == 2
            assert page["pagination"] == {
                "per_page": 2,
                "current_page": 1,
                "is_first_page": True,
                "is_last_page": False,
                "count": 2,
            }
            last = ok(await rpc(sim, name, {"page": 3, "per_page": 2}, "admin"))
            assert last["pagination"]["is_last_page"] is True and last["pagination"]["count"] == 2
            capped = ok(await rpc(sim, name, {"per_page": 500}, "admin"))
            assert capped["pagination"]["per_page"] == 100
            pending = {"match_all": [{"field": "status", "comparator": "eq", "value": "pending"}]}
            found = ok(await rpc(sim, name, {**pending, "per_page": 100}, "admin"))
            assert len(found["data"]) == 5
            assert all(c["status"] == "pending" for c in found["data"])
            by_amount = {"sort_by": "amount", "sort_dir": "asc", **pending}
            amounts = [c["amount"] for c in ok(await rpc(sim, name, by_amount, "admin"))["data"]]
            assert amounts == [10, 101, 102, 103, 104]
            of_request = ok(
                await rpc(
                    sim,
                    "transaction_request.get_transaction_consumptions",
                    {"formatted_transaction_request_id": coffee, **pending},
                    "admin",
                )
            )
            assert [c["amount"] for c in of_request["data"]] == [104, 103, 102, 101]
            bad = {"match_all": [{"field": "secret", "comparator": "eq", "value": 1}]}
            assert error_code(await rpc(sim, name, bad, "admin")) == "client:invalid_parameter"
            assert error_code(await rpc(sim, name, {"per_page": 0}, "admin")) == (
                "client:invalid_parameter"
            )
            assert error_code(await rpc(sim, name, {"sort_dir": "up"}, "admin")) == (
                "client:invalid_parameter"
            )

    run(scenario)


def test_look_ups() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            world = sim.world
            coffee = request_id(sim, "Coffee bar")
            me = ok(await rpc(sim, "me.get"))
            assert set(me) == USER_KEYS and me["id"] == world.cashier.id
            request = ok(
                await rpc(sim, "me.get_transaction_request", {"formatted_id": coffee}, "consumer")
            )
            assert set(request) == REQUEST_KEYS and request["id"] == coffee
            assert (
                ok(await rpc(sim, "transaction_request.get", {"formatted_id": coffee}, "admin"))[
                    "id"
                ]
                == coffee
            )
            listed = ok(await rpc(sim, "transaction_request.all", {"per_page": 100}, "admin"))
            assert {r["id"] for r in listed["data"]} == {r.id for r in world.requests}
            bob = world.consumers[1]
            assert ok(await rpc(sim, "user.get", {"id": bob.id}, "admin"))["email"] == bob.email
            by_provider = {"provider_user_id": bob.provider_user_id}
            assert ok(await rpc(sim, "user.get", by_provider, "admin"))["id"] == bob.id
            account = ok(await rpc(sim, "account.get", {"id": world.account.id}, "admin"))
            assert account["master"] is True
            token = ok(await rpc(sim, "token.get", {"id": world.tokens[2].id}, "admin"))
            assert set(token) == TOKEN_KEYS and token["subunit_to_unit"] == 10**18
            address = world.wallet_of(bob).address
            wallet = ok(await rpc(sim, "wallet.get", {"address": address}, "admin"))
            assert wallet["address"] == address and wallet["user_id"] == bob.id
            for name in (
                "user.get",
                "account.get",
                "token.get",
                "wallet.get",
                "transaction_consumption.get",
            ):
                answer = await rpc(sim, name, {"id": "nope", "address": "nope"}, "admin")
                assert error_code(answer) == "unauthorized", name
            made = await sim.create_consumption(coffee, 0, 100)
            got = ok(await rpc(sim, "transaction_consumption.get", {"id": made["id"]}, "admin"))
            assert got == made

    run(scenario)


def test_envelope_errors_for_version_endpoint_and_auth() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            good = creds(sim)
            wrong_accept = {**good, "Accept": "application/json"}
            assert (
                error_code(await rpc(sim, "me.get", headers=wrong_accept))
                == "client:invalid_version"
            )
            assert error_code(await rpc(sim, "me.nothing")) == "client:endpoint_not_found"
            assert error_code(await rpc(sim, "transaction_consumption.all")) == (
                "client:endpoint_not_found"  # an admin rpc on the client API
            )
            none = {"Accept": ACCEPT}
            assert (
                error_code(await rpc(sim, "me.get", headers=none)) == "client:invalid_auth_scheme"
            )
            bad_key = {
                **none,
                "Authorization": authorization("OMGClient", "x", "sim_demo_cashier_token"),
            }
            assert error_code(await rpc(sim, "me.get", headers=bad_key)) == "client:invalid_api_key"
            bad_token = {
                **none,
                "Authorization": authorization("OMGClient", "sim_demo_client_api_key", "x"),
            }
            assert (
                error_code(await rpc(sim, "me.get", headers=bad_token))
                == "user:auth_token_not_found"
            )
            bad_pair = {
                **none,
                "Authorization": authorization("OMGProvider", "sim_demo_access_key", "x"),
            }
            assert error_code(await rpc(sim, "token.all", headers=bad_pair, api="admin")) == (
                "client:invalid_access_secret_key"
            )
            assert error_code(await rpc(sim, "token.all", who="cashier", api="admin")) == (
                "client:invalid_auth_scheme"
            )
            basic_client = {
                **none,
                "Authorization": authorization(
                    "Basic", "sim_demo_client_api_key", "sim_demo_cashier_token"
                ),
            }
            assert ok(await rpc(sim, "me.get", headers=basic_client))["id"] == sim.world.cashier.id
            basic_admin = {
                **none,
                "Authorization": authorization(
                    "Basic", "sim_demo_access_key", "sim_demo_secret_key"
                ),
            }
            assert (
                ok(await rpc(sim, "token.all", headers=basic_admin, api="admin"))["object"]
                == "list"
            )

    run(scenario)


def test_http_details_get_is_not_an_endpoint_and_bad_json_is_invalid() -> None:
    async def scenario() -> None:
        async with simulator() as sim, aiohttp.ClientSession() as session:
            async with session.get(f"{sim.url}/api/client/me.get", headers=creds(sim)) as response:
                assert response.status == 200
                assert response.content_type == ACCEPT
                assert (await response.json(content_type=None))["data"]["code"] == (
                    "client:endpoint_not_found"
                )
            async with session.post(
                f"{sim.url}/api/client/me.get", data="{oops", headers=creds(sim)
            ) as response:
                body = await response.json(content_type=None)
                assert body["data"]["code"] == "client:invalid_parameter"
            async with session.post(
                f"{sim.url}/api/client/me.get", data="[1]", headers=creds(sim)
            ) as response:
                body = await response.json(content_type=None)
                assert body["data"]["code"] == "client:invalid_parameter"

    run(scenario)
