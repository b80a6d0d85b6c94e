"""Secrets: a canary credential used through connect (headers and ``--auth-in-query``),
approve, refusals and errors, a failing callback, logging, crash reports, ``listen``
output, a server that echoes it back, the store and its exports — never appears in any of
them, in clear or in any of its encodings (``Credentials.secrets()``)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from ewallet_monitor.api import ApiError, EWalletApi
from ewallet_monitor.app import action_command, export_command, logging_setup
from ewallet_monitor.app.crash import CrashHandler
from ewallet_monitor.app.logging_setup import SECRETS, configure_logging
from ewallet_monitor.client import MonitorClient, OutcomeReason
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.events import ChannelState, FrameReceived, MonitorEvent
from ewallet_monitor.protocol.urls import resolve_endpoints
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread
from ewallet_monitor.store import EventStore
from tests.reliability.harness import (
    CANARY,
    UNIT,
    WAIT,
    Recorder,
    client_config,
    http_server,
    record_figure,
    run,
    running,
)

API_KEY = "sim_demo_client_api_key"
CANARY_CREDS = Credentials(AuthScheme.OMG_CLIENT, API_KEY, CANARY)
WRONG_CREDS = Credentials(AuthScheme.OMG_CLIENT, API_KEY, CANARY + "-wrong")
NEEDLES = tuple({*CANARY_CREDS.secrets(), *WRONG_CREDS.secrets(), CANARY})


class Audit:
    """Everything a test captured, and how often a secret showed in it."""

    def __init__(self) -> None:
        self.places: dict[str, int] = {}

    def check(self, place: str, text: str | bytes) -> None:
        content = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        hits = sum(content.count(needle) for needle in NEEDLES)
        self.places[place] = self.places.get(place, 0) + hits
        assert hits == 0, f"{place} holds a secret: {content[:2000]}"

    def check_files(self, place: str, directory: Path) -> None:
        files = [p for p in directory.rglob("*") if p.is_file()]
        assert files, f"nothing written in {directory}"
        for path in files:
            self.check(f"{place}/{path.name}", path.read_bytes())


audit = Audit()


@pytest.fixture(scope="module", autouse=True)
def report_hits() -> Iterator[None]:
    yield
    record_figure("canary", hits=sum(audit.places.values()), places_checked=len(audit.places))


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    with SimulatorThread(SimulatorConfig(port=0, scenario="quiet")) as simulator:

        async def plant_canary() -> None:
            simulator.world.cashier.auth_token = CANARY

        simulator.call(plant_canary)
        yield simulator


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "logs"
    monkeypatch.setenv("EWALLET_MONITOR_LOG_DIR", str(directory))
    yield directory
    setup = logging_setup.active_setup()
    if setup is not None:
        setup.close()
    SECRETS.clear()


def cashier_request(sim: SimulatorThread) -> str:
    return next(
        r.id for r in sim.world.requests if r.require_confirmation and r.user is sim.world.cashier
    )


def echo_consumption(sim: SimulatorThread) -> dict[str, Any]:
    """A pending consumption whose metadata holds the canary: the server echoes it."""
    create = functools.partial(
        sim.simulator.runtime.create_consumption,
        metadata={"note": f"token {CANARY}", "header": CANARY_CREDS.authorization()},
    )
    return sim.call(create, cashier_request(sim), 0)


def test_listen_with_query_credentials_never_prints_or_logs_the_secret(
    sim: SimulatorThread, log_dir: Path
) -> None:
    env = {**os.environ, "EWALLET_SECRET": CANARY, "EWALLET_MONITOR_LOG_DIR": str(log_dir)}
    consumer = sim.world.consumers[0].id
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ewallet_monitor.app.main",
            "listen",
            "--url",
            sim.url,
            "--auth",
            "OMGClient",
            "--key",
            API_KEY,
            "--auth-in-query",
            "--heartbeat",
            "0.3",
            "--channel",
            f"transaction_request:{cashier_request(sim)}",
            "--channel",
            f"user:{consumer}",  # not the cashier's: refused
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: list[str] = []
    assert process.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(process.stdout or []), daemon=True)
    reader.start()
    try:
        waited = 0.0
        while not any('"state":"joined"' in line for line in lines) and waited < WAIT * 4:
            threading.Event().wait(UNIT / 2)
            waited += UNIT / 2
        echo_consumption(sim)
        while not any("transaction_consumption_request" in line for line in lines):
            threading.Event().wait(UNIT / 2)
            waited += UNIT / 2
            assert waited < WAIT * 4, lines
        threading.Event().wait(1.0)  # a few heartbeats
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=WAIT)
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(WAIT)
    reader.join(WAIT)
    stdout = "".join(lines)
    assert process.returncode == 0, stderr
    assert '"state":"refused"' in stdout
    assert "[redacted]" in stdout  # the echoed metadata
    assert "headers%5BAuthorization%5D=[redacted]" in stderr  # the URL it connected to
    audit.check("listen stdout", stdout)
    audit.check("listen stderr", stderr)
    audit.check_files("listen log", log_dir)


def test_approve_and_its_errors_never_show_the_secret(sim: SimulatorThread, log_dir: Path) -> None:
    pending = echo_consumption(sim)
    login = ["--url", sim.url, "--auth", "OMGClient", "--key", API_KEY, "--secret"]
    runs = [
        (["approve", *login, CANARY, pending["id"]], 0),  # works; answer echoes the canary
        # The server does not check that it is still pending: the same confirmed answer again.
        (["approve", *login, CANARY, pending["id"]], 0),
        (["approve", *login, CANARY, "txc_01cbfg9qtdken61agxhx6wvj9h"], 1),  # unknown
        (["reject", *login, CANARY + "-wrong", pending["id"]], 1),  # refused credentials
    ]
    for argv, expected in runs:
        out, err = io.StringIO(), io.StringIO()
        assert action_command.main(argv, stdout=out, stderr=err) == expected, err.getvalue()
        audit.check(f"{argv[0]} stdout", out.getvalue())
        audit.check(f"{argv[0]} stderr", err.getvalue())
    audit.check_files("approve log", log_dir)


def test_approve_json_never_shows_the_echoed_secret(sim: SimulatorThread, log_dir: Path) -> None:
    pending = echo_consumption(sim)
    argv = ["approve", "--url", sim.url, "--auth", "OMGClient", "--key", API_KEY]
    argv += ["--secret", CANARY, "--json", pending["id"]]
    out, err = io.StringIO(), io.StringIO()
    assert action_command.main(argv, stdout=out, stderr=err) == 0, err.getvalue()
    audit.check("approve --json stdout", out.getvalue())
    audit.check("approve --json stderr", err.getvalue())


class EchoServer:
    """A hostile server that puts whatever credentials it got into every answer."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def handle(self, request: web.Request) -> web.StreamResponse:
        said = f"{request.headers.get('Authorization')} at {request.url}"
        self.seen.append(said)
        body = {
            "version": "1",
            "success": False,
            "data": {
                "object": "error",
                "code": "client:invalid_version",
                "description": f"cannot accept {said}",
                "messages": {"auth": [said]},
            },
        }
        if request.path.endswith("/socket"):
            return web.json_response(body)  # an HTTP 200 error instead of an upgrade
        return web.json_response(body, status=500)


