"""Receiving and changing applications: numbers under concurrency, deadlines, the supplement pause,
即办 items, the trail and the outbox written with the change."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest

from core.clock import SHANGHAI
from notify.models import Outbox
from progress import (
    Actor,
    ApplicationNotFound,
    Change,
    StageBackwards,
    application_of,
    applications_of,
    change_application,
    open_application,
    trail_of,
)
from progress.models import ApplicationEvent

STAFF = Actor("staff", "s-007")
NOV_25 = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


async def test_numbers_are_bj_date_sequence_and_unique_under_concurrency(db, catalog):
    item, hall = catalog.items["passport"], catalog.halls["district_center"]
    apps = await asyncio.gather(*(open_application(item, hall, f"c{n}", "hall", actor=STAFF, now=NOV_25)
                                  for n in range(25)))
    numbers = sorted(a.number for a in apps)
    assert numbers == [f"BJ20261125{n:06d}" for n in range(1, 26)]
    tomorrow = await open_application(item, hall, "c1", "hall", actor=STAFF, now=at(11, 26))
    assert tomorrow.number == "BJ20261126000001"


async def test_received_today_promised_in_working_days(db, catalog):
    app = await open_application(catalog.items["id_card_renewal"], catalog.halls["zumiao"], "c1", "hall",
                                 actor=STAFF, now=NOV_25)
    assert (app.stage, app.status, app.received_on) == ("申请受理", "in_progress", date(2026, 11, 25))
    assert app.promised_days == 15 and app.promised_on == date(2026, 12, 16)
    assert app.next_stage == "审核"


async def test_an_on_the_spot_item_is_completed_at_once(db, catalog):
    app = await open_application(catalog.items["no_criminal_record"], catalog.halls["zumiao"], "c1", "hall",
                                 actor=STAFF, now=NOV_25)
    assert (app.stage, app.status, app.promised_on) == ("办结", "completed", date(2026, 11, 25))
    assert [line.stage for line in await trail_of(app.number)] == ["申请受理", "办结"]


async def test_a_change_its_trail_line_and_its_notice_are_written_together(db, catalog):
    app = await open_application(catalog.items["passport"], catalog.halls["zumiao"], "c1", "hall",
                                 actor=STAFF, now=NOV_25)
    await change_application(app.number, Change("审核", "in_progress", at(11, 26), note="材料齐全"),
                             actor=STAFF, now=at(11, 26))
    trail = await trail_of(app.number)
    assert [(t.actor_kind, t.actor, t.stage_from, t.stage, t.note) for t in trail][-1] == \
        ("staff", "s-007", "申请受理", "审核", "材料齐全")
    notices = await Outbox.filter(kind="application_progress", citizen="c1").order_by("id")
    assert [n.payload["stage"] for n in notices] == ["申请受理", "审核"]


async def test_a_refused_change_writes_nothing(db, catalog):
    app = await open_application(catalog.items["passport"], catalog.halls["zumiao"], "c1", "hall",
                                 actor=STAFF, now=NOV_25)
    await change_application(app.number, Change("批准", "in_progress", NOV_25), actor=STAFF, now=NOV_25)
    before = (await ApplicationEvent.all().count(), await Outbox.all().count())
    with pytest.raises(StageBackwards):
        await change_application(app.number, Change("审核", "in_progress", NOV_25), actor=STAFF, now=NOV_25)
    assert (await ApplicationEvent.all().count(), await Outbox.all().count()) == before
    assert (await application_of(app.number)).stage == "批准"


async def test_a_supplement_stops_the_clock_until_the_citizen_answers(db, catalog):
    app = await open_application(catalog.items["id_card_renewal"], catalog.halls["zumiao"], "c1", "hall",
                                 actor=STAFF, now=NOV_25)
    asked = await change_application(app.number, Change("审核", "supplement", at(11, 30), missing=("户口簿",)),
                                     actor=STAFF, now=at(11, 30))
    assert asked.clock_paused and asked.missing == ("户口簿",) and asked.promised_on == date(2026, 12, 16)
    answered = await change_application(app.number, Change("审核", "in_progress", at(12, 2)), actor=STAFF,
                                        now=at(12, 2))
    assert not answered.clock_paused and answered.missing == ()
    assert answered.promised_on == date(2026, 12, 18)  # 1 and 2 December waited: two working days later


async def test_only_the_applicant_sees_an_application(db, catalog):
    app = await open_application(catalog.items["passport"], catalog.halls["zumiao"], "c1", "hall",
                                 actor=STAFF, now=NOV_25)
    assert (await application_of(app.number, "c1")).number == app.number
    for number, citizen in ((app.number, "c2"), ("BJ20261125999999", "c1"), ("nonsense", "c1")):
        with pytest.raises(ApplicationNotFound) as caught:
            await application_of(number, citizen)
        assert str(caught.value) == "no such application"
    assert [a.number for a in await applications_of("c1")] == [app.number]
    assert await applications_of("c2") == []


async def test_one_event_delivered_many_times_at_once_is_applied_once(db, catalog):
    from progress import DepartmentEventIn, receive_event

    app = await open_application(catalog.items["passport"], catalog.halls["zumiao"], "c1", "hall",
                                 actor=STAFF, now=NOV_25)
    event = DepartmentEventIn("ev-1", app.number, "审核", "in_progress", at(11, 25, 11))
    results = await asyncio.gather(*(receive_event("shebao", event, "f" * 64, now=at(11, 25, 11))
                                     for _ in range(8)))
    assert all(answer == results[0][0] for answer, _ in results)
    assert sum(not replayed for _, replayed in results) == 1
    assert await ApplicationEvent.filter(actor_kind="department").count() == 1
    assert await Outbox.filter(kind="application_progress").count() == 2  # the receipt and the one change


async def test_concurrent_changes_never_skip_the_machine(db, catalog):
    app = await open_application(catalog.items["passport"], catalog.halls["zumiao"], "c1", "hall",
                                 actor=STAFF, now=NOV_25)

    async def move(stage: str) -> str:
        try:
            return (await change_application(app.number, Change(stage, "in_progress", NOV_25), actor=STAFF,
                                             now=NOV_25)).stage
        except (StageBackwards, ApplicationNotFound) as exc:
            return exc.code

    outcomes = await asyncio.gather(move("批准"), move("审核"), move("承办"))
    final = await application_of(app.number)
    assert final.stage == "批准"
    changed = await ApplicationEvent.filter(action="changed").order_by("id").values_list("stage", flat=True)
    ranks = ["申请受理", "承办", "审核", "批准", "办结"]
    assert [ranks.index(s) for s in changed] == sorted(ranks.index(s) for s in changed)  # never backwards
    assert len(changed) == sum(o != "stage_backwards" for o in outcomes)
