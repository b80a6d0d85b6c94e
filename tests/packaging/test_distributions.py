"""The sdist and the wheel carry everything the app needs at run time, and an installed
wheel finds its resources through ``ewallet_monitor.resources`` and importlib.resources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

from ewallet_monitor import __version__, resources
from tests.conftest import TIME_UNIT
from tests.packaging.conftest import (
    APP_ID,
    RESOURCES_PACKAGE,
    ROOT,
    Distributions,
    runtime_resource_files,
)

INSTALL_TIMEOUT = 120 * TIME_UNIT
RUN_TIMEOUT = 60 * TIME_UNIT

# Run inside the throwaway venv: where the installed package finds its files.
PROBE = """
import json, importlib.resources
import ewallet_monitor
from ewallet_monitor import resources
data = importlib.resources.files("ewallet_monitor._resources")
print(json.dumps({
    "package": ewallet_monitor.__file__,
    "importlib_root": str(data),
    "importlib_icon": (data / "icons" / "ewallet-monitor.svg").is_file(),
    "root": str(resources.resources_root()),
    "sound": str(resources.resource_path(resources.REQUEST_SOUND)),
    "icons": [str(p) for p in resources.app_icon_paths()],
}))
"""


def test_the_resource_folder_has_the_files_the_app_expects() -> None:
    names = set(runtime_resource_files())
    assert {
        resources.APP_ICON_SVG,
        resources.REQUEST_SOUND,
        *(f"icons/ewallet-monitor-{size}.png" for size in resources.APP_ICON_SIZES),
        f"linux/{APP_ID}.desktop",
        f"linux/{APP_ID}.metainfo.xml",
    } <= names


def test_the_wheel_carries_every_runtime_resource(distributions: Distributions) -> None:
    names = distributions.wheel_names()
    missing = [
        name
        for name in runtime_resource_files()
        if f"ewallet_monitor/_resources/{name}" not in names
    ]
    assert not missing, f"resources/ files missing from the wheel (package-data globs?): {missing}"


def test_the_wheel_carries_every_module_of_the_package(distributions: Distributions) -> None:
    names = distributions.wheel_names()
    modules = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "ewallet_monitor").rglob("*.py")
        if "__pycache__" not in path.parts
    )
    missing = [module for module in modules if module not in names]
    assert not missing, f"add their packages to [tool.setuptools] packages: {missing}"
    assert "ewallet_monitor/py.typed" in names


def test_the_wheel_declares_the_console_script(distributions: Distributions) -> None:
    names = distributions.wheel_names()
    (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(distributions.wheel) as archive:
        text = archive.read(entry_points).decode()
    assert "ewallet-monitor = ewallet_monitor.app.main:main" in text
    assert f"-{__version__}-" in distributions.wheel.name


def test_the_wheel_installs_the_man_page_and_completions_where_shells_look(
    distributions: Distributions,
) -> None:
    data = f"ewallet_monitor-{__version__}.data/data/share"
    names = distributions.wheel_names()
    for path in (
        "man/man1/ewallet-monitor.1",
        "bash-completion/completions/ewallet-monitor",
        "zsh/site-functions/_ewallet-monitor",
        "fish/vendor_completions.d/ewallet-monitor.fish",
    ):
        assert f"{data}/{path}" in names, path


def test_the_wheel_carries_the_licence_and_declares_it_in_spdx(
    distributions: Distributions,
) -> None:
    info = f"ewallet_monitor-{__version__}.dist-info"
    names = distributions.wheel_names()
    assert f"{info}/licenses/LICENSE" in names
    with zipfile.ZipFile(distributions.wheel) as archive:
        metadata = archive.read(f"{info}/METADATA").decode()
        licence = archive.read(f"{info}/licenses/LICENSE").decode()
    assert "Apache License" in licence and "Version 2.0" in licence
    headers = [line for line in metadata.splitlines() if ": " in line]
    assert "License-Expression: Apache-2.0" in headers
    assert "License-File: LICENSE" in headers
    # The SPDX expression replaces the licence classifier (both is an error in PEP 639).
    assert not [h for h in headers if h.startswith("Classifier: License ::")]
    classifiers = [h for h in headers if h.startswith("Classifier: ")]
    assert len(classifiers) >= 10
    assert "Classifier: Programming Language :: Python :: 3.11" in classifiers
    urls = {h.split(", ", 1)[0] for h in headers if h.startswith("Project-URL: ")}
    assert {f"Project-URL: {name}" for name in ("Homepage", "Source", "Issues")} <= urls


def test_the_sdist_carries_the_resources_the_tests_and_the_packaging(
    distributions: Distributions,
) -> None:
    names = distributions.sdist_names()
    expected = {
        "pyproject.toml",
        "MANIFEST.in",
        "LICENSE",
        "README.md",
        "resources/__init__.py",
        "packaging/ewallet-monitor.spec",
        "packaging/build_frozen.sh",
        "packaging/smoke_frozen.sh",
        "tests/packaging/test_distributions.py",
        *(f"resources/{name}" for name in runtime_resource_files()),
    }
    assert not expected - names, f"missing from the sdist: {sorted(expected - names)}"
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


@pytest.fixture(scope="module")
def installed_wheel(distributions: Distributions, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway venv with the wheel installed, borrowing this venv's dependencies."""
    target = tmp_path_factory.mktemp("wheel-venv")
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", "--disable-pip-version-check", str(distributions.wheel)],
        check=True,
        timeout=INSTALL_TIMEOUT,
    )  # fmt: skip
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        timeout=RUN_TIMEOUT,
    ).stdout.strip()
    # Dependencies (PySide6, aiohttp, ...) come from this venv; no download. A path added
    # by a .pth line does not run that folder's own .pth files, so this venv's editable
    # install of the checkout stays out.
    Path(site_packages, "_borrowed_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    return python


def run_in(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "EWALLET_MONITOR_RESOURCES"}
    }
    return subprocess.run(
        [str(python), *args],
        capture_output=True,
        text=True,
        cwd=cwd,  # not the checkout, whose ewallet_monitor/ would shadow the installed one
        env=env,
        check=False,
        timeout=RUN_TIMEOUT,
    )


