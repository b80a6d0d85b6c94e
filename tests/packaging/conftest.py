"""Shared by the packaging tests: the built sdist and wheel, and the ``frozen`` marker.

The distributions are built once per session with ``python -m build`` (an sdist, then the
wheel from that sdist, as pip and pipx do), so one build checks both.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import TIME_UNIT

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.github.ewallet_monitor.EwalletMonitor"
RESOURCES_PACKAGE = "ewallet_monitor._resources"
# Building fetches setuptools into an isolated environment: allow for a slow index.
BUILD_TIMEOUT = 240 * TIME_UNIT


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "frozen: runs the PyInstaller build's smoke test (EWALLET_FROZEN_SMOKE=1)"
    )


@dataclass(frozen=True)
class Distributions:
    """The built files and the names inside them."""

    sdist: Path
    wheel: Path

    def wheel_names(self) -> set[str]:
        with zipfile.ZipFile(self.wheel) as archive:
            return set(archive.namelist())

    def sdist_names(self) -> set[str]:
        """Paths inside the sdist, without its ``name-version/`` prefix."""
        with tarfile.open(self.sdist) as archive:
            return {name.partition("/")[2] for name in archive.getnames()}


@pytest.fixture(scope="session")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> Distributions:
    out = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "EWALLET_MONITOR_RESOURCES"}
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"python -m build failed:\n{result.stderr[-4000:]}"
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Distributions(sdist=sdist, wheel=wheel)


def runtime_resource_files() -> list[str]:
    """Every run-time file under resources/ (not its Python files, nor the translations'
    .ts sources: their compiled .qm are what runs), relative to it."""
    resources = ROOT / "resources"
    return sorted(
        path.relative_to(resources).as_posix()
        for path in resources.rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc", ".ts"}
        and "__pycache__" not in path.parts
    )
