# SPDX-License-Identifier: LGPL-2.1-or-later
"""``projem deps check | install | download`` (also ``python3 -m projem_workbench deps``).

Runs with nothing but the standard library, from FreeCAD's Mod folder, before any of the
packages it installs is there.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from projem_workbench.deps import installer, locations, status
from projem_workbench.deps.pip_commands import PLATFORMS, download_command, explain_failure
from projem_workbench.deps.requirements import REQUIREMENTS, running_python


def _python_version(text: str) -> tuple[int, int]:
    try:
        major, minor = (int(part) for part in text.split("."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a Python version like 3.14") from None
    return major, minor


def _current_platform() -> str:
    import platform

    machine = platform.machine().lower()
    system = {"Linux": "linux", "Windows": "windows", "Darwin": "macos"}.get(platform.system())
    arch = {"amd64": "x86_64", "arm64": "arm64", "aarch64": "aarch64"}.get(machine, machine)
    if system == "linux" and arch == "arm64":
        arch = "aarch64"
    name = f"{system}-{arch}"
    return name if name in PLATFORMS else "linux-x86_64"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="projem deps", description="Projem's Python packages for FreeCAD's Python."
    )
    commands = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = commands.add_parser("check", help="what is present, missing or too old")
    check.add_argument("--json", action="store_true", help="print JSON")
    install = commands.add_parser(
        "install", help="install what is missing where FreeCAD finds add-on packages"
    )
    install.add_argument("--from", dest="wheels", type=Path, help="a folder of wheels (offline)")
    install.add_argument("--target", type=Path, help="install here instead of FreeCAD's folder")
    install.add_argument("--python", help="the Python executable to run pip with")
    install.add_argument("--postgres", action="store_true", help="also psycopg2 (PostgreSQL)")
    download = commands.add_parser(
        "download", help="fetch wheels into a folder for a computer without internet"
    )
    download.add_argument("folder", type=Path)
    download.add_argument(
        "--python",
        dest="version",
        type=_python_version,
        default=running_python(),
        help="that FreeCAD's Python, e.g. 3.11, 3.13, 3.14 (default: this one)",
    )
    download.add_argument(
        "--platform",
        choices=sorted(PLATFORMS),
        default=_current_platform(),
        help="that computer's platform (default: this one)",
    )
    download.add_argument("--postgres", action="store_true", help="also psycopg2 (PostgreSQL)")
    return parser


def _check(args: argparse.Namespace) -> int:
    statuses = status.check()
    missing = status.missing_required(statuses)
    try:
        target: str | None = str(locations.target_dir())
    except locations.LocationError:
        target = None
    if args.json:
        print(
            json.dumps(
                {
                    "python": ".".join(map(str, running_python())),
                    "target": target,
                    "packages": [
                        {
                            "name": s.requirement.distribution,
                            "state": s.state.value,
                            "version": s.version,
                            "wanted": s.wanted,
                            "optional": s.requirement.optional,
                        }
                        for s in statuses
                    ],
                    "ready": not missing,
                },
                indent=2,
            )
        )
    else:
        print(f"Python {sys.version.split()[0]} ({sys.executable})")
        print(f"add-on packages folder: {target or 'unknown (not in a FreeCAD Mod folder)'}")
        for entry in statuses:
            print("  " + entry.line())
        if missing:
            names = ", ".join(s.requirement.distribution for s in missing)
            print(f"missing or unusable: {names}; run 'projem deps install'")
        else:
            print("every required package is present")
    return 1 if missing else 0


def _install(args: argparse.Namespace) -> int:
    try:
        plan = installer.plan(
            wheels=args.wheels, target=args.target, python=args.python, optional=args.postgres
        )
    except locations.LocationError as exc:
        print(f"projem deps: {exc}", file=sys.stderr)
        return 2
    if plan is None:
        print("every required package is present: nothing to install")
        return 0
    print(f"installing into {plan.target}")
    outcome = installer.run(plan)
    if not outcome.ok:
        assert outcome.failure is not None
        print(f"projem deps: {outcome.failure.text()}", file=sys.stderr)
        return 1
    names = ", ".join(r.distribution for r in plan.requirements)
    print(f"installed and imported: {names}; FreeCAD finds them in {plan.target}")
    return 0


def _download(args: argparse.Namespace) -> int:
    args.folder.mkdir(parents=True, exist_ok=True)
    chosen = [r for r in REQUIREMENTS if args.postgres or not r.optional]
    command = download_command(
        sys.executable,
        chosen,
        folder=args.folder,
        python_version=args.version,
        platform_name=args.platform,
    )
    print("$ " + " ".join(command))
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    print(result.stdout, end="")
    if result.returncode != 0:
        print(result.stderr, end="", file=sys.stderr)
        failure = explain_failure(result.stdout + result.stderr, result.returncode)
        print(f"projem deps: {failure.text()}", file=sys.stderr)
        return 1
    wheels = sorted(p.name for p in args.folder.glob("*.whl"))
    version = ".".join(map(str, args.version))
    print(
        f"{len(wheels)} wheels for Python {version} on {args.platform} in {args.folder}; "
        f"on that computer: 'projem deps install --from {args.folder}' or the dialog's "
        "'Install from folder…'"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return {"check": _check, "install": _install, "download": _download}[args.action](args)


def projem() -> None:
    """The ``projem`` console script: ``deps`` runs here (a database option before it is
    ignored: deps has none), everything else in ``cli``."""
    words = sys.argv[1:]
    while words[:1] == ["--db"]:
        words = words[2:]
    if words[:1] == ["deps"]:
        sys.exit(main(words[1:]))
    from projem_workbench.cli import run

    run()
