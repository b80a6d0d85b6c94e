"""The state file: a simulator killed with SIGKILL and started again with ``--state`` still
knows its consumptions, transfers and balances, as a real server keeps its database."""

import asyncio
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ewallet_monitor.simulator.state import StateFileError
from tests.simulator.helpers import error_code, rpc, simulator

TIMEOUT = 20.0


class Remote:
    """A simulator subprocess as the raw helpers see one: its URL and its first line."""

    def __init__(self, info: dict[str, Any]) -> None:
        self._info = info
        self.url = str(info["url"])

    def info(self) -> dict[str, Any]:
        return self._info


@contextmanager
def simulator_process(state: Path, *extra: str) -> Iterator[tuple[subprocess.Popen[str], Remote]]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ewallet_monitor",
            "simulator",
            "--port",
            "0",
            "--scenario",
            "quiet",
            "--state",
            str(state),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line, process.communicate(timeout=TIMEOUT)[1]
        yield process, Remote(json.loads(line))
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=TIMEOUT)


def ok(envelope: dict[str, Any]) -> Any:
    assert envelope["success"] is True, envelope
    return envelope["data"]


def coffee_bar(remote: Remote) -> str:
    return next(
        r["id"] for r in remote.info()["transaction_requests"] if r["label"] == "Coffee bar"
    )


def run(coroutine: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coroutine, TIMEOUT))


def test_a_killed_simulator_restarted_with_its_state_file_keeps_its_consumptions(
    tmp_path: Path,
) -> None:
    state = tmp_path / "sim-state.json"

    async def consume(remote: Remote, token: str) -> dict[str, Any]:
        body = {
            "formatted_transaction_request_id": coffee_bar(remote),
            "idempotency_token": token,
            "amount": 250,
        }
        made: dict[str, Any] = ok(
            await rpc(remote, "me.consume_transaction_request", body, "consumer")
        )
        return made

    with simulator_process(state) as (process, remote):
        waiting = run(consume(remote, "order-1"))
        paid = run(consume(remote, "order-2"))
        confirmed = run(rpc(remote, "me.approve_transaction_consumption", {"id": paid["id"]}))
        alice = remote.info()["credentials"]["consumer"]
        before = run(rpc(remote, "wallet.get", {"address": paid["address"]}, "admin"))
        process.send_signal(signal.SIGKILL)
        process.wait(TIMEOUT)
    assert ok(confirmed)["status"] == "confirmed"

    with simulator_process(state) as (_process, remote):
        got = ok(run(rpc(remote, "transaction_consumption.get", {"id": waiting["id"]}, "admin")))
        assert (got["status"], got["amount"], got["user_id"]) == ("pending", 250, alice["user_id"])
        kept = ok(run(rpc(remote, "transaction_consumption.get", {"id": paid["id"]}, "admin")))
        assert kept["status"] == "confirmed"
        assert kept["transaction_id"] == ok(confirmed)["transaction_id"]
        wallet = run(rpc(remote, "wallet.get", {"address": paid["address"]}, "admin"))
        assert ok(wallet)["balances"] == ok(before)["balances"]
        # The card waiting before the kill can still be decided after it.
        decided = run(rpc(remote, "me.approve_transaction_consumption", {"id": waiting["id"]}))
        assert ok(decided)["status"] == "confirmed"
        # The same idempotency token still finds the consumption it made.
        again = run(consume(remote, "order-1"))
        assert again["id"] == waiting["id"]
        fresh = run(consume(remote, "order-3"))
        assert fresh["id"] not in (waiting["id"], paid["id"])
        request = ok(
            run(
                rpc(
                    remote, "transaction_request.get", {"formatted_id": coffee_bar(remote)}, "admin"
                )
            )
        )
        assert request["current_consumptions_count"] == 2


def test_the_memory_is_the_file_without_it_a_restart_forgets(tmp_path: Path) -> None:
    state = tmp_path / "unused.json"
    with simulator_process(state) as (process, remote):
        made = run(
            rpc(
                remote,
                "me.consume_transaction_request",
                {
                    "formatted_transaction_request_id": coffee_bar(remote),
                    "idempotency_token": "x",
                    "amount": 5,
                },
                "consumer",
            )
        )
        process.send_signal(signal.SIGKILL)
        process.wait(TIMEOUT)
    state.unlink()
    with simulator_process(state) as (_process, remote):
        answer = run(rpc(remote, "transaction_consumption.get", {"id": ok(made)["id"]}, "admin"))
        assert error_code(answer) == "unauthorized"


def test_a_state_file_of_another_seed_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "state.json"

    async def scenario() -> None:
        async with simulator(state_file=state, seed=1) as sim:
            await sim.create_consumption(sim.world.requests[0].id, 0, 100)

    run(scenario())
    assert json.loads(state.read_text().splitlines()[0])["seed"] == 1
    with pytest.raises(StateFileError, match="seed"):
        run(_start(state, seed=2))
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "ewallet_monitor",
            "simulator",
            "--port",
            "0",
            "--state",
            str(state),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert process.returncode == 2 and "seed" in process.stderr


async def _start(state: Path, seed: int) -> None:
    async with simulator(state_file=state, seed=seed):
        pass


def test_changes_are_appended_and_a_restart_compacts_them(tmp_path: Path) -> None:
    state = tmp_path / "state.json"

    async def first_run() -> tuple[str, str]:
        async with simulator(state_file=state) as sim:
            coffee = sim.world.requests[0].id
            kept = await sim.create_consumption(coffee, 0, 100)
            made = [await sim.create_consumption(coffee, 1, 100 + n) for n in range(5)]
            ok(await rpc(sim, "me.approve_transaction_consumption", {"id": made[0]["id"]}))
            return kept["id"], made[0]["id"]

    kept_id, approved_id = run(first_run())
    lines = state.read_text().splitlines()
    # Header, the start's snapshot, six consumptions made, one approval.
    assert len(lines) == 2 + 6 + 1
    assert json.loads(lines[-1])["consumptions"][0]["status"] == "confirmed"

    async def second_run() -> None:
        async with simulator(state_file=state) as sim:
            assert sim.world.consumptions[kept_id].status == "pending"
            assert sim.world.consumptions[approved_id].status == "confirmed"
            assert len(sim.world.consumptions) == 6
            await sim.create_consumption(sim.world.requests[0].id, 0, 100)
            assert len(sim.world.consumptions) == 7  # a new id, not one made before

    run(second_run())
    assert len(state.read_text().splitlines()) == 2 + 1  # compacted, then one change


def test_a_last_line_cut_short_by_a_kill_is_ignored(tmp_path: Path) -> None:
    state = tmp_path / "state.json"

    async def make() -> str:
        async with simulator(state_file=state) as sim:
            made = await sim.create_consumption(sim.world.requests[0].id, 0, 100)
            return str(made["id"])

    made_id = run(make())
    with state.open("a", encoding="utf-8") as handle:
        handle.write('{"idempotency_counter": 3, "balan')  # the kill came mid-write

    async def check() -> None:
        async with simulator(state_file=state) as sim:
            assert list(sim.world.consumptions) == [made_id]

    run(check())
    damaged = state.read_text().splitlines()
    damaged.insert(1, "{oops")
    state.write_text("\n".join(damaged) + "\n", encoding="utf-8")
    with pytest.raises(StateFileError, match="damaged"):
        run(_start(state, seed=0))
