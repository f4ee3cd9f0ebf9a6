# SPDX-License-Identifier: LGPL-2.1-or-later
"""What this Python has of Projem's packages: present, missing or too old.

Cheap enough to run at every activation: it reads the packages' metadata and asks the import
system whether each module can be found, and imports none of them.
"""

from __future__ import annotations

import enum
import importlib.metadata
import importlib.util
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from projem_workbench.deps.requirements import REQUIREMENTS, Requirement, running_python


class State(enum.StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    TOO_OLD = "too old"
    TOO_NEW = "too new"


@dataclass(frozen=True)
class PackageStatus:
    requirement: Requirement
    state: State
    version: str | None
    wanted: str

    @property
    def usable(self) -> bool:
        return self.state is State.PRESENT

    def line(self) -> str:
        found = self.version or "-"
        note = " (optional)" if self.requirement.optional else ""
        return (
            f"{self.requirement.distribution:<16} {self.state.value:<8} {found:<12} "
            f"needs {self.wanted}{note}: {self.requirement.why}"
        )


def version_key(version: str) -> tuple[int, ...]:
    """The numeric release of a version (``2.0.41rc1`` -> (2, 0, 41)), for comparing."""
    match = re.match(r"\d+(\.\d+)*", version.strip())
    return tuple(int(part) for part in match.group(0).split(".")) if match else ()


def _installed_version(requirement: Requirement) -> str | None:
    try:
        return importlib.metadata.version(requirement.distribution)
    except importlib.metadata.PackageNotFoundError:
        pass
    # Distributions published under another name (Debian's python3-psycopg2 is "psycopg2").
    for name in importlib.metadata.packages_distributions().get(requirement.module, ()):
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def _module_found(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def check(
    requirements: Iterable[Requirement] = REQUIREMENTS,
    *,
    python: tuple[int, int] | None = None,
) -> list[PackageStatus]:
    """The state of each requirement in the running Python."""
    python = python or running_python()
    result = []
    for requirement in requirements:
        wanted = requirement.specifier(python).removeprefix(requirement.distribution)
        if not _module_found(requirement.module):
            result.append(PackageStatus(requirement, State.MISSING, None, wanted))
            continue
        version = _installed_version(requirement)
        state = State.PRESENT
        if version is not None:
            key = version_key(version)
            if key < version_key(requirement.minimum):
                state = State.TOO_OLD
            elif requirement.below and key >= version_key(requirement.below):
                state = State.TOO_NEW
        result.append(PackageStatus(requirement, state, version, wanted))
    return result


def to_install(statuses: Sequence[PackageStatus], *, optional: bool = False) -> list[Requirement]:
    """The requirements pip must install: missing or too old (optional ones when asked)."""
    return [
        s.requirement
        for s in statuses
        if s.state in (State.MISSING, State.TOO_OLD) and (optional or not s.requirement.optional)
    ]


def missing_required(statuses: Sequence[PackageStatus]) -> list[PackageStatus]:
    """The required packages that keep Projem from starting."""
    return [s for s in statuses if not s.requirement.optional and not s.usable]
