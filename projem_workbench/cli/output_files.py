# SPDX-License-Identifier: LGPL-2.1-or-later
"""Files the command line writes: an existing one is replaced only when asked (``--overwrite``),
checked before any work, so a typo never costs a CAM run or a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from projem_workbench.errors import ValidationError


def add_overwrite(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--overwrite", action="store_true", help="replace output files that exist")


def refuse_to_replace(*paths: Path | None, overwrite: bool, field: str = "output") -> None:
    """A :class:`ValidationError` naming the first of ``paths`` that exists, unless
    ``overwrite``; a missing folder is named too."""
    for path in paths:
        if path is None:
            continue
        if path.exists() and not overwrite:
            raise ValidationError(
                f"{path} exists: nothing was written (give --overwrite to replace it)",
                field=field,
            )
        if not path.parent.is_dir():
            raise ValidationError(
                f"cannot write {path}: the folder {path.parent} does not exist", field=field
            )
