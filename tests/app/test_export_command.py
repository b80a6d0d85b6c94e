"""`ewallet-monitor export`: exit codes, messages and output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ewallet_monitor.app.export_command import main
from ewallet_monitor.protocol.events import ChannelStateChanged, GapRecorded
from ewallet_monitor.store import EventStore
from ewallet_monitor.store.export import AUDIT_CSV_COLUMNS, FRAME_CSV_COLUMNS
from tests.store.samples import at, mixed_events, side_events


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    with EventStore(directory / "events.sqlite3") as store:
        store.record_many(mixed_events(30))
        store.record_audit(action="approve", consumption_id="txc_1", os_user="op", at=at(3))
    return directory


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_events_go_to_stdout_as_ndjson_by_default(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--data-dir", str(data_dir))
    assert (code, err) == (0, "")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["seq"] for line in lines] == list(range(1, 31))


def test_filters_and_time_range_select_exactly_the_matching_events(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "--data-dir", str(data_dir),
        "--since", "2024-05-01T10:00:05Z",
        "--until", "2024-05-01T12:00:20+02:00",  # = 10:00:20 UTC
        "--event", "phx_join",
        "--format", "csv",
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["seq"] for row in rows] == ["6", "16"]
    assert {row["direction"] for row in rows} == {"out"}


def test_search_and_topic_kind_filter(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "--topic", "account:", "--search", "Shop"
    )
    assert code == 0
    assert [json.loads(line)["kind"] for line in out.splitlines()] == ["recovered"] * 3


def test_the_audit_trail_goes_to_a_file_as_csv(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "audit.csv"
    code, out, err = run(
        capsys, "--data-dir", str(data_dir), "--what", "audit", "--output", str(target)
    )
    assert (code, out, err) == (0, "", "")
    with target.open(encoding="utf-8", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert [(row["action"], row["consumption_id"], row["os_user"]) for row in rows] == [
        ("approve", "txc_1", "op")
    ]


def test_no_match_is_still_success(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--search", "nothing like it")
    assert (code, out) == (0, "")
    assert err == "ewallet-monitor export: nothing matched; wrote an empty file\n"
    code, out, err = run(
        capsys, "--data-dir", str(data_dir), "--format", "csv", "--where", "amount > 10e30"
    )
    assert (code, out.splitlines()) == (0, [",".join(FRAME_CSV_COLUMNS)])
    assert "wrote a CSV header only" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday"], "--since 'yesterday' is not an ISO-8601 date"),
        (["--until", "2024-02-30"], "--until '2024-02-30' is not an ISO-8601 date"),
        (["--since", "2024-05-02", "--until", "2024-05-01"], "is not before --until"),
        (["--what", "audit", "--topic", "x"], "apply to events"),
        (["--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_bad_arguments_exit_2_with_a_precise_message(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "--data-dir", str(data_dir), *args)
    assert (code, out) == (2, "")
    assert message in err


def test_a_missing_database_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "nowhere"))
    assert (code, out) == (2, "")
    assert f"no database at {tmp_path / 'nowhere' / 'events.sqlite3'}" in err
    assert not (tmp_path / "nowhere").exists()  # a reader creates nothing


def test_an_empty_database_writes_an_empty_export_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A nightly script wants a header-only file and status 0 on a quiet day."""
    with EventStore(tmp_path / "events.sqlite3"):
        pass
    code, out, err = run(capsys, "--data-dir", str(tmp_path))
    assert (code, out) == (0, "")
    assert "holds no events" in err
    target = tmp_path / "audit.csv"
    code, _, err = run(
        capsys, "--data-dir", str(tmp_path), "--what", "audit", "--output", str(target)
    )
    assert code == 0
    assert "holds no audit entries" in err and "wrote a CSV header only" in err
    assert target.read_text(encoding="utf-8").splitlines() == [",".join(AUDIT_CSV_COLUMNS)]


def test_the_environment_variable_points_at_the_data_dir(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EWALLET_MONITOR_DATA_DIR", str(data_dir))
    code, out, _ = run(capsys, "--what", "audit")
    assert code == 0
    assert "txc_1" in out


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "--data-dir" in out


def test_where_selects_with_the_filter_language(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, everything, _ = run(capsys, "--data-dir", str(data_dir), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(everything)))
    failed = [row["seq"] for row in rows if row["status"] == "failed"]
    assert failed
    code, out, err = run(
        capsys, "--data-dir", str(data_dir), "--format", "csv", "--where", 'status == "failed"'
    )
    assert (code, err) == (0, "")
    assert [row["seq"] for row in csv.DictReader(io.StringIO(out))] == failed
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "--format", "csv",
        "--where", 'not status == "failed" and direction == in',
    )  # fmt: skip
    seqs = {row["seq"] for row in csv.DictReader(io.StringIO(out))}
    assert code == 0 and seqs and not seqs & set(failed)


def test_a_bad_where_exits_2_showing_the_column(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--where", "amount > half")
    assert (code, out) == (2, "")
    first, expression, caret = err.splitlines()
    assert first == ("ewallet-monitor export: --where column 10: 'half' is not a number")
    assert expression == "  amount > half"
    assert caret == "  " + " " * 9 + "^"


def test_gaps_and_channel_states_export_to_csv_and_ndjson(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with EventStore(tmp_path / "events.sqlite3") as store:
        store.record_many(side_events())
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "--what", "gaps")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    gap = next(e for e in side_events() if isinstance(e, GapRecorded))
    assert len(rows) == 1
    assert rows[0]["channels"] == " ".join(gap.channels)
    assert float(rows[0]["seconds"]) == (gap.end - gap.start).total_seconds()
    assert rows[0]["recoverable"] == str(gap.recoverable)
    code, out, err = run(
        capsys, "--data-dir", str(tmp_path), "--what", "channels", "--format", "ndjson"
    )
    states = [e for e in side_events() if isinstance(e, ChannelStateChanged)]
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(line["topic"], line["state"], line["reason"]) for line in lines] == [
        (s.topic, s.state.value, s.reason) for s in states
    ]
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "--what", "gaps", "--topic", "x")
    assert code == 2 and "not to --what gaps" in err
