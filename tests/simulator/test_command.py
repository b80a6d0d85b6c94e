"""``ewallet-monitor simulator`` as a subprocess: first line JSON, SIGTERM exits 0."""

import json
import signal
import subprocess
import sys

from ewallet_monitor.app.simulator_command import build_parser

TIMEOUT = 20.0


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ewallet_monitor", "simulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_first_line_is_the_listening_json_and_sigterm_stops_cleanly() -> None:
    process = start("--port", "0", "--scenario", "quiet", "--seed", "3", "--idle-timeout", "5")
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        assert info["event"] == "listening"
        assert info["url"].startswith("http://127.0.0.1:")
        port = info["url"].rsplit(":", 1)[1]
        assert info["client_socket"] == f"ws://127.0.0.1:{port}/api/client/socket"
        assert info["admin_socket"] == f"ws://127.0.0.1:{port}/api/admin/socket"
        c = info["credentials"]
        assert set(c["cashier"]) >= {"scheme", "api_key", "authentication_token", "user_id"}
        assert set(c["consumer"]) >= {"scheme", "api_key", "authentication_token", "user_id"}
        assert set(c["admin"]) >= {"scheme", "access_key", "secret_key"}
        assert all(
            set(r) >= {"id", "owner_user_id", "require_confirmation"}
            for r in info["transaction_requests"]
        )
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0, err
        assert "listening on" in err  # activity goes to stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_sigint_also_exits_zero() -> None:
    process = start("--port", "0", "--scenario", "quiet")
    try:
        assert process.stdout is not None
        json.loads(process.stdout.readline())
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_a_non_loopback_host_gets_a_loud_warning() -> None:
    # 192.0.2.1 is TEST-NET-1: nothing here owns it, so binding fails without any traffic.
    process = start("--host", "192.0.2.1", "--port", "0", "--scenario", "quiet")
    out, err = process.communicate(timeout=TIMEOUT)
    assert "WARNING" in err and "PUBLIC" in err
    assert process.returncode == 1 and out == ""


def test_options_parse() -> None:
    args = build_parser().parse_args(
        ["--no-channel-defect", "--expiry-mode", "minute_job", "--rate", "50", "--port", "0"]
    )
    assert (args.no_channel_defect, args.expiry_mode, args.rate, args.port) == (
        True,
        "minute_job",
        50.0,
        0,
    )
    assert build_parser().parse_args([]).port == 4000
    assert build_parser().parse_args([]).auth_token_lifetime is None
    assert build_parser().parse_args(["--auth-token-lifetime", "30"]).auth_token_lifetime == 30.0
    crashes = build_parser().parse_args(["--join-crashes", "2", "--channel-crash-interval", "5"])
    assert (crashes.join_crashes, crashes.channel_crash_interval) == (2, 5.0)
    assert str(build_parser().parse_args(["--state", "s.json"]).state) == "s.json"
