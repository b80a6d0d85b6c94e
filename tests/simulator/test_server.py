"""The public API: info, the frame encoder shortcut, the background-thread form."""

import asyncio
import json

import aiohttp
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.frames import encode_server_frame
from ewallet_monitor.simulator import Simulator, SimulatorConfig, SimulatorThread
from ewallet_monitor.simulator.hub import frame_with_encoded_data
from tests.simulator.helpers import ACCEPT, config, creds, run, simulator


def test_info_lists_urls_credentials_and_requests() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            info = sim.info()
            assert info["event"] == "listening"
            assert info["url"] == f"http://127.0.0.1:{sim.port}" == sim.url
            assert info["client_socket"] == f"ws://127.0.0.1:{sim.port}/api/client/socket"
            assert info["admin_socket"] == f"ws://127.0.0.1:{sim.port}/api/admin/socket"
            c = info["credentials"]
            for who in ("cashier", "consumer"):
                assert c[who]["scheme"] == "OMGClient"
                assert {"api_key", "authentication_token", "user_id"} <= set(c[who])
            assert c["cashier"]["user_id"] == sim.world.cashier.id
            assert c["admin"]["scheme"] == "OMGProvider"
            assert {"access_key", "secret_key"} <= set(c["admin"])
            requests = info["transaction_requests"]
            assert {r["id"] for r in requests} == {r.id for r in sim.world.requests}
            assert {r["require_confirmation"] for r in requests} == {True, False}
            json.dumps(info)  # printable as one JSON line

    run(scenario)


@pytest.mark.parametrize(
    "error", [None, EWalletError("websocket:forbidden_channel", 'nope \u00e9 "quoted"')]
)
def test_pre_encoded_frames_are_byte_identical_to_the_codec(error: EWalletError | None) -> None:
    data = {"id": "txc_1", "amount": 2**70, "name": "Zoë"}
    pre = frame_with_encoded_data(
        "user:x", "ev", None, json.dumps(data, separators=(",", ":"), ensure_ascii=False), error
    )
    assert pre == encode_server_frame("user:x", "ev", None, data, error)
    close = frame_with_encoded_data("t:1", "phx_close", "9", "null", success=False)
    assert close == encode_server_frame("t:1", "phx_close", "9", success=False)


def test_config_rejects_unknown_choices() -> None:
    with pytest.raises(ValueError, match="scenario"):
        SimulatorConfig(scenario="party")
    with pytest.raises(ValueError, match="expiry"):
        SimulatorConfig(expiry_mode="hourly")


def test_start_twice_is_refused_and_stop_is_idempotent() -> None:
    async def scenario() -> None:
        sim = Simulator(config())
        await sim.start()
        with pytest.raises(RuntimeError):
            await sim.start()
        await sim.stop()
        await sim.stop()

    run(scenario)


def test_simulator_thread_serves_from_its_own_loop() -> None:
    with SimulatorThread(config()) as sim:
        assert sim.url == f"http://127.0.0.1:{sim.port}"
        made = sim.create_consumption(sim.world.requests[0].id, 1, 300)
        assert made["status"] == "pending"

        async def probe() -> str:
            async with connect(sim.info()["client_socket"], additional_headers=creds(sim)) as ws:
                await ws.send('{"topic":"phoenix","event":"heartbeat","ref":"1","data":{}}')
                return str(await ws.recv())

        async def count() -> int:
            return len(sim.simulator.world.consumptions)

        assert sim.call(count) == 1
        reply = json.loads(asyncio.run(probe()))
        assert reply["event"] == "phx_reply"
        sim.set_heartbeat_replies(False)
        sim.drop_connections()
        sim.restart()

        async def http() -> int:
            async with (
                aiohttp.ClientSession() as session,
                session.post(
                    f"{sim.url}/api/client/me.get", headers=creds(sim), data="{}"
                ) as response,
            ):
                return response.status

        assert asyncio.run(http()) == 200


def test_the_thread_runs_the_test_hooks_on_the_simulators_loop() -> None:
    with SimulatorThread(config(expiry_mode="minute_job", expiry_job_interval=1000)) as sim:
        coffee = next(r.id for r in sim.world.requests if r.label == "Coffee bar")
        made = sim.create_consumption(coffee, 0, 100)

        async def joined_and_crashed() -> dict[str, object]:
            async with connect(sim.info()["client_socket"], additional_headers=creds(sim)) as ws:
                topic = f"transaction_request:{coffee}"
                await ws.send(json.dumps({"topic": topic, "event": "phx_join", "ref": "1"}))
                await ws.recv()
                assert sim.crash_channels(topic) == 1
                frame: dict[str, object] = json.loads(await ws.recv())
                sim.crash_next_joins(1, topic)
                await ws.send(json.dumps({"topic": topic, "event": "phx_join", "ref": "2"}))
                crashed = json.loads(await ws.recv())
                assert crashed["error"]["description"] == "join crashed"
                return frame

        assert asyncio.run(joined_and_crashed())["event"] == "phx_error"
        sim.advance_clock(61)

        async def expire() -> int:
            return sim.simulator.runtime.expire_due()

        assert sim.call(expire) == 1
        assert sim.world.consumptions[made["id"]].status == "expired"
        sim.expire_token(sim.world.cashier.auth_token)

        async def refused() -> int:
            with pytest.raises(InvalidStatus) as info:
                async with connect(sim.info()["client_socket"], additional_headers=creds(sim)):
                    pass
            return info.value.response.status_code

        assert asyncio.run(refused()) == 403


def test_accept_constant_matches_the_protocol() -> None:
    assert ACCEPT == "application/vnd.omisego.v1+json"
