"""Applications received together (一件事): one transaction for all, and an item that depends on
another waits (status `waiting`) until that one is completed, then starts by itself.

    apps = await open_together([Together(hukou), Together(insurance, after=(0,))], hall, citizen, ...)

A follower starts (申请受理, in_progress; its time limit counted from the day it starts) in the
same transaction as the change that completed the last application it waits for; a 即办 follower
is completed at once, which may start its own followers. A supplement request or a rejection of
one application changes no other: a follower of a rejected one keeps waiting, for staff to see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from catalog import Hall, Item

from .applications import Actor, Application, Change, _notify, _record, _shanghai_day
from .deadlines import promised_on
from .models import ApplicationLink, ApplicationRow
from .numbers import draw_number, prepare_counter
from .stages import STAGES

STARTER = Actor("system", "progress.links")


@dataclass(frozen=True, slots=True)
class Together:
    item: Item
    after: tuple[int, ...] = ()  # indexes of earlier entries it waits for


async def open_together(entries: list[Together], hall: Hall, citizen: str, channel: str, *, actor: Actor,
                        now: datetime) -> list[Application]:
    """Receive every entry today in one transaction; an entry with `after` waits for those.

    A 即办 entry with nothing to wait for is completed on the spot, as `open_application` does,
    and starts the entries waiting for it.
    """
    for n, entry in enumerate(entries):
        if any(not 0 <= i < n for i in entry.after):
            raise ValueError(f"entry {n} waits for an entry that is not before it")
    today = _shanghai_day(now)
    await prepare_counter(today)
    rows: list[ApplicationRow] = []
    async with in_transaction():
        for entry in entries:
            number = await draw_number(today)
            status = "waiting" if entry.after else "in_progress"
            row = await ApplicationRow.create(
                number=number, item=entry.item.code, citizen=citizen, hall=hall.code, channel=channel,
                stage="申请受理", status=status, path=[s for s in entry.item.stages if s in STAGES], received_on=today,
                promised_days=entry.item.promised_days, promised_on=promised_on(today, entry.item.promised_days, 0),
                last_event_at=now, created_at=now)
            note = "与前序事项一并受理，前序事项办结后开始办理" if entry.after else ""
            await _record(row, actor, "created", stage_from="", status_from="",
                          change=Change("申请受理", status, now, note=note), now=now)
            for i in entry.after:
                await ApplicationLink.create(follower=number, waits_for=rows[i].number,
                                             on_the_spot=entry.item.on_the_spot)
            rows.append(row)
            if not entry.after:
                await _notify(row, row.version, now)
        for entry, row in zip(entries, rows, strict=True):
            if entry.item.on_the_spot and not entry.after:
                await complete_on_the_spot(row, now)
    return [Application.of(await ApplicationRow.get(id=r.id)) for r in rows]


async def complete_on_the_spot(row: ApplicationRow, now: datetime) -> None:
    """Inside a transaction: a 即办 application at 申请受理 is completed now, and its followers start."""
    done = Change("办结", "completed", now, note="即办件，当场办结")
    await ApplicationRow.filter(id=row.id).update(stage="办结", status="completed", closed_at=now,
                                                  version=row.version + 1)
    await _record(row, STARTER, "changed", stage_from=row.stage, status_from=row.status, change=done, now=now)
    changed = await ApplicationRow.get(id=row.id)
    await _notify(changed, changed.version, now)
    await start_followers(changed, now)


async def start_followers(row: ApplicationRow, now: datetime) -> None:
    """Inside the transaction that completed `row`: start each follower whose every earlier one is completed."""
    if row.status != "completed":
        return
    for link in await ApplicationLink.filter(waits_for=row.number):
        earlier = [x.waits_for for x in await ApplicationLink.filter(follower=link.follower)]
        if await ApplicationRow.filter(number__in=earlier).exclude(status="completed").exists():
            continue
        follower = await ApplicationRow.get_or_none(number=link.follower, status="waiting")
        if follower is None:
            continue
        today = _shanghai_day(now)
        started = Change("申请受理", "in_progress", now, note="前序事项已办结，开始办理",
                         details={"after": earlier})
        if not await ApplicationRow.filter(id=follower.id, version=follower.version).update(
                status="in_progress", received_on=today, last_event_at=now, version=follower.version + 1,
                promised_on=promised_on(today, follower.promised_days, 0)):
            continue  # started meanwhile by another completion
        await _record(follower, STARTER, "changed", stage_from="申请受理", status_from="waiting", change=started,
                      now=now)
        follower = await ApplicationRow.get(id=follower.id)
        await _notify(follower, follower.version, now)
        if link.on_the_spot:
            await complete_on_the_spot(follower, now)


async def waits_for_of(numbers: list[str]) -> dict[str, list[str]]:
    """For each number, the numbers it waits for."""
    waits: dict[str, list[str]] = {n: [] for n in numbers}
    for link in await ApplicationLink.filter(follower__in=numbers).order_by("id"):
        waits[link.follower].append(link.waits_for)
    return waits
