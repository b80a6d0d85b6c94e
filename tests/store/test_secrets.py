"""A canary secret never reaches the database file, its WAL, or an export."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.events import (
    ConnectionState,
    ConnectionStateChanged,
    FrameReceived,
    FrameSent,
    InvalidFrameReceived,
    MonitorNotice,
)
from ewallet_monitor.protocol.frames import ClientFrame, InvalidFrame, ServerFrame
from ewallet_monitor.store import EventStore
from ewallet_monitor.store.export import export_audit, export_frames
from tests.store.conftest import wait_indexed
from tests.store.samples import at

CANARY = "canary-SECRET-7f3a9"
CREDENTIALS = Credentials(AuthScheme.OMG_PROVIDER, "access-1", CANARY)


def leaky_events() -> list[object]:
    header = CREDENTIALS.authorization()
    return [
        FrameReceived(
            ServerFrame(
                topic="user:usr_1",
                event="transaction_consumption_request",
                ref=None,
                data={"metadata": {"note": f"pasted {CANARY} here"}},
                success=True,
                error=EWalletError("x:y", f"bad {CANARY}"),
                raw=f'{{"data":{{"metadata":{{"note":"pasted {CANARY} here"}}}},"topic":"user:usr_1"}}',
            ),
            at(1),
        ),
        FrameSent(ClientFrame("user:usr_1", "phx_join", "1", {"token": CANARY}), at(2)),
        InvalidFrameReceived(InvalidFrame(f"echo {header}", f"Authorization: {header}"), at(3)),
        ConnectionStateChanged(
            ConnectionState.CONNECTED,
            at(4),
            url=f"wss://h/api/admin/socket?{header.split()[1]}",
            detail=CANARY,
        ),
        MonitorNotice(f"failed with {CANARY}", at(5), details={"header": header}),
    ]


def test_the_canary_is_nowhere_in_the_files_or_exports(db_path: Path) -> None:
    with EventStore(db_path, secrets=CREDENTIALS.secrets(), commit_interval=0.01) as store:
        store.record_many(leaky_events())  # type: ignore[arg-type]
        store.record_audit(
            action="approve", consumption_id="txc_1", answer={"success": True, "echo": CANARY}
        )
        wait_indexed(store)
        assert store.search(text="[redacted]")
        frames_out, audit_out = io.StringIO(), io.StringIO()
        export_frames(store.reader, frames_out, fmt="ndjson")
        export_frames(store.reader, frames_out, fmt="csv")
        export_audit(store.reader, audit_out)
        exported = frames_out.getvalue() + audit_out.getvalue()
        # The WAL, before any checkpoint, is checked too.
        on_disk = b"".join(p.read_bytes() for p in db_path.parent.glob("events.sqlite3*"))
    on_disk += b"".join(p.read_bytes() for p in db_path.parent.glob("events.sqlite3*"))
    for secret in CREDENTIALS.secrets():
        assert secret not in exported
        assert secret.encode() not in on_disk
    assert "[redacted]" in exported


def test_a_json_escaped_or_base64_echo_is_redacted_in_the_files_index_and_exports(
    db_path: Path,
) -> None:
    escaped = "".join(f"\\u{ord(ch):04x}" for ch in CANARY)
    encoded = base64.b64encode(f"echo:{CANARY}".encode()).decode()
    raw = (
        '{"data":{"username":"' + escaped + '","metadata":{"blob":"' + encoded + '"}},'
        '"topic":"user:usr_1","event":"transaction_consumption_request","ref":null,'
        '"success":true,"error":null,"version":"1"}'
    )
    frame = FrameReceived(
        ServerFrame(
            topic="user:usr_1",
            event="transaction_consumption_request",
            ref=None,
            data=json.loads(raw)["data"],
            success=True,
            error=None,
            raw=raw,
        ),
        at(1),
    )
    with EventStore(db_path, secrets=CREDENTIALS.secrets(), commit_interval=0.01) as store:
        store.record_many([frame])
        wait_indexed(store)
        assert store.search(text="[redacted]")
        assert not store.search(text=CANARY)
        out = io.StringIO()
        export_frames(store.reader, out, fmt="ndjson")
        exported = json.dumps(json.loads(out.getvalue()), ensure_ascii=False)
        on_disk = b"".join(p.read_bytes() for p in db_path.parent.glob("events.sqlite3*"))
    on_disk += b"".join(p.read_bytes() for p in db_path.parent.glob("events.sqlite3*"))
    assert CANARY not in exported and escaped not in exported
    assert escaped.encode() not in on_disk and CANARY.encode() not in on_disk
    assert encoded[8:-8] not in exported and encoded[8:-8].encode() not in on_disk
