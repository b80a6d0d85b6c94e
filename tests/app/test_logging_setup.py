"""Logging: a rotating file in the user log directory (overridable), handlers that redact
every record — message, arguments, traceback, stack — with the registered secrets and any
credential-shaped text, whichever logger it came from."""

from __future__ import annotations

import io
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from ewallet_monitor.app import logging_setup
from ewallet_monitor.app.logging_setup import (
    LOG_FILE_NAME,
    SECRETS,
    RedactingFilter,
    configure_logging,
    register_secrets,
    resolve_log_dir,
)
from ewallet_monitor.protocol.auth import AuthScheme, Credentials, add_query_credentials

SECRET = "log-canary-secret-5b1d"
CREDS = Credentials(AuthScheme.OMG_PROVIDER, "access-key", SECRET)


@pytest.fixture(autouse=True)
def clean_logging() -> Iterator[None]:
    yield
    setup = logging_setup.active_setup()
    if setup is not None:
        setup.close()
    SECRETS.clear()


def read_logs(directory: Path) -> str:
    return "".join(
        p.read_text(encoding="utf-8") for p in sorted(directory.glob(LOG_FILE_NAME + "*"))
    )


def test_the_log_file_is_private_and_gets_info_records(tmp_path: Path) -> None:
    setup = configure_logging(log_dir=tmp_path / "logs")
    logging.getLogger("ewallet_monitor.client").info("connected to %s", "ws://127.0.0.1")
    logging.getLogger("ewallet_monitor.client").debug("not this one")
    setup.close()
    assert setup.log_file == tmp_path / "logs" / LOG_FILE_NAME
    text = read_logs(tmp_path / "logs")
    assert "INFO ewallet_monitor.client" in text and "connected to ws://127.0.0.1" in text
    assert "not this one" not in text
    assert stat.S_IMODE(os.stat(setup.log_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "logs").st_mode) == 0o700


def test_the_log_directory_follows_argument_then_environment_then_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EWALLET_MONITOR_LOG_DIR", raising=False)
    monkeypatch.delenv("EWALLET_MONITOR_DATA_DIR", raising=False)
    assert resolve_log_dir() == Path(platformdirs.user_log_dir("ewallet-monitor", appauthor=False))
    monkeypatch.setenv("EWALLET_MONITOR_DATA_DIR", str(tmp_path / "data"))
    assert resolve_log_dir() == tmp_path / "data" / "logs"
    monkeypatch.setenv("EWALLET_MONITOR_LOG_DIR", str(tmp_path / "env-logs"))
    assert resolve_log_dir() == tmp_path / "env-logs"
    assert resolve_log_dir(tmp_path / "explicit") == tmp_path / "explicit"


def test_messages_arguments_tracebacks_and_stacks_are_redacted(tmp_path: Path) -> None:
    console = io.StringIO()
    configure_logging(log_dir=tmp_path, console=console, secrets=CREDS.secrets())
    log = logging.getLogger("websockets.client")  # a library's logger, not ours
    log.warning("secret in the message: %s", SECRET)
    log.warning("header %r", {"Authorization": CREDS.authorization()})
    log.warning("url %s", add_query_credentials("wss://h/api/admin/socket", CREDS))
    try:
        raise RuntimeError(f"bad token {SECRET}")
    except RuntimeError:
        log.exception("it failed")
    log.warning("stack", stack_info=True, extra={"note": "x"})
    text = read_logs(tmp_path) + console.getvalue()
    assert SECRET not in text
    for secret in CREDS.secrets():
        assert secret not in text
    assert "RuntimeError: bad token [redacted]" in text
    assert "headers%5BAuthorization%5D=[redacted]" in text
    assert "[redacted]" in console.getvalue()


def test_credential_shaped_text_is_redacted_even_unregistered(tmp_path: Path) -> None:
    configure_logging(log_dir=tmp_path)
    logging.getLogger("aiohttp.client").warning(
        "sent Authorization: OMGClient %s", CREDS.authorization().split(" ", 1)[1]
    )
    text = read_logs(tmp_path)
    assert "Authorization: OMGClient [redacted]" in text
    assert CREDS.authorization().split(" ", 1)[1] not in text


def test_secrets_registered_later_are_redacted_from_then_on(tmp_path: Path) -> None:
    configure_logging(log_dir=tmp_path)
    register_secrets([SECRET])
    logging.getLogger("ewallet_monitor").warning("now %s", SECRET)
    assert SECRET not in read_logs(tmp_path)


def test_the_file_rotates_and_no_generation_holds_a_secret(tmp_path: Path) -> None:
    configure_logging(log_dir=tmp_path, secrets=[SECRET], max_bytes=2000, backups=3)
    for number in range(200):
        logging.getLogger("ewallet_monitor").info("line %d %s", number, SECRET)
    files = sorted(tmp_path.glob(LOG_FILE_NAME + "*"))
    assert len(files) == 4  # the live file and three backups
    assert all(path.stat().st_size <= 2200 for path in files)
    assert SECRET not in read_logs(tmp_path)


def test_the_console_gets_warnings_only(tmp_path: Path) -> None:
    console = io.StringIO()
    configure_logging(log_dir=tmp_path, console=console)
    logging.getLogger("ewallet_monitor").info("quiet")
    logging.getLogger("ewallet_monitor").warning("loud")
    assert "loud" in console.getvalue() and "quiet" not in console.getvalue()


def test_an_unwritable_log_directory_falls_back_to_the_console(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    console = io.StringIO()
    setup = configure_logging(log_dir=blocker, console=console, secrets=[SECRET])
    assert setup.log_file is None and setup.problem is not None
    logging.getLogger("ewallet_monitor").warning("still %s", SECRET)
    assert "still [redacted]" in console.getvalue()
    assert "logging to the console only" in console.getvalue()


def test_configuring_again_replaces_and_close_removes(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    first = configure_logging(log_dir=tmp_path / "a")
    second = configure_logging(log_dir=tmp_path / "b")
    assert not any(h in root.handlers for h in first.handlers)
    assert all(h in root.handlers for h in second.handlers)
    second.close()
    second.close()  # idempotent
    assert root.handlers == before


def test_a_record_with_broken_arguments_is_still_written() -> None:
    # Checked on the filter itself: pytest's own capture handler would raise first.
    register_secrets([SECRET])
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "two %s %s", (SECRET,), None)
    assert RedactingFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "could not be formatted" in text and SECRET not in text
