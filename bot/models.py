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


class UnansweredQuestion(Model):
    """A message the bot could not answer (its fallback): masked text, the item it half-recognised."""

    id = fields.IntField(primary_key=True)
    text = fields.CharField(max_length=200)  # masked (core/privacy.py) before it is stored
    item = fields.CharField(max_length=64, null=True)  # the NLU's best guess, or the topic on screen
    channel = fields.CharField(max_length=16)
    at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "unanswered_questions"


class QuestionDay(Model):
    """Text messages answered on a day (Shanghai) and how many of them fell back: the share unanswered."""

    day = fields.DateField(primary_key=True)
    messages = fields.IntField(default=0)
    unanswered = fields.IntField(default=0)

    class Meta:
        table = "question_days"
