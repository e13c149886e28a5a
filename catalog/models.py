"""Catalog tables: the loaded file, one row an item and a hall, whole entry kept as JSON."""

from typing import Any

from tortoise import fields
from tortoise.models import Model


class ServiceItemRow(Model):
    code = fields.CharField(max_length=64, primary_key=True)
    name = fields.CharField(max_length=200)
    department = fields.CharField(max_length=32)
    kind = fields.CharField(max_length=16)
    data: fields.JSONField[dict[str, Any]] = fields.JSONField()  # the validated catalog.schema.Item
    checksum = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "service_items"


class HallRow(Model):
    code = fields.CharField(max_length=64, primary_key=True)
    name = fields.CharField(max_length=200)
    data: fields.JSONField[dict[str, Any]] = fields.JSONField()  # the validated catalog.schema.Hall
    checksum = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "halls"


class CatalogVersion(Model):
    """A published version of the whole catalog: who, when, why, what changed, and all of it (as JSON)."""

    number = fields.IntField(primary_key=True, generated=False)  # 1, 2, 3 …: the newest is in force
    staff = fields.CharField(max_length=32)
    note = fields.CharField(max_length=200, default="")
    # what changed from the version before: {"items": {code: [field, …]}, "halls": {code: [field, …]}}
    changes: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    rollback_of = fields.IntField(null=True)  # a rollback: the version it restored
    content: fields.JSONField[dict[str, Any]] = fields.JSONField()  # the validated catalog.schema.CatalogFile
    created_at = fields.DatetimeField()

    class Meta:
        table = "catalog_versions"
