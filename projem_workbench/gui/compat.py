# SPDX-License-Identifier: LGPL-2.1-or-later
"""Workarounds for the Python a FreeCAD GUI runs Projem in.

PySide2 5.15 on Python 3.12+ (FreeCAD 1.0 on Debian 13) breaks ``isinstance()`` against
runtime-checkable protocols that have data members: ``typing`` no longer sees the call as
coming from ``abc`` and raises "Protocols with non-method members don't support issubclass()".
pydantic runs ``isinstance(x, annotated_types.GroupedMetadata)`` for every constrained field,
so no Projem schema with a bound (``gt=0``...) could even be defined. Giving that protocol its
own ``__subclasshook__`` takes the check off the refusing path; the answer stays the same
(grouped metadata is recognised by the marker attribute it must carry).
"""

from __future__ import annotations

from typing import Any

MARKER = "__is_annotated_types_grouped_metadata__"


def protocol_checks_broken() -> bool:
    import annotated_types

    try:
        isinstance(annotated_types.Gt(0), annotated_types.GroupedMetadata)
    except TypeError:
        return True
    return False


def _grouped_metadata_hook(cls: Any, other: type) -> Any:
    if any(MARKER in vars(base) for base in getattr(other, "__mro__", ())):
        return True
    return NotImplemented


def repair_protocol_checks() -> bool:
    """Apply the workaround when this Python needs it; True when it was applied."""
    try:
        if not protocol_checks_broken():
            return False
    except ImportError:  # no pydantic yet: the missing-package dialog says so
        return False
    import annotated_types

    annotated_types.GroupedMetadata.__subclasshook__ = classmethod(_grouped_metadata_hook)
    return not protocol_checks_broken()
