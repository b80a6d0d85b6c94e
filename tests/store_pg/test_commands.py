"""``listen``, ``stats`` and ``export`` with ``--store postgresql://…``: two headless
desks write one history, the commands read it, and a password in the address is refused."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from ewallet_monitor.app import export_command, listen_command, stats_command
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread
from tests.conftest import TIME_UNIT

ROOT = Path(__file__).resolve().parents[2]


def _listen(
    sim: SimulatorThread, store: str, desk: str, topic: str, data_dir: Path
) -> subprocess.Popen[str]:
    info = sim.info()
    cashier = info["credentials"]["cashier"]
    env = {**os.environ, "EWALLET_SECRET": cashier["authentication_token"], "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ewallet_monitor",
            "listen",
            "--url",
            sim.url,
            "--auth",
            "OMGClient",
            "--key",
            cashier["api_key"],
            "--channel",
            topic,
            "--store",
            store,
            "--desk",
            desk,
            "--data-dir",
            str(data_dir),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _until(process: subprocess.Popen[str], wanted: Any) -> None:
    assert process.stdout is not None
    while True:
        line = process.stdout.readline()
        assert line, process.stderr.read() if process.stderr else "listen ended"
        if wanted(json.loads(line)):
            return


def test_two_headless_desks_store_one_history_that_stats_and_export_read(
    pg_database: str, tmp_path: Path
) -> None:
    with SimulatorThread(SimulatorConfig(port=0, scenario="quiet")) as sim:
        request = next(r for r in sim.info()["transaction_requests"] if r["require_confirmation"])
        topic = f"transaction_request:{request['id']}"
        desks = [
            _listen(sim, pg_database, name, topic, tmp_path / name) for name in ("desk-A", "desk-B")
        ]
        try:
            for process in desks:
                _until(
                    process,
                    lambda line: line.get("monitor") == "channel" and line["state"] == "joined",
                )
            created = sim.create_consumption(request["id"])
            for process in desks:
                _until(process, lambda line: line.get("event") == "transaction_consumption_request")
            for process in desks:
                process.send_signal(signal.SIGINT)
            for process in desks:
                _out, err = process.communicate(timeout=30 * TIME_UNIT)
                assert process.returncode == 0, err
        finally:
            for process in desks:
                if process.poll() is None:
                    process.kill()
                    process.communicate()
    with psycopg.connect(pg_database) as conn:
        rows = conn.execute(
            "SELECT f.seq, array_agg(k.name ORDER BY k.name) FROM frames f "
            "JOIN frame_desks d USING (seq) JOIN desks k USING (desk_id) "
            "WHERE f.event = 'transaction_consumption_request' "
            "GROUP BY f.seq"
        ).fetchall()
    assert [desks for _seq, desks in rows] == [["desk-A", "desk-B"]]

    out, err = io.StringIO(), io.StringIO()
    sys_out, sys_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        stats_code = stats_command.main(["stats", "--store", pg_database, "--json"])
        stats = json.loads(out.getvalue())
        out.truncate(0)
        out.seek(0)
        export_code = export_command.main(
            ["export", "--store", pg_database, "--consumption", created["id"]]
        )
    finally:
        sys.stdout, sys.stderr = sys_out, sys_err
    assert stats_code == 0 and export_code == 0, err.getvalue()
    assert [(r["status"], r["count"]) for r in stats["by_token_status"]] == [("pending", 1)]
    exported = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["frame"]["event"] for line in exported] == ["transaction_consumption_request"]


@pytest.mark.parametrize("command", [stats_command, export_command])
def test_a_password_in_the_store_address_is_refused(
    command: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    name = command.__name__.rsplit(".", 1)[1].split("_")[0]
    code = command.main([name, "--store", "postgresql://desk:hunter2@localhost/ewallet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--store: the store address holds a password" in err and "hunter2" not in err


def test_listen_refuses_a_password_in_the_store_address() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = listen_command.main(
        [
            "listen",
            "--url",
            "http://127.0.0.1:1",
            "--auth",
            "OMGClient",
            "--key",
            "k",
            "--secret",
            "s",
            "--channel",
            "user:usr_1",
            "--store",
            "postgresql://desk:hunter2@localhost/ewallet",
        ],
        stdout=out,
        stderr=err,
    )
    assert code == 2 and "holds a password" in err.getvalue() and "hunter2" not in err.getvalue()


def test_a_store_that_refuses_says_why(pg_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code = stats_command.main(["stats", "--store", pg_server.dsn("no_such_database")])
    assert code == 2
    assert 'database "no_such_database" does not exist' in capsys.readouterr().err
