"""Life event tables: one row a submitted bundle (its number, the form as answered) and one a member
application. The applications themselves are progress/'s."""

from typing import Any

from tortoise import fields
from tortoise.models import Model


class BundleSubmission(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=16, unique=True)  # YJ + the first application's date and sequence
    bundle = fields.CharField(max_length=64)
    citizen = fields.CharField(max_length=128, db_index=True)
    channel = fields.CharField(max_length=16)
    hall = fields.CharField(max_length=64)
    # Personal data (names, ID numbers): never logged, masked in every list.
    answers: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    materials: fields.JSONField[list[str]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField()

    class Meta:
        table = "bundle_submissions"


class BundleMember(Model):
    id = fields.IntField(primary_key=True)
    submission: fields.ForeignKeyRelation[BundleSubmission] = fields.ForeignKeyField(
        "models.BundleSubmission", related_name="members", on_delete=fields.RESTRICT)
    submission_id: int
    item = fields.CharField(max_length=64)
    situation = fields.CharField(max_length=64, null=True)
    application_no = fields.CharField(max_length=16, unique=True)
    position = fields.IntField()

    class Meta:
        table = "bundle_members"
