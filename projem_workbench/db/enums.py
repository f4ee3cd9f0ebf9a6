# SPDX-License-Identifier: LGPL-2.1-or-later
"""The 24 enumerations of the data model, and the column type that stores them.

Values are what the database stores (lower-case snake strings; currency codes stay ISO 4217
upper-case). PostgreSQL gets a native ENUM type per class, SQLite a CHECK constraint.
"""

from __future__ import annotations

import enum

from sqlalchemy import Enum as SAEnum


class UserRole(enum.StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    ENGINEER = "engineer"
    OPERATOR = "operator"
    VIEWER = "viewer"


class Locale(enum.StrEnum):
    TR = "tr"
    EN = "en"


class LicenseType(enum.StrEnum):
    TRIAL = "trial"
    STANDARD = "standard"
    PROFESSIONAL = "professional"
    ENTERPRISE = "enterprise"
    SITE = "site"


class LicenseStatus(enum.StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class JobType(enum.StrEnum):
    CAM = "cam"
    SIMULATE = "simulate"
    IMPORT_MODEL = "import_model"
    EXPORT = "export"
    ERP_SYNC = "erp_sync"
    REPORT = "report"
    MAINTENANCE = "maintenance"


class JobStatus(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    DEAD = "dead"


class RunStatus(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ModelType(enum.StrEnum):
    PART = "part"
    ASSEMBLY = "assembly"
    SKETCH = "sketch"
    MESH = "mesh"
    STEP_IMPORT = "step_import"


class ArtefactKind(enum.StrEnum):
    FCSTD = "fcstd"
    GCODE = "gcode"
    STEP = "step"
    STL = "stl"
    REPORT = "report"
    IMAGE = "image"
    LOG = "log"
    TOOLPATH = "toolpath"
    HEIGHTFIELD = "heightfield"  # a part's top surface at one resolution (simulation)


class InvoiceType(enum.StrEnum):
    SALE = "sale"
    REFUND = "refund"
    PROFORMA = "proforma"


class InvoiceStatus(enum.StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    OVERDUE = "overdue"
    CANCELLED = "cancelled"


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"
    CANCELLED = "cancelled"


class Currency(enum.StrEnum):
    TRY = "TRY"
    USD = "USD"
    EUR = "EUR"


class NotificationType(enum.StrEnum):
    JOB_SUCCEEDED = "job_succeeded"
    JOB_FAILED = "job_failed"
    LICENSE_EXPIRING = "license_expiring"
    INVOICE_DUE = "invoice_due"
    SECURITY_ALERT = "security_alert"
    SYNC_FAILED = "sync_failed"
    SYSTEM = "system"


class NotificationSeverity(enum.StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"


class AuditAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"
    LOGIN = "login"
    LOGOUT = "logout"
    EXPORT = "export"
    IMPORT = "import"
    RUN = "run"
    VERIFY = "verify"


class SecurityEventType(enum.StrEnum):
    LOGIN_SUCCESS = "login_success"
    LOGIN_FAILURE = "login_failure"
    ACCOUNT_LOCKED = "account_locked"
    PASSWORD_CHANGED = "password_changed"
    TOKEN_REUSED = "token_reused"
    TOKEN_REVOKED = "token_revoked"
    PERMISSION_DENIED = "permission_denied"
    AUDIT_CHAIN_BROKEN = "audit_chain_broken"
    LICENSE_VIOLATION = "license_violation"
    # A stored file no longer matches its SHA-256 (migration 0004).
    ARTEFACT_CORRUPT = "artefact_corrupt"


class SecuritySeverity(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class SyncDirection(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class SyncStatus(enum.StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"


class MachineType(enum.StrEnum):
    MILL_3AXIS = "mill_3axis"
    MILL_4AXIS = "mill_4axis"
    MILL_5AXIS = "mill_5axis"
    ROUTER = "router"
    LATHE = "lathe"
    LASER = "laser"
    PLASMA = "plasma"


class ToolType(enum.StrEnum):
    FLAT_ENDMILL = "flat_endmill"
    BALL_ENDMILL = "ball_endmill"
    BULL_ENDMILL = "bull_endmill"
    DRILL = "drill"
    CENTER_DRILL = "center_drill"
    CHAMFER = "chamfer"
    V_BIT = "v_bit"
    FACE_MILL = "face_mill"
    SLOT_CUTTER = "slot_cutter"
    THREAD_MILL = "thread_mill"
    TAP = "tap"
    REAMER = "reamer"
    ENGRAVER = "engraver"
    # FreeCAD ToolBit shapes with no type above (migration 0003), so its libraries import whole.
    DOVETAIL = "dovetail"
    CORNER_ROUNDING = "corner_rounding"
    TAPERED_BALL_ENDMILL = "tapered_ball_endmill"
    PROBE = "probe"


class ToolMaterial(enum.StrEnum):
    HSS = "hss"
    HSS_COBALT = "hss_cobalt"
    CARBIDE = "carbide"
    CERAMIC = "ceramic"
    CBN = "cbn"
    PCD = "pcd"


class MaterialCategory(enum.StrEnum):
    ALUMINUM = "aluminum"
    STEEL = "steel"
    STAINLESS_STEEL = "stainless_steel"
    CAST_IRON = "cast_iron"
    TITANIUM = "titanium"
    COPPER_ALLOY = "copper_alloy"
    PLASTIC = "plastic"
    WOOD = "wood"
    COMPOSITE = "composite"
    FOAM = "foam"


# Database type name of each enumeration; the tests check there are exactly 24.
ENUM_TYPE_NAMES: dict[type[enum.Enum], str] = {
    UserRole: "user_role",
    Locale: "locale",
    LicenseType: "license_type",
    LicenseStatus: "license_status",
    JobType: "job_type",
    JobStatus: "job_status",
    RunStatus: "run_status",
    ModelType: "model_type",
    ArtefactKind: "artefact_kind",
    InvoiceType: "invoice_type",
    InvoiceStatus: "invoice_status",
    PaymentStatus: "payment_status",
    Currency: "currency",
    NotificationType: "notification_type",
    NotificationSeverity: "notification_severity",
    AuditAction: "audit_action",
    SecurityEventType: "security_event_type",
    SecuritySeverity: "security_severity",
    SyncDirection: "sync_direction",
    SyncStatus: "sync_status",
    MachineType: "machine_type",
    ToolType: "tool_type",
    ToolMaterial: "tool_material",
    MaterialCategory: "material_category",
}


def enum_column_type(enum_cls: type[enum.Enum]) -> SAEnum:
    """The column type for an enumeration: a native ENUM on PostgreSQL, a CHECK on SQLite.

    The stored value is the member's value (not its Python name), so the database holds
    ``'flat_endmill'`` rather than ``'FLAT_ENDMILL'``.
    """
    return SAEnum(
        enum_cls,
        name=ENUM_TYPE_NAMES[enum_cls],
        native_enum=True,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )
