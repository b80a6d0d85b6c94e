"""A desk process for the crash tests: registers in the shared store, claims one payment,
says so on stdout, and beats until it is killed.

``python -m tests.store_pg.desk_holder URL SERVER CONSUMPTION STATE NAME`` — STATE is
``held`` (a decision refused: nothing happened) or ``deciding`` (a decision sent, its
outcome unknown). The desk is the application's own :class:`DeskLink`.
"""

from __future__ import annotations

import sys
import time

from ewallet_monitor.store.postgres.desks import DeskLink, DeskOptions


def main(argv: list[str]) -> int:
    url, server, consumption_id, state, name = argv
    link = DeskLink(
        url,
        name=name,
        kind="headless",
        options=DeskOptions.for_timeout(2.0),
        password=lambda _url: None,
    ).start()
    answer = link.claim(server, consumption_id, "approve")
    if not answer.taken:
        print(f"refused: {answer.claim}", flush=True)
        return 1
    if state == "held":
        link.hold_again(server, consumption_id)
    print(f"claimed {state}", flush=True)
    while True:  # until SIGKILL: the heartbeat thread beats meanwhile
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
