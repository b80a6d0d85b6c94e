"""The PyInstaller one-folder app starts on its demo server, connects and receives events.

Skipped unless ``EWALLET_FROZEN_SMOKE=1``: the build (``bash packaging/build_frozen.sh``)
takes about a minute, so CI builds once and then runs ``pytest -m frozen tests/packaging``.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import TIME_UNIT
from tests.packaging.conftest import ROOT

FROZEN_APP = ROOT / "dist" / "ewallet-monitor" / "ewallet-monitor"
SMOKE_SCRIPT = ROOT / "packaging" / "smoke_frozen.sh"
# The app runs 5 s, plus start-up; the script's own timeout stops a hung app first.
SMOKE_TIMEOUT = 100 * TIME_UNIT

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(
        os.environ.get("EWALLET_FROZEN_SMOKE") != "1",
        reason="set EWALLET_FROZEN_SMOKE=1 after bash packaging/build_frozen.sh",
    ),
]


def run_smoke(*args: str) -> subprocess.CompletedProcess[str]:
    assert FROZEN_APP.is_file(), f"no frozen app at {FROZEN_APP}: bash packaging/build_frozen.sh"
    return subprocess.run(
        ["bash", str(SMOKE_SCRIPT), *args, str(FROZEN_APP)],
        capture_output=True,
        text=True,
        check=False,
        timeout=SMOKE_TIMEOUT,
    )


def test_the_frozen_app_connects_to_its_demo_server_offscreen() -> None:
    result = run_smoke("--platform", "offscreen")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke_frozen: OK" in result.stdout and "connected" in result.stdout


def test_the_frozen_app_connects_on_a_virtual_x_server() -> None:
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (apt-get install xvfb)")
    result = run_smoke("--platform", "xcb")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke_frozen: OK" in result.stdout


INTERNAL = FROZEN_APP.parent / "_internal"
# What a desktop already has: never bundled (packaging/ewallet-monitor.spec).
DESKTOP_LIBRARIES = (
    "libgtk-3.", "libgdk-3.", "libglib-2.0.", "libgio-2.0.", "libgobject-2.0.",
    "libfontconfig.", "libfreetype.", "libdbus-1.", "libX11.", "libxcb.", "libxcb-",
    "libxkbcommon", "libwayland-",
)  # fmt: skip


def test_the_frozen_folder_leaves_the_desktop_libraries_to_the_system() -> None:
    bundled = sorted(p.name for p in INTERNAL.rglob("lib*.so*"))
    assert not [name for name in bundled if name.startswith(DESKTOP_LIBRARIES)], bundled
    listed = (INTERNAL / "system-libraries.txt").read_text().split()
    # The Qt libraries do need them: they come from the system and are listed for the .deb.
    assert {"libglib-2.0.so.0", "libfontconfig.so.1", "libdbus-1.so.3", "libX11.so.6"} <= set(
        listed
    )
    assert (INTERNAL / "LICENSE").read_text().lstrip().startswith("Apache License")


def test_the_deb_carries_the_app_and_depends_on_exactly_what_was_left_out() -> None:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("needs dpkg-deb")
    # .ci/run builds it right after the frozen app (bash packaging/build_deb.sh).
    debs = sorted((ROOT / "dist").glob("ewallet-monitor_*.deb"), key=os.path.getmtime)
    assert debs, "no dist/ewallet-monitor_*.deb: bash packaging/build_deb.sh"
    deb = str(debs[-1])
    assert os.path.getmtime(deb) >= os.path.getmtime(INTERNAL / "system-libraries.txt"), (
        "the .deb is older than the frozen app: bash packaging/build_deb.sh"
    )

    def dpkg_deb(option: str, *fields: str) -> str:
        return subprocess.run(
            ["dpkg-deb", option, deb, *fields], capture_output=True, text=True, check=True
        ).stdout

    depends = {
        item.strip() for item in dpkg_deb("--field", "Depends").strip().split(",") if item.strip()
    }
    owners = set()
    for library in (INTERNAL / "system-libraries.txt").read_text().split():
        found = subprocess.run(
            ["dpkg", "-S", f"*/{library}"], capture_output=True, text=True, check=True
        ).stdout
        owners.add(found.splitlines()[0].split(":")[0])
    assert depends == owners
    contents = dpkg_deb("--contents")
    for path in (
        "./opt/ewallet-monitor/ewallet-monitor",
        "./opt/ewallet-monitor/_internal/LICENSE",
        "./usr/bin/ewallet-monitor",
        "./usr/share/applications/io.github.ewallet_monitor.EwalletMonitor.desktop",
        "./usr/share/icons/hicolor/scalable/apps/io.github.ewallet_monitor.EwalletMonitor.svg",
        "./usr/share/man/man1/ewallet-monitor.1.gz",
        "./usr/share/bash-completion/completions/ewallet-monitor",
        "./usr/share/zsh/vendor-completions/_ewallet-monitor",
        "./usr/share/fish/vendor_completions.d/ewallet-monitor.fish",
        "./usr/share/doc/ewallet-monitor/copyright",
    ):
        assert path in contents, path
    assert "root/root" in contents and " ./usr/share/applications/mimeinfo.cache" not in contents
