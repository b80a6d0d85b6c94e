"""The anomaly detector: what it finds in a session's events, grouped, with their rows."""

from __future__ import annotations

from datetime import timedelta

from ewallet_monitor.protocol.anomalies import (
    FAILED_TRANSFER,
    GAP,
    HEARTBEAT_MISSED,
    JOIN_REFUSED,
    JOIN_TIMEOUT,
    PENDING_PAST_EXPIRY,
    RECONNECT_STORM,
    AnomalyDetector,
    AnomalyPolicy,
)
from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.events import (
    ChannelState,
    ConnectionState,
    ConnectionStateChanged,
    HeartbeatMeasured,
)
from tests.models import samples


def pending_until(expiration: str) -> object:
    data = {**samples.consumption(), "expiration_date": expiration}
    return samples.received(samples.REQUEST_TOPIC, "transaction_consumption_request", data=data)


def test_a_refused_join_is_one_anomaly_holding_its_reply_and_state_rows() -> None:
    detector = AnomalyDetector()
    detector.observe(samples.refused_join_reply("user:usr_x"), 10)
    detector.observe(samples.channel_state("user:usr_x", ChannelState.REFUSED, "forbidden"), 11)
    (anomaly,) = detector.anomalies
    assert (anomaly.kind, anomaly.count, anomaly.rows) == (JOIN_REFUSED, 1, [10, 11])
    assert "user:usr_x" in anomaly.text


def test_join_timeouts_are_counted_per_topic() -> None:
    detector = AnomalyDetector()
    reason = "no reply to the join within 3 s; retrying in 1 s"
    for row in (1, 2):
        detector.observe(samples.channel_state("user:usr_y", ChannelState.ERRORED, reason), row)
    (anomaly,) = detector.anomalies
    assert (anomaly.kind, anomaly.count, anomaly.rows) == (JOIN_TIMEOUT, 2, [1, 2])


def test_failed_transfers_are_grouped_by_reason_once_per_consumption() -> None:
    detector = AnomalyDetector()
    funds = EWalletError("transaction:insufficient_funds", "not enough funds")
    for row, cid in ((1, "txc_a"), (2, "txc_a"), (3, "txc_b")):
        event = samples.received(
            samples.REQUEST_TOPIC if row != 2 else samples.USER_TOPIC,
            "transaction_consumption_finalized",
            data=samples.consumption(status="failed", consumption_id=cid),
            error=funds,
        )
        detector.observe(event, row)
    (anomaly,) = detector.anomalies
    assert (anomaly.kind, anomaly.count, anomaly.rows) == (FAILED_TRANSFER, 2, [1, 2, 3])
    assert anomaly.text.startswith("2 transfers failed: transaction:insufficient_funds")


def test_a_gap_says_its_length() -> None:
    detector = AnomalyDetector()
    detector.observe(samples.gap(42.0), 5)
    (anomaly,) = detector.anomalies
    assert anomaly.kind == GAP and "42.0 s" in anomaly.text and anomaly.rows == [5]


def test_a_heartbeat_miss_gives_the_last_rtt_and_reconnects_in_a_row_are_a_storm() -> None:
    detector = AnomalyDetector(AnomalyPolicy(storm_reconnects=3, storm_window_s=60))
    detector.observe(HeartbeatMeasured(12.4, samples.at(0)))
    for second in (1, 11, 21, 31):
        detector.observe(
            ConnectionStateChanged(
                ConnectionState.RECONNECTING,
                samples.at(second),
                detail="no reply to the heartbeat within 1 s and nothing else received",
            ),
            second,
        )
    kinds = {anomaly.kind: anomaly for anomaly in detector.anomalies}
    assert "last round trip 12 ms" in kinds[HEARTBEAT_MISSED].text
    assert kinds[HEARTBEAT_MISSED].count == 4
    storm = kinds[RECONNECT_STORM]
    assert (storm.count, storm.text, storm.rows) == (4, "4 reconnects in 30 s", [21, 31])


def test_a_consumption_still_pending_past_its_expiry_is_found_by_the_clock() -> None:
    detector = AnomalyDetector(AnomalyPolicy(expiry_grace_s=60))
    expires = samples.at(30)
    detector.observe(pending_until("2026-05-01T12:00:30Z"), 7)
    assert detector.tick(expires + timedelta(seconds=59)) == []
    (anomaly,) = detector.tick(expires + timedelta(seconds=61))
    assert anomaly.kind == PENDING_PAST_EXPIRY and anomaly.rows == [7]
    # Finalized in time: nothing.
    other = AnomalyDetector(AnomalyPolicy(expiry_grace_s=0))
    other.observe(pending_until("2026-05-01T12:00:30Z"), 1)
    other.observe(samples.finalized_event("confirmed"), 2)
    assert other.tick(expires + timedelta(hours=1)) == []
