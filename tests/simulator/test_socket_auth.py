"""Authentication at the upgrade (docs/protocol-notes.md §2), over real sockets."""

import json
from urllib.parse import urlencode

import aiohttp
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from ewallet_monitor.simulator import Simulator
from tests.simulator.helpers import (
    ACCEPT,
    authorization,
    creds,
    join,
    run,
    simulator,
)


async def upgrade_status(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    """Status and body of a failed upgrade; (101, b"") when it succeeds."""
    try:
        async with connect(url, additional_headers=headers):
            return 101, b""
    except InvalidStatus as exc:
        return exc.response.status_code, bytes(exc.response.body or b"")


def test_valid_header_credentials_upgrade_on_each_socket() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            info = sim.info()
            assert (await upgrade_status(info["client_socket"], creds(sim, "cashier")))[0] == 101
            assert (await upgrade_status(info["client_socket"], creds(sim, "consumer")))[0] == 101
            assert (await upgrade_status(info["admin_socket"], creds(sim, "admin")))[0] == 101
            assert (await upgrade_status(info["admin_socket"], creds(sim, "admin_user")))[0] == 101
            assert (await upgrade_status(info["legacy_socket"], creds(sim, "cashier")))[0] == 101

    run(scenario)


def basic_pairs(sim: Simulator) -> tuple[str, str]:
    c = sim.info()["credentials"]
    client = authorization("Basic", c["cashier"]["api_key"], c["cashier"]["authentication_token"])
    admin = authorization("Basic", c["admin"]["access_key"], c["admin"]["secret_key"])
    return client, admin


def test_basic_takes_the_api_pair_on_the_client_socket_and_the_access_pair_on_admin() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            info = sim.info()
            client, admin = basic_pairs(sim)
            ok = {"Accept": ACCEPT}
            assert (await upgrade_status(info["client_socket"], {**ok, "Authorization": client}))[
                0
            ] == 101
            assert (await upgrade_status(info["admin_socket"], {**ok, "Authorization": admin}))[
                0
            ] == 101
            assert (await upgrade_status(info["admin_socket"], {**ok, "Authorization": client}))[
                0
            ] == 403
            assert (await upgrade_status(info["client_socket"], {**ok, "Authorization": admin}))[
                0
            ] == 403

    run(scenario)


def test_omgserver_is_known_only_on_the_legacy_socket() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            info = sim.info()
            c = info["credentials"]["admin"]
            headers = {
                "Authorization": authorization("OMGServer", c["access_key"], c["secret_key"]),
                "Accept": ACCEPT,
            }
            assert (await upgrade_status(info["legacy_socket"], headers))[0] == 101
            assert (await upgrade_status(info["client_socket"], headers))[0] == 403
            assert (await upgrade_status(info["admin_socket"], headers))[0] == 403

    run(scenario)


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Accept": ACCEPT}, id="no-authorization"),
        pytest.param({"Authorization": "OMGClient bm90LWJhc2U2NA==!", "Accept": ACCEPT}, id="junk"),
        pytest.param(
            {
                "Authorization": authorization("OMGClient", "wrong", "sim_demo_cashier_token"),
                "Accept": ACCEPT,
            },
            id="wrong-api-key",
        ),
        pytest.param(
            {
                "Authorization": authorization("OMGClient", "sim_demo_client_api_key", "nope"),
                "Accept": ACCEPT,
            },
            id="wrong-token",
        ),
        pytest.param(
            {
                "Authorization": authorization("OMGProvider", "sim_demo_access_key", "nope"),
                "Accept": ACCEPT,
            },
            id="provider-on-client-socket",
        ),
        pytest.param({"Authorization": "OMGClient"}, id="no-space"),
    ],
)
def test_bad_or_missing_credentials_give_403_with_an_empty_body(headers: dict[str, str]) -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            status, body = await upgrade_status(sim.info()["client_socket"], headers)
            assert (status, body) == (403, b"")

    run(scenario)


def test_missing_accept_gives_403_with_an_empty_body() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            headers = {"Authorization": creds(sim)["Authorization"]}
            assert await upgrade_status(sim.info()["client_socket"], headers) == (403, b"")

    run(scenario)


def test_a_wrong_accept_gives_200_invalid_version_and_no_upgrade() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            headers = {**creds(sim), "Accept": "application/vnd.omisego.v2+json"}
            status, body = await upgrade_status(sim.info()["client_socket"], headers)
            assert status == 200
            assert json.loads(body) == {
                "version": "1",
                "success": False,
                "data": {
                    "object": "error",
                    "code": "client:invalid_version",
                    "description": "Invalid API version",
                    "messages": None,
                },
            }
            # An Accept with parameters is not the exact v1 type either.
            headers["Accept"] = ACCEPT + "; charset=utf-8"
            assert (await upgrade_status(sim.info()["client_socket"], headers))[0] == 200

    run(scenario)


def test_query_parameter_credentials_work_and_win_over_headers() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            good = creds(sim)
            query = urlencode(
                {"headers[Authorization]": good["Authorization"], "headers[Accept]": ACCEPT}
            )
            url = f"{sim.info()['client_socket']}?{query}"
            assert (await upgrade_status(url, {}))[0] == 101
            # Bad real headers are ignored when the query form is present ...
            bad = {"Authorization": "OMGClient eDp5", "Accept": "text/plain"}
            async with connect(url, additional_headers=bad) as ws:
                assert (await join(ws, f"user:{sim.world.cashier.id}"))["success"] is True
            # ... and good headers do not rescue a query form without Accept.
            only_auth = urlencode({"headers[Authorization]": good["Authorization"]})
            assert await upgrade_status(f"{sim.info()['client_socket']}?{only_auth}", good) == (
                403,
                b"",
            )

    run(scenario)


def test_a_plain_http_get_on_a_socket_path_is_not_an_upgrade() -> None:
    async def scenario() -> None:
        async with (
            simulator() as sim,
            aiohttp.ClientSession() as session,
            session.get(f"{sim.url}/api/client/socket", headers=creds(sim)) as response,
        ):
            assert response.status == 400

    run(scenario)
