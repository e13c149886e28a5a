"""在线监察: 80 % of the promised time used is a warning, past the promised date overdue; a stopped
clock is not flagged; the job raises each flag once and writes it in the trail."""

from __future__ import annotations

from datetime import datetime

from core.clock import SHANGHAI
from progress import Actor, Change, change_application, flag_late_applications, flagged_applications, open_application
from progress.models import ApplicationEvent

from .api import STAFF

STAFF_ACTOR = Actor("staff", "s1")


def on(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=SHANGHAI)


async def test_warning_at_80_percent_then_overdue_once_each(db, catalog):
    # passport: 7 working days from Wednesday 25 November → Friday 4 December; 80 % is 5.6 days
    app = await open_application(catalog.items["passport"], catalog.halls["zumiao"], "c1", "hall",
                                 actor=STAFF_ACTOR, now=on(11, 25))
    assert await flag_late_applications(on(12, 2)) == (await flag_late_applications(on(11, 26)))  # nothing yet
    assert [a.number for a in await flagged_applications()] == []
    first = await flag_late_applications(on(12, 3))  # 6 working days used
    assert (first.warning, first.overdue) == (1, 0)
    assert (await flag_late_applications(on(12, 3))).warning == 0  # once
    assert [a.flag for a in await flagged_applications("warning")] == ["warning"]
    late = await flag_late_applications(on(12, 5))
    assert (late.warning, late.overdue) == (0, 1)
    assert [a.number for a in await flagged_applications("overdue")] == [app.number]
    lines = await ApplicationEvent.filter(action="flagged").order_by("id").values_list("actor", "details")
    assert lines == [("progress.supervise", {"flag": "warning"}), ("progress.supervise", {"flag": "overdue"})]


async def test_a_stopped_clock_or_a_closed_application_is_not_flagged(db, catalog):
    waiting = await open_application(catalog.items["passport"], catalog.halls["zumiao"], "c1", "hall",
                                     actor=STAFF_ACTOR, now=on(11, 25))
    await change_application(waiting.number, Change("审核", "supplement", on(11, 26), missing=("照片",)),
                             actor=STAFF_ACTOR, now=on(11, 26))
    done = await open_application(catalog.items["passport"], catalog.halls["zumiao"], "c2", "hall",
                                  actor=STAFF_ACTOR, now=on(11, 25))
    await change_application(done.number, Change("办结", "completed", on(11, 27)), actor=STAFF_ACTOR, now=on(11, 27))
    spot = await open_application(catalog.items["no_criminal_record"], catalog.halls["zumiao"], "c3", "hall",
                                  actor=STAFF_ACTOR, now=on(11, 25))
    flagged = await flag_late_applications(on(12, 10))
    assert (flagged.warning, flagged.overdue) == (0, 0)
    assert spot.status == "completed"


async def test_staff_see_the_flagged_list(client, clock):
    response = await client.post("/api/staff/v1/applications", headers=STAFF,
                                 json={"item": "passport", "citizen_id": "c1", "hall": "district_center"})
    number = (await response.json())["number"]
    clock.set(on(12, 7))
    await flag_late_applications(clock.now())
    listed = await (await client.get("/api/staff/v1/applications?flag=overdue", headers=STAFF)).json()
    assert [(a["number"], a["flag"]) for a in listed["applications"]] == [(number, "overdue")]
    assert (await client.get("/api/staff/v1/applications?flag=late", headers=STAFF)).status == 422
    assert (await client.get("/api/staff/v1/applications")).status == 401