def test_an_installed_wheel_finds_its_resources_inside_the_package(
    installed_wheel: Path, tmp_path: Path
) -> None:
    result = run_in(installed_wheel, "-c", PROBE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    venv_dir = installed_wheel.parent.parent
    package_dir = Path(found["package"]).parent
    assert package_dir.is_relative_to(venv_dir), found
    assert Path(found["importlib_root"]) == package_dir / "_resources"
    assert found["importlib_icon"]
    assert Path(found["root"]) == package_dir / "_resources"
    assert Path(found["sound"]).is_file()
    assert len(found["icons"]) == 1 + len(resources.APP_ICON_SIZES)


def test_the_installed_console_script_runs(installed_wheel: Path, tmp_path: Path) -> None:
    script = installed_wheel.parent / "ewallet-monitor"
    result = run_in(script.parent / "python", str(script), "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ewallet-monitor {__version__}"
    assert (installed_wheel.parent.parent / "share/man/man1/ewallet-monitor.1").is_file()


def test_this_install_reaches_the_resources_through_importlib(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The dev install (editable: pip install -e .) maps the package onto resources/."""
    monkeypatch.delenv("EWALLET_MONITOR_RESOURCES", raising=False)
    resources.resources_root.cache_clear()
    try:
        data = Path(str(files(RESOURCES_PACKAGE)))
        assert (data / resources.APP_ICON_SVG).is_file(), (
            f"{RESOURCES_PACKAGE} is not mapped onto resources/: reinstall with pip install -e ."
        )
        assert resources.resources_root() == data.resolve()
    finally:
        resources.resources_root.cache_clear()
