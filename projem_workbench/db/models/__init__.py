# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every table of the data model; importing this package completes ``Base.metadata``."""

from projem_workbench.db.models.accounts import License, User, UserSession
from projem_workbench.db.models.billing import Invoice, Payment
from projem_workbench.db.models.library import Artefact, CadModel
from projem_workbench.db.models.production import CamRun, Job, SimRun
from projem_workbench.db.models.reference import Machine, Material, Tool
from projem_workbench.db.models.system import AuditLog, ErpMesSync, Notification, SecurityEvent

__all__ = [
    "Artefact",
    "AuditLog",
    "CadModel",
    "CamRun",
    "ErpMesSync",
    "Invoice",
    "Job",
    "License",
    "Machine",
    "Material",
    "Notification",
    "Payment",
    "SecurityEvent",
    "SimRun",
    "Tool",
    "User",
    "UserSession",
]
