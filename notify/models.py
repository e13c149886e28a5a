"""Notification tables: the outbox (written in the same transaction as the change that causes it),
what Yimen knows of a citizen for life-cycle rules, consent, and one-time subscribe grants."""

from typing import Any

from tortoise import fields
from tortoise.models import Model

# pending → claimed (a dispatcher holds it under a lease) → sending (the platform call has begun)
#   → sent | skipped (no consent, no channel) | failed (dead letter) | unknown (dead letter: the worker
#   stopped during the call, so whether the platform got it is not known; never resent by itself)
# cancelled: withdrawn by the change that queued it (a booking cancelled, a campaign cancelled)
# dropped: a dead letter staff gave up on (audited in staff_actions)
STATUSES = ("pending", "claimed", "sending", "sent", "skipped", "failed", "unknown", "cancelled", "dropped")
DEAD = ("failed", "unknown")


class Outbox(Model):
    """One message to send. The dispatcher (notify/dispatch.py) picks `pending` rows whose due_at has come."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=64)  # e.g. appointment_reminder, or a life-cycle rule's id
    citizen = fields.CharField(max_length=128, db_index=True)
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField()
    due_at = fields.DatetimeField()  # when it may go: moved on by quiet hours, caps and backoff
    status = fields.CharField(max_length=16, default="pending")  # one of STATUSES
    dedupe_key = fields.CharField(max_length=200, unique=True)
    # The life-cycle scan's idempotency key: one row per (citizen, rule, period), kept unique by the database.
    rule = fields.CharField(max_length=64, null=True)
    period = fields.CharField(max_length=64, null=True)  # e.g. "2027" (a birthday), "2027-03-01" (an expiry)
    attempts = fields.IntField(default=0)
    claim = fields.CharField(max_length=32, null=True)  # the dispatcher holding it
    lease_until = fields.DatetimeField(null=True)
    channel = fields.CharField(max_length=24, null=True)  # how it went: customer_service, subscribe_once, …
    error = fields.CharField(max_length=200, null=True)  # why it failed, was skipped or waits (for staff)
    delivery = fields.CharField(max_length=32, null=True)  # the platform's later report (TEMPLATESENDJOBFINISH)
    msgid = fields.CharField(max_length=32, null=True)  # the platform's id of a template message
    campaign = fields.IntField(null=True)
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox"
        unique_together = (("citizen", "rule", "period"),)
        indexes = (("status", "due_at"), ("status", "lease_until"), ("citizen", "status", "sent_at"), ("msgid",))


class LifeFact(Model):
    """One thing the citizen gave Yimen, from a verified source: a birth date (verified ID number), an ID
    card's or a driving licence's expiry (pre-review), a child's birth (newborn registration), a
    business's registration (licence pre-review). Nothing is guessed; the ID number itself is not kept."""

    id = fields.IntField(primary_key=True)
    citizen = fields.CharField(max_length=128)
    fact = fields.CharField(max_length=32)  # birth_date, sex, id_card_expires_on, child_birth_date, …
    on = fields.DateField(null=True)  # the date, for date facts
    value = fields.CharField(max_length=64, default="")  # male/female for sex; a child's or business's key
    source = fields.CharField(max_length=32)  # verified_id_number, precheck, newborn_registration, …
    recorded_at = fields.DatetimeField()

    class Meta:
        table = "notify_facts"
        unique_together = (("citizen", "fact", "value"),)
        indexes = (("fact", "on"),)  # the scan reads date ranges of one fact: cost grows with those due


class Subscription(Model):
    """A citizen's consent for one topic of reminders ("提醒我…"), or its withdrawal ("不要再提醒了")."""

    id = fields.IntField(primary_key=True)
    citizen = fields.CharField(max_length=128)
    topic = fields.CharField(max_length=32)  # a rule's topic, e.g. id_card; "all" for every topic
    active = fields.BooleanField()
    changed_at = fields.DatetimeField()
    via = fields.CharField(max_length=16, default="chat")  # chat, miniapp, staff

    class Meta:
        table = "notify_subscriptions"
        unique_together = (("citizen", "topic"),)


class SubscribeGrant(Model):
    """One-time subscribe grants (一次性订阅): each accept in the platform's popup allows one send."""

    id = fields.IntField(primary_key=True)
    citizen = fields.CharField(max_length=128)
    template_id = fields.CharField(max_length=64)
    remaining = fields.IntField(default=0)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "notify_grants"
        unique_together = (("citizen", "template_id"),)


class Campaign(Model):
    """A staff push to a segment of consenting citizens: counted and previewed as a draft, then scheduled
    (its outbox rows written at once, due at `send_at` moved out of the quiet hours), watched, cancelled."""

    id = fields.IntField(primary_key=True)
    item = fields.CharField(max_length=64)  # the catalog item the message leads to
    topic = fields.CharField(max_length=32)  # the consent it needs: a yes to this topic (or to all)
    message = fields.CharField(max_length=300)
    segment: fields.JSONField[dict[str, Any]] = fields.JSONField()  # notify/campaigns.py Segment
    status = fields.CharField(max_length=16, default="draft")  # draft | scheduled | cancelled
    send_at = fields.DatetimeField(null=True)
    queued = fields.IntField(default=0)  # outbox rows written when scheduled
    created_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField()
    cancelled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "campaigns"


class TemplateRefusal(Model):
    """The citizen refused a template's messages (subscribe_msg_change_event "reject", 43101, "failed:user
    block"): no channel through that template is tried for them until they accept it again."""

    id = fields.IntField(primary_key=True)
    citizen = fields.CharField(max_length=128)
    template_id = fields.CharField(max_length=64)
    reason = fields.CharField(max_length=64)
    at = fields.DatetimeField()

    class Meta:
        table = "notify_refusals"
        unique_together = (("citizen", "template_id"),)
