# SPDX-License-Identifier: LGPL-2.1-or-later
"""Minimal valid rows for every table, inserted with SQLAlchemy Core (no services, no ORM).

The schema tests start from these and change one thing, so a refusal can only come from the
rule under test.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, insert

import projem_workbench.db.models  # noqa: F401  (complete metadata)
from projem_workbench.db.base import Base

NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)
_counter = itertools.count(1)


def _unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


def _hex(char: str) -> str:
    return (char + format(next(_counter), "x")).rjust(64, "0")[-64:]


def valid_row(table: str, conn: Connection) -> dict[str, Any]:
    """A row for ``table`` that satisfies every rule; parents are inserted as needed."""
    builders = {
        "users": lambda: {
            "email": f"{_unique('engineer')}@atolye.com.tr",
            "full_name": "Ayşe Yılmaz",
            "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        },
        "sessions": lambda: {
            "user_id": insert_row(conn, "users"),
            "refresh_token_hash": _hex("a"),
            "issued_at": NOW,
            "expires_at": NOW + dt.timedelta(days=30),
        },
        "licenses": lambda: {
            "user_id": insert_row(conn, "users"),
            "license_type": "professional",
            "seats": 3,
            "starts_at": NOW,
            "ends_at": NOW + dt.timedelta(days=365),
            "license_key_hash": _hex("b"),
        },
        "invoices": lambda: {
            "user_id": insert_row(conn, "users"),
            "number": f"PRJ2026{next(_counter):09d}",
            "subtotal": Decimal("1000.00"),
            "kdv_amount": Decimal("200.00"),
            "total": Decimal("1200.00"),
            "buyer_name": "Demir Kalıp A.Ş.",
        },
        "payments": lambda: {
            "invoice_id": insert_row(conn, "invoices"),
            "amount": Decimal("1200.00"),
            "provider": "bank_transfer",
            "idempotency_key": _unique("pay-"),
        },
        "models": lambda: {
            "name": _unique("bracket-"),
            "content_sha256": _hex("c"),
            "size_bytes": 2048,
        },
        "jobs": lambda: {"job_type": "cam"},
        "cam_runs": lambda: {
            "model_id": insert_row(conn, "models"),
            "machine_id": insert_row(conn, "machines"),
            "material_id": insert_row(conn, "materials"),
        },
        "sim_runs": lambda: {
            "cam_run_id": insert_row(conn, "cam_runs"),
            "resolution_mm": Decimal("0.25"),
        },
        "artefacts": lambda: {
            "kind": "gcode",
            "sha256": _hex("d"),
            "size_bytes": 512,
            "mime_type": "text/x-gcode",
            "storage_uri": "blobs/ab/cdef",
        },
        "machines": lambda: {
            "name": _unique("VMC "),
            "machine_type": "mill_3axis",
            "controller": "linuxcnc",
            "post_processor": "linuxcnc",
            "travel_x_mm": Decimal("500"),
            "travel_y_mm": Decimal("400"),
            "travel_z_mm": Decimal("300"),
            "max_spindle_rpm": 12000,
            "max_feed_mm_min": Decimal("8000"),
            "rapid_mm_min": Decimal("15000"),
        },
        "materials": lambda: {"name": _unique("Al 6061 #"), "category": "aluminum"},
        "tools": lambda: {
            "name": _unique("EM 6 #"),
            "tool_type": "flat_endmill",
            "tool_material": "carbide",
            "diameter_mm": Decimal("6"),
            "flutes": 3,
            "flute_length_mm": Decimal("13"),
            "overall_length_mm": Decimal("57"),
        },
        "notifications": lambda: {
            "user_id": insert_row(conn, "users"),
            "notification_type": "system",
            "title": "Hoş geldiniz",
        },
        "erp_mes_sync": lambda: {
            "direction": "outbound",
            "system": "mes",
            "entity_type": "cam_run",
            "entity_id": "1",
            "idempotency_key": _unique("sync-"),
        },
        "audit_logs": lambda: {
            "action": "create",
            "entity_type": "tool",
            "entity_id": "1",
            "created_at": NOW,
            "prev_chain_hash": "0" * 64,
            "chain_hash": _hex("e"),
        },
        "security_events": lambda: {"event_type": "login_failure", "severity": "low"},
    }
    return builders[table]()


def insert_row(conn: Connection, table: str, **overrides: Any) -> int:
    """Insert a valid row with ``overrides`` applied; returns its id."""
    values = valid_row(table, conn)
    values.update(overrides)
    result = conn.execute(insert(Base.metadata.tables[table]).values(**values))
    return int(result.inserted_primary_key[0])
