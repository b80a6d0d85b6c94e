"""Claims in the real PostgreSQL: one desk wins a race, the others learn who at once (NOTIFY),
a settled claim is never taken again, a deciding claim is never taken over."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ewallet_monitor.store.postgres.claims import Claim, ClaimAnswer, DeskInfo
from ewallet_monitor.store.postgres.desks import DeskLink, DeskOptions, DesksUnreachable
from tests.store_pg.conftest import WAIT, no_password, wait_until

SERVER = "http://127.0.0.1:4000/api/client/socket\nOMGClient\napi_key"
FAST = DeskOptions(heartbeat_s=0.2, timeout_s=1.0, retry_s=0.2)


class Seen:
    """What a desk's callbacks received (from the link's threads)."""

    def __init__(self) -> None:
        self.claims: list[Claim] = []
        self.desks: list[list[DeskInfo]] = []
        self.reachable: list[bool] = []
        self.lock = threading.Lock()

    def claim(self, claim: Claim) -> None:
        with self.lock:
            self.claims.append(claim)

    def last(self, consumption_id: str) -> Claim | None:
        with self.lock:
            found = [c for c in self.claims if c.consumption_id == consumption_id]
        return found[-1] if found else None


@pytest.fixture
def desk(pg_database: str) -> Iterator[Callable[..., tuple[DeskLink, Seen]]]:
    links: list[DeskLink] = []

    def make(
        name: str, options: DeskOptions = FAST, reachable: bool = True
    ) -> tuple[DeskLink, Seen]:
        seen = Seen()
        link = DeskLink(
            pg_database,
            name=name,
            options=options,
            password=no_password,
            on_claim=seen.claim,
            on_desks=seen.desks.append,
            on_reachable=seen.reachable.append,
        ).start()
        links.append(link)
        if reachable:
            assert link.listening.wait(WAIT)
        return link, seen

    yield make
    for link in links:
        link.close()


def race(links: list[DeskLink], consumption: str) -> list[ClaimAnswer]:
    """Every desk claims ``consumption`` at the same instant (half approve, half reject)."""
    answers: list[ClaimAnswer] = []
    start = threading.Barrier(len(links))

    def press(link: DeskLink, action: str) -> None:
        start.wait()
        answers.append(link.claim(SERVER, consumption, action))

    threads = [
        threading.Thread(target=press, args=(link, "approve" if i % 2 else "reject"))
        for i, link in enumerate(links)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_of_desks_racing_for_one_consumption_exactly_one_wins(
    desk: Callable[..., tuple[DeskLink, Seen]],
) -> None:
    links = [desk(f"Desk {n}")[0] for n in range(1, 5)]
    for round_number in range(20):
        consumption = f"txc_race_{round_number}"
        answers = race(links, consumption)
        winners = [a for a in answers if a.taken]
        assert len(winners) == 1, answers
        holder = winners[0].claim
        for answer in answers:
            assert answer.claim.desk_id == holder.desk_id
            assert answer.claim.state == "deciding"


def test_the_other_desks_learn_the_holder_at_once_and_then_the_outcome(
    desk: Callable[..., tuple[DeskLink, Seen]],
) -> None:
    one, _ = desk("Desk 1")
    two, seen_by_two = desk("Desk 2")
    wait_until(lambda: seen_by_two.desks and len(seen_by_two.desks[-1]) == 2)
    assert one.claim(SERVER, "txc_1", "approve").taken
    wait_until(lambda: seen_by_two.last("txc_1") is not None)
    held = seen_by_two.last("txc_1")
    assert held is not None and held.holder_text().startswith("being handled at Desk 1 by ")
    refused = two.claim(SERVER, "txc_1", "reject")
    assert not refused.taken and refused.claim.desk_name == "Desk 1"
    assert one.release(SERVER, "txc_1", "confirmed", {"id": "txc_1", "status": "confirmed"})
    wait_until(lambda: (c := seen_by_two.last("txc_1")) is not None and c.is_settled)
    settled = seen_by_two.last("txc_1")
    assert settled is not None and settled.outcome_data == {"id": "txc_1", "status": "confirmed"}
    # Settled: nobody decides it again, not even the desk that decided.
    for link in (one, two):
        answer = link.claim(SERVER, "txc_1", "approve")
        assert not answer.taken and answer.claim.outcome == "confirmed"


def test_a_deciding_claim_is_never_taken_over_a_held_one_is(
    desk: Callable[..., tuple[DeskLink, Seen]],
) -> None:
    one, _ = desk("Desk 1")
    two, _ = desk("Desk 2")
    assert one.claim(SERVER, "txc_2", "approve").taken
    refused = two.take_over(SERVER, "txc_2", "Desk 1 is at lunch")
    assert not refused.taken and refused.claim.state == "deciding"
    one.hold_again(SERVER, "txc_2")  # its decision was refused: nothing happened
    taken = two.take_over(SERVER, "txc_2", "Desk 1 is at lunch")
    assert taken.taken and taken.claim.desk_name == "Desk 2"
    assert taken.claim.taken_over_from is not None
    assert taken.claim.taken_over_from.startswith("Desk 1 (")
    assert taken.claim.takeover_reason == "Desk 1 is at lunch"
    assert not one.claim(SERVER, "txc_2", "approve").taken


def test_a_desk_that_closes_frees_its_held_claims_not_its_deciding_ones(
    desk: Callable[..., tuple[DeskLink, Seen]],
) -> None:
    one, _ = desk("Desk 1")
    two, _ = desk("Desk 2")
    assert one.claim(SERVER, "txc_held", "approve").taken
    one.hold_again(SERVER, "txc_held")
    assert one.claim(SERVER, "txc_deciding", "approve").taken
    one.close()
    assert two.claim(SERVER, "txc_held", "approve").taken
    answer = two.claim(SERVER, "txc_deciding", "reject")
    assert not answer.taken and answer.claim.desk_name == "Desk 1"


def test_claims_are_refused_when_the_database_cannot_be_reached() -> None:
    link = DeskLink(
        "postgresql://nobody@127.0.0.1:9/none",
        name="Desk 9",
        options=FAST,
        password=no_password,
    ).start()
    try:
        with pytest.raises(DesksUnreachable, match="unreachable"):
            link.claim(SERVER, "txc_3", "approve")
        assert not link.reachable
    finally:
        link.close()


def test_listen_with_a_shared_store_is_a_headless_desk_the_others_see(
    desk: Callable[..., tuple[DeskLink, Seen]], pg_database: str, tmp_path: Any
) -> None:
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread

    watcher, seen = desk("Desk 1")
    root = Path(__file__).resolve().parents[2]
    with SimulatorThread(SimulatorConfig(port=0, scenario="quiet")) as sim:
        cashier = sim.info()["credentials"]["cashier"]
        process = subprocess.Popen(
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
                f"user:{cashier['user_id']}",
                "--store",
                pg_database,
                "--desk",
                "till-3",
                "--claim-timeout",
                "2",
                "--data-dir",
                str(tmp_path),
            ],
            cwd=root,
            env={**os.environ, "EWALLET_SECRET": cashier["authentication_token"]},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:

            def listed(alive: bool, stopped: bool) -> bool:
                return any(
                    d.name == "till-3"
                    and d.kind == "headless"
                    and d.alive is alive
                    and d.stopped is stopped
                    for d in watcher.desks()
                )

            wait_until(lambda: listed(alive=True, stopped=False))
            assert process.stderr is not None
            # Joined: its signal handlers are installed (SIGTERM then stops it cleanly).
            for line in process.stderr:
                if ": joined" in line:
                    break
            # The window's indicator is fed the same list by the heartbeat.
            wait_until(lambda: any(d.name == "till-3" for d in (seen.desks or [[]])[-1]))
            process.send_signal(signal.SIGTERM)
            assert process.wait(WAIT) == 0, process.stderr.read() if process.stderr else ""
            wait_until(lambda: listed(alive=False, stopped=True))
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(WAIT)
            if process.stderr is not None:
                process.stderr.close()
