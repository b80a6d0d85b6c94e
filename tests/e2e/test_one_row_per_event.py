"""End to end: the simulator broadcasts a consumption on the request's topic and the
owner's user topic; the window's log shows it as one event."""

from __future__ import annotations

from ewallet_monitor.models.event_log import Column
from ewallet_monitor.protocol.frames import CONSUMPTION_REQUEST
from tests.e2e.conftest import Cockpit


def test_a_request_broadcast_on_two_joined_topics_is_one_row(cockpit: Cockpit) -> None:
    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = str(cockpit.consume(request["id"])["id"])
        model = cockpit.parts.event_log

        def copies() -> list[str]:
            model.flush()
            return [
                model.record_at(row).topic
                for row in range(model.rowCount())
                if model.record_at(row).event == CONSUMPTION_REQUEST
                and model.record_at(row).consumption_id == consumption_id
            ]

        await cockpit.until(lambda: len(copies()) == 2)
        assert set(copies()) == {
            f"transaction_request:{request['id']}",
            f"user:{cockpit.cashier_id}",
        }
        view = cockpit.parts.window.event_log_view
        view.query_bar.set_text(
            f'consumption == "{consumption_id}" and event == {CONSUMPTION_REQUEST}'
        )
        proxy = view.proxy
        assert proxy.rowCount() == 1
        shown = proxy.index(0, Column.TOPIC).data()
        assert shown == f"{copies()[0]} +1"
        view.per_topic_check.setChecked(True)
        assert proxy.rowCount() == 2

    cockpit.run(scenario)
