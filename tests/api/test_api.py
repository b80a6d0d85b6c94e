"""The HTTP API client against the simulator, and against broken servers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from aiohttp import web

from ewallet_monitor.api import ApiError, ApiTimeout, EWalletApi
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.urls import resolve_endpoints
from ewallet_monitor.simulator import Simulator, SimulatorConfig
from tests.client.harness import UNIT, confirming_request, credentials, free_port


def api_for(url: str, creds: Credentials, timeout: float = 20 * UNIT) -> EWalletApi:
    return EWalletApi(resolve_endpoints(url, creds.scheme), creds, timeout=timeout)


@asynccontextmanager
async def simulator_api(who: str) -> AsyncIterator[tuple[Simulator, EWalletApi]]:
    async with Simulator(SimulatorConfig(port=0, scenario="quiet")) as sim:
        api = api_for(sim.url, credentials(sim.info(), who))
        try:
            yield sim, api
        finally:
            await api.close()


def test_the_cashier_approves_on_the_client_api_and_gets_the_final_state() -> None:
    async def scenario() -> None:
        async with simulator_api("cashier") as (sim, api):
            assert api.admin is False
            request = confirming_request(sim.info())
            created = await sim.create_consumption(request["id"])
            approved = await api.approve(created["id"])
            assert approved["status"] == "confirmed"
            assert approved["approved_at"] and approved["confirmed_at"]
            # The server has no pending check: approving again answers the same transaction.
            again = await api.approve(created["id"])
            assert again["status"] == "confirmed"
            assert again["transaction_id"] == approved["transaction_id"]
            rejected = await api.reject((await sim.create_consumption(request["id"]))["id"])
            assert rejected["status"] == "rejected" and rejected["rejected_at"]

    asyncio.run(scenario())


def test_the_consumer_cancels_their_own_consumption() -> None:
    async def scenario() -> None:
        async with simulator_api("consumer") as (sim, api):
            created = await sim.create_consumption(confirming_request(sim.info())["id"])
            cancelled = await api.cancel(created["id"])
            assert cancelled["status"] == "cancelled"

    asyncio.run(scenario())


def test_errors_carry_the_ewallet_code_and_description() -> None:
    async def scenario() -> None:
        async with simulator_api("cashier") as (_sim, api):
            with pytest.raises(ApiError) as unknown:
                await api.approve("txc_01aaaaaaaaaaaaaaaaaaaaaaaa")
            assert unknown.value.code == "unauthorized"
            assert str(unknown.value).startswith("unauthorized: ")
            with pytest.raises(ApiError) as missing:
                await api.call("me.approve_transaction_consumption", {})
            assert missing.value.code == "client:invalid_parameter"
            with pytest.raises(ApiError) as no_rpc:
                await api.call("no.such_rpc", {})
            assert no_rpc.value.code == "client:endpoint_not_found"
            with pytest.raises(ApiError) as admin_only:
                await api.list_consumptions()
            assert admin_only.value.code == "monitor:not_available"

    asyncio.run(scenario())


def test_wrong_credentials_are_an_api_error_without_the_secret() -> None:
    async def scenario() -> None:
        async with Simulator(SimulatorConfig(port=0, scenario="quiet")) as sim:
            creds = Credentials(AuthScheme.OMG_CLIENT, "nokey", "canary-secret-123")
            api = api_for(sim.url, creds)
            try:
                with pytest.raises(ApiError) as refused:
                    await api.me()
            finally:
                await api.close()
            assert refused.value.code.startswith(("client:", "user:"))
            for secret in creds.secrets():
                assert secret not in str(refused.value) and secret not in repr(refused.value)
            assert "canary" not in repr(api)

    asyncio.run(scenario())


def test_admin_lists_and_looks_up() -> None:
    async def scenario() -> None:
        async with simulator_api("admin") as (sim, api):
            info = sim.info()
            request = confirming_request(info)
            created = await sim.create_consumption(request["id"])
            items, pagination = await api.list_consumptions(status="pending")
            assert created["id"] in [c["id"] for c in items]
            assert all(c["status"] == "pending" for c in items)
            assert pagination["current_page"] == 1
            by_request, _ = await api.list_consumptions(request_id=request["id"], per_page=500)
            assert {c["transaction_request_id"] for c in by_request} == {request["id"]}
            fetched = await api.get_consumption(created["id"])
            assert fetched["id"] == created["id"]
            user = await api.get_user(request["owner_user_id"])
            assert user["id"] == request["owner_user_id"]
            token = await api.get_token(request["token_id"])
            assert token["id"] == request["token_id"]
            account = await api.get_account(info["account_id"])
            assert account["id"] == info["account_id"]

    asyncio.run(scenario())


def test_the_client_me_call_names_the_user() -> None:
    async def scenario() -> None:
        async with simulator_api("cashier") as (sim, api):
            me = await api.me()
            assert me["id"] == sim.info()["credentials"]["cashier"]["user_id"]

    asyncio.run(scenario())


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@asynccontextmanager
async def broken_server(handler: Handler) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=UNIT)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def html_page(_request: web.Request) -> web.StreamResponse:
    return web.Response(text="<html><body>Bad gateway</body></html>", status=502)


async def crash(_request: web.Request) -> web.StreamResponse:
    return web.Response(text="Internal Server Error", status=500)


async def crash_with_envelope(_request: web.Request) -> web.StreamResponse:
    return web.json_response(
        {
            "version": "1",
            "success": False,
            "data": {
                "object": "error",
                "code": "server:internal_server_error",
                "description": "boom",
                "messages": None,
            },
        },
        status=500,
    )


async def slow(_request: web.Request) -> web.StreamResponse:
    await asyncio.sleep(10 * UNIT)
    return web.json_response({})


@pytest.mark.parametrize(
    ("handler", "code", "status", "text"),
    [
        (html_page, "http:bad_response", 502, "Bad gateway"),
        (crash, "http:bad_response", 500, "HTTP 500"),
        (crash_with_envelope, "server:internal_server_error", 500, "boom"),
    ],
)
def test_bad_answers_become_clear_api_errors(
    handler: Handler, code: str, status: int, text: str
) -> None:
    async def scenario() -> None:
        async with broken_server(handler) as url:
            api = api_for(url, Credentials(AuthScheme.OMG_PROVIDER, "k", "s"))
            try:
                with pytest.raises(ApiError) as failure:
                    await api.approve("txc_1")
            finally:
                await api.close()
            assert failure.value.code == code
            assert failure.value.http_status == status
            assert text in failure.value.description

    asyncio.run(scenario())


def test_no_answer_in_time_is_an_api_timeout() -> None:
    async def scenario() -> None:
        async with broken_server(slow) as url:
            api = api_for(url, Credentials(AuthScheme.OMG_PROVIDER, "k", "s"), timeout=2 * UNIT)
            try:
                with pytest.raises(ApiTimeout) as late:
                    await api.approve("txc_1")
            finally:
                await api.close()
            assert late.value.code == "http:timeout"
            assert "within 0.2 s" in late.value.description

    asyncio.run(scenario())


def test_an_unreachable_server_is_a_connection_error() -> None:
    async def scenario() -> None:
        api = api_for(
            f"http://127.0.0.1:{free_port()}", Credentials(AuthScheme.OMG_CLIENT, "k", "s")
        )
        try:
            with pytest.raises(ApiError) as failure:
                await api.me()
        finally:
            await api.close()
        assert failure.value.code == "http:connection_failed"
        assert failure.value.http_status is None

    asyncio.run(scenario())
