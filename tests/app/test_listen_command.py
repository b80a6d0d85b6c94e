"""``ewallet-monitor listen``: JSON lines, exit codes, usage errors, no secret in output."""

from __future__ import annotations

import fcntl
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import pytest

from ewallet_monitor.app.connection_options import resolve_connection, warn_if_plaintext
from ewallet_monitor.app.listen_command import build_parser, main
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread
from tests.client.harness import free_port

ROOT = Path(__file__).resolve().parents[2]
CANARY = "canary-4c1d-secret"
TOPIC = "transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1q2w"


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorThread]:
    with SimulatorThread(SimulatorConfig(port=0, scenario="quiet")) as simulator:
        yield simulator


def cashier_args(sim: SimulatorThread) -> list[str]:
    cashier = sim.info()["credentials"]["cashier"]
    return ["--url", sim.url, "--auth", "OMGClient", "--key", cashier["api_key"]]


def run_main(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = dict(os.environ)
    os.environ.pop("EWALLET_SECRET", None)
    os.environ.update(env or {})
    try:
        code = main(argv, stdout=out, stderr=err)
    finally:
        os.environ.clear()
        os.environ.update(old)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--url", "ftp://x", "--auth", "OMGClient", "--key", "k", "--secret", "s3cr3t-value"],
            "scheme 'ftp' is not supported",
        ),
        (
            [
                "--url",
                "http://127.0.0.1:1",
                "--auth",
                "Bearer",
                "--key",
                "k",
                "--secret",
                "s3cr3t-value",
            ],
            "unknown credential scheme 'Bearer'",
        ),
        (
            ["--url", "http://127.0.0.1:1", "--auth", "OMGClient", "--key", "k"],
            "Authentication token is empty",
        ),
        (
            ["--url", "http://127.0.0.1:1", "--auth", "OMGClient", "--key", "k", "--secret", " "],
            "Authentication token is empty",
        ),
        (
            [
                "--url",
                "http://127.0.0.1:1",
                "--auth",
                "OMGClient",
                "--key",
                "k",
                "--secret",
                "s3cr3t-value",
                "--channel",
                "transaction_request:txc_01dp2k9m7f4z0x8t3c5b6n1q2w",
            ],
            "is a txc_ id, not a transaction request id",
        ),
        (
            [
                "--url",
                "http://127.0.0.1:1",
                "--auth",
                "OMGClient",
                "--key",
                "k",
                "--secret",
                "s3cr3t-value",
            ],
            "--channel",
        ),
    ],
)
def test_bad_usage_exits_2_with_a_precise_message(args: list[str], message: str) -> None:
    if "--channel" not in args and message != "--channel":
        args = [*args, "--channel", TOPIC]
    code, out, err = run_main(["listen", *args])
    assert code == 2
    assert message in err
    assert out == ""


def test_refused_credentials_exit_3_without_the_secret(sim: SimulatorThread) -> None:
    code, out, err = run_main(
        ["listen", *cashier_args(sim), "--auth-in-query", "--channel", TOPIC],
        env={"EWALLET_SECRET": CANARY},
    )
    assert code == 3
    assert "refused the OMGClient credentials" in err
    assert "headers%5BAuthorization%5D=[redacted]" in err
    assert CANARY not in out + err


def test_exhausted_retries_exit_4() -> None:
    args = ["--url", f"http://127.0.0.1:{free_port()}", "--auth", "OMGClient", "--key", "k"]
    code, out, err = run_main(
        ["listen", *args, "--secret", "s3cr3t-value", "--channel", TOPIC, "--max-retries", "0"]
    )
    assert code == 4
    assert "gave up after 1 failed attempt(s)" in err
    assert json.loads(out.splitlines()[0])["monitor"] == "channel"


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://wallet.example.com", True),
        ("ws://192.0.2.1:4000/api/client/socket", True),
        ("https://wallet.example.com", False),
        ("http://127.0.0.1:4000", False),
        ("http://localhost:4000", False),
    ],
)
def test_plaintext_to_another_host_is_warned_about(url: str, warned: bool) -> None:
    # Checked on the resolved settings: no traffic may leave loopback in tests.
    parser = build_parser()
    args = parser.parse_args(
        [
            "--url",
            url,
            "--auth",
            "OMGClient",
            "--key",
            "k",
            "--secret",
            "s3cr3t-value",
            "--channel",
            TOPIC,
        ]
    )
    err = io.StringIO()
    warn_if_plaintext(resolve_connection(args, env={}), err)
    assert ("without TLS" in err.getvalue()) is warned


def read_json_line(stream: Any) -> dict[str, Any]:
    line = stream.readline()
    assert line, "listen ended early"
    value: dict[str, Any] = json.loads(line)
    return value


