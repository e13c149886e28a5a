"""Progress tables. Nobody outside progress/ reads them: use the service functions.

ApplicationRow is the application as it stands; `version` goes up with every change, and a
change is an UPDATE … WHERE version = the one read, so two concurrent changes never both win.
ApplicationEvent is the audit trail (办理过程全留痕): rows are only ever created; `save` and
`delete` on a stored row refuse, and tests/progress/test_trail.py proves that no code path
updates or deletes one. NumberCounter hands out each day's sequence numbers. DepartmentEvent
keeps each department event id once with its answer, so a repeated event is answered the same.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from .errors import TrailIsAppendOnly


class ApplicationRow(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=16, unique=True)  # BJ + yyyymmdd + 6-digit sequence
    item = fields.CharField(max_length=64)
    citizen = fields.CharField(max_length=128, db_index=True)  # the applicant's Yimen citizen id
    hall = fields.CharField(max_length=64)
    channel = fields.CharField(max_length=16)  # hall | online | miniapp | wechat | robot
    stage = fields.CharField(max_length=8)  # one of stages.STAGES
    status = fields.CharField(max_length=16)  # one of stages.STATUSES
    path: fields.JSONField[list[str]] = fields.JSONField(default=list)  # the item's stages at receipt
    missing: fields.JSONField[list[str]] = fields.JSONField(default=list)  # 补正: what is missing
    reason = fields.CharField(max_length=500, default="")  # rejected: why
    received_on = fields.DateField()
    promised_days = fields.IntField()  # the catalog's 承诺时限 at receipt, working days
    paused_days = fields.IntField(default=0)  # working days spent waiting for supplements so far
    paused_since = fields.DateField(null=True)  # a supplement asked for on this day is still awaited
    promised_on = fields.DateField()  # recomputed at every change
    last_event_at = fields.DatetimeField()  # when the latest change happened (the source's time)
    flag = fields.CharField(max_length=16, default="")  # supervision: "" | warning | overdue
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField()
    closed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "applications"
        indexes = (("status", "promised_on"), ("hall", "item"))


class ApplicationEvent(Model):
    """One line of the audit trail: who, when, what changed and why. Append-only."""

    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[ApplicationRow] = fields.ForeignKeyField(
        "models.ApplicationRow", related_name="events", on_delete=fields.RESTRICT)
    application_id: int
    actor_kind = fields.CharField(max_length=16)  # staff | department | citizen | system
    actor = fields.CharField(max_length=128)  # the staff id, the department's id, the citizen id, the task
    at = fields.DatetimeField()  # when it happened (a department's own time for its events)
    recorded_at = fields.DatetimeField()  # when Yimen wrote it down
    action = fields.CharField(max_length=16)  # created | changed | stale (received, not applied) | flagged
    stage_from = fields.CharField(max_length=8, default="")
    status_from = fields.CharField(max_length=16, default="")
    stage = fields.CharField(max_length=8)
    status = fields.CharField(max_length=16)
    note = fields.CharField(max_length=500, default="")  # why, in the actor's words
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)  # missing list, event id…

    class Meta:
        table = "application_events"

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_in_db:
            raise TrailIsAppendOnly()
        await super().save(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise TrailIsAppendOnly()


class NumberCounter(Model):
    """The last sequence number given out on one day."""

    id = fields.IntField(primary_key=True)
    day = fields.DateField(unique=True)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "application_number_counters"


class Department(Model):
    """A department's back-office system (专线子系统) that posts stage events, with its signing key."""

    id = fields.CharField(max_length=64, primary_key=True)
    stored_key = fields.TextField()  # "fernet:<token>" or "plain:<key>": see departments.py
    created_at = fields.DatetimeField()

    class Meta:
        table = "departments"

    def __str__(self) -> str:
        return f"Department({self.id})"

    __repr__ = __str__  # never the key


class DepartmentEvent(Model):
    """One event id of one department, kept with the answer it got."""

    id = fields.IntField(primary_key=True)
    department = fields.CharField(max_length=64)
    event_id = fields.CharField(max_length=128)
    application_no = fields.CharField(max_length=16)
    at = fields.DatetimeField()  # the event's own time: departments' events are ordered by it
    applied = fields.BooleanField()  # False: it came after a later one and changed nothing
    fingerprint = fields.CharField(max_length=64)  # sha256 of the canonical body
    answer: fields.JSONField[dict[str, Any]] = fields.JSONField()
    received_at = fields.DatetimeField()

    class Meta:
        table = "department_events"
        unique_together = (("department", "event_id"),)
        indexes = (("application_no", "applied", "at"),)


class Complaint(Model):
    """A complaint (投诉) as a ticket: a category, a response deadline, the staff's reply."""

    id = fields.IntField(primary_key=True)
    citizen = fields.CharField(max_length=128, db_index=True)
    channel = fields.CharField(max_length=16)
    category = fields.CharField(max_length=16)  # complaints.CATEGORIES
    text = fields.TextField()  # masked before it is stored
    application_no = fields.CharField(max_length=16, null=True)
    hall = fields.CharField(max_length=64, null=True)
    item = fields.CharField(max_length=64, null=True)
    opened_at = fields.DatetimeField()
    due_on = fields.DateField()  # the response deadline, in working days
    status = fields.CharField(max_length=16, default="open")  # open | answered
    reply = fields.TextField(default="")
    replied_by = fields.CharField(max_length=64, default="")
    replied_at = fields.DatetimeField(null=True)

    class Meta:
        table = "complaints"
        indexes = (("status", "due_on"),)


class Rating(Model):
    """The applicant's 1-5 satisfaction rating (好差评) after 办结, once per application."""

    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[ApplicationRow] = fields.OneToOneField(
        "models.ApplicationRow", related_name="rating", on_delete=fields.RESTRICT)
    application_id: int
    score = fields.IntField()
    comment = fields.CharField(max_length=500, default="")  # masked before it is stored
    follow_up: fields.ForeignKeyNullableRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name="ratings", null=True, on_delete=fields.RESTRICT)
    rated_at = fields.DatetimeField()

    class Meta:
        table = "application_ratings"


class ApplicationLink(Model):
    """An application that waits for another (一件事: 社保卡 after 户口): it starts when that one is completed."""

    id = fields.IntField(primary_key=True)
    follower = fields.CharField(max_length=16, db_index=True)  # the waiting application's number
    waits_for = fields.CharField(max_length=16, db_index=True)  # the number it waits for
    on_the_spot = fields.BooleanField(default=False)  # the follower is 即办: completed as soon as it starts

    class Meta:
        table = "application_links"
        unique_together = (("follower", "waits_for"),)
