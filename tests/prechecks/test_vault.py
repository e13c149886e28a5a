"""The vault's consent: a kept material of another item is offered, never counted without the citizen's
consent; with it, counted and logged once (a retried consent logs nothing again); a deleted, expired or
rejected file is neither offered nor counted. Rows are made directly (no OCR here)."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from core.clock import SHANGHAI
from core.db import open_database
from handlers.parts import MODEL_MODULES
from prechecks.errors import NotOffered
from prechecks.models import PrecheckRecord, VaultUse
from prechecks.notice import APP_CONSENT, notice_text, offer_text
from prechecks.vault import CONSENT_HOLDS, checklist_for, consent_to_reuse, delete_record
from tests import backend

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()
MARCH = datetime(2026, 3, 12, 15, 0, tzinfo=SHANGHAI)
CITIZEN = "c5d9d2bdace223ad"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))


@pytest.fixture
async def db(tmp_path: Path):
    async with open_database(backend.database_url(tmp_path, "vault"), MODEL_MODULES):
        yield


async def kept(kind: str, *, item: str | None = "id_card_renewal", citizen: str = CITIZEN, codes: tuple[str, ...] = (),
               valid_until: str | None = None, verdict: str | None = None, at: datetime = MARCH,
               file_name: str | None = "kept.jpg") -> PrecheckRecord:
    fields = {"valid_until": valid_until} if valid_until else {}
    until = date.fromisoformat(valid_until) if valid_until and valid_until != "长期" else None
    return await PrecheckRecord.create(citizen=citizen, item=item, kind=kind, codes=list(codes), messages=[],
                                       read_fields=fields, file_name=file_name, valid_until=until,
                                       override_verdict=verdict, created_at=at)


async def card(**kwargs) -> tuple[PrecheckRecord, PrecheckRecord]:
    return await kept("id_front", **kwargs), await kept("id_back", valid_until="2036-03-07", **kwargs)


def status_of(checklist, material: str) -> str:
    return next(s.status for s in checklist.statuses if s.material == material)


async def test_a_kept_card_is_offered_but_not_counted_without_consent(db, catalog):
    front, back = await card()
    item = catalog.items["temporary_assistance"]
    found = await checklist_for(CITIZEN, item, None, TODAY, NOW)
    assert status_of(found, "申请人居民身份证") == "missing" and found.reused == []
    assert [(o.type, o.ids) for o in found.offers] == [("id_card", (front.id, back.id))]
    notice = notice_text(item, None, found)
    assert ("1. 申请人居民身份证：还缺身份证人像面、身份证国徽面，请拍照发送；"
            "您3月核验过的身份证（有效期至2036年）可直接复用。") in notice
    assert "同意复用请回复“同意复用”" in notice
    assert APP_CONSENT in notice_text(item, None, found, consent=APP_CONSENT)
    assert await VaultUse.all().count() == 0  # looking is not using


async def test_consent_counts_the_card_and_logs_each_file_once(db, catalog, caplog):
    front, back = await card()
    item = catalog.items["temporary_assistance"]
    with caplog.at_level(logging.INFO, logger="prechecks.vault"):
        reuse = await consent_to_reuse(CITIZEN, item, None, [front.id, back.id], TODAY, NOW, via="chat")
    assert reuse.logged == (front.id, back.id)
    assert status_of(reuse.checklist, "申请人居民身份证") == "passed" and reuse.checklist.offers == []
    assert "1. 申请人居民身份证：通过（经您同意，复用已存档的身份证）" in notice_text(item, None, reuse.checklist)
    uses = await VaultUse.filter(citizen=CITIZEN).order_by("record")
    assert [(u.record, u.item) for u in uses] == [(front.id, "temporary_assistance"), (back.id, "temporary_assistance")]
    lines = [r.getMessage() for r in caplog.records if "consented" in r.getMessage()]
    assert len(lines) == 2 and all("via chat" in line and CITIZEN not in line and "c5d9****" in line
                                   for line in lines)

    again = await consent_to_reuse(CITIZEN, item, None, [back.id, front.id], TODAY, NOW + timedelta(minutes=1),
                                   via="miniapp")
    assert again.logged == () and status_of(again.checklist, "申请人居民身份证") == "passed"
    later = await checklist_for(CITIZEN, item, None, TODAY, NOW + timedelta(days=2))
    assert status_of(later, "申请人居民身份证") == "passed" and {r.id for r in later.reused} == {front.id, back.id}
    assert await VaultUse.all().count() == 2  # neither the retry nor the later checklist logs again


async def test_a_consent_is_for_its_item_and_lapses(db, catalog):
    front, back = await card()
    await consent_to_reuse(CITIZEN, catalog.items["temporary_assistance"], None, [front.id, back.id], TODAY, NOW,
                           via="chat")
    passport = await checklist_for(CITIZEN, catalog.items["passport"], None, TODAY, NOW)
    assert status_of(passport, "居民身份证") == "missing" and passport.offered == {front.id, back.id}
    later = NOW + CONSENT_HOLDS + timedelta(days=1)
    lapsed = await checklist_for(CITIZEN, catalog.items["temporary_assistance"], None, later.date(), later)
    assert status_of(lapsed, "申请人居民身份证") == "missing" and lapsed.offered == {front.id, back.id}


async def test_deleted_material_is_no_longer_offered_nor_counted(db, catalog, tmp_path):
    front, back = await card()
    item = catalog.items["temporary_assistance"]
    await consent_to_reuse(CITIZEN, item, None, [front.id], TODAY, NOW, via="chat")
    assert await delete_record(CITIZEN, front.id, str(tmp_path))
    found = await checklist_for(CITIZEN, item, None, TODAY, NOW)
    assert found.reused == [] and found.offered == {back.id}
    assert status_of(found, "申请人居民身份证") == "missing"
    assert await delete_record(CITIZEN, back.id, str(tmp_path))
    assert (await checklist_for(CITIZEN, item, None, TODAY, NOW)).offers == []
    with pytest.raises(NotOffered) as refused:
        await consent_to_reuse(CITIZEN, item, None, [back.id], TODAY, NOW, via="chat")
    assert refused.value.records == (back.id,)
    assert await VaultUse.all().count() == 1  # the use made before the deletion stays in the log


async def test_what_is_not_on_offer_is_refused_and_nothing_is_logged(db, catalog):
    front, back = await card()
    theirs = await kept("id_front", citizen="someone-else")
    expired = await kept("id_back", valid_until="2026-01-01", item="passport")
    rejected = await kept("hukou", verdict="reject")
    form = await kept("form")
    blurred = await kept("hukou", codes=("blurred",), at=MARCH + timedelta(days=1))
    item = catalog.items["temporary_assistance"]
    found = await checklist_for(CITIZEN, item, None, TODAY, NOW)
    assert found.offered == {front.id, back.id}  # not the expired back, the rejected or blurred page, the form
    for wrong in (theirs.id, expired.id, rejected.id, form.id, blurred.id, 999_999):
        with pytest.raises(NotOffered):
            await consent_to_reuse(CITIZEN, item, None, [front.id, wrong], TODAY, NOW, via="miniapp")
    assert await VaultUse.all().count() == 0  # one wrong id: none of the consent is taken


async def test_the_situation_decides_what_is_offered(db, catalog):
    hukou = await kept("hukou", item="temporary_assistance")
    renewal = catalog.items["id_card_renewal"]  # 居民户口簿 only for the 广东省户籍 situation
    assert (await checklist_for(CITIZEN, renewal, "other_province", TODAY, NOW)).offers == []
    local = await checklist_for(CITIZEN, renewal, "local", TODAY, NOW)
    assert local.offered == {hukou.id}
    with pytest.raises(NotOffered):
        await consent_to_reuse(CITIZEN, renewal, "other_province", [hukou.id], TODAY, NOW, via="chat")
    reuse = await consent_to_reuse(CITIZEN, renewal, "local", [hukou.id], TODAY, NOW, via="chat")
    assert status_of(reuse.checklist, "居民户口簿") == "passed"


async def test_a_file_sent_for_the_item_counts_before_the_vault(db, catalog):
    front, back = await card()
    mine = await kept("id_front", item="temporary_assistance", at=NOW)
    found = await checklist_for(CITIZEN, catalog.items["temporary_assistance"], None, TODAY, NOW)
    assert found.chosen["id_front"].id == mine.id and found.offered == {back.id}
    assert offer_text(found.offers[0], TODAY) == "您3月核验过的身份证国徽面（有效期至2036年）"


async def test_the_offer_names_when_and_until_when(db, catalog):
    await kept("id_front", at=datetime(2025, 7, 1, 9, 0, tzinfo=SHANGHAI))
    await kept("id_back", valid_until="长期", at=datetime(2025, 7, 1, 9, 0, tzinfo=SHANGHAI))
    await kept("hukou", item="temporary_assistance")
    found = await checklist_for(CITIZEN, catalog.items["resident_pension_enroll"], None, TODAY, NOW)
    assert [offer_text(o, TODAY) for o in found.offers] == ["您2025年7月核验过的身份证（长期有效）",
                                                            "您3月核验过的户口簿"]


async def test_a_card_expiring_before_the_promised_day_is_not_offered_and_the_notice_says_why(db, catalog):
    front, back = await kept("id_front"), await kept("id_back", valid_until="2026-12-05")
    assistance = catalog.items["temporary_assistance"]  # 15 working days: promised for 2026-12-16
    found = await checklist_for(CITIZEN, assistance, None, TODAY, NOW)
    assert found.due == date(2026, 12, 16)
    assert found.offers == [] and [r.id for r in found.too_short] == [back.id]  # not even the front alone
    notice = notice_text(assistance, None, found)
    assert ("您存档的身份证有效期至2026年12月5日，早于本事项承诺办结日（2026年12月16日），不能复用" in notice
            and "同意复用" not in notice)
    with pytest.raises(NotOffered):
        await consent_to_reuse(CITIZEN, assistance, None, [front.id, back.id], TODAY, NOW, via="chat")
    assert await VaultUse.all().count() == 0
    on_the_spot = await checklist_for(CITIZEN, catalog.items["resident_pension_enroll"], None, TODAY, NOW)
    assert on_the_spot.offered == {front.id, back.id} and on_the_spot.too_short == []  # 即办: valid today is enough
    newer = await kept("id_back", valid_until="2036-03-07", at=MARCH + timedelta(days=1))
    renewed = await checklist_for(CITIZEN, assistance, None, TODAY, NOW)
    assert renewed.offered == {front.id, newer.id} and renewed.too_short == []
