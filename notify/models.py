"""Notification tables: the outbox, written in the same transaction as the change that causes it."""

from typing import Any

from tortoise import fields
from tortoise.models import Model


class Outbox(Model):
    """One message to send. A sender job picks `pending` rows whose due_at has come (another issue)."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=64)  # e.g. appointment_reminder
    citizen = fields.CharField(max_length=128, db_index=True)
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField()
    due_at = fields.DatetimeField()
    status = fields.CharField(max_length=16, default="pending")  # pending | sent | cancelled
    dedupe_key = fields.CharField(max_length=200, unique=True)
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox"
        indexes = (("status", "due_at"),)
