# SPDX-License-Identifier: LGPL-2.1-or-later
"""Security events (a broken audit chain, rows changed beside Projem, a corrupt blob): one way
to record them, each in a transaction of its own so it outlives the error that found it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from projem_workbench.db.enums import SecurityEventType, SecuritySeverity
from projem_workbench.db.models import SecurityEvent
from projem_workbench.db.session import Database
from projem_workbench.errors import DatabaseReadOnlyError


def record_security_event(
    database: Database,
    event_type: SecurityEventType,
    severity: SecuritySeverity,
    details: dict[str, Any] | Callable[[Session], dict[str, Any]],
    *,
    user_id: int | None = None,
) -> bool:
    """Record the event; False on a database opened read-only (nothing can be recorded
    there; the caller still reports what it found). ``details`` may be read in the event's
    own transaction, given as a function of its session."""
    try:
        with database.unit_of_work() as session:
            found = details(session) if callable(details) else details
            session.add(
                SecurityEvent(
                    event_type=event_type, severity=severity, details=found, user_id=user_id
                )
            )
    except DatabaseReadOnlyError:
        return False
    return True
