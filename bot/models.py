"""Conversation tables: handoffs to a person at the console."""

from tortoise import fields
from tortoise.models import Model


class Handoff(Model):
    """A citizen waiting for staff: asked for a person (human) or complained (complaint)."""

    id = fields.IntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    user = fields.CharField(max_length=128, db_index=True)
    reason = fields.CharField(max_length=16, default="human")  # human | complaint
    item = fields.CharField(max_length=64, null=True)
    last_text = fields.TextField()  # masked before it is stored
    status = fields.CharField(max_length=16, default="open")  # open | taken | closed
    created_at = fields.DatetimeField()

    class Meta:
        table = "handoffs"


class HandoffReply(Model):
    """A staff member's answer to a handoff, kept for the citizen (and sent on by the outbox)."""

    id = fields.IntField(primary_key=True)
    handoff: fields.ForeignKeyRelation[Handoff] = fields.ForeignKeyField(
        "models.Handoff", related_name="replies", on_delete=fields.RESTRICT)
    handoff_id: int
    staff = fields.CharField(max_length=32)
    text = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "handoff_replies"
