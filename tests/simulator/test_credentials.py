"""Credentials as the server checks them: its error codes on both APIs, ``account:`` joins
by global role only, query-parameter header names in any case, and auth tokens that
expire while an open socket stays open."""

from urllib.parse import urlencode

from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from ewallet_monitor.simulator import Simulator
from tests.simulator.helpers import (
    ACCEPT,
    authorization,
    creds,
    error_code,
    join,
    join_ok,
    recv,
    request_id,
    rpc,
    run,
    simulator,
    ws_connect,
)


async def upgrade_status(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        async with connect(url, additional_headers=headers or {}):
            return 101
    except InvalidStatus as exc:
        return exc.response.status_code


def with_auth(scheme: str, left: str, right: str) -> dict[str, str]:
    return {"Accept": ACCEPT, "Authorization": authorization(scheme, left, right)}


def test_client_api_error_codes_are_the_servers() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            key = sim.info()["credentials"]["cashier"]["api_key"]
            cases = {
                "client:invalid_auth_scheme": {"Accept": ACCEPT, "Authorization": "Bearer x"},
                "client:invalid_api_key": with_auth("OMGClient", "nope", "sim_demo_cashier_token"),
                # A wrong or unknown token, and an admin user's token (it belongs to the
                # admin API): ClientAuth answers auth_token_not_found.
                "user:auth_token_not_found": with_auth("OMGClient", key, "nope"),
            }
            for code, headers in cases.items():
                assert error_code(await rpc(sim, "me.get", headers=headers)) == code
            admin_token = with_auth("OMGClient", key, sim.world.admin.auth_token)
            assert error_code(await rpc(sim, "me.get", headers=admin_token)) == (
                "user:auth_token_not_found"
            )

    run(scenario)


def test_admin_api_error_codes_are_the_servers() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            admin = sim.world.admin
            cases = {
                "client:invalid_auth_scheme": {"Accept": ACCEPT, "Authorization": "OMGClient x"},
                "client:invalid_access_secret_key": with_auth(
                    "OMGProvider", "sim_demo_access_key", "nope"
                ),
                "auth_token:not_found": with_auth("OMGAdmin", admin.id, "nope"),
            }
            for code, headers in cases.items():
                answer = await rpc(sim, "token.all", headers=headers, api="admin")
                assert error_code(answer) == code
            other_user = with_auth("OMGAdmin", sim.world.cashier.id, admin.auth_token)
            answer = await rpc(sim, "token.all", headers=other_user, api="admin")
            assert error_code(answer) == "auth_token:not_found"

    run(scenario)


def account_admin_headers(sim: Simulator) -> dict[str, str]:
    item = sim.info()["credentials"]["account_admin"]
    return with_auth("OMGAdmin", item["user_id"], item["authentication_token"])


def test_account_joins_need_a_global_admin_role() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            topic = f"account:{sim.world.account.id}"
            async with ws_connect(sim, "admin_user") as ws:  # global super_admin
                await join_ok(ws, topic)
            url = sim.info()["admin_socket"]
            for headers in (creds(sim, "admin"), account_admin_headers(sim)):
                async with connect(url, additional_headers=headers) as ws:
                    reply = await join(ws, topic)
                    assert reply["error"]["code"] == "websocket:forbidden_channel"
                    # Only that join is refused: the rest of the admin socket works.
                    await join_ok(ws, f"transaction_request:{request_id(sim, 'Coffee bar')}", "2")

    run(scenario)


def test_the_account_admin_works_on_the_admin_api() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            answer = await rpc(sim, "token.all", headers=account_admin_headers(sim), api="admin")
            assert answer["success"] is True

    run(scenario)


def query_url(url: str, names: tuple[str, str], headers: dict[str, str]) -> str:
    auth_name, accept_name = names
    query = {
        f"headers[{auth_name}]": headers["Authorization"],
        f"headers[{accept_name}]": headers["Accept"],
    }
    return f"{url}?{urlencode(query)}"


def test_query_parameter_header_names_match_in_any_case() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            url = sim.info()["client_socket"]
            good = creds(sim)
            for names in (
                ("Authorization", "Accept"),
                ("authorization", "accept"),
                ("AUTHORIZATION", "ACCEPT"),
            ):
                assert await upgrade_status(query_url(url, names, good)) == 101, names
            # The query form wins over real headers, in any case too.
            bad = {**good, "Authorization": authorization("OMGClient", "x", "y")}
            wrong = query_url(url, ("authorization", "accept"), bad)
            assert await upgrade_status(wrong, good) == 403

    run(scenario)


def test_an_expired_token_keeps_its_open_socket_and_is_refused_at_the_next_upgrade() -> None:
    async def scenario() -> None:
        async with simulator(auth_token_lifetime=30) as sim, ws_connect(sim) as ws:
            coffee = request_id(sim, "Coffee bar")
            await join_ok(ws, f"transaction_request:{coffee}")
            sim.advance_clock(31)
            await sim.create_consumption(coffee, 0, 100)
            event = await recv(ws)  # the open socket is not checked again
            assert event["event"] == "transaction_consumption_request"
            assert await upgrade_status(sim.info()["client_socket"], creds(sim)) == 403
            answer = await rpc(sim, "me.get")
            assert error_code(answer) == "user:auth_token_expired"
            # Expired for good: turning the clock back does not revive it.
            sim.advance_clock(-31)
            assert error_code(await rpc(sim, "me.get")) == "user:auth_token_expired"
            # Another user's token was never used, so it starts its lifetime now.
            assert (await rpc(sim, "me.get", who="consumer"))["success"] is True

    run(scenario)


def test_the_token_lifetime_slides_with_each_use() -> None:
    async def scenario() -> None:
        async with simulator(auth_token_lifetime=30) as sim:
            for _ in range(4):
                assert (await rpc(sim, "me.get"))["success"] is True
                sim.advance_clock(20)  # 80 s in all, never 30 s without a use
            assert (await rpc(sim, "me.get"))["success"] is True
            admin_user = await rpc(sim, "token.all", who="admin_user")
            assert admin_user["success"] is True
            sim.advance_clock(31)
            answer = await rpc(sim, "token.all", who="admin_user")
            assert error_code(answer) == "user:auth_token_expired"
            # Key pairs have no lifetime.
            assert (await rpc(sim, "token.all", who="admin"))["success"] is True

    run(scenario)


def test_without_a_lifetime_tokens_never_expire_but_a_logout_ends_one() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            sim.advance_clock(10 * 365 * 86400)
            assert (await rpc(sim, "me.get"))["success"] is True
            sim.expire_token(sim.world.cashier.auth_token)
            assert error_code(await rpc(sim, "me.get")) == "user:auth_token_expired"
            assert await upgrade_status(sim.info()["client_socket"], creds(sim)) == 403
            await join_ok(ws, f"user:{sim.world.cashier.id}")  # still open

    run(scenario)
