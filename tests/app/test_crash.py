"""Crash handling: an unexpected exception anywhere (main thread, another thread, the
asyncio loop) is logged, redacted, to the rotating log and handed to the UI callback."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ewallet_monitor.app import crash, logging_setup
from ewallet_monitor.app.crash import CrashHandler, CrashReport
from ewallet_monitor.app.logging_setup import LOG_FILE_NAME, SECRETS, configure_logging
from ewallet_monitor.protocol.auth import AuthScheme, Credentials

SECRET = "crash-canary-secret-0a9e"
CREDS = Credentials(AuthScheme.OMG_CLIENT, "api-key", SECRET)


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    configure_logging(log_dir=tmp_path, secrets=CREDS.secrets())
    yield tmp_path
    setup = logging_setup.active_setup()
    if setup is not None:
        setup.close()
    SECRETS.clear()


@pytest.fixture
def handler() -> Iterator[tuple[CrashHandler, list[CrashReport]]]:
    reports: list[CrashReport] = []
    installed = CrashHandler(reports.append).install()
    yield installed, reports
    installed.uninstall()


def logged(directory: Path) -> str:
    return (directory / LOG_FILE_NAME).read_text(encoding="utf-8")


def failing_with_secret() -> None:
    raise ValueError(f"token {SECRET} rejected; header {CREDS.authorization()}")


def test_an_uncaught_exception_is_logged_redacted_and_reported(
    log_dir: Path, handler: tuple[CrashHandler, list[CrashReport]]
) -> None:
    _, reports = handler
    try:
        failing_with_secret()
    except ValueError:
        sys.excepthook(*sys.exc_info())  # what Python does for an uncaught exception
    (report,) = reports
    assert report.source == "main thread"
    assert report.summary.startswith("ValueError: token [redacted] rejected")
    assert "failing_with_secret" in report.details
    assert report.log_file == log_dir / LOG_FILE_NAME
    text = logged(log_dir)
    assert "CRITICAL ewallet_monitor.crash [MainThread] unexpected error in the main thread" in text
    assert "failing_with_secret" in text
    for secret in CREDS.secrets():
        assert secret not in text
        assert secret not in report.summary + report.details


def test_an_exception_in_another_thread_is_reported(
    log_dir: Path, handler: tuple[CrashHandler, list[CrashReport]]
) -> None:
    _, reports = handler
    worker = threading.Thread(target=failing_with_secret, name="store-writer")
    worker.start()
    worker.join()
    (report,) = reports
    assert report.source == "thread store-writer"
    assert SECRET not in logged(log_dir) and SECRET not in report.details


def test_an_exception_on_the_asyncio_loop_is_reported(
    log_dir: Path, handler: tuple[CrashHandler, list[CrashReport]]
) -> None:
    crashes, reports = handler

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        crashes.install_on_loop(loop)
        loop.call_soon(failing_with_secret)
        await asyncio.sleep(0.01)
        loop.call_exception_handler({"message": f"odd state, token {SECRET}"})

    asyncio.run(scenario())
    assert [r.source for r in reports] == ["asyncio loop", "asyncio loop"]
    assert reports[0].summary.startswith("ValueError: token [redacted]")
    assert "Exception in callback" in reports[0].details
    assert reports[1].summary == "odd state, token [redacted]"
    assert SECRET not in logged(log_dir)


def test_keyboard_interrupt_is_not_a_crash(
    handler: tuple[CrashHandler, list[CrashReport]], monkeypatch: pytest.MonkeyPatch
) -> None:
    crashes, reports = handler
    passed_on: list[type[BaseException]] = []
    monkeypatch.setattr(crashes, "_previous_sys_hook", lambda kind, *_: passed_on.append(kind))
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert passed_on == [KeyboardInterrupt] and reports == []


def test_a_failing_callback_is_logged_not_raised_nor_repeated(
    log_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[CrashReport] = []

    def broken_banner(report: CrashReport) -> None:
        calls.append(report)
        raise RuntimeError(f"banner broke {SECRET}")

    crashes = CrashHandler(broken_banner)
    with caplog.at_level(logging.ERROR, logger="ewallet_monitor.crash"):
        crashes.report_exception(ValueError("first"))
    assert len(calls) == 1
    assert "the crash callback failed: RuntimeError: banner broke [redacted]" in caplog.text
    assert SECRET not in caplog.text and SECRET not in logged(log_dir)


def test_reports_are_redacted_even_without_a_log_configuration(
    caplog: pytest.LogCaptureFixture,
) -> None:
    SECRETS.add(CREDS.secrets())
    try:
        with caplog.at_level(logging.CRITICAL, logger="ewallet_monitor.crash"):
            report = CrashHandler().report_exception(RuntimeError(f"x {SECRET}"))
    finally:
        SECRETS.clear()
    # The text is redacted before it is logged: any handler, even Python's last resort
    # printing to stderr, gets the redacted text.
    assert SECRET not in caplog.text and report.log_file is None
    assert "x [redacted]" in caplog.text


def test_uninstall_restores_the_previous_hooks() -> None:
    before = (sys.excepthook, threading.excepthook)
    crashes = CrashHandler().install()
    assert sys.excepthook != before[0]
    crashes.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_the_process_wide_handler_is_installed_once() -> None:
    try:
        first = crash.install_crash_handler()
        calls: list[CrashReport] = []
        assert crash.install_crash_handler(calls.append) is first
        assert crash.crash_handler() is first and first.callback is not None
    finally:
        crash.uninstall_crash_handler()
    assert crash.crash_handler() is None


def test_a_fatal_error_is_written_to_the_fatal_log(tmp_path: Path) -> None:
    # A segmentation fault (as a Qt abort would be) reaches no Python hook: faulthandler
    # writes every thread's stack to the fatal log beside the log file.
    import os
    import subprocess

    script = (
        "import faulthandler\n"
        "from ewallet_monitor.app.logging_setup import configure_logging\n"
        "from ewallet_monitor.app.crash import CrashHandler\n"
        f"configure_logging(log_dir={str(tmp_path)!r})\n"
        "CrashHandler().install()\n"
        "faulthandler._sigsegv()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0
    fatal = tmp_path / crash.FATAL_LOG_NAME
    text = fatal.read_text()
    assert "Fatal Python error: Segmentation fault" in text
    assert "<module>" in text  # the main thread's stack
    assert os.stat(fatal).st_mode & 0o777 == 0o600
