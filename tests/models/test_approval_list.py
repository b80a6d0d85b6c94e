"""The queue as a list: most urgent first, rows follow the queue, accessible text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from pytestqt.modeltest import ModelTester

from ewallet_monitor.models.approval_list import ApprovalListModel, spoken_countdown
from ewallet_monitor.models.approval_queue import LEFT_UNDECIDED, ApprovalQueue
from ewallet_monitor.protocol.approval import CardState
from tests.models.samples import T0, at, consumption


def pending(cid: str, *, created: float, expires: float | None) -> dict[str, Any]:
    data = consumption(consumption_id=cid)
    data["created_at"] = at(created).isoformat().replace("+00:00", "Z")
    data["expiration_date"] = (
        None if expires is None else at(expires).isoformat().replace("+00:00", "Z")
    )
    return data


QueueAndModel = tuple[ApprovalQueue, ApprovalListModel]


@pytest.fixture
def queue_and_model(qtbot: Any) -> Iterator[QueueAndModel]:
    """A queue and its list model, destroyed model first when the test ends: left to the
    frame's clean-up, PySide sometimes crashed deleting the queue's timers from inside the
    model's deallocation (a segfault in ``releaseWrapper``, about one run in three after
    the window tests of tests/i18n)."""
    queue = ApprovalQueue(linger_ms=0, clock=lambda: T0)
    model = ApprovalListModel(queue)
    yield queue, model
    shiboken6.delete(model)
    shiboken6.delete(queue)


def test_rows_are_ordered_by_expiry_then_age_and_no_expiry_last(
    qtbot: Any, queue_and_model: QueueAndModel
) -> None:
    queue, model = queue_and_model
    ModelTester(qtbot).check(model)
    queue.on_request(pending("txc_late", created=-50, expires=300))
    queue.on_request(pending("txc_never", created=-90, expires=None))
    queue.on_request(pending("txc_soon", created=-10, expires=9))
    queue.on_request(pending("txc_old_late", created=-80, expires=300))
    model.flush()  # the ones after the first came within a batch
    assert model.ids() == ["txc_soon", "txc_old_late", "txc_late", "txc_never"]
    queue.on_finalized(pending("txc_soon", created=-10, expires=9) | {"status": "confirmed"})
    assert model.ids() == ["txc_old_late", "txc_late", "txc_never"]
    assert queue.first_actionable().id == "txc_old_late"  # type: ignore[union-attr]


def test_the_countdown_is_readable_as_text(queue_and_model: QueueAndModel) -> None:
    queue, model = queue_and_model
    queue.on_request(pending("txc_soon", created=-10, expires=9))
    text = model.index(0, 0).data(0x0B)  # Qt.ItemDataRole.AccessibleTextRole
    assert "expires in 9 seconds" in text
    assert "12.50 USD" in text
    assert spoken_countdown(65) == "expires in 1 minute 5 seconds"


def test_a_changed_target_leaves_the_old_servers_waiting_cards_undecided(
    queue_and_model: QueueAndModel,
) -> None:
    queue, model = queue_and_model
    queue.set_target("demo")
    queue.on_request(pending("txc_a", created=-10, expires=60))
    assert queue.pending_count == 1
    queue.set_target("demo")  # the same server again (a reconnect): nothing changes
    assert model.ids() == ["txc_a"]
    left = queue.set_target("other")
    assert left == ["txc_a"]
    assert model.ids() == [] and queue.card("txc_a") is None
    assert queue.pending_count == 0
    assert queue.history.outcome_for("txc_a") == LEFT_UNDECIDED
    # A late answer or event for it changes nothing any more.
    queue.on_request(pending("txc_a", created=-10, expires=60))
    assert queue.card("txc_a") is None
    assert queue.history.card_for("txc_a").state is CardState.PENDING  # type: ignore[union-attr]


def test_a_flood_goes_in_with_one_insert_per_batch(queue_and_model: QueueAndModel) -> None:
    queue, model = queue_and_model
    inserts: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserts.append((first, last)))
    for index in range(200):
        queue.on_request(pending(f"txc_{index:04d}", created=index, expires=60 + index))
    queue.on_request(pending("txc_urgent", created=500, expires=5))
    assert inserts == [(0, 0)]  # the first at once; the rest wait for the batch
    model.flush()
    # The flood appended after the first in one insert; the urgent one at the top.
    assert inserts == [(0, 0), (1, 199), (0, 0)]
    assert model.ids()[0] == "txc_urgent"
    assert model.rowCount() == 201