def test_frames_are_printed_as_json_lines_and_sigint_exits_0(sim: SimulatorThread) -> None:
    info = sim.info()
    request = next(r for r in info["transaction_requests"] if r["require_confirmation"])
    topic = f"transaction_request:{request['id']}"
    secret = info["credentials"]["cashier"]["authentication_token"]
    env = {**os.environ, "EWALLET_SECRET": secret, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ewallet_monitor",
            "listen",
            *cashier_args(sim),
            "--channel",
            topic,
            "--heartbeat",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        while True:
            line = read_json_line(process.stdout)
            lines.append(line)
            if line.get("monitor") == "channel" and line["state"] == "joined":
                break
        assert process.stdout is not None
        if sys.platform == "linux":
            # Its stdout pipe was given room for a burst's lines (a write to a full pipe
            # would stop the socket and the heartbeats with it).
            assert fcntl.fcntl(process.stdout.fileno(), fcntl.F_GETPIPE_SZ) >= 1 << 20
        created = sim.create_consumption(request["id"])
        while True:
            line = read_json_line(process.stdout)
            lines.append(line)
            if line.get("event") == "transaction_consumption_request":
                break
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    reply = next(line for line in lines if line.get("event") == "phx_reply")
    assert set(reply) == {
        "success",
        "version",
        "data",
        "error",
        "topic",
        "event",
        "ref",
        "received_at",
    }
    assert reply["ref"] == "1" and reply["topic"] == topic
    event = lines[-1]
    assert event["data"]["id"] == created["id"] and event["ref"] is None
    assert event["received_at"].endswith("Z") and len(event["received_at"]) == 24
    channel_lines = [line for line in lines if "monitor" in line]
    assert [line["state"] for line in channel_lines] == ["closed", "joining", "joined"]
    assert all("event" not in line for line in channel_lines)
    assert "[connected]" in err
    for text in (out, err, json.dumps(lines)):
        assert secret not in text


def test_listen_output_has_its_controls_escaped_and_secrets_redacted() -> None:
    from datetime import UTC, datetime

    from ewallet_monitor.app.listen_command import LinePrinter
    from ewallet_monitor.protocol.events import (
        ConnectionState,
        ConnectionStateChanged,
        FrameReceived,
    )
    from ewallet_monitor.protocol.frames import decode_server_frame

    secret = "CANARY-listen-51d0-never"
    now = datetime(2024, 5, 1, tzinfo=UTC)
    raw = json.dumps(
        {
            "topic": "user:usr_1",
            "event": "transaction_consumption_request",
            "ref": None,
            "success": True,
            "error": None,
            "data": {"user": {"full_name": "Eve\x9b2J\u202e", "note": secret}},
        },
        ensure_ascii=False,
    )
    frame = decode_server_frame(raw)
    out, err = io.StringIO(), io.StringIO()
    printer = LinePrinter(out, err, (secret,))
    printer(FrameReceived(frame, now))  # type: ignore[arg-type]
    printer(
        ConnectionStateChanged(
            ConnectionState.RECONNECTING, now, detail=f"closed: \x1b]0;owned\x07 {secret}\r"
        )
    )
    for text in (out.getvalue(), err.getvalue()):
        assert not any(ch in text for ch in "\x1b\x07\r\x9b\u202e")
        assert secret not in text
    line = json.loads(out.getvalue())
    assert line["data"]["user"]["full_name"] == "Eve\x9b2J\u202e"  # the value is intact
    assert "\\x1b]0;owned\\x07" in err.getvalue()


def test_an_incomplete_reconciliation_is_a_monitor_line() -> None:
    from ewallet_monitor.app.listen_command import LinePrinter
    from ewallet_monitor.client.reconcile import RECONCILE_INCOMPLETE
    from ewallet_monitor.protocol.events import MonitorNotice
    from ewallet_monitor.protocol.timestamps import utc_now

    notice = MonitorNotice(
        "reconciliation is incomplete: stopped after 3 page(s)",
        utc_now(),
        level="warning",
        details={"channels": ["user:usr_a"], "code": RECONCILE_INCOMPLETE, "read": 300},
    )
    line = LinePrinter.monitor_line(notice)
    assert line is not None
    assert line["monitor"] == "reconcile_incomplete"
    assert line["read"] == 300 and line["channels"] == ["user:usr_a"]
    assert "stopped after 3 page(s)" in line["reason"]


def test_a_token_logged_out_while_listening_exits_3_saying_it_may_have_expired() -> None:
    with SimulatorThread(SimulatorConfig(port=0, scenario="quiet")) as own:
        info = own.info()
        request = next(r for r in info["transaction_requests"] if r["require_confirmation"])
        secret = info["credentials"]["cashier"]["authentication_token"]
        env = {**os.environ, "EWALLET_SECRET": secret, "PYTHONUNBUFFERED": "1"}
        argv = [sys.executable, "-m", "ewallet_monitor", "listen", *cashier_args(own)]
        argv += ["--channel", f"transaction_request:{request['id']}", "--heartbeat", "5"]
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            while True:
                line = read_json_line(process.stdout)
                if line.get("monitor") == "channel" and line["state"] == "joined":
                    break
            own.expire_token(secret)  # a logout elsewhere: this socket stays open
            own.restart()
            _out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 3, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("ewallet-monitor listen: refused: ")
    assert "the token may have expired or been logged out" in last
    assert secret not in err


def test_anomalies_are_monitor_lines_on_stdout_and_status_lines_on_stderr(
    sim: SimulatorThread,
) -> None:
    info = sim.info()
    request = next(r for r in info["transaction_requests"] if r["require_confirmation"])
    secret = info["credentials"]["cashier"]["authentication_token"]
    foreign = "user:usr_01cbfg9qtdken61agxhx6wvj9h"  # not the cashier: refused
    env = {**os.environ, "EWALLET_SECRET": secret, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ewallet_monitor",
            "listen",
            *cashier_args(sim),
            "--channel",
            f"transaction_request:{request['id']}",
            "--channel",
            foreign,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        while True:
            line = read_json_line(process.stdout)
            if line.get("monitor") == "anomaly":
                break
        assert (line["kind"], line["count"]) == ("join refused", 1)
        assert foreign in line["text"]
        while True:
            status = process.stderr.readline()
            assert status, "listen ended early"
            if status.startswith("[anomaly]"):
                break
        assert status.startswith(f"[anomaly] [join refused] {foreign}: ")
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert process.returncode == 0


RECEIVED = "2024-05-01T00:00:00.000Z"
# A server's own spacing and escapes, an integer wider than a double, a non-ASCII name.
AS_SENT = (
    '{"topic": "user:usr_1", "event":"transaction_consumption_request", "ref":null,'
    '"success":true,"error":null,"version":"1",'
    '"data":{"amount":100000000000000000000000001,"note":"caf\\u00e9 \\/ Zoë"}}'
)


def printed(raw: str, out: TextIO | None = None) -> str:
    """What ``listen`` writes for a frame received as ``raw``."""
    from datetime import UTC, datetime

    from ewallet_monitor.app.listen_command import LinePrinter
    from ewallet_monitor.protocol.events import FrameReceived
    from ewallet_monitor.protocol.frames import ServerFrame, decode_server_frame

    frame = decode_server_frame(raw, lean=True)  # as the socket decodes it
    assert isinstance(frame, ServerFrame)
    stream = out or io.StringIO()
    printer = LinePrinter(stream, io.StringIO(), ())
    printer(FrameReceived(frame, datetime(2024, 5, 1, tzinfo=UTC)))
    assert not printer.broken
    if isinstance(stream, io.TextIOWrapper):
        stream.flush()
        assert isinstance(stream.buffer, io.BytesIO)
        return stream.buffer.getvalue().decode("ascii")
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def test_a_frame_line_is_the_text_as_received_with_received_at_before_its_brace() -> None:
    assert printed(AS_SENT) == AS_SENT[:-1] + f',"received_at":"{RECEIVED}"}}\n'


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps(json.loads(AS_SENT), indent=2),  # line breaks: would split the line
        AS_SENT.replace('"ref":null', '"ref":\tnull'),  # a raw tab
        AS_SENT.replace('"ref":null', '"ref":\r\nnull'),  # a carriage return
        AS_SENT + " ",  # does not end with its brace
        AS_SENT.replace('"ref":null', '"ref":null,"received_at":"the server\'s"'),
    ],
    ids=["line-breaks", "tab", "carriage-return", "trailing-space", "has-received_at"],
)
def test_a_frame_text_that_cannot_take_the_splice_is_encoded_again_on_one_line(
    raw: str,
) -> None:
    value = {**json.loads(raw), "received_at": RECEIVED}
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert printed(raw) == expected + "\n"


