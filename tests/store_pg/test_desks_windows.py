"""Several desks on one shared store, with real windows (offscreen), one simulator and a
real PostgreSQL: claims keep two desks from deciding one payment.

- two windows press Approve and Reject on the same card at once: exactly one decision
  reaches the server (counted at the simulator), the other desk says who has it;
- a payment held by another desk shows *being handled at …*, cannot be decided until
  taken over (with a reason, audited);
- a desk killed (SIGKILL) while holding a claim: the claim is freed after the timeout —
  and not while its decision's outcome is unknown; then only the outcome frees it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ewallet_monitor.app.action_command import main as action_main
from ewallet_monitor.app.gui import Assembly
from ewallet_monitor.protocol.approval import CardState
from ewallet_monitor.simulator import SimulatorThread
from ewallet_monitor.store.postgres import PostgresStore
from ewallet_monitor.store.postgres.desks import DeskLink, DeskOptions
from ewallet_monitor.ui.approval_card import ApprovalCardWidget
from tests.conftest import TIME_UNIT
from tests.e2e.conftest import WAIT_S, Cockpit, make_settings, shown_window, start_simulator
from tests.store_pg.conftest import FAST, no_password

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 2.0  # the claim timeout of these desks (60 s in real use)
DESK_OPTIONS = DeskOptions.for_timeout(TIMEOUT_S)


@dataclass
class Desk:
    name: str
    cockpit: Cockpit
    store: PostgresStore

    @property
    def parts(self) -> Assembly:
        return self.cockpit.parts

    def widget(self, consumption_id: str) -> ApprovalCardWidget:
        widget = self.parts.window.queue_view.card_widget(consumption_id)
        assert widget is not None, f"{self.name} does not show {consumption_id}"
        return widget

    def state(self, consumption_id: str) -> CardState | None:
        card = self.parts.queue.card(consumption_id) or self.parts.queue.history.card_for(
            consumption_id
        )
        return None if card is None else card.state


@contextlib.contextmanager
def desks(
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    url: str,
    sim: SimulatorThread,
    names: tuple[str, ...] = ("Desk 1", "Desk 2"),
) -> Iterator[list[Desk]]:
    """Windows on one store (each its own data folder, store and desk)."""
    with contextlib.ExitStack() as stack:
        opened: list[Desk] = []
        for name in names:
            folder = tmp_path / name.replace(" ", "")
            store = PostgresStore(
                url, spool_dir=folder, desk=name, limits=FAST, password=no_password
            )
            stack.callback(store.close)
            link = DeskLink(url, name=name, options=DESK_OPTIONS, password=no_password).start()
            assert link.listening.wait(WAIT_S)
            parts = stack.enter_context(
                shown_window(loop, make_settings(folder), store, desk_link=link)  # type: ignore[arg-type]
            )
            stack.callback(parts.close_desk)
            parts.window.queue_view.set_threshold("")  # approvals go at once
            opened.append(Desk(name, Cockpit(parts, sim, qtbot, loop), store))
        yield opened


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    simulator = start_simulator()
    try:
        yield simulator
    finally:
        simulator.stop()


async def connect_all(all_desks: list[Desk]) -> None:
    for desk in all_desks:
        await desk.cockpit.connect_as_cashier()
    first = all_desks[0].cockpit

    def everyone_sees_everyone() -> bool:
        for desk in all_desks:
            indicator = desk.parts.window.desks_indicator
            if indicator is None or len(indicator.others) < len(all_desks) - 1:
                return False
        return True

    await first.until(everyone_sees_everyone)


async def waiting_everywhere(all_desks: list[Desk], request_id: str) -> str:
    consumption_id = str(all_desks[0].cockpit.consume(request_id)["id"])
    for desk in all_desks:
        await desk.cockpit.until(lambda d=desk: d.parts.window.queue_view.has_card(consumption_id))
        desk.cockpit.look_at(consumption_id)
    return consumption_id


def test_two_windows_racing_on_one_card_send_exactly_one_decision(
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    pg_database: str,
    sim: SimulatorThread,
) -> None:
    with desks(qtbot, qasync_loop, tmp_path, pg_database, sim) as (one, two):
        refusals: dict[str, list[str]] = {one.name: [], two.name: []}
        for desk in (one, two):
            desk.parts.controller.cashier.decision_refused.connect(
                lambda _cid, text, d=desk: refusals[d.name].append(text)
            )

        async def scenario() -> None:
            await connect_all([one, two])
            request = one.cockpit.requests(confirmation=True)[0]
            for round_number in range(4):
                cid = await waiting_everywhere([one, two], request["id"])
                approving, rejecting = (one, two) if round_number % 2 else (two, one)
                # The same turn of the loop: neither desk can have heard of the other.
                approving.widget(cid).approve_button.click()
                rejecting.widget(cid).reject_button.click()
                for desk in (one, two):
                    await desk.cockpit.until(
                        lambda d=desk, c=cid: (s := d.state(c)) is not None and s.is_final
                    )
                sent = [d for d in sim.decisions() if d[0] == cid]
                assert len(sent) == 1, sent
                expected = CardState.CONFIRMED if sent[0][1] == "approve" else CardState.REJECTED
                assert one.state(cid) is expected and two.state(cid) is expected
            # Each round one desk was told who had the payment.
            told = refusals[one.name] + refusals[two.name]
            assert len([t for t in told if "being handled at Desk" in t]) == 4, told

        qasync_loop.run_until_complete(scenario())


def test_a_payment_held_elsewhere_waits_for_an_audited_take_over(
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    pg_database: str,
    sim: SimulatorThread,
) -> None:
    with desks(qtbot, qasync_loop, tmp_path, pg_database, sim, ("Desk 1",)) as (one,):
        other = DeskLink(
            pg_database, name="Desk 2", options=DESK_OPTIONS, password=no_password
        ).start()

        async def scenario() -> None:
            await connect_all([one])
            request = one.cockpit.requests(confirmation=True)[0]
            cid = await waiting_everywhere([one], request["id"])
            server = one.parts.controller.cashier.server
            assert (await asyncio.to_thread(other.claim, server, cid, "approve")).taken
            await asyncio.to_thread(other.hold_again, server, cid)
            widget = one.widget(cid)
            await one.cockpit.until(lambda: not widget.claim_label.isHidden())
            assert "being handled at Desk 2 by " in widget.claim_label.text()
            assert not widget.approve_button.isEnabled()
            assert not widget.reject_button.isEnabled()
            # The keyboard path is refused too (the claim is one more guard).
            one.parts.controller.cashier.decide(cid, "approve")
            await asyncio.sleep(0.2)
            assert sim.decisions() == []
            # Take over, first without a reason (refused), then with one.
            dialog = one.parts.window.ask_take_over(cid)
            dialog.setTextValue("  ")
            dialog.accept()
            await asyncio.sleep(0.2)
            assert not widget.claim_label.isHidden()
            dialog = one.parts.window.ask_take_over(cid)
            dialog.setTextValue("Desk 2 went home")
            dialog.accept()
            await one.cockpit.until(lambda: widget.claim_label.isHidden())
            await one.cockpit.until(lambda: widget.approve_button.isEnabled())
            one.cockpit.look_at(cid)
            widget.approve_button.click()
            await one.cockpit.until(lambda: one.state(cid) is CardState.CONFIRMED)
            assert [d for d in sim.decisions() if d[0] == cid] == [(cid, "approve")]
            claim = await asyncio.to_thread(other.get, server, cid)
            assert claim is not None and claim.outcome == "confirmed"
            assert claim.takeover_reason == "Desk 2 went home"

            def audited() -> bool:
                one.store.flush(1.0)
                actions = {e.action for e in one.store.audit_entries(consumption_id=cid)}
                return {"take_over", "approve"} <= actions

            await one.cockpit.until(audited)
            entry = next(
                e for e in one.store.audit_entries(consumption_id=cid) if e.action == "take_over"
            )
            assert entry.answer_code == "monitor:taken_over"
            assert "Desk 2 went home" in (entry.answer or "")

        try:
            qasync_loop.run_until_complete(scenario())
        finally:
            other.close()


def hold_in_another_process(url: str, server: str, cid: str, state: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.store_pg.desk_holder", url, server, cid, state, "Desk 9"],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == f"claimed {state}", line
    return process


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(30 * TIME_UNIT)
    if process.stdout is not None:
        process.stdout.close()


def test_a_killed_desk_frees_its_claim_after_the_timeout_but_not_an_unknown_outcome(
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    pg_database: str,
    sim: SimulatorThread,
) -> None:
    with desks(qtbot, qasync_loop, tmp_path, pg_database, sim, ("Desk 1",)) as (one,):
        cashier = one.parts.controller.cashier
        link = one.parts.desks
        assert link is not None

        def gone(name: str) -> bool:
            return any(d.name == name and not d.alive for d in link.desks)

        async def scenario() -> None:
            await connect_all([one])
            request = one.cockpit.requests(confirmation=True)[0]

            # Held (nothing sent): freed once Desk 9 is silent for the timeout.
            held = await waiting_everywhere([one], request["id"])
            holder = hold_in_another_process(pg_database, cashier.server, held, "held")
            widget = one.widget(held)
            await one.cockpit.until(lambda: not widget.claim_label.isHidden())
            kill(holder)
            await one.cockpit.until(lambda: widget.claim_label.isHidden(), within=4 * WAIT_S)
            # The list of desks is refreshed on its own clock, not with the freed claim.
            await one.cockpit.until(lambda: gone("Desk 9"), within=4 * WAIT_S)
            one.cockpit.look_at(held)
            widget.approve_button.click()
            await one.cockpit.until(lambda: one.state(held) is CardState.CONFIRMED)

            # Deciding (its outcome unknown): still held long after the timeout...
            deciding = await waiting_everywhere([one], request["id"])
            holder = hold_in_another_process(pg_database, cashier.server, deciding, "deciding")
            widget = one.widget(deciding)
            await one.cockpit.until(lambda: not widget.claim_label.isHidden())
            kill(holder)
            # Silent for the timeout, and swept since (the sweep runs at every beat).
            await one.cockpit.until(lambda: gone("Desk 9"), within=4 * WAIT_S)
            sweeps = 0

            def beat_seen() -> bool:
                nonlocal sweeps
                sweeps += 1
                return False

            link.desks_changed.connect(beat_seen)
            await one.cockpit.until(lambda: sweeps >= 3, within=4 * WAIT_S)
            assert not widget.claim_label.isHidden()
            assert "being handled at Desk 9" in widget.claim_label.text()
            answer = await link.claim(cashier.server, deciding, "reject")
            assert answer is not None and not answer.taken
            assert answer.claim.state == "deciding"
            assert not (await link.take_over(cashier.server, deciding, "it is late")).taken  # type: ignore[union-attr]
            assert sim.decisions().count((deciding, "reject")) == 0

            # ...until the outcome arrives: the server settles it (here the approve the
            # killed desk had sent lands), the finalized event frees the claim.
            cashier_creds = sim.info()["credentials"]["cashier"]
            argv = ["approve", deciding, "--url", sim.url, "--auth", "OMGClient"]
            argv += ["--key", cashier_creds["api_key"], "--secret"]
            argv += [cashier_creds["authentication_token"]]
            assert await asyncio.to_thread(action_main, argv) == 0
            await one.cockpit.until(lambda: one.state(deciding) is CardState.CONFIRMED)
            await one.cockpit.until(
                lambda: not link.has_open(cashier.server, deciding), within=2 * WAIT_S
            )
            claim = await asyncio.to_thread(link.link.get, cashier.server, deciding)
            assert claim is not None and claim.outcome == "confirmed"

        qasync_loop.run_until_complete(scenario())


def test_the_supervisor_stats_and_export_see_every_desk(
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    pg_database: str,
    sim: SimulatorThread,
) -> None:
    import csv
    import io
    import json

    import psycopg

    from ewallet_monitor.app.export_command import main as export_main
    from ewallet_monitor.app.stats_command import main as stats_main
    from ewallet_monitor.store.postgres.supervisor import read_snapshot
    from ewallet_monitor.ui.supervisor_window import SupervisorWindow

    with desks(qtbot, qasync_loop, tmp_path, pg_database, sim) as (one, two):

        async def scenario() -> None:
            await connect_all([one, two])
            request = one.cockpit.requests(confirmation=True)[0]
            # One payment approved at Desk 1, one rejected at Desk 2, one left waiting.
            approved = await waiting_everywhere([one, two], request["id"])
            one.widget(approved).approve_button.click()
            await two.cockpit.until(lambda: two.state(approved) is CardState.CONFIRMED)
            rejected = await waiting_everywhere([one, two], request["id"])
            two.widget(rejected).reject_button.click()
            await one.cockpit.until(lambda: one.state(rejected) is CardState.REJECTED)
            waiting = await waiting_everywhere([one, two], request["id"])
            for desk in (one, two):
                assert desk.store.flush(WAIT_S)

            def snapshot_complete() -> bool:
                with psycopg.connect(pg_database, autocommit=True) as conn:
                    snap = read_snapshot(conn, TIMEOUT_S)
                outcomes = {d.consumption_id: d.outcome for d in snap.decisions}
                return (
                    outcomes.get(approved) == "confirmed"
                    and outcomes.get(rejected) == "rejected"
                    and waiting in {w.consumption_id for w in snap.waiting}
                )

            await one.cockpit.until(snapshot_complete)
            with psycopg.connect(pg_database, autocommit=True) as conn:
                snap = await asyncio.to_thread(read_snapshot, conn, TIMEOUT_S)
            assert {d.name for d in snap.desks if d.alive} == {"Desk 1", "Desk 2"}
            by_consumption = {d.consumption_id: d for d in snap.decisions}
            assert by_consumption[approved].desk == "Desk 1"
            assert by_consumption[rejected].desk == "Desk 2"
            entry = next(w for w in snap.waiting if w.consumption_id == waiting)
            assert set(entry.desks.split(", ")) == {"Desk 1", "Desk 2"}
            assert entry.amount.endswith(" USD") or entry.amount != "—"
            window = SupervisorWindow("test")
            window.show_snapshot(snap)
            assert window.desks_table.rowCount() == len(snap.desks)
            assert window.waiting_table.rowCount() == len(snap.waiting)
            assert window.decisions_table.rowCount() == len(snap.decisions)
            assert "confirmed" in window.statistics_text.toPlainText()
            window.deleteLater()

            # The supervisor command, its own process, read-only.
            result = await asyncio.to_thread(
                subprocess.run,
                [
                    sys.executable,
                    "-m",
                    "ewallet_monitor",
                    "supervisor",
                    "--store",
                    pg_database,
                    "--claim-timeout",
                    str(TIMEOUT_S),
                    "--quit-after",
                    "3000",
                ],
                cwd=ROOT,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                capture_output=True,
                text=True,
                timeout=60 * TIME_UNIT,
            )
            assert result.returncode == 0, result.stderr
            assert "supervisor: 2 desks alive · " in result.stderr, result.stderr

            # stats and export against the shared store: both desks' work, counted once.
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = await asyncio.to_thread(
                    stats_main, ["stats", "--store", pg_database, "--json"]
                )
            assert code == 0
            stats = json.loads(out.getvalue())
            counts = {r["status"]: r["count"] for r in stats["by_token_status"]}
            assert counts.get("confirmed") == 1 and counts.get("rejected") == 1
            audit_csv = tmp_path / "audit.csv"
            code = await asyncio.to_thread(
                export_main,
                ["export", "--store", pg_database, "--what", "audit", "--output", str(audit_csv)],
            )
            assert code == 0
            rows = list(csv.DictReader(io.StringIO(audit_csv.read_text(encoding="utf-8"))))
            decided = {(r["consumption_id"], r["action"]) for r in rows}
            assert {(approved, "approve"), (rejected, "reject")} <= decided

        qasync_loop.run_until_complete(scenario())


def test_a_decision_at_another_desk_settles_the_card_without_the_websocket_event(
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    pg_database: str,
    sim: SimulatorThread,
) -> None:
    with desks(qtbot, qasync_loop, tmp_path, pg_database, sim, ("Desk 1",)) as (one,):
        other = DeskLink(
            pg_database, name="Desk 2", options=DESK_OPTIONS, password=no_password
        ).start()

        async def scenario() -> None:
            await connect_all([one])
            request = one.cockpit.requests(confirmation=True)[0]
            cid = await waiting_everywhere([one], request["id"])
            server = one.parts.controller.cashier.server
            # Desk 2 decided and its answer said rejected: only the claim tells Desk 1
            # (this server never got a decision, so no finalized event will ever come).
            assert (await asyncio.to_thread(other.claim, server, cid, "reject")).taken
            card = one.parts.queue.card(cid)
            assert card is not None
            data = {**card.consumption.raw, "status": "rejected"}
            assert await asyncio.to_thread(other.release, server, cid, "rejected", data)
            await one.cockpit.until(lambda: one.state(cid) is CardState.REJECTED)
            assert sim.decisions() == []

        try:
            qasync_loop.run_until_complete(scenario())
        finally:
            other.close()


def test_without_the_database_a_desk_asks_before_acting_unclaimed(
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    own_pg_server: Any,
    sim: SimulatorThread,
) -> None:
    url = own_pg_server.dsn(own_pg_server.fresh_database())
    with desks(qtbot, qasync_loop, tmp_path, url, sim, ("Desk 1",)) as (one,):

        async def scenario() -> None:
            await connect_all([one])
            request = one.cockpit.requests(confirmation=True)[0]
            cid = await waiting_everywhere([one], request["id"])
            await asyncio.to_thread(own_pg_server.stop)
            widget = one.widget(cid)
            widget.approve_button.click()
            await one.cockpit.until(widget.confirm_box.isVisible)
            assert "cannot be reached" in widget.confirm_label.text()
            assert sim.decisions() == []  # asked, nothing sent
            one.cockpit.look_at(cid)
            widget.confirm_yes.click()
            await one.cockpit.until(lambda: one.state(cid) is CardState.CONFIRMED)
            assert sim.decisions() == [(cid, "approve")]
            await asyncio.to_thread(own_pg_server.start)

            def audited() -> bool:
                one.store.flush(1.0)
                codes = [e.answer_code for e in one.store.audit_entries(consumption_id=cid)]
                return {"monitor:claim_unavailable", "monitor:unclaimed", "ok"} <= set(codes)

            await one.cockpit.until(audited, within=3 * WAIT_S)

        qasync_loop.run_until_complete(scenario())
