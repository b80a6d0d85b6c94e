"""The sans-I/O session: refs, channel states and reasons, timeouts, heartbeats, defects."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from ewallet_monitor.protocol.errors import CONNECT_ERROR, FORBIDDEN_CHANNEL, EWalletError
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    HeartbeatMeasured,
)
from ewallet_monitor.protocol.frames import (
    ClientFrame,
    ServerFrame,
    decode_server_frame,
    encode_server_frame,
)
from ewallet_monitor.protocol.session import Session

TOPIC = "transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1q2w"
OTHER = "user:usr_01dp2k9m7f4z0x8t3c5b6n1q2w"
BAD = "address:omri489161761367"
WALL = datetime(2026, 1, 1, tzinfo=UTC)


def new_session(**kwargs: float) -> Session:
    options: dict[str, object] = {"heartbeat_interval": 10.0, "join_timeout": 5.0}
    options.update(kwargs)
    return Session(wall_clock=lambda: WALL, **options)  # type: ignore[arg-type]


def server(
    topic: str,
    event: str,
    ref: str | None,
    error: EWalletError | None = None,
    success: bool | None = None,
    data: object = None,
) -> ServerFrame:
    frame = decode_server_frame(encode_server_frame(topic, event, ref, data, error, success))
    assert isinstance(frame, ServerFrame)
    return frame


def ok_reply(frame: ClientFrame) -> ServerFrame:
    return server(frame.topic, "phx_reply", frame.ref)


def states(session: Session) -> list[tuple[str, ChannelState, str]]:
    return [
        (e.topic, e.state, e.reason)
        for e in session.events_received()
        if isinstance(e, ChannelStateChanged)
    ]


def joined_session(*topics: str) -> tuple[Session, dict[str, ClientFrame]]:
    session = new_session()
    for topic in topics:
        session.join(topic, 0.0)
    session.connection_opened(0.0)
    joins = {frame.topic: frame for frame in session.data_to_send()}
    for frame in joins.values():
        session.receive(ok_reply(frame), 0.1)
    session.events_received()
    return session, joins


def test_a_join_before_the_connection_waits_then_is_sent_with_ref_one() -> None:
    session = new_session()
    session.join(TOPIC, 0.0)
    assert states(session) == [(TOPIC, ChannelState.CLOSED, "waiting for the connection")]
    assert session.data_to_send() == []
    session.connection_opened(1.0)
    assert session.data_to_send() == [ClientFrame(TOPIC, "phx_join", "1", {})]
    assert states(session) == [(TOPIC, ChannelState.JOINING, "joining")]


def test_an_ok_reply_joins_and_refs_keep_counting() -> None:
    session, joins = joined_session(TOPIC, OTHER)
    assert [f.ref for f in joins.values()] == ["1", "2"]
    assert session.channels == {TOPIC: ChannelState.JOINED, OTHER: ChannelState.JOINED}
    session.leave(TOPIC, 1.0)
    assert session.data_to_send()[0].ref == "3"


def test_forbidden_channel_is_refused_for_good() -> None:
    session = new_session()
    session.join(TOPIC, 0.0)
    session.connection_opened(0.0)
    join = session.data_to_send()[0]
    error = EWalletError(FORBIDDEN_CHANNEL, "You don't have access to this channel.")
    session.receive(server(TOPIC, "phx_reply", join.ref, error), 0.1)
    _, state, reason = states(session)[-1]
    assert state is ChannelState.REFUSED
    assert FORBIDDEN_CHANNEL in reason
    # Not rejoined on reconnect, nor by a plain join().
    session.connection_lost(1.0, 1000)
    session.connection_opened(2.0)
    session.join(TOPIC, 2.0)
    assert session.data_to_send() == []
    # An explicit rejoin tries again.
    session.rejoin(TOPIC, 3.0)
    assert session.data_to_send()[0].event == "phx_join"


def test_unmatched_topic_is_refused() -> None:
    session = new_session()
    session.join(TOPIC, 0.0)
    session.connection_opened(0.0)
    join = session.data_to_send()[0]
    error = EWalletError(CONNECT_ERROR, "unmatched topic")
    session.receive(server(TOPIC, "phx_reply", join.ref, error), 0.1)
    assert session.channels[TOPIC] is ChannelState.REFUSED
    assert "unmatched topic" in session.channel_reason(TOPIC)


def test_join_crashed_is_transient_and_rejoined_with_backoff() -> None:
    session = new_session()
    session.join(TOPIC, 0.0)
    session.connection_opened(0.0)
    join = session.data_to_send()[0]
    error = EWalletError(CONNECT_ERROR, "join crashed")
    session.receive(server(TOPIC, "phx_reply", join.ref, error), 0.1)
    assert session.channels[TOPIC] is ChannelState.ERRORED
    assert "crashed on the server while joining; rejoining in 1 s" in session.channel_reason(TOPIC)
    session.tick(0.5)
    assert session.data_to_send() == []
    session.tick(1.2)
    again = session.data_to_send()
    assert [f.event for f in again] == ["phx_join"]
    # A second crash waits longer (the rejoin steps: 1, 2, 5, 10 s).
    session.receive(server(TOPIC, "phx_reply", again[0].ref, error), 1.3)
    assert "rejoining in 2 s" in session.channel_reason(TOPIC)


def test_an_account_channel_refused_says_a_global_admin_role_is_needed() -> None:
    account = "account:acc_01dp2k9m7f4z0x8t3c5b6n1q2w"
    session = new_session()
    session.join(account, 0.0)
    session.connection_opened(0.0)
    join = session.data_to_send()[0]
    error = EWalletError(FORBIDDEN_CHANNEL, "")
    session.receive(server(account, "phx_reply", join.ref, error), 0.1)
    assert session.channels[account] is ChannelState.REFUSED
    reason = session.channel_reason(account)
    assert "global super_admin or admin role" in reason
    assert "provider key pairs are refused" in reason


def test_another_join_error_is_retried_after_the_rejoin_delay() -> None:
    session = new_session()
    session.join(TOPIC, 0.0)
    session.connection_opened(0.0)
    join = session.data_to_send()[0]
    session.receive(server(TOPIC, "phx_reply", join.ref, EWalletError("server:oops", "x")), 0.1)
    assert session.channels[TOPIC] is ChannelState.ERRORED
    assert "retrying in 1 s" in session.channel_reason(TOPIC)
    session.tick(0.5)
    assert session.data_to_send() == []
    session.tick(1.2)
    assert [f.event for f in session.data_to_send()] == ["phx_join"]


def test_join_timeouts_retry_then_fail() -> None:
    session = new_session(join_timeout=1.0)
    session.join(TOPIC, 0.0)
    session.connection_opened(0.0)
    session.data_to_send()
    now = 0.0
    seen = []
    for _ in range(10):
        deadline = session.next_deadline()
        if session.channels[TOPIC] is ChannelState.FAILED:
            break
        assert deadline is not None
        now = max(now, deadline)
        session.tick(now)
        session.data_to_send()
        seen.extend(states(session))
    final = [s for s in seen if s[1] not in (ChannelState.JOINING, ChannelState.CLOSED)]
    assert [s[1] for s in final] == [
        ChannelState.ERRORED,
        ChannelState.ERRORED,
        ChannelState.FAILED,
    ]
    assert "no reply to 3 joins" in final[-1][2]


def test_a_late_reply_after_a_timeout_is_ignored() -> None:
    session = new_session(join_timeout=1.0)
    session.join(TOPIC, 0.0)
    session.connection_opened(0.0)
    first = session.data_to_send()[0]
    session.tick(1.0)
    session.receive(ok_reply(first), 1.1)
    assert session.channels[TOPIC] is ChannelState.ERRORED


def test_unknown_replies_are_ignored() -> None:
    session, _ = joined_session(TOPIC)
    session.receive(server(TOPIC, "phx_reply", "999"), 1.0)
    session.receive(server("phoenix", "phx_reply", None), 1.0)
    assert session.channels[TOPIC] is ChannelState.JOINED
    assert session.events_received() == []


def test_leave_sends_phx_leave_and_closes_on_the_reply() -> None:
    session, joins = joined_session(TOPIC)
    session.leave(TOPIC, 1.0)
    leave = session.data_to_send()[0]
    assert (leave.event, leave.topic) == ("phx_leave", TOPIC)
    assert states(session) == [(TOPIC, ChannelState.LEAVING, "leave requested")]
    session.receive(ok_reply(leave), 1.1)
    # The server's phx_close that follows carries the join ref: already closed, no change.
    session.receive(server(TOPIC, "phx_close", joins[TOPIC].ref, success=False), 1.2)
    assert states(session) == [(TOPIC, ChannelState.CLOSED, "left")]
    session.connection_lost(2.0)
    session.connection_opened(3.0)
    assert session.data_to_send() == []  # not wanted any more


def test_phx_close_alone_also_completes_a_leave() -> None:
    session, joins = joined_session(TOPIC)
    session.leave(TOPIC, 1.0)
    session.data_to_send()
    session.receive(server(TOPIC, "phx_close", joins[TOPIC].ref, success=False), 1.1)
    assert session.channels[TOPIC] is ChannelState.CLOSED


def test_a_leave_without_answer_closes_after_the_timeout() -> None:
    session, _ = joined_session(TOPIC)
    session.leave(TOPIC, 1.0)
    session.tick(6.0)
    assert session.channels[TOPIC] is ChannelState.CLOSED
    assert "no confirmation" in session.channel_reason(TOPIC)


def test_phx_error_on_the_join_ref_errors_the_channel_and_rejoins() -> None:
    session, joins = joined_session(TOPIC)
    frame = server(TOPIC, "phx_error", joins[TOPIC].ref, success=False)
    assert frame.error is None and not frame.success  # not a failure reply, just the serializer
    session.receive(frame, 1.0)
    assert session.channels[TOPIC] is ChannelState.ERRORED
    assert "phx_error" in session.channel_reason(TOPIC)
    session.tick(2.0)
    assert session.data_to_send()[0].event == "phx_join"


def test_a_late_phx_close_for_an_old_join_ref_is_ignored() -> None:
    session, joins = joined_session(TOPIC)
    session.rejoin(TOPIC, 1.0)
    again = session.data_to_send()[0]
    session.receive(ok_reply(again), 1.1)
    session.receive(server(TOPIC, "phx_close", joins[TOPIC].ref, success=False), 1.2)
    assert session.channels[TOPIC] is ChannelState.JOINED


def test_heartbeat_measures_rtt_and_a_missing_reply_asks_to_close() -> None:
    session, _ = joined_session(TOPIC)
    assert session.next_deadline() == 10.0
    session.tick(10.0)
    (beat,) = session.data_to_send()
    assert (beat.topic, beat.event) == ("phoenix", "heartbeat")
    session.receive(server("phoenix", "phx_reply", beat.ref), 10.25)
    (measured,) = session.events_received()
    assert isinstance(measured, HeartbeatMeasured)
    assert session.rtt_ms == measured.rtt_ms == 250.0
    session.tick(20.0)
    session.data_to_send()
    assert session.close_requested is None
    session.tick(30.0)
    assert session.close_requested == (
        "no reply to the heartbeat within 10 s and nothing else received"
    )


def test_frames_still_arriving_keep_a_busy_link_alive_while_its_reply_is_queued() -> None:
    session, _ = joined_session(TOPIC)
    session.tick(10.0)
    (beat,) = session.data_to_send()
    # A burst: the reply sits behind broadcast frames, which keep arriving.
    session.receive(server(TOPIC, "transaction_consumption_finalized", None), 15.0)
    session.tick(20.0)
    assert session.close_requested is None
    assert session.data_to_send() == []  # no second heartbeat while the first is pending
    session.receive(server(TOPIC, "transaction_consumption_finalized", None), 25.0)
    session.tick(30.0)
    assert session.close_requested is None
    session.receive(server("phoenix", "phx_reply", beat.ref), 31.0)
    assert session.rtt_ms == 21000.0
    # Silence again: the next unanswered heartbeat is fatal as before.
    session.tick(40.0)
    session.data_to_send()
    session.tick(50.0)
    assert session.close_requested is not None


def test_losing_the_connection_errors_joined_channels_and_rejoins_them() -> None:
    session, _ = joined_session(TOPIC, OTHER)
    session.connection_lost(5.0, 1006, "dropped")
    assert {s[1] for s in states(session)} == {ChannelState.ERRORED}
    assert "connection lost (dropped)" in session.channel_reason(TOPIC)
    assert session.next_deadline() is None
    session.connection_opened(6.0)
    assert sorted(f.topic for f in session.data_to_send()) == sorted([TOPIC, OTHER])
    assert {s[2] for s in states(session)} == {"rejoining"}


def test_a_1011_during_a_single_join_fails_that_channel_only() -> None:
    session, _ = joined_session(TOPIC)
    session.join(BAD, 1.0)
    session.data_to_send()
    session.connection_lost(1.1, 1011, "closed by the server with code 1011")
    assert session.channels == {TOPIC: ChannelState.ERRORED, BAD: ChannelState.FAILED}
    assert "1011" in session.channel_reason(BAD)
    session.connection_opened(2.0)
    assert [f.topic for f in session.data_to_send()] == [TOPIC]


def test_a_1011_right_after_a_join_reply_is_blamed_on_it() -> None:
    session, _ = joined_session(TOPIC)
    session.join(BAD, 5.0)
    join = session.data_to_send()[0]
    session.receive(ok_reply(join), 5.1)
    session.connection_lost(5.3, 1011)
    assert session.channels[BAD] is ChannelState.FAILED
    assert session.channels[TOPIC] is ChannelState.ERRORED


def test_a_1011_long_after_joining_is_an_ordinary_loss() -> None:
    session, _ = joined_session(TOPIC)
    session.connection_lost(50.0, 1011)
    assert session.channels[TOPIC] is ChannelState.ERRORED


def test_a_1011_with_several_joins_in_flight_finds_the_culprit_one_by_one() -> None:
    session = new_session()
    for topic in (TOPIC, OTHER, BAD):
        session.join(topic, 0.0)
    session.connection_opened(0.0)
    session.data_to_send()
    session.connection_lost(0.1, 1011)
    assert set(session.channels.values()) == {ChannelState.ERRORED}
    session.connection_opened(1.0)
    # Suspects go one at a time: the first alone.
    first = session.data_to_send()
    assert len(first) == 1
    session.receive(ok_reply(first[0]), 1.1)
    assert session.data_to_send() == []  # waits for the defect window to pass
    session.tick(1.1 + session.defect_window)
    (second,) = session.data_to_send()
    assert second.topic != first[0].topic
    if second.topic != BAD:
        session.receive(ok_reply(second), 2.5)
        session.tick(2.5 + session.defect_window)
        (second,) = session.data_to_send()
    assert second.topic == BAD
    session.connection_lost(4.0, 1011)
    assert session.channels[BAD] is ChannelState.FAILED
    assert sum(s is ChannelState.ERRORED for s in session.channels.values()) == 2


def test_events_on_joined_topics_change_nothing() -> None:
    session, _ = joined_session(TOPIC)
    session.receive(server(TOPIC, "transaction_consumption_request", None, data={"id": "x"}), 1)
    session.receive(server(TOPIC, "some_future_event", None), 1.0)
    assert session.events_received() == []


def test_frames_while_disconnected_do_nothing() -> None:
    session = new_session()
    session.join(TOPIC, 0.0)
    session.receive(server(TOPIC, "phx_reply", "1"), 0.0)
    session.tick(100.0)
    assert session.data_to_send() == []
    assert session.channels[TOPIC] is ChannelState.CLOSED


_frames = st.builds(
    server,
    topic=st.sampled_from([TOPIC, OTHER, BAD, "phoenix", "junk"]),
    event=st.sampled_from(["phx_reply", "phx_close", "phx_error", "heartbeat", "other"]),
    ref=st.one_of(st.none(), st.integers(0, 12).map(str)),
    error=st.one_of(
        st.none(),
        st.sampled_from([FORBIDDEN_CHANNEL, CONNECT_ERROR, "x:y"]).map(
            lambda code: EWalletError(code, "d")
        ),
    ),
    success=st.one_of(st.none(), st.booleans()),
)
_steps = st.lists(
    st.one_of(
        st.tuples(st.just("join"), st.sampled_from([TOPIC, OTHER, BAD])),
        st.tuples(st.just("leave"), st.sampled_from([TOPIC, OTHER, BAD])),
        st.tuples(st.just("rejoin"), st.sampled_from([TOPIC, OTHER, BAD])),
        st.tuples(st.just("open"), st.none()),
        st.tuples(st.just("lost"), st.sampled_from([None, 1000, 1006, 1011])),
        st.tuples(st.just("tick"), st.floats(0, 30)),
        st.tuples(st.just("frame"), _frames),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(_steps)
def test_random_input_never_makes_the_session_raise(steps: list[tuple[str, object]]) -> None:
    session = new_session(join_timeout=2.0, heartbeat_interval=3.0)
    now = 0.0
    for kind, arg in steps:
        now += 0.5
        if kind == "join":
            session.join(str(arg), now)
        elif kind == "leave":
            session.leave(str(arg), now)
        elif kind == "rejoin":
            session.rejoin(str(arg), now)
        elif kind == "open":
            session.connection_opened(now)
        elif kind == "lost":
            session.connection_lost(now, arg if isinstance(arg, int) else None)
        elif kind == "tick":
            assert isinstance(arg, float)
            now += arg
            session.tick(now)
        elif isinstance(arg, ServerFrame):
            session.receive(arg, now)
        session.data_to_send()
        session.events_received()
        deadline = session.next_deadline()
        assert deadline is None or deadline >= 0
        assert set(session.channels.values()) <= set(ChannelState)
