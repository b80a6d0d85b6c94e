"""``ewallet-monitor approve|reject|cancel``: resulting status, error codes, exit codes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest

from ewallet_monitor.app.action_command import main
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorThread]:
    with SimulatorThread(SimulatorConfig(port=0, scenario="quiet")) as simulator:
        yield simulator


def args_for(sim: SimulatorThread, who: str) -> list[str]:
    entry = sim.info()["credentials"][who]
    if who == "admin":
        key, secret, scheme = entry["access_key"], entry["secret_key"], "OMGProvider"
    else:
        key, secret, scheme = entry["api_key"], entry["authentication_token"], "OMGClient"
    return ["--url", sim.url, "--auth", scheme, "--key", key, "--secret", secret]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def pending(sim: SimulatorThread) -> dict[str, Any]:
    info = sim.info()
    request = next(r for r in info["transaction_requests"] if r["require_confirmation"])
    return sim.create_consumption(request["id"])


@pytest.mark.parametrize(
    ("action", "who", "status"),
    [
        ("approve", "cashier", "confirmed"),
        ("reject", "cashier", "rejected"),
        ("cancel", "consumer", "cancelled"),
        ("approve", "admin", "confirmed"),
    ],
)
def test_the_action_prints_the_final_status(
    sim: SimulatorThread, action: str, who: str, status: str
) -> None:
    consumption = pending(sim)
    code, out, err = run([action, *args_for(sim, who), consumption["id"]])
    assert code == 0, err
    assert out.startswith(f"{consumption['id']}: {status} · ")
    assert f"{status}_at" in out or status == "confirmed"


def test_an_ewallet_error_exits_1_with_code_and_description(sim: SimulatorThread) -> None:
    code, out, err = run(["approve", *args_for(sim, "cashier"), "txc_01aaaaaaaaaaaaaaaaaaaaaaaa"])
    assert code == 1
    assert out == ""
    assert "failed: unauthorized: " in err


def test_acting_twice_reports_the_state_error(sim: SimulatorThread) -> None:
    # The server refuses a decision on a cancelled consumption (it does not refuse one on
    # a rejected or confirmed consumption: it has no pending check).
    consumption = pending(sim)
    assert run(["cancel", *args_for(sim, "consumer"), consumption["id"]])[0] == 0
    code, _out, err = run(["approve", *args_for(sim, "cashier"), consumption["id"]])
    assert code == 1
    assert "failed: transaction_consumption:cancelled" in err


def test_json_output_is_the_consumption(sim: SimulatorThread) -> None:
    import json

    consumption = pending(sim)
    code, out, _err = run(["approve", *args_for(sim, "admin"), "--json", consumption["id"]])
    assert code == 0
    assert json.loads(out)["id"] == consumption["id"]


def test_a_malformed_id_is_bad_usage(sim: SimulatorThread) -> None:
    code, out, err = run(["approve", *args_for(sim, "cashier"), "txr_01dp2k9m7f4z0x8t3c5b6n1q2w"])
    assert code == 2
    assert "is a txr_ id, not a consumption id" in err
    assert out == ""


def test_wrong_credentials_fail_without_showing_the_secret(sim: SimulatorThread) -> None:
    argv = ["approve", "--url", sim.url, "--auth", "OMGClient", "--key", "nokey"]
    code, out, err = run([*argv, "--secret", "canary-77", "txc_01aaaaaaaaaaaaaaaaaaaaaaaa"])
    assert code == 1
    assert "canary" not in out + err


def test_admin_credentials_refuse_a_decided_consumption_with_exit_5_and_send_nothing(
    sim: SimulatorThread,
) -> None:
    consumption = pending(sim)
    assert run(["reject", *args_for(sim, "admin"), consumption["id"]])[0] == 0
    for action in ("approve", "reject", "cancel"):
        code, out, err = run([action, *args_for(sim, "admin"), consumption["id"]])
        assert code == 5, err
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1
        assert f"{consumption['id']} is not pending: rejected at " in lines[0]
        assert "nothing sent" in lines[0]
    # Approving it would have paid it on the real server; nothing reached this one.
    assert sim.world.consumptions[consumption["id"]].status == "rejected"


def test_force_skips_the_read(sim: SimulatorThread) -> None:
    consumption = pending(sim)
    assert run(["reject", *args_for(sim, "admin"), consumption["id"]])[0] == 0
    code, _out, err = run(["reject", *args_for(sim, "admin"), "--force", consumption["id"]])
    # Sent: the server's own answer decides (the real one records it rejected again).
    assert code in (0, 1), err
    assert "is not pending" not in err


def test_client_credentials_say_the_state_could_not_be_checked(sim: SimulatorThread) -> None:
    consumption = pending(sim)
    code, _out, err = run(["approve", *args_for(sim, "cashier"), consumption["id"]])
    assert code == 0
    assert "state was not checked" in err


# -- a hostile server's answer ----------------------------------------------------------------

HOSTILE_SECRET = "CANARY-cli-3c9e-never-print"


def hostile_answer(header: str) -> dict[str, Any]:
    """A failed transfer whose customer name rewrites the line to look confirmed, and whose
    metadata echoes the credentials."""
    return {
        "version": "1",
        "success": True,
        "data": {
            "object": "transaction_consumption",
            "id": "txc_01cbfg9qtdken61agxhx6wvj9h",
            "status": "failed",
            "amount": 100,
            "token": {"symbol": "OMG", "subunit_to_unit": 1},
            "user": {"full_name": "\r\x1b[2Ktxc_01cbfg9qtdken61agxhx6wvj9h: confirmed\x9b\u202e"},
            "metadata": {"echo": HOSTILE_SECRET, "header": header},
            "transaction": {"error_code": "x\x1b]0;owned\x07", "error_description": "d"},
        },
    }


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_hostile_answer_is_printed_redacted_with_controls_escaped(as_json: bool) -> None:
    import asyncio
    import json
    import threading

    from aiohttp import web

    from ewallet_monitor.protocol.auth import AuthScheme, Credentials
    from tests.reliability.harness import http_server

    header = Credentials(AuthScheme.OMG_CLIENT, "key", HOSTILE_SECRET).authorization()
    ready = threading.Event()
    urls: list[str] = []
    stop = threading.Event()

    async def answer(request: web.Request) -> web.StreamResponse:
        return web.json_response(hostile_answer(header))

    async def serve() -> None:
        async with http_server(answer) as url:
            urls.append(url)
            ready.set()
            await asyncio.get_running_loop().run_in_executor(None, stop.wait)

    server = threading.Thread(target=lambda: asyncio.run(serve()))
    server.start()
    try:
        assert ready.wait(30)
        argv = ["approve", "--url", urls[0], "--auth", "OMGClient", "--key", "key"]
        argv += ["--secret", HOSTILE_SECRET, "txc_01cbfg9qtdken61agxhx6wvj9h"]
        code, out, err = run(argv + (["--json"] if as_json else []))
    finally:
        stop.set()
        server.join(30)
    assert code == 1  # the transfer failed, whatever the name says
    for text in (out, err):
        assert HOSTILE_SECRET not in text
        assert header.split()[1] not in text
        assert not any(ch in text for ch in "\r\x1b\x07\x9b\u202e")
    if as_json:
        printed = json.loads(out)
        assert printed["user"]["full_name"].startswith("\r\x1b[2K")  # the value, escaped
        assert printed["metadata"]["echo"] == "[redacted]"
    else:
        assert out.startswith("txc_01cbfg9qtdken61agxhx6wvj9h: failed · ")
        assert "\\r\\x1b[2K" in out
