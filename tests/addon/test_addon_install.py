# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem from the Addon Manager into a FreeCAD with none of Projem's Python packages: the
real GUI shows the dialog, Install puts the packages where FreeCAD finds add-on packages,
Projem activates without a restart, and the sample plate is stored and machined. From the
package registry, and from a folder of wheels with the network cut off; on FreeCAD 1.1 and
1.0 (their Debian roots, with Projem's Debian packages purged in an overlay) and the host's
FreeCAD 0.20. scripts/addon-install-check.sh sets each up; screenshots go to
build/screenshots/addon/<version>-<source>/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PYTHONS = {"1.1": "3.14", "1.0": "3.13", "0.20": "3.11"}
SCREENSHOTS = ["01-packages-missing", "02-installing", "03-installed", "04-activated",
               "07-new-cam-run", "08-cam-runs", "simulation"]  # fmt: skip


def _root(version: str) -> Path:
    default = Path(f"/var/cache/projem/freecad-{version}-root")
    override = {"1.1": "FREECAD11_ROOT", "1.0": "FREECAD10_ROOT"}[version]
    return Path(os.environ.get(override, default))


def _missing(version: str) -> str | None:
    if not os.environ.get("DISPLAY"):
        return "no X display: run under xvfb-run (scripts/test-lanes.sh does)"
    if version == "0.20":
        return None if shutil.which("freecad") else "FreeCAD 0.20 (freecad) is not installed"
    root = _root(version)
    return None if (root / "usr/bin/freecad").exists() else f"no FreeCAD {version} root at {root}"


@pytest.fixture(scope="module")
def wheel_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Folders of wheels for each FreeCAD's Python, as `deps download` makes them on a
    connected computer."""
    folders = {}
    for version, python in PYTHONS.items():
        folder = tmp_path_factory.mktemp(f"wheels-py{python}")
        result = subprocess.run(
            [sys.executable, "-m", "projem_workbench", "deps", "download", str(folder),
             "--python", python, "--platform", "linux-x86_64"],
            capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        folders[version] = folder
    return folders


def _run(version: str, source: str, wheels: Path | None) -> tuple[dict, Path]:  # type: ignore[type-arg]
    reason = _missing(version)
    if reason is not None:
        if IN_CI:
            pytest.fail(f"cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    out = CHECKOUT / "build" / "screenshots" / "addon" / f"{version}-{source}"
    shutil.rmtree(out, ignore_errors=True)
    command = ["bash", str(CHECKOUT / "scripts" / "addon-install-check.sh"), version, str(out)]
    if wheels is not None:
        command.append(str(wheels))
    result = subprocess.run(command, capture_output=True, text=True, timeout=1500, check=False)
    log = (out / "freecad.log").read_text() if (out / "freecad.log").exists() else ""
    assert result.returncode == 0, result.stdout + result.stderr + log[-3000:]
    results = json.loads((out / "results.json").read_text())
    assert results["errors"] == [], "\n".join(results["errors"]) + log[-3000:]
    return results, out


def _check(results: dict, out: Path, version: str) -> dict:  # type: ignore[type-arg]
    steps = results["steps"]
    data = Path((out / "user-data-dir").read_text().strip())
    target = data / "AdditionalPythonPackages" / f"py{PYTHONS[version].replace('.', '')}"
    # Projem ran from the Mod folder, found its packages missing, said so, and installed them.
    assert Path(steps["package"]).resolve().is_relative_to(data / "Mod" / "Projem")
    assert "SQLAlchemy" in steps["dialog_message"] and "pydantic" in steps["dialog_message"]
    assert steps["install_succeeded"], steps["install_status"] + steps["install_log"][-2000:]
    assert steps["ticks_while_installing"] > 0  # the GUI kept going while pip ran
    assert Path(steps["target"]) == target
    assert Path(steps["sqlalchemy_from"]).is_relative_to(target)
    assert steps["database"] == "ready"  # activated in the same FreeCAD, no restart
    assert steps["cam_default_model"].startswith("Active document: Plate")
    assert steps["cam_run"]["status"] == "succeeded", steps["cam_status"] + steps["cam_errors"]
    assert steps["simulation"]["status"] == "succeeded"
    assert set(SCREENSHOTS) <= set(results["screenshots"])
    for name in SCREENSHOTS:
        assert (out / f"{name}.png").stat().st_size > 10_000, name
        assert results["pictures"][name]["colours"] >= 8, name
    return steps


@pytest.mark.parametrize("version", list(PYTHONS))
def test_install_from_the_package_registry(version: str) -> None:
    results, out = _run(version, "registry", None)
    steps = _check(results, out, version)
    assert steps["registry_reachable"]
    assert "--no-index" not in steps["install_log"]


@pytest.mark.parametrize("version", list(PYTHONS))
def test_install_from_a_folder_of_wheels_offline(
    version: str, wheel_folders: dict[str, Path]
) -> None:
    results, out = _run(version, "wheels", wheel_folders[version])
    steps = _check(results, out, version)
    assert not steps["registry_reachable"], "the network was not cut off"
    assert steps["folder_dialog"] == "ProjemWheelFolder"
    assert "--no-index --find-links" in steps["install_log"]
