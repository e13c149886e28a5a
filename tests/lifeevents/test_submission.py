"""One submission: one bundle number, an application per item received together, each advancing on
its own; a dependent item starts when its earlier one completes; a supplement on one stops no other."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.clock import SHANGHAI
from lifeevents.loader import LifeEvents, read_bundles_file
from lifeevents.submission import BundleRefused, submission_of, submit_bundle, timeline_of
from progress import Actor, BadTransition, Change, application_of, change_application

NOV_25 = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)
STAFF = Actor("staff", "s-1")
NEWBORN = {"hukou_case": "both_local", "child_name": "王小明", "child_sex": "男", "child_birth_date": "2026-11-20",
           "birth_certificate_no": "Q440123456", "applicant_name": "王大明",
           "applicant_id_number": "44060419900101123X", "phone": "13800138000"}


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=SHANGHAI)


async def test_one_number_three_applications_the_later_ones_wait(db, events, catalog):
    done = await submit_bundle(events, catalog, "newborn", "c1", NEWBORN, "wechat", now=NOV_25)
    assert done.number == "YJ20261125000001"
    hukou, insurance, card = done.applications
    assert [a.item for a in done.applications] == ["newborn_hukou", "resident_medical_insurance",
                                                   "social_security_card"]
    assert (hukou.status, insurance.status, card.status) == ("in_progress", "waiting", "waiting")
    with pytest.raises(BadTransition):  # nobody moves a waiting application
        await change_application(card.number, Change("承办", "in_progress", NOV_25), actor=STAFF, now=NOV_25)
    for stage, status in (("审核", "in_progress"), ("批准", "in_progress"), ("办结", "completed")):
        await change_application(hukou.number, Change(stage, status, at(26)), actor=STAFF, now=at(26))
    insurance = await application_of(insurance.number)
    card = await application_of(card.number)
    assert insurance.status == "completed"  # 即办: completed as soon as it started
    assert (card.stage, card.status, card.received_on.day) == ("申请受理", "in_progress", 26)
    _, apps = await submission_of(done.number, "c1")
    assert [a.status for a in apps] == ["completed", "completed", "in_progress"]
    timeline = await timeline_of(done.number, "c1")
    assert [t.at for t in timeline] == sorted(t.at for t in timeline)
    assert {t.item for t in timeline} == {"newborn_hukou", "resident_medical_insurance", "social_security_card"}
    assert any(t.note == "前序事项已办结，开始办理" for t in timeline)


async def test_a_supplement_on_one_item_stops_no_other(db, catalog, tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text("""version: 1
fields:
  - {code: phone, label: 联系电话, type: phone}
bundles:
  - code: papers
    name: 证件一件事
    short_name: 证件
    summary: 两件事并联办理。
    triggers: [证件一件事]
    reviewed_by: 测试
    items:
      - {item: passport, situation: first, fields: [phone]}
      - {item: id_card_renewal, situation: local, fields: [phone]}
""", encoding="utf-8")
    events: LifeEvents = read_bundles_file(path, catalog)
    done = await submit_bundle(events, catalog, "papers", "c1", {"phone": "13800138000"}, "miniapp", now=NOV_25)
    passport, id_card = done.applications
    await change_application(passport.number, Change("申请受理", "supplement", at(26), missing=("照片",)),
                             actor=STAFF, now=at(26))
    moved = await change_application(id_card.number, Change("审核", "in_progress", at(26)), actor=STAFF, now=at(26))
    assert moved.stage == "审核"
    assert (await application_of(passport.number)).status == "supplement"


async def test_a_form_that_does_not_fit_is_refused_field_by_field(db, events, catalog):
    with pytest.raises(BundleRefused) as refused:
        await submit_bundle(events, catalog, "newborn", "c1", {**NEWBORN, "phone": "123", "applicant_id_number":
                            "440604199001011234"}, "wechat", now=NOV_25)
    assert refused.value.code == "invalid_form"
    assert set(refused.value.problems) == {"phone", "applicant_id_number"}
    with pytest.raises(BundleRefused) as refused:
        await submit_bundle(events, catalog, "nope", "c1", {}, "wechat", now=NOV_25)
    assert refused.value.code == "unknown_bundle"
    with pytest.raises(BundleRefused):
        await submission_of("YJ20261125000001", "c2")
