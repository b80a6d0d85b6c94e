"""TLS: verification is on by default. An untrusted certificate or a wrong name is a clear,
permanent refusal naming the problem, and no frame is sent; with the CA file the monitor
connects; with verification off it connects and says so."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ewallet_monitor.api import ApiError, EWalletApi
from ewallet_monitor.api.errors import TLS_VERIFY_FAILED
from ewallet_monitor.app import listen_command
from ewallet_monitor.app.connection_options import EXIT_REFUSED
from ewallet_monitor.client import MonitorClient, OutcomeReason
from ewallet_monitor.protocol.events import (
    ChannelState,
    ConnectionState,
    FrameReceived,
    FrameSent,
    MonitorNotice,
)
from ewallet_monitor.protocol.urls import resolve_endpoints
from ewallet_monitor.simulator import Simulator, SimulatorConfig, SimulatorThread
from ewallet_monitor.simulator.hub import Connection
from tests.reliability.certificates import Certificates, make_certificates
from tests.reliability.harness import (
    CANARY,
    UNIT,
    Recorder,
    client_config,
    credentials,
    run,
    running,
)


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


class TlsSimulator:
    """A simulator behind TLS that counts the sockets it accepted."""

    def __init__(self, certs: Certificates, other_name: bool = False) -> None:
        context = certs.server_context(other_name)
        self.sim = Simulator(SimulatorConfig(port=0, scenario="quiet", ssl_context=context))
        self.sockets: list[Connection] = []
        add = self.sim.runtime.hub.add

        def counting(connection: Connection) -> None:
            self.sockets.append(connection)
            add(connection)

        self.sim.runtime.hub.add = counting  # type: ignore[method-assign]


async def refused(certs: Certificates) -> str:
    """Connect and approve without the CA; return the two refusal messages."""
    server = TlsSimulator(certs)
    async with server.sim as sim:
        url = sim.url
        assert url.startswith("https://")
        events = Recorder()
        creds = credentials(sim.info(), "cashier")
        client = MonitorClient(client_config(url, creds), events)
        client.join(f"user:{sim.world.cashier.id}")
        outcome = await client.run()
        assert outcome.reason is OutcomeReason.REFUSED
        assert outcome.code == "tls_verify_failed"
        assert client.attempts == 1  # permanent: no retry loop
        assert "not trusted" in outcome.detail and "--insecure" in outcome.detail
        assert not events.of(FrameSent) and not server.sockets
        assert client.state is ConnectionState.REFUSED
        # The HTTP API refuses the same way.
        api = EWalletApi(resolve_endpoints(url, creds.scheme), creds)
        with pytest.raises(ApiError) as failed:
            await api.approve("txc_01cbfg9qtdken61agxhx6wvj9h")
        await api.close()
        assert failed.value.code == TLS_VERIFY_FAILED
        assert "not trusted" in str(failed.value)
        for secret in creds.secrets():
            assert secret not in outcome.detail + str(failed.value)
        return outcome.detail + " | " + str(failed.value)


def test_an_unknown_certificate_authority_is_refused_with_no_frame_sent(
    certs: Certificates,
) -> None:
    said: list[str] = []

    async def scenario() -> None:
        said.append(await refused(certs))

    run(scenario)
    assert "unable to get local issuer certificate" in said[0]


def test_a_certificate_for_another_name_is_refused(certs: Certificates) -> None:
    async def scenario() -> None:
        server = TlsSimulator(certs, other_name=True)
        async with server.sim as sim:
            events = Recorder()
            creds = credentials(sim.info(), "cashier")
            config = client_config(sim.url, creds, cafile=str(certs.ca))
            client = MonitorClient(config, events)
            outcome = await client.run()
            assert outcome.code == "tls_verify_failed"
            assert "match" in outcome.detail.lower()  # "IP address mismatch" / "Hostname mismatch"
            assert not events.of(FrameSent) and not server.sockets

    run(scenario)


def test_with_the_ca_file_it_connects_and_reports_verification_on(certs: Certificates) -> None:
    async def scenario() -> None:
        async with TlsSimulator(certs).sim as sim:
            events = Recorder()
            creds = credentials(sim.info(), "cashier")
            topic = f"user:{sim.world.cashier.id}"
            client = MonitorClient(client_config(sim.url, creds, cafile=str(certs.ca)), events)
            client.join(topic)
            async with running(client):
                await events.channel(topic, ChannelState.JOINED)
            assert client.tls_verified is True
            assert not [n for n in events.of(MonitorNotice) if "TLS" in n.text]
            assert events.of(FrameReceived)

    run(scenario)


def test_insecure_connects_and_says_verification_is_off(certs: Certificates) -> None:
    async def scenario() -> None:
        async with TlsSimulator(certs).sim as sim:
            events = Recorder()
            creds = credentials(sim.info(), "cashier")
            topic = f"user:{sim.world.cashier.id}"
            client = MonitorClient(client_config(sim.url, creds, insecure=True), events)
            client.join(topic)
            async with running(client):
                await events.channel(topic, ChannelState.JOINED)
            assert client.tls_verified is False
            (notice,) = [
                n for n in events.of(MonitorNotice) if n.details.get("code") == "tls_unverified"
            ]
            assert notice.level == "warning" and "verification is off" in notice.text

    run(scenario)


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EWALLET_MONITOR_LOG_DIR", str(tmp_path / "logs"))
    return tmp_path / "logs"


def test_listen_refuses_an_untrusted_certificate_with_exit_3(
    certs: Certificates, log_dir: Path
) -> None:
    config = SimulatorConfig(port=0, scenario="quiet", ssl_context=certs.server_context())
    with SimulatorThread(config) as sim:
        out, err = io.StringIO(), io.StringIO()
        argv = [
            "listen",
            "--url",
            sim.url,
            "--auth",
            "OMGClient",
            "--key",
            "sim_demo_client_api_key",
            "--secret",
            CANARY,
            "--channel",
            f"user:{sim.world.cashier.id}",
            "--timeout",
            str(10 * UNIT),
        ]
        assert listen_command.main(argv, stdout=out, stderr=err) == EXIT_REFUSED
    assert "refused: TLS certificate of wss://127.0.0.1:" in err.getvalue()
    assert "unable to get local issuer certificate" in err.getvalue()
    assert CANARY not in out.getvalue() + err.getvalue()
