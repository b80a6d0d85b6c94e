#!/usr/bin/python3
"""Walk a running ewallet-monitor window over AT-SPI, as a screen reader sees it.

Runs under the SYSTEM python3 with Debian's ``python3-pyatspi`` (pyatspi is not on PyPI),
as a separate process beside the app, on the same X display and session bus. The app must
run with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1`` and an AT-SPI bus (``at-spi-bus-launcher``).

    /usr/bin/python3 scripts/atspi_walk.py --pid PID [--timeout 60]

It waits for the application with that process id, then for the payment card in focus
(the node whose accessible name is ``Payment of <amount> from <customer>``), walks the
whole accessible tree and prints one JSON object: node and role counts, how many nodes
have a name, the interactive nodes on screen without one, what it found of the card (the
node whose accessible text is the amount alone, the customer's label, the spoken
countdown), and the announcements the app made meanwhile (a payment's arrival). Exit
status 0 when the card and its amount were found and no interactive control on screen is
unnamed, 1 otherwise, 2 when the app never appeared.

Rows of tables, trees and lists are counted but not walked (a busy event log has
thousands; their text comes from the models, which the widget tests check).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import time
from typing import Any

import pyatspi
from gi.repository import GLib

CARD_NAME = re.compile(r"^Payment of (?P<amount>.+) from (?P<customer>.+)$")
# Roles a keyboard user lands on. A combo box's name is its value (its label relation
# names it), so it is counted but never reported as unnamed.
INTERACTIVE = {
    "combo box",
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "spin button",
    "slider",
    "table",
    "tree table",
    "tree",
    "list",
    "page tab list",
    "text",
    "password text",
}
NOT_WALKED = {"table", "tree table", "tree", "list"}


def pump(seconds: float) -> None:
    """Wait, delivering AT-SPI events meanwhile (they arrive through GLib's main loop)."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        time.sleep(0.02)


def listen_for_announcements() -> list[str]:
    """What the app asks screen readers to say (``object:announcement``), as it comes."""
    heard: list[str] = []
    pyatspi.Registry.registerEventListener(
        lambda event: heard.append(str(event.any_data)), "object:announcement"
    )
    return heard


def children(node: Any) -> list[Any]:
    found = []
    for index in range(node.childCount):
        try:
            child = node.getChildAtIndex(index)
        except Exception:  # a widget that went away while we walked
            continue
        if child is not None:
            found.append(child)
    return found


def find_app(pid: int, deadline: float) -> Any:
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in children(desktop):
            try:
                if app.get_process_id() == pid:
                    return app
            except Exception:
                continue
        pump(0.2)
    return None


def showing(node: Any) -> bool:
    states = node.getState()
    return states.contains(pyatspi.STATE_SHOWING) and states.contains(pyatspi.STATE_VISIBLE)


def is_interactive(node: Any, role: str) -> bool:
    if role not in INTERACTIVE:
        return False
    if role in ("text", "password text"):
        return node.getState().contains(pyatspi.STATE_EDITABLE)
    if role == "page tab list":
        # Main windows keep tab bars with no tab (only their scroll buttons) for docks.
        return any(child.getRoleName() == "page tab" for child in children(node))
    return True


def describe(node: Any) -> str:
    chain = []
    current = node
    while current is not None and len(chain) < 4:
        chain.append(f"{current.getRoleName()}:{current.name!r}")
        current = current.parent
    return " < ".join(chain)


def walk(app: Any) -> dict[str, Any]:
    roles: collections.Counter[str] = collections.Counter()
    unnamed_roles: collections.Counter[str] = collections.Counter()
    nodes = named = rows_not_walked = 0
    interactive_showing = 0
    unnamed: list[str] = []
    by_name: dict[str, list[Any]] = collections.defaultdict(list)
    stack = [app]
    while stack:
        node = stack.pop()
        try:
            role = node.getRoleName()
            name = node.name or ""
        except Exception:
            continue
        nodes += 1
        roles[role] += 1
        if name.strip():
            named += 1
            by_name[name].append(node)
        else:
            unnamed_roles[role] += 1
        if is_interactive(node, role) and showing(node):
            interactive_showing += 1
            if not name.strip() and role != "combo box":
                unnamed.append(describe(node))
        if role in NOT_WALKED:
            rows_not_walked += node.childCount
            continue
        stack.extend(children(node))
    return {
        "nodes": nodes,
        "named": named,
        "interactive_showing": interactive_showing,
        "unnamed_interactive": unnamed,
        "rows_not_walked": rows_not_walked,
        "roles": dict(roles.most_common()),
        "unnamed_by_role": dict(unnamed_roles.most_common()),
        "_by_name": by_name,
    }


def find_card(app: Any, deadline: float) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Walk until the card in focus is there (a demo payment takes a few seconds)."""
    while True:
        result = walk(app)
        for name, found in result["_by_name"].items():
            match = CARD_NAME.match(name)
            if match and any(showing(node) for node in found):
                card = next(node for node in found if showing(node))
                return result, card_parts(card, match["amount"], match["customer"])
        if time.monotonic() >= deadline:
            return result, None
        pump(0.5)


def card_parts(card: Any, amount: str, customer: str) -> dict[str, Any]:
    """The card's own nodes: the amount by its accessible text, the customer, the
    countdown."""
    parts: dict[str, Any] = {
        "name": card.name,
        "description": card.description,
        "role": card.getRoleName(),
        "amount": amount,
        "amount_node": None,
        "customer": customer,
        "customer_node": None,
        "countdown": None,
    }
    stack = children(card)
    while stack:
        node = stack.pop()
        name = node.name or ""
        if name == amount and parts["amount_node"] is None:
            parts["amount_node"] = node.getRoleName()
        elif customer in name and parts["customer_node"] is None:
            parts["customer_node"] = node.getRoleName()
        elif name.startswith(("expires in", "expiring now", "no expiry")):
            parts["countdown"] = name
        stack.extend(children(node))
    return parts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pid", type=int, required=True, help="the app's process id")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.timeout
    heard = listen_for_announcements()
    app = find_app(args.pid, deadline)
    if app is None:
        print(json.dumps({"error": f"no accessible application with pid {args.pid}"}))
        return 2
    result, card = find_card(app, deadline)
    result.pop("_by_name")
    result["application"] = app.name
    result["card"] = card
    pump(0.2)  # announcements still on their way
    result["announcements"] = heard
    print(json.dumps(result, indent=1, sort_keys=True))
    found = card is not None and card["amount_node"] is not None
    return 0 if found and not result["unnamed_interactive"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
