# SPDX-License-Identifier: LGPL-2.1-or-later
"""The migrated database holds the models' constraints and enforces them, on both backends.

``test_schema_rules.py`` proves each rule's first refusal; this module adds what it leaves
out: the shape checks (digits, hex digests, invoice series), values on the boundary that must
still be accepted, every foreign key's delete rule read back from the database and exercised,
every enum column refusing a literal in raw SQL, and the artefact reference cycles.
``test_orm_rules.py`` meets the same rules through the ORM and a unit of work.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import (
    CheckConstraint,
    Engine,
    bindparam,
    delete,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from projem_workbench.db.base import Base
from projem_workbench.db.engine import make_engine, normalise_url
from projem_workbench.db.enums import ENUM_TYPE_NAMES
from projem_workbench.db.errors import constraint_name
from tests.db.rows import insert_row, valid_row

TABLES = Base.metadata.tables
ENUM_NAMES = set(ENUM_TYPE_NAMES.values())
# Every enumeration by its database type name, for the values each must accept.
ENUM_VALUES = {name: [member.value for member in cls] for cls, name in ENUM_TYPE_NAMES.items()}
ENUM_COLUMNS = sorted(
    (table.name, column.name, column.type.name)
    for table in TABLES.values()
    for column in table.columns
    if getattr(column.type, "name", None) in ENUM_NAMES
)

# (table, column overrides, constraint name without the ck_<table>_ prefix)
SHAPE_REFUSALS: list[tuple[str, dict[str, Any], str]] = [
    # Every value fits its column's length, so PostgreSQL cannot refuse it for that instead.
    ("users", {"phone": "+90-555-1112233"}, "phone_e164"),
    ("users", {"phone": "+0905551112233"}, "phone_e164"),
    ("users", {"phone": "905551112233+"}, "phone_e164"),
    ("users", {"tax_number": "12345678AB"}, "vkn_digits"),
    ("users", {"national_id": "1234567890X"}, "tckn_digits"),
    ("sessions", {"refresh_token_hash": "g" * 64}, "refresh_token_hash_sha256"),
    ("licenses", {"license_key_hash": "abc"}, "license_key_hash_sha256"),
    ("licenses", {"license_key_hash": "E" * 64}, "license_key_hash_sha256"),
    ("invoices", {"number": "AB12026000000001"}, "number_format"),
    ("invoices", {"number": "ABC2026O00000001"}, "number_format"),
    ("invoices", {"number": "ABC202600000000."}, "number_format"),
    ("invoices", {"buyer_tax_number": "123456789O"}, "buyer_vkn_digits"),
    ("invoices", {"buyer_national_id": "1234567890-"}, "buyer_tckn_digits"),
    ("models", {"content_sha256": "Z" * 64}, "content_sha256_hex"),
    ("artefacts", {"sha256": "0" * 63 + "g"}, "sha256_hex"),
    ("erp_mes_sync", {"payload_sha256": "x" * 64}, "payload_sha256_hex"),
    ("audit_logs", {"prev_chain_hash": "G" * 64}, "prev_chain_hash_sha256"),
    ("audit_logs", {"chain_hash": "-" * 64}, "chain_hash_sha256"),
    ("tools", {"corner_radius_mm": Decimal("-0.1")}, "corner_radius_fits"),
    ("tools", {"shank_diameter_mm": Decimal("0")}, "shank_positive"),
    ("materials", {"machinability": 0}, "machinability_positive"),
    ("machines", {"spindle_power_kw": Decimal("0")}, "spindle_power_positive"),
    ("machines", {"acceleration_mm_s2": Decimal("-1")}, "acceleration_positive"),
    ("cam_runs", {"rapid_length_mm": Decimal("-1")}, "rapid_length_non_negative"),
    ("sim_runs", {"removed_volume_mm3": Decimal("-1")}, "removed_volume_non_negative"),
    (
        "invoices",
        {"kdv_amount": Decimal("-1.00"), "total": Decimal("999.00")},
        "kdv_amount_non_negative",
    ),
]

# Values on the edge of a rule, which the database must still accept.
BOUNDARY_ACCEPTED: list[tuple[str, dict[str, Any]]] = [
    ("users", {"phone": "+9055511"}),
    ("users", {"phone": "+905551112233445"}),
    ("users", {"tax_number": "0123456789", "national_id": "10000000146"}),
    ("invoices", {"number": "ZZZ9999999999999", "buyer_tax_number": "1234567890"}),
    ("invoices", {"kdv_rate": Decimal("0.00")}),
    ("invoices", {"kdv_rate": Decimal("100.00")}),
    # 0.10 + 0.20 is not 0.30 in binary floating point, which is how SQLite stores NUMERIC.
    (
        "invoices",
        {"subtotal": Decimal("0.10"), "kdv_amount": Decimal("0.20"), "total": Decimal("0.30")},
    ),
    (
        "invoices",
        {
            "subtotal": Decimal("8333333333.33"),
            "kdv_amount": Decimal("1666666666.66"),
            "total": Decimal("9999999999.99"),
        },
    ),
    ("payments", {"amount": Decimal("0.01")}),
    ("licenses", {"seats": 1, "ends_at": None}),
    ("models", {"version": 1}),
    ("jobs", {"progress": 0, "attempts": 0, "max_attempts": 1}),
    ("jobs", {"progress": 100}),
    ("sim_runs", {"resolution_mm": Decimal("0.0001"), "collision_count": 0}),
    ("artefacts", {"size_bytes": 0, "sha256": "0123456789abcdef" * 4}),
    ("tools", {"corner_radius_mm": Decimal("3.000")}),
    ("tools", {"flute_length_mm": Decimal("57"), "overall_length_mm": Decimal("57")}),
    ("tools", {"tool_type": "drill", "flutes": 0, "tip_angle_deg": Decimal("179.999")}),
    ("tools", {"quantity_on_hand": 0, "min_stock": 0}),
    ("machines", {"tool_changer_slots": 0}),
    ("materials", {"iso_group": "H"}),
]

# (child table, column) → (parent table, ON DELETE rule). Adding a foreign key without a line
# here fails test_every_foreign_key_has_an_expected_rule.
DELETE_RULES: dict[tuple[str, str], tuple[str, str]] = {
    ("artefacts", "cam_run_id"): ("cam_runs", "CASCADE"),
    ("artefacts", "model_id"): ("models", "CASCADE"),
    ("artefacts", "owner_id"): ("users", "SET NULL"),
    ("artefacts", "sim_run_id"): ("sim_runs", "CASCADE"),
    ("audit_logs", "session_id"): ("sessions", "SET NULL"),
    ("audit_logs", "user_id"): ("users", "SET NULL"),
    ("cam_runs", "gcode_artefact_id"): ("artefacts", "RESTRICT"),
    ("cam_runs", "job_id"): ("jobs", "SET NULL"),
    ("cam_runs", "machine_id"): ("machines", "RESTRICT"),
    ("cam_runs", "material_id"): ("materials", "RESTRICT"),
    ("cam_runs", "model_id"): ("models", "RESTRICT"),
    ("cam_runs", "user_id"): ("users", "SET NULL"),
    ("invoices", "license_id"): ("licenses", "RESTRICT"),
    ("invoices", "user_id"): ("users", "RESTRICT"),
    ("jobs", "user_id"): ("users", "SET NULL"),
    ("licenses", "user_id"): ("users", "RESTRICT"),
    ("models", "artefact_id"): ("artefacts", "RESTRICT"),
    ("models", "owner_id"): ("users", "SET NULL"),
    ("models", "previous_version_id"): ("models", "RESTRICT"),
    ("models", "thumbnail_artefact_id"): ("artefacts", "SET NULL"),
    ("notifications", "user_id"): ("users", "CASCADE"),
    ("payments", "invoice_id"): ("invoices", "RESTRICT"),
    ("security_events", "user_id"): ("users", "SET NULL"),
    ("sessions", "replaced_by_id"): ("sessions", "SET NULL"),
    ("sessions", "user_id"): ("users", "CASCADE"),
    ("sim_runs", "cam_run_id"): ("cam_runs", "CASCADE"),
    ("sim_runs", "image_artefact_id"): ("artefacts", "SET NULL"),
    ("sim_runs", "left_image_artefact_id"): ("artefacts", "SET NULL"),
    ("sim_runs", "job_id"): ("jobs", "SET NULL"),
    ("sim_runs", "report_artefact_id"): ("artefacts", "SET NULL"),
}


def _id(value: Any) -> str:
    if isinstance(value, dict):
        return "-".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def _enum_check_names(table_name: str) -> set[str]:
    return {f"ck_{t}_{enum}" for t, _, enum in ENUM_COLUMNS if t == table_name}


# --- the migration and the models agree (Alembic's `db check` does not compare CHECKs) ---


@pytest.mark.parametrize("table_name", sorted(TABLES))
def test_migrated_check_constraints_match_the_models(engine: Engine, table_name: str) -> None:
    table = TABLES[table_name]
    declared = {
        str(c.name): str(c.sqltext)
        for c in table.constraints
        if isinstance(c, CheckConstraint) and c.name not in _enum_check_names(table_name)
    }
    reflected = {c["name"]: c["sqltext"] for c in inspect(engine).get_check_constraints(table_name)}
    if engine.dialect.name == "sqlite":
        # SQLite keeps the text as written, and enforces enums with CHECKs too.
        for _, column, enum in (c for c in ENUM_COLUMNS if c[0] == table_name):
            values = ", ".join(f"'{value}'" for value in ENUM_VALUES[enum])
            declared[f"ck_{table_name}_{enum}"] = f"{column} IN ({values})"
        assert reflected == declared
    else:
        # PostgreSQL normalises the expression text; enums are native types, not CHECKs.
        assert set(reflected) == set(declared)


@pytest.mark.postgres
def test_migrated_enum_types_hold_exactly_the_python_values(
    pg_admin_url: str, pg_template: str
) -> None:
    # Native enum types exist on PostgreSQL only (SQLite: see the CHECK test above); the
    # template database is at head, so it is what a migrated database holds.
    engine = make_engine(normalise_url(pg_admin_url).set(database=pg_template))
    query = text(
        "SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
        "ORDER BY t.typname, e.enumsortorder"
    )
    labels: dict[str, list[str]] = {}
    try:
        with engine.connect() as conn:
            for name, label in conn.execute(query):
                labels.setdefault(name, []).append(label)
    finally:
        engine.dispose()
    assert labels == ENUM_VALUES
    assert len(labels) == 24


def test_every_foreign_key_has_an_expected_rule() -> None:
    declared = {
        (table.name, fk.parent.name): (fk.column.table.name, fk.ondelete)
        for table in TABLES.values()
        for fk in table.foreign_keys
    }
    assert declared == DELETE_RULES


def test_migrated_foreign_keys_match_the_models(engine: Engine) -> None:
    inspector = inspect(engine)
    reflected = {}
    for table_name in TABLES:
        for fk in inspector.get_foreign_keys(table_name):
            (column,) = fk["constrained_columns"]
            reflected[(table_name, column)] = (
                fk["referred_table"],
                fk["options"].get("ondelete"),
                fk["name"],
            )
    expected = {
        key: (parent, rule, f"fk_{key[0]}_{key[1]}_{parent}")
        for key, (parent, rule) in DELETE_RULES.items()
    }
    assert reflected == expected


# --- CHECK constraints ---


@pytest.mark.parametrize(
    ("table", "overrides", "constraint"),
    SHAPE_REFUSALS,
    ids=[f"{t}-{c}-{_id(o)}" for t, o, c in SHAPE_REFUSALS],
)
def test_shape_check_refuses(
    engine: Engine, table: str, overrides: dict[str, Any], constraint: str
) -> None:
    with pytest.raises(IntegrityError) as refused, engine.begin() as conn:
        insert_row(conn, table, **overrides)
    assert constraint_name(refused.value) == f"ck_{table}_{constraint}"


@pytest.mark.parametrize(
    ("table", "overrides"), BOUNDARY_ACCEPTED, ids=[f"{t}-{_id(o)}" for t, o in BOUNDARY_ACCEPTED]
)
def test_boundary_value_is_accepted(engine: Engine, table: str, overrides: dict[str, Any]) -> None:
    with engine.begin() as conn:
        row_id = insert_row(conn, table, **overrides)
    columns = TABLES[table].c
    with engine.connect() as conn:
        row = conn.execute(select(TABLES[table]).where(columns.id == row_id)).mappings().one()
    for column, value in overrides.items():
        assert row[column] == value


def test_audit_log_created_at_has_no_database_default(engine: Engine) -> None:
    # The hash covers created_at, so the client must set it; the database never invents one.
    # Raw SQL, so the model's client-side default cannot fill it in either.
    statement = text(
        "INSERT INTO audit_logs (action, entity_type, prev_chain_hash, chain_hash) "
        "VALUES ('create', 'tool', :genesis, :hash)"
    )
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(statement, {"genesis": "0" * 64, "hash": "a" * 64})


# --- enums: a value outside the enumeration, written as a literal in raw SQL ---


@pytest.mark.parametrize(("table", "column", "enum"), ENUM_COLUMNS, ids=lambda v: str(v))
def test_enum_column_refuses_literal_outside_the_enum(
    engine: Engine, table: str, column: str, enum: str
) -> None:
    columns = TABLES[table].c
    with engine.begin() as conn:
        values = valid_row(table, conn)  # parents are committed; only this row is refused
    values.pop(column, None)
    names = ", ".join([*values, column])
    params = ", ".join([*(f":{name}" for name in values), f"'no_such_{enum}'"])
    statement = text(f"INSERT INTO {table} ({names}) VALUES ({params})").bindparams(
        *(bindparam(name, value, type_=columns[name].type) for name, value in values.items())
    )
    with pytest.raises(DBAPIError) as refused, engine.begin() as conn:
        conn.execute(statement)
    if engine.dialect.name == "postgresql":
        assert f'invalid input value for enum {enum}: "no_such_{enum}"' in str(refused.value)
    else:
        assert constraint_name(refused.value) == f"ck_{table}_{enum}"


@pytest.mark.parametrize(("table", "column", "enum"), ENUM_COLUMNS, ids=lambda v: str(v))
def test_enum_column_accepts_every_value(
    engine: Engine, table: str, column: str, enum: str
) -> None:
    with engine.begin() as conn:
        for value in ENUM_VALUES[enum]:
            insert_row(conn, table, **{column: value})
    with engine.connect() as conn:
        stored = conn.execute(
            text(f"SELECT DISTINCT CAST({column} AS VARCHAR(40)) FROM {table}")
        ).scalars()
        assert set(stored) == set(ENUM_VALUES[enum])


# --- foreign keys: every delete rule, done by the database ---


@pytest.mark.parametrize(("child", "column"), sorted(DELETE_RULES), ids=lambda v: str(v))
def test_delete_rule_is_enforced_by_the_database(engine: Engine, child: str, column: str) -> None:
    parent, rule = DELETE_RULES[(child, column)]
    parents, children = TABLES[parent], TABLES[child]
    with engine.begin() as conn:
        parent_id = insert_row(conn, parent)
        child_id = insert_row(conn, child, **{column: parent_id})
    delete_parent = delete(parents).where(parents.c.id == parent_id)
    read_child = select(children.c[column]).where(children.c.id == child_id)

    if child == "audit_logs":
        # SET NULL would rewrite a hashed row; the append-only trigger (0002) refuses that, so
        # a user or session with audit history cannot be hard-deleted.
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(delete_parent)
        expected: int | None = parent_id
    elif rule == "RESTRICT":
        with pytest.raises(IntegrityError) as refused, engine.begin() as conn:
            conn.execute(delete_parent)
        if engine.dialect.name == "postgresql":  # SQLite does not name the failed key
            assert constraint_name(refused.value) == f"fk_{child}_{column}_{parent}"
        expected = parent_id
    else:
        with engine.begin() as conn:
            conn.execute(delete_parent)
        expected = None

    with engine.connect() as conn:
        row = conn.execute(read_child).first()
    if rule == "CASCADE":
        assert row is None
    else:
        assert row is not None and row[0] == expected


def test_deleting_a_cam_run_takes_its_simulations_and_artefacts(engine: Engine) -> None:
    # artefacts.cam_run_id CASCADE meets cam_runs.gcode_artefact_id RESTRICT: the artefact is
    # protected on its own, but goes with the run that owns it.
    cam_runs, sim_runs, artefacts = TABLES["cam_runs"], TABLES["sim_runs"], TABLES["artefacts"]
    with engine.begin() as conn:
        run = insert_row(conn, "cam_runs")
        gcode = insert_row(conn, "artefacts", cam_run_id=run)
        conn.execute(update(cam_runs).where(cam_runs.c.id == run).values(gcode_artefact_id=gcode))
        sim = insert_row(conn, "sim_runs", cam_run_id=run)
        report = insert_row(conn, "artefacts", kind="report", sim_run_id=sim)
        conn.execute(update(sim_runs).where(sim_runs.c.id == sim).values(report_artefact_id=report))

    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(delete(artefacts).where(artefacts.c.id == gcode))
    with engine.begin() as conn:
        conn.execute(delete(cam_runs).where(cam_runs.c.id == run))

    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(sim_runs)).scalar_one() == 0
        left = conn.execute(select(artefacts.c.id).where(artefacts.c.id.in_([gcode, report])))
        assert left.all() == []


def test_deleting_a_model_takes_the_artefacts_it_owns(engine: Engine) -> None:
    models, artefacts = TABLES["models"], TABLES["artefacts"]
    with engine.begin() as conn:
        model = insert_row(conn, "models")
        fcstd = insert_row(conn, "artefacts", kind="fcstd", model_id=model)
        thumbnail = insert_row(conn, "artefacts", kind="image", model_id=model)
        conn.execute(
            update(models)
            .where(models.c.id == model)
            .values(artefact_id=fcstd, thumbnail_artefact_id=thumbnail)
        )

    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(delete(artefacts).where(artefacts.c.id == fcstd))
    with engine.begin() as conn:  # the thumbnail is optional: its reference is cleared
        conn.execute(delete(artefacts).where(artefacts.c.id == thumbnail))
        conn.execute(delete(models).where(models.c.id == model))

    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(artefacts)).scalar_one() == 0
