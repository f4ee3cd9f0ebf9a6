# SPDX-License-Identifier: LGPL-2.1-or-later
"""The schema's rules met through the ORM: domain errors from a unit of work, and relationships
that leave deletes to the database's ON DELETE rules instead of second-guessing them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, select

from projem_workbench.db.base import utcnow
from projem_workbench.db.enums import ToolMaterial, ToolType
from projem_workbench.db.models import (
    CamRun,
    Invoice,
    License,
    Notification,
    Payment,
    Tool,
    User,
    UserSession,
)
from projem_workbench.db.session import Database
from projem_workbench.errors import DuplicateError, IntegrityViolationError
from tests.db.rows import NOW, insert_row


def _tool(name: str, **changes: Any) -> Tool:
    values: dict[str, Any] = {
        "name": name,
        "tool_type": ToolType.FLAT_ENDMILL,
        "tool_material": ToolMaterial.CARBIDE,
        "diameter_mm": Decimal("6"),
    }
    values.update(changes)
    return Tool(**values)


def _user(email: str) -> User:
    return User(email=email, full_name="Mehmet Demir", password_hash="$argon2id$v=19$x")


def test_unit_of_work_reports_a_live_duplicate_and_allows_reuse_after_delete(
    database: Database,
) -> None:
    with database.unit_of_work() as session:
        session.add(_tool("EM 10 mm 4F"))
    with (
        pytest.raises(DuplicateError, match=r"uq_tools_name_live|tools\.name"),
        database.unit_of_work() as session,
    ):
        session.add(_tool("EM 10 mm 4F"))

    with database.unit_of_work() as session:
        tool = session.scalars(select(Tool).where(Tool.name == "EM 10 mm 4F")).one()
        tool.is_deleted, tool.deleted_at = True, utcnow()
    with database.unit_of_work() as session:
        session.add(_tool("EM 10 mm 4F", diameter_mm=Decimal("10")))
    with database.read_session() as session:
        rows = session.execute(select(Tool.is_deleted, Tool.diameter_mm).order_by(Tool.id)).all()
    assert rows == [(True, Decimal("6.000")), (False, Decimal("10.000"))]


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"diameter_mm": Decimal("0")}, "ck_tools_diameter_positive"),
        ({"corner_radius_mm": Decimal("3.5")}, "ck_tools_corner_radius_fits"),
        ({"tip_angle_deg": Decimal("180")}, "ck_tools_tip_angle_range"),
    ],
    ids=["diameter", "corner_radius", "tip_angle"],
)
def test_unit_of_work_reports_a_check_by_name(
    database: Database, changes: dict[str, Any], constraint: str
) -> None:
    with pytest.raises(IntegrityViolationError, match=constraint), database.unit_of_work() as s:
        s.add(_tool("Refused", **changes))
    with database.read_session() as session:
        assert session.scalars(select(Tool)).all() == []


def test_unit_of_work_refuses_to_delete_an_invoice_with_payments(database: Database) -> None:
    with database.unit_of_work() as session:
        user = _user("muhasebe@atolye.com.tr")
        session.add(user)
        session.flush()
        invoice = Invoice(
            user_id=user.id,
            number="PRJ2026000000007",
            subtotal=Decimal("100.00"),
            kdv_amount=Decimal("20.00"),
            total=Decimal("120.00"),
            buyer_name="Kaya Makina Ltd. Şti.",
        )
        invoice.payments.append(
            Payment(amount=Decimal("120.00"), provider="iyzico", idempotency_key="pay-7")
        )
        session.add(invoice)

    # The ORM must not null payments.invoice_id behind the database's back (passive_deletes).
    with pytest.raises(IntegrityViolationError) as refused, database.unit_of_work() as session:
        session.delete(session.get(Invoice, invoice.id))
    if database.backend == "postgresql":
        assert "fk_payments_invoice_id_invoices" in str(refused.value)
    with database.read_session() as session:
        assert session.scalars(select(Payment.invoice_id)).all() == [invoice.id]


def test_unit_of_work_deletes_a_user_with_sessions_and_notifications(database: Database) -> None:
    with database.unit_of_work() as session:
        user = _user("gecici@atolye.com.tr")
        user.sessions.append(
            UserSession(
                refresh_token_hash="ab" * 32, issued_at=NOW, expires_at=NOW + dt.timedelta(days=1)
            )
        )
        user.notifications.append(Notification(notification_type="system", title="Merhaba"))
        session.add(user)
    with database.unit_of_work() as session:
        session.delete(session.get(User, user.id))
    with database.read_session() as session:
        assert session.scalars(select(UserSession)).all() == []
        assert session.scalars(select(Notification)).all() == []


def test_unit_of_work_refuses_to_delete_a_user_with_a_license(database: Database) -> None:
    with database.unit_of_work() as session:
        user = _user("lisansli@atolye.com.tr")
        user.licenses.append(
            License(license_type="site", starts_at=NOW, license_key_hash="cd" * 32)
        )
        session.add(user)
    with pytest.raises(IntegrityViolationError) as refused, database.unit_of_work() as session:
        session.delete(session.get(User, user.id))
    assert "NOT NULL" not in str(refused.value)  # refused by the key, not by a nulled column
    with database.read_session() as session:
        assert session.scalars(select(License.user_id)).all() == [user.id]


def test_cam_run_relationships_load_what_the_keys_point_at(engine: Engine) -> None:
    with engine.begin() as conn:
        run_id = insert_row(conn, "cam_runs")
        insert_row(conn, "sim_runs", cam_run_id=run_id)
    with Database(engine=engine).read_session() as session:
        run = session.get(CamRun, run_id)
        assert run is not None
        assert run.model.id == run.model_id
        assert run.machine.id == run.machine_id and run.material.id == run.material_id
        assert [sim.cam_run for sim in run.sim_runs] == [run]
        assert run.model.cam_runs == [run]