def test_a_server_echoing_credentials_back_gets_redacted(tmp_path: Path) -> None:
    async def scenario() -> None:
        echo = EchoServer()
        async with http_server(echo.handle) as url:
            for in_query in (False, True):
                events = Recorder()
                config = client_config(url, CANARY_CREDS, auth_in_query=in_query)
                client = MonitorClient(config, events)
                outcome = await client.run()
                assert outcome.reason is OutcomeReason.REFUSED
                audit.check("refusal detail", outcome.detail)
                audit.check("monitor events", repr(events.events))
                audit.check("client repr", repr(client) + repr(config) + client.redacted_url)
            api = EWalletApi(resolve_endpoints(url, CANARY_CREDS.scheme), CANARY_CREDS)
            with pytest.raises(ApiError) as failed:
                await api.approve("txc_01cbfg9qtdken61agxhx6wvj9h")
            await api.close()
            audit.check("api error", str(failed.value) + repr(failed.value))
            audit.check("api error messages", json.dumps(failed.value.messages))
        assert any(CANARY_CREDS.authorization() in said for said in echo.seen)  # it was sent

    run(scenario)


def test_a_redirect_to_another_origin_does_not_carry_the_credentials() -> None:
    async def scenario() -> None:
        elsewhere = EchoServer()
        async with http_server(elsewhere.handle) as other_url:

            async def redirect(request: web.Request) -> web.StreamResponse:
                raise web.HTTPTemporaryRedirect(f"{other_url}{request.path}")

            async with http_server(redirect) as url:
                api = EWalletApi(resolve_endpoints(url, CANARY_CREDS.scheme), CANARY_CREDS)
                with pytest.raises(ApiError) as failed:
                    await api.approve("txc_01cbfg9qtdken61agxhx6wvj9h")
                await api.close()
        assert elsewhere.seen  # the redirect was followed, without the credentials
        audit.check("redirected request", " ".join(elsewhere.seen))
        audit.check("redirect error", str(failed.value))

    run(scenario)


