"""The scan: who is due, consent first, once per (citizen, rule, period) even with two scans at once."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from tortoise.exceptions import IntegrityError

from core.clock import SHANGHAI
from notify import record_date_fact, record_verified_id_number, scan_due, shipped_rules, subscribe, unsubscribe
from notify.models import Outbox

NOW = datetime(2026, 11, 25, 7, 0, tzinfo=SHANGHAI)


def id_number(born: date, male: bool, serial: int = 12) -> str:
    body = f"440604{born:%Y%m%d}{serial:02d}{1 if male else 2}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


async def test_an_id_card_expiry_is_queued_once_for_a_consenting_citizen(db) -> None:
    await record_date_fact("c1", "id_card_expires_on", date(2027, 1, 10), source="precheck", now=NOW)
    await record_date_fact("c2", "id_card_expires_on", date(2027, 1, 10), source="precheck", now=NOW)
    await record_date_fact("c3", "id_card_expires_on", date(2028, 1, 10), source="precheck", now=NOW)  # far
    await subscribe("c1", ["id_card"], now=NOW)
    await subscribe("c3", ["all"], now=NOW)
    report = await scan_due(shipped_rules().rules, now=NOW)
    assert report.queued["id_card_expiry"] == 1  # c2 never said yes; c3 is not due
    row = await Outbox.get(rule="id_card_expiry")
    assert (row.citizen, row.period, row.payload["days_left"]) == ("c1", "2027-01-10", "46")
    assert row.due_at == datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)  # from 09:00, not at the scan's hour
    again = await scan_due(shipped_rules().rules, now=NOW.replace(hour=8))
    assert again.total == 0 and await Outbox.all().count() == 1


async def test_two_scans_at_once_queue_each_reminder_once(db) -> None:
    for n in range(300):
        await record_date_fact(f"c{n}", "driving_licence_expires_on", date(2027, 1, 1), source="precheck", now=NOW)
    await asyncio.gather(*(subscribe(f"c{n}", ["driving"], now=NOW) for n in range(300)))
    first, second = await asyncio.gather(scan_due(shipped_rules().rules, now=NOW, batch=50),
                                         scan_due(shipped_rules().rules, now=NOW, batch=70))
    assert first.total + second.total == 300
    assert await Outbox.filter(rule="driving_licence_expiry").count() == 300


async def test_the_database_keeps_citizen_rule_period_unique(db) -> None:
    await Outbox.create(kind="r", citizen="c1", rule="r", period="2026", payload={}, due_at=NOW, dedupe_key="a",
                        created_at=NOW)
    with pytest.raises(IntegrityError):
        await Outbox.create(kind="r", citizen="c1", rule="r", period="2026", payload={}, due_at=NOW,
                            dedupe_key="b", created_at=NOW)


async def test_elderly_allowance_on_the_80th_birthday_and_feb_29(db) -> None:
    await record_verified_id_number("c80", id_number(date(1946, 11, 25), male=False), source="precheck", now=NOW)
    await record_verified_id_number("c79", id_number(date(1947, 11, 25), male=True), source="precheck", now=NOW)
    await record_verified_id_number("leap", id_number(date(1948, 2, 29), male=True), source="precheck", now=NOW)
    await subscribe("c80", ["all"], now=NOW)
    await subscribe("c79", ["all"], now=NOW)
    await subscribe("leap", ["elderly"], now=NOW)
    report = await scan_due(shipped_rules().rules, now=NOW)
    assert report.queued["elderly_allowance"] == 1
    assert (await Outbox.get(rule="elderly_allowance")).citizen == "c80"
    # 1948-02-29 is 80 in 2028, a leap year, on the day; its 79th in 2027 would be March 1
    feb_29 = await scan_due(shipped_rules().rules, now=datetime(2028, 2, 29, 7, 0, tzinfo=SHANGHAI))
    assert feb_29.queued["elderly_allowance"] == 1


async def test_retirement_reminder_only_for_men_from_their_id_number(db) -> None:
    born = date(1966, 12, 1)  # 60 within 90 days of 2026-11-25
    await record_verified_id_number("man", id_number(born, male=True), source="precheck", now=NOW)
    await record_verified_id_number("woman", id_number(born, male=False), source="precheck", now=NOW)
    await subscribe("man", ["all"], now=NOW)
    await subscribe("woman", ["all"], now=NOW)
    report = await scan_due(shipped_rules().rules, now=NOW)
    assert report.queued["retirement_age"] == 1
    assert (await Outbox.get(rule="retirement_age")).citizen == "man"


async def test_two_children_two_school_reminders_in_the_window(db) -> None:
    april = datetime(2027, 4, 1, 7, 0, tzinfo=SHANGHAI)
    await record_date_fact("p", "child_birth_date", date(2020, 12, 1), source="newborn_registration", now=NOW,
                           key="child-a")
    await record_date_fact("p", "child_birth_date", date(2021, 3, 1), source="newborn_registration", now=NOW,
                           key="child-b")
    await record_date_fact("p", "child_birth_date", date(2021, 9, 1), source="newborn_registration", now=NOW,
                           key="child-c")  # 6 only after August 31: next year
    await subscribe("p", ["school"], now=NOW)
    assert (await scan_due(shipped_rules().rules, now=april)).queued["school_enrolment"] == 2
    assert (await scan_due(shipped_rules().rules, now=NOW)).queued["school_enrolment"] == 0  # November: closed


async def test_the_scan_reads_only_the_due_range(db) -> None:
    for n in range(200):
        await record_date_fact(f"c{n}", "id_card_expires_on", date(2030, 1, 1), source="precheck", now=NOW)
    await record_date_fact("due", "id_card_expires_on", date(2026, 12, 1), source="precheck", now=NOW)
    report = await scan_due(shipped_rules().rules, now=NOW)
    assert report.looked_at == 1


async def test_unsubscribing_all_stops_future_scans(db) -> None:
    await record_date_fact("c1", "id_card_expires_on", date(2027, 1, 10), source="precheck", now=NOW)
    await subscribe("c1", ["id_card"], now=NOW)
    await unsubscribe("c1", ["all"], now=NOW)
    assert (await scan_due(shipped_rules().rules, now=NOW)).total == 0
