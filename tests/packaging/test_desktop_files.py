"""The freedesktop .desktop entry and the AppStream metainfo validate and agree with each
other and with the project (id, command, version)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ewallet_monitor import __version__
from tests.conftest import TIME_UNIT
from tests.packaging.conftest import APP_ID, ROOT

LINUX = ROOT / "resources" / "linux"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO_FILE = LINUX / f"{APP_ID}.metainfo.xml"
VALIDATE_TIMEOUT = 60 * TIME_UNIT


def console_script() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        (name,) = tomllib.load(f)["project"]["scripts"]
    return str(name)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(METAINFO_FILE).getroot()


def run_validator(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (apt-get install desktop-file-utils appstream)")
    return subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=VALIDATE_TIMEOUT
    )


def test_desktop_file_validate_accepts_the_desktop_entry() -> None:
    result = run_validator("desktop-file-validate", str(DESKTOP_FILE))
    # It exits 0 on hints too; hints are worth fixing, so any output fails.
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_appstreamcli_accepts_the_metainfo() -> None:
    result = run_validator("appstreamcli", "validate", "--no-net", str(METAINFO_FILE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_desktop_entry_starts_the_installed_command_with_the_app_icon() -> None:
    entry = desktop_entry()
    assert entry["Exec"].split()[0] == console_script()
    assert entry["TryExec"] == console_script()
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    # GNOME shows notification settings only for apps that declare it.
    assert entry["X-GNOME-UsesNotifications"] == "true"


def test_the_metainfo_names_the_desktop_entry_command_and_version() -> None:
    root = metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == console_script()
    versions = [release.get("version") for release in root.iterfind("releases/release")]
    assert versions[0] == __version__, "the newest release comes first and is this version"
    assert root.find("content_rating[@type='oars-1.1']") is not None


def test_the_metainfo_screenshot_is_the_readme_picture() -> None:
    images = [image.text or "" for image in metainfo().iterfind("screenshots/screenshot/image")]
    assert images and all(image.endswith("/docs/screenshot.png") for image in images)


def test_the_install_script_puts_the_entry_metainfo_and_icons_in_place(tmp_path: Path) -> None:
    frozen_app = "/opt/ewallet monitor/ewallet-monitor"  # a space, as in real install paths
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "install_desktop_entry.sh"),
         "--prefix", str(tmp_path), "--exec", frozen_app],
        capture_output=True, text=True, check=False, timeout=VALIDATE_TIMEOUT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    share = tmp_path / "share"
    installed = share / "applications" / DESKTOP_FILE.name
    text = installed.read_text()
    assert f'Exec="{frozen_app}"\n' in text and f'Exec="{frozen_app}" --demo operator' in text
    assert f"TryExec={frozen_app}\n" in text
    assert (share / "metainfo" / METAINFO_FILE.name).is_file()
    hicolor = share / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    sizes = [int(p.stem.rpartition("-")[2]) for p in (ROOT / "resources" / "icons").glob("*-*.png")]
    assert sizes
    for size in sizes:
        assert (hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    if shutil.which("desktop-file-validate"):
        check = run_validator("desktop-file-validate", str(installed))
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout
