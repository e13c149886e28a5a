"""What Yimen knows of a citizen, only from what they gave it through a verified source.

    record_verified_id_number(citizen, id_number, source=..., now=...)  birth date and sex (GB 11643)
    record_date_fact(citizen, "id_card_expires_on", day, source="precheck", now=...)

The ID number itself is not kept: only the birth date and sex read from it, once its check digit holds.
Pre-review (ID card validity, businesses) and newborn registration (children) call these when they land.
"""

from __future__ import annotations

from datetime import date, datetime

from .models import LifeFact
from .rules import DateFact

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


class BadIdNumber(ValueError):
    """Not an 18-character resident ID number with a valid check digit and birth date."""


def read_id_number(id_number: str) -> tuple[date, str]:
    """The birth date and sex ("male"/"female") in a resident ID number, or BadIdNumber."""
    n = id_number.strip().upper()
    if len(n) != 18 or not n[:17].isdigit() or n[17] not in CHECK:
        raise BadIdNumber("not 18 characters of digits and a check character")
    if CHECK[sum(int(d) * w for d, w in zip(n[:17], WEIGHTS, strict=True)) % 11] != n[17]:
        raise BadIdNumber("check digit does not match")
    try:
        born = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        raise BadIdNumber("no such birth date") from None
    if born.year < 1900:
        raise BadIdNumber("birth date before 1900")
    return born, "male" if int(n[16]) % 2 else "female"


async def _put(citizen: str, fact: str, *, on: date | None, value: str, source: str, now: datetime) -> None:
    await LifeFact.update_or_create({"on": on, "source": source, "recorded_at": now},
                                    citizen=citizen, fact=fact, value=value)


async def record_verified_id_number(citizen: str, id_number: str, *, source: str, now: datetime) -> date:
    """Keep the birth date and sex of a verified ID number (not the number); returns the birth date."""
    born, sex = read_id_number(id_number)
    await _put(citizen, "birth_date", on=born, value="", source=source, now=now)
    await _put(citizen, "sex", on=None, value=sex, source=source, now=now)
    return born


async def record_date_fact(citizen: str, fact: DateFact, on: date, *, source: str, now: datetime,
                           key: str = "") -> None:
    """A dated fact from a verified source; `key` tells apart several (two children, two businesses)."""
    await _put(citizen, fact, on=on, value=key, source=source, now=now)


async def forget_facts(citizen: str) -> int:
    """The citizen asked Yimen to forget what it knows of them: reminders find them no more."""
    return await LifeFact.filter(citizen=citizen).delete()
