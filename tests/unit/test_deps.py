# SPDX-License-Identifier: LGPL-2.1-or-later
"""Projem's package installer with the standard library only: the check, the folder FreeCAD
reads add-on packages from, real pip runs (from a folder of wheels, and failing for real),
and what each failure tells the user."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from projem_workbench.deps import installer, status
from projem_workbench.deps.pip_commands import explain_failure
from projem_workbench.deps.requirements import REQUIRED, REQUIREMENTS, Requirement, by_distribution

CHECKOUT = Path(__file__).resolve().parents[2]
PY = f"py{sys.version_info.major}{sys.version_info.minor}"


def bare_python(*args: str, cwd: Path = CHECKOUT, **kwargs: object) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    """This Python without site-packages: none of Projem's packages, not even pip."""
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(cwd), "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-S", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=600,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def test_versions_known_to_work_rise_with_the_python() -> None:
    sqlalchemy = by_distribution("sqlalchemy")
    assert sqlalchemy.specifier((3, 11)) == "SQLAlchemy>=2.0.14,<2.2"
    assert sqlalchemy.specifier((3, 14)) == "SQLAlchemy>=2.0.41,<2.2"
    assert by_distribution("Pydantic").lowest((3, 13)) == "2.8"
    assert by_distribution("python_stdnum").module == "stdnum"
    with pytest.raises(KeyError):
        by_distribution("requests")


def test_the_table_is_what_package_xml_and_pyproject_declare() -> None:
    """One list of packages: the Addon Manager's metadata and pip's agree with it."""
    import tomllib
    import xml.etree.ElementTree as ET

    namespace = {"p": "https://wiki.freecad.org/Package_Metadata"}
    depends = ET.parse(CHECKOUT / "package.xml").getroot().iter(f"{{{namespace['p']}}}depend")
    declared = {
        (d.text or "").lower(): d.get("optional") == "true"
        for d in depends
        if d.get("type") == "python"
    }
    assert declared == {r.distribution.lower(): r.optional for r in REQUIREMENTS}
    project = tomllib.loads((CHECKOUT / "pyproject.toml").read_text())["project"]
    pinned = {f"{r.distribution}>={r.minimum}" + (f",<{r.below}" if r.below else "")
              for r in REQUIREMENTS if not r.optional}  # fmt: skip
    assert set(project["dependencies"]) == pinned
    assert project["optional-dependencies"]["postgres"] == ["psycopg2-binary>=2.9"]


def test_check_reads_metadata_without_importing() -> None:
    found = {s.requirement.distribution: s for s in status.check(REQUIRED)}
    assert all(s.usable for s in found.values()), [s.line() for s in found.values()]
    assert found["SQLAlchemy"].version and found["SQLAlchemy"].wanted.startswith(">=")
    absent = Requirement("projem_no_such_module", "projem-no-such", "1.0")
    too_old = Requirement("sqlalchemy", "SQLAlchemy", "99.0")
    too_new = Requirement("sqlalchemy", "SQLAlchemy", "1.0", below="2.0")
    states = [s.state for s in status.check([absent, too_old, too_new])]
    assert states == [status.State.MISSING, status.State.TOO_OLD, status.State.TOO_NEW]
    # What an install asks pip for: the missing and too old, not one pip cannot fix.
    assert status.to_install(status.check([absent, too_old, too_new])) == [absent, too_old]
    assert status.version_key("2.0.41rc1") == (2, 0, 41) < status.version_key("2.1")


def test_deps_check_runs_with_no_third_party_package() -> None:
    result = bare_python("-m", "projem_workbench", "deps", "check", "--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    states = {p["name"]: p["state"] for p in report["packages"]}
    assert states["SQLAlchemy"] == states["pydantic"] == "missing"
    assert not report["ready"] and report["target"] is None  # not inside a FreeCAD Mod folder
    assert "Traceback" not in result.stderr


def test_from_a_mod_folder_the_target_is_freecads_add_on_packages_folder(tmp_path: Path) -> None:
    data = tmp_path / "FreeCAD" / "v1-1"
    copy = data / "Mod" / "Projem"
    shutil.copytree(
        CHECKOUT / "projem_workbench",
        copy / "projem_workbench",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    result = bare_python("-m", "projem_workbench", "deps", "check", "--json", cwd=copy)
    assert Path(json.loads(result.stdout)["target"]) == data / "AdditionalPythonPackages" / PY
    refused = bare_python("-m", "projem_workbench", "deps", "install", "--from", str(tmp_path))
    assert refused.returncode == 2 and "not in a FreeCAD Mod folder" in refused.stderr


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Wheels of Projem's packages for this Python, as `deps download` prepares them on a
    connected computer (here from the package registry this machine reaches)."""
    folder = tmp_path_factory.mktemp("wheels")
    result = subprocess.run(
        [sys.executable, "-m", "projem_workbench", "deps", "download", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "wheels for Python" in result.stdout
    return folder


def test_install_from_a_folder_of_wheels_into_the_target(wheels: Path, tmp_path: Path) -> None:
    target = tmp_path / "AdditionalPythonPackages" / PY
    # The check runs in a Python with none of the packages; pip is this venv's (--python).
    result = bare_python(
        "-m", "projem_workbench", "deps", "install",
        "--from", str(wheels), "--target", str(target), "--python", sys.executable,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--no-index" in result.stdout and "installed and imported: SQLAlchemy" in result.stdout
    probe = bare_python(
        "-c",
        f"import sys; sys.path.append({str(target)!r}); import sqlalchemy, pydantic, alembic, "
        "stdnum, rfc8785, platformdirs; print(sqlalchemy.__file__, pydantic.VERSION)",
    )
    assert probe.returncode == 0, probe.stderr
    assert Path(probe.stdout.split()[0]).is_relative_to(target)


def _pip_output(*args: str, python: list[str] | None = None) -> tuple[str, int]:
    result = subprocess.run(
        [*(python or [sys.executable]), "-m", "pip", "install", "--disable-pip-version-check",
         "--no-input", *args],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_FIND_LINKS": ""},
    )  # fmt: skip
    return result.stdout + result.stderr, result.returncode


def test_real_pip_failures_are_explained_with_the_next_step(tmp_path: Path) -> None:
    output, code = _pip_output(
        "--target", str(tmp_path / "t"), "--index-url", "http://127.0.0.1:9/simple",
        "--retries", "1", "--timeout", "2", "rfc8785",
    )  # fmt: skip
    offline = explain_failure(output, code)
    assert code != 0 and "cannot be reached" in offline.reason
    assert "deps download" in offline.next_step and "Install from folder" in offline.next_step

    empty = tmp_path / "empty"
    empty.mkdir()
    output, code = _pip_output("--target", str(tmp_path / "t"), "--no-index", "--find-links",
                               str(empty), "SQLAlchemy>=2")  # fmt: skip
    no_wheel = explain_failure(output, code)
    assert "No ready-built package (wheel) of SQLAlchemy>=2" in no_wheel.reason

    output, code = _pip_output("rfc8785", python=[sys.executable, "-S"])
    no_pip = explain_failure(output, code, system="Linux")
    assert no_pip.reason == "pip is not installed for this Python."
    assert "sudo apt install python3-pip" in no_pip.next_step
    assert "freecad.org" in explain_failure(output, code, system="Windows").next_step


def test_nothing_to_install_when_everything_is_present() -> None:
    assert installer.plan() is None
