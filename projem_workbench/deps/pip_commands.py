# SPDX-License-Identifier: LGPL-2.1-or-later
"""The pip command lines that install and download Projem's packages, and what a failed one
means for the user: the exact next step on their platform."""

from __future__ import annotations

import platform
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from projem_workbench.deps.requirements import Requirement

# ``projem deps download --platform`` names -> pip's platform tags (newest first: pip takes any).
PLATFORMS: dict[str, tuple[str, ...]] = {
    "linux-x86_64": ("manylinux_2_28_x86_64", "manylinux2014_x86_64", "manylinux_2_17_x86_64"),
    "linux-aarch64": ("manylinux_2_28_aarch64", "manylinux2014_aarch64"),
    "windows-x86_64": ("win_amd64",),
    "macos-arm64": ("macosx_11_0_arm64",),
    "macos-x86_64": ("macosx_10_13_x86_64", "macosx_10_9_x86_64"),
}
COMMON = ("--disable-pip-version-check", "--no-input")


def install_command(
    python: str,
    requirements: Sequence[Requirement],
    *,
    target: Path,
    python_version: tuple[int, int],
    wheels: Path | None = None,
) -> list[str]:
    """pip installing ``requirements`` (and what they need) into ``target``.

    Wheels only: a package that would need a compiler fails with a clear message instead of a
    build log. ``--target`` is what the Addon Manager uses; Debian's PEP 668 refusal applies
    to ``--user`` and system installs, not to it."""
    command = [python, "-m", "pip", "install", *COMMON, "--target", str(target), "--upgrade"]
    command += ["--only-binary", ":all:"]
    if wheels is not None:
        command += ["--no-index", "--find-links", str(wheels)]
    return command + [r.specifier(python_version) for r in requirements]


def download_command(
    python: str,
    requirements: Sequence[Requirement],
    *,
    folder: Path,
    python_version: tuple[int, int],
    platform_name: str,
) -> list[str]:
    """pip fetching wheels of ``requirements`` for another Python and platform into ``folder``."""
    tags = PLATFORMS[platform_name]
    command = [python, "-m", "pip", "download", *COMMON, "--dest", str(folder)]
    command += ["--only-binary", ":all:", "--implementation", "cp"]
    command += ["--python-version", f"{python_version[0]}.{python_version[1]}"]
    for tag in tags:
        command += ["--platform", tag]
    return command + [r.specifier(python_version) for r in requirements]


@dataclass(frozen=True)
class Failure:
    reason: str
    next_step: str

    def text(self) -> str:
        return f"{self.reason}\n{self.next_step}"


def _no_pip_step(system: str) -> str:
    if system == "Linux":
        return (
            "Install pip for this Python: on Debian or Ubuntu 'sudo apt install python3-pip', "
            "on Fedora 'sudo dnf install python3-pip'; FreeCAD's AppImage and Snap bring their "
            "own. Or install the packages from Debian: 'sudo apt install python3-sqlalchemy "
            "python3-alembic python3-pydantic python3-platformdirs python3-stdnum'."
        )
    return (
        "This FreeCAD's Python has no pip: reinstall FreeCAD from freecad.org (its Windows and "
        "macOS bundles include pip), or set the Python executable in FreeCAD's preferences "
        "(General > Python console)."
    )


def explain_failure(output: str, returncode: int, *, system: str | None = None) -> Failure:
    """Why pip failed, from its output, and what to do next on ``system``."""
    system = system or platform.system()
    if re.search(r"No module named pip\b", output):
        return Failure("pip is not installed for this Python.", _no_pip_step(system))
    offline = (
        r"Failed to establish a new connection|Temporary failure in name resolution|"
        r"Network is unreachable|Name or service not known|getaddrinfo failed|"
        r"Connection refused|timed out|No route to host|ProxyError|SSLError|"
        r"CERTIFICATE_VERIFY_FAILED"
    )
    if re.search(offline, output):
        return Failure(
            "The package registry (pypi.org) cannot be reached from this computer.",
            "Connect to the internet (or set the proxy in the HTTPS_PROXY variable), or on a "
            "computer that has internet run 'python3 -m projem_workbench deps download DIR "
            "--python X.Y --platform P' (see 'deps download --help'), copy DIR here and use "
            "'Install from folder…' (or 'deps install --from DIR').",
        )
    no_version = re.search(r"No matching distribution found for (\S+)", output)
    if no_version:
        return Failure(
            f"No ready-built package (wheel) of {no_version.group(1)} fits this Python "
            f"({platform.python_version()}) and platform; building it would need a compiler.",
            "Update FreeCAD to a release whose Python these packages support, or download "
            "the wheels for this exact Python and platform with 'deps download' into a "
            "folder and install from it.",
        )
    if re.search(r"Permission denied|Errno 13|Read-only file system", output):
        return Failure(
            "The add-on packages folder cannot be written.",
            "Give your user write access to FreeCAD's user data folder, or run FreeCAD as the "
            "user who owns it.",
        )
    if re.search(r"No space left on device|Errno 28", output):
        return Failure("The disk is full.", "Free some space and press Install again.")
    return Failure(
        f"pip stopped with exit code {returncode}.",
        "Read pip's output above for the cause; the command it ran is shown at its top.",
    )
