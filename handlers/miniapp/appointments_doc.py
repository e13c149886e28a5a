"""How handlers/appointments.py's endpoints look in the OpenAPI document.

Their bodies are validated by that module's own BookingForm and RescheduleForm, used here as
they are; their query strings and paths are parsed by hand there, and the models below only
describe them (keep them in step). Their responses are plain JSON objects, documented as such.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .models import ItemCode, Lenient


class HallsQuery(Lenient):
    item: ItemCode | None = Field(default=None, description="only the halls that offer this item")


class HallPath(Lenient):
    hall: str = Field(pattern=r"^[a-z][a-z0-9_]{1,63}$", examples=["zumiao"])


class SlotsQuery(Lenient):
    item: ItemCode
    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                             description="a day's free slots; without it, the open days")


class AppointmentsQuery(Lenient):
    active: Literal["1", "true", "0", "false"] | None = Field(default=None, description="1: only active ones")


class BookingPath(Lenient):
    code: str = Field(min_length=1, max_length=32, description="the booking code the citizen shows at the hall")
