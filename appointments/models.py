"""Appointment tables. Nobody outside appointments/ reads them: use the service functions.

SlotRow holds the counter the booking race is decided on (UPDATE … booked = booked + 1 WHERE
booked < capacity). BookingRow.active_key is "citizen|item" while a booking is active and NULL
after; its unique index keeps one active booking per citizen and item even under a rush.
"""

from tortoise import fields
from tortoise.models import Model

ACTIVE_STATUSES = ("booked", "checked_in", "called")
STATUSES = (*ACTIVE_STATUSES, "served", "cancelled", "no_show")


class SlotRow(Model):
    """One bookable slot at one hall, created when first booked (or when a day's capacity changes)."""

    id = fields.IntField(primary_key=True)
    hall = fields.CharField(max_length=64)
    day = fields.DateField()
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    capacity = fields.IntField()
    booked = fields.IntField(default=0)

    class Meta:
        table = "appointment_slots"
        unique_together = (("hall", "starts_at"),)
        indexes = (("hall", "day"),)


class BookingRow(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=12, unique=True)  # what the citizen shows, and the QR content
    citizen = fields.CharField(max_length=128, db_index=True)
    item = fields.CharField(max_length=64)
    hall = fields.CharField(max_length=64)
    slot: fields.ForeignKeyRelation[SlotRow] = fields.ForeignKeyField(
        "models.SlotRow", related_name="bookings", on_delete=fields.RESTRICT)
    slot_id: int  # the column behind `slot`, set by Tortoise
    day = fields.DateField()
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    status = fields.CharField(max_length=16, default="booked")  # one of STATUSES
    active_key = fields.CharField(max_length=200, null=True, unique=True)  # "citizen|item" while active
    idempotency_key = fields.CharField(max_length=128, null=True)
    booked_by = fields.CharField(max_length=16, default="citizen")  # citizen | staff
    window_group = fields.CharField(max_length=1)  # queue prefix: A person items, B business items
    queue_number = fields.IntField(null=True)  # per hall, day and group, from 1
    window = fields.CharField(max_length=16, null=True)  # where the number was called to
    created_at = fields.DatetimeField()
    cancelled_at = fields.DatetimeField(null=True)
    checked_in_at = fields.DatetimeField(null=True)
    called_at = fields.DatetimeField(null=True)
    served_at = fields.DatetimeField(null=True)
    no_show_at = fields.DatetimeField(null=True)
    cancel_reason = fields.CharField(max_length=32, null=True)  # citizen | hall_closed | staff

    class Meta:
        table = "appointments"
        unique_together = (("citizen", "idempotency_key"), ("hall", "day", "window_group", "queue_number"))
        indexes = (("hall", "day", "status"), ("status", "ends_at"))


class DayException(Model):
    """A day staff set apart at one hall: closed, opened (e.g. an adjusted working day the
    calendar library does not know yet), and/or extra places per slot."""

    id = fields.IntField(primary_key=True)
    hall = fields.CharField(max_length=64)
    day = fields.DateField()
    closed = fields.BooleanField(null=True)  # True: closed; False: open with weekday hours; None: as usual
    extra_places = fields.IntField(default=0)  # added to every slot's capacity that day
    note = fields.CharField(max_length=200, default="")
    updated_at = fields.DatetimeField()

    class Meta:
        table = "appointment_day_exceptions"
        unique_together = (("hall", "day"),)


class QueueCounter(Model):
    """The last queue number given out per hall, day and window group."""

    id = fields.IntField(primary_key=True)
    hall = fields.CharField(max_length=64)
    day = fields.DateField()
    window_group = fields.CharField(max_length=1)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "appointment_queue_counters"
        unique_together = (("hall", "day", "window_group"),)
