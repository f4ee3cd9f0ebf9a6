# SPDX-License-Identifier: LGPL-2.1-or-later
"""Workpiece materials and the cutting data the feeds-and-speeds calculator reads."""

from __future__ import annotations

from pydantic import ConfigDict
from sqlalchemy import select

from projem_workbench.db.enums import MaterialCategory
from projem_workbench.db.models import Material
from projem_workbench.db.session import Database
from projem_workbench.errors import ValidationError
from projem_workbench.schemas.inputs import MaterialInput
from projem_workbench.services.records import (
    RecordService,
    RecordState,
    enum_member,
    text_filter,
)


class MaterialRecord(RecordState, MaterialInput):
    model_config = ConfigDict(from_attributes=True, extra="ignore")


MATERIALS: RecordService[MaterialInput, MaterialRecord] = RecordService(
    label="material", model=Material, schema=MaterialInput, view=MaterialRecord
)


def search_materials(
    database: Database,
    *,
    text: str | None = None,
    category: MaterialCategory | str | None = None,
    iso_group: str | None = None,
    deleted: bool = False,
) -> list[MaterialRecord]:
    """Materials matching every filter given (text looks in name, hardness and notes)."""
    query = select(Material)
    condition = text_filter((Material.name, Material.hardness, Material.notes), text)
    if condition is not None:
        query = query.where(condition)
    if category is not None:
        query = query.where(
            Material.category == enum_member(MaterialCategory, category, "category")
        )
    if iso_group:
        group = iso_group.strip().upper()
        if group not in ("P", "M", "K", "N", "S", "H"):
            raise ValidationError(
                f"unknown ISO group {iso_group!r} (P, M, K, N, S or H)", field="iso_group"
            )
        query = query.where(Material.iso_group == group)
    return MATERIALS.list(database, query=query, deleted=deleted)
