"""The staff's audit trail: every action a staff member takes in the console, append-only.

An application's own changes are also in its trail (progress/, `application_events`); this table
holds every console action, those included, with who, when, from where and on what. Rows are only
created: `save` on a stored row and `delete` refuse, as progress's trail does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise import fields
from tortoise.models import Model


class StaffActionsAreAppendOnly(Exception):
    """A stored staff action cannot be changed or deleted."""


class StaffAction(Model):
    id = fields.IntField(primary_key=True)
    staff = fields.CharField(max_length=32, db_index=True)
    role = fields.CharField(max_length=16)
    action = fields.CharField(max_length=32)  # login, login_failed, logout, check_in, call_next, no_show, …
    target = fields.CharField(max_length=64, default="")  # a booking code, an application number, a handoff id
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    address = fields.CharField(max_length=64, default="")
    at = fields.DatetimeField()

    class Meta:
        table = "staff_actions"
        indexes = (("at",),)

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_in_db:
            raise StaffActionsAreAppendOnly()
        await super().save(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise StaffActionsAreAppendOnly()


@dataclass(frozen=True, slots=True)
class ActionLine:
    staff: str
    role: str
    action: str
    target: str
    details: dict[str, Any]
    address: str
    at: datetime


async def record_action(staff: str, role: str, action: str, *, target: str = "", details: dict[str, Any] | None = None,
                        address: str = "", now: datetime) -> None:
    await StaffAction.create(staff=staff[:32], role=role, action=action, target=target[:64], details=details or {},
                             address=address[:64], at=now)


async def recent_actions(limit: int = 50, staff: str | None = None) -> list[ActionLine]:
    query = StaffAction.all() if staff is None else StaffAction.filter(staff=staff)
    return [ActionLine(r.staff, r.role, r.action, r.target, dict(r.details), r.address, r.at)
            for r in await query.order_by("-id").limit(limit)]