def test_callback_errors_logs_crashes_the_store_and_exports_hold_no_secret(
    sim: SimulatorThread, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    console = io.StringIO()
    logs = configure_logging(log_dir=tmp_path / "logs", console=console)
    data_dir = tmp_path / "data"
    store = EventStore(data_dir / "events.sqlite3", secrets=CANARY_CREDS.secrets())
    topic = f"transaction_request:{cashier_request(sim)}"
    seen: list[MonitorEvent] = []

    def on_event(event: MonitorEvent) -> None:
        seen.append(event)
        store.record(event)
        if isinstance(event, FrameReceived) and event.frame.event != "phx_reply":
            raise ValueError(f"the consumer broke, token {CANARY} {CANARY_CREDS.authorization()}")

    async def scenario() -> None:
        logs.add_secrets(CANARY_CREDS.secrets())
        events = Recorder()

        def both(event: MonitorEvent) -> None:
            events(event)
            on_event(event)

        for in_query in (False, True):
            config = client_config(sim.url, CANARY_CREDS, auth_in_query=in_query)
            client = MonitorClient(config, both)
            client.join(topic)
            async with running(client):
                await events.channel(topic, ChannelState.JOINED, after=len(events.events))
                mark = len(events.events)
                await asyncio.get_running_loop().run_in_executor(None, echo_consumption, sim)
                await events.wait_for(
                    FrameReceived, lambda e: e.frame.event.startswith("transaction"), mark
                )
                await asyncio.sleep(UNIT)

    run(scenario)
    store.record_audit(
        action="approve",
        consumption_id="txc_01cbfg9qtdken61agxhx6wvj9h",
        answer={"description": f"answer echoing {CANARY}"},
        answer_code="client:invalid_auth",
        profile=f"profile {CANARY}",
    )
    run(scenario)
    CrashHandler().report_exception(RuntimeError(f"late crash {CANARY_CREDS.authorization()}"))
    store.close()
    logs.close()
    assert export_command.main(["export", "--data-dir", str(data_dir)]) == 0
    assert export_command.main(["export", "--data-dir", str(data_dir), "--format", "csv"]) == 0
    assert export_command.main(["export", "--data-dir", str(data_dir), "--what", "audit"]) == 0
    exported = capsys.readouterr()
    assert "transaction_consumption_request" in exported.out
    audit.check("exports", exported.out + exported.err)
    audit.check("console log", console.getvalue())
    audit.check_files("log files", tmp_path / "logs")
    audit.check_files("store files", data_dir)
    assert (
        "the consumer broke, token [redacted]"
        in (tmp_path / "logs" / "ewallet-monitor.log").read_text()
    )
    SECRETS.clear()