def test_a_received_at_inside_the_frames_data_is_not_a_duplicate_key_and_keeps_the_splice() -> None:
    raw = AS_SENT.replace('"note":', '"received_at":"in data","note":')
    assert printed(raw) == raw[:-1] + f',"received_at":"{RECEIVED}"}}\n'


def test_a_stream_that_cannot_encode_the_frame_gets_it_escaped_as_the_same_json() -> None:
    raw = AS_SENT.replace("Zoë", "Zoë 🙂")
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    text = printed(raw, stream)
    assert text.count("\n") == 1 and "\\u00eb" in text and "\\ud83d\\ude42" in text
    assert json.loads(text) == {**json.loads(raw), "received_at": RECEIVED}


def test_lines_received_together_leave_in_one_write_once_the_loop_is_done_with_them() -> None:
    import asyncio
    from datetime import UTC, datetime

    from ewallet_monitor.app.listen_command import LinePrinter
    from ewallet_monitor.protocol.events import FrameReceived
    from ewallet_monitor.protocol.frames import ServerFrame, decode_server_frame

    class Counted(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            return super().write(text)

    frame = decode_server_frame(AS_SENT)
    assert isinstance(frame, ServerFrame)
    out = Counted()
    printer = LinePrinter(out, io.StringIO(), ())

    async def burst() -> str:
        for _ in range(3):
            printer(FrameReceived(frame, datetime(2024, 5, 1, tzinfo=UTC)))
        held = out.getvalue()
        await asyncio.sleep(0)  # the loop's next turn
        return held

    assert asyncio.run(burst()) == ""
    line = AS_SENT[:-1] + f',"received_at":"{RECEIVED}"}}\n'
    assert (out.getvalue(), out.writes) == (line * 3, 1)
