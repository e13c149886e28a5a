"""The vault in chat: "帮我预审…" names the kept materials that could be reused and asks; only a yes to that
question (1, 同意复用, or the citizen's own 好 / 可以 / 用吧) counts them and logs the use, once; a no, or
another question, counts nothing; a deleted material is no longer offered."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.clock import SHANGHAI
from prechecks.models import PrecheckRecord, VaultUse

MARCH = datetime(2026, 3, 12, 15, 0, tzinfo=SHANGHAI)
OFFER = "您3月核验过的身份证（有效期至2036年）可直接复用"
ASK = "帮我预审换身份证的材料"


async def kept_card(citizen: str = "citizen-1", item: str = "passport") -> list[int]:
    ids = []
    for kind, until in (("id_front", None), ("id_back", "2036-03-07")):
        record = await PrecheckRecord.create(
            citizen=citizen, item=item, kind=kind, codes=[], messages=[],
            read_fields={"valid_until": until} if until else {}, file_name="kept.jpg",
            valid_until=date.fromisoformat(until) if until else None, created_at=MARCH)
        ids.append(record.id)
    return ids


@pytest.mark.parametrize("yes", ["1", "同意复用", "好", "可以", "用吧", "好的，就用之前的吧"])
async def test_a_yes_in_any_words_counts_the_card_and_logs_it_once(say, yes):
    ids = await kept_card()
    listed = await say(ASK)
    assert OFFER in listed.text and [c.label for c in listed.choices] == ["同意复用", "不用，我重新拍照"]
    assert await VaultUse.all().count() == 0  # offered, not used
    agreed = await say(yes)
    assert "已按您的同意复用您3月核验过的身份证" in agreed.text
    assert "1. 原居民身份证：通过（经您同意，复用已存档的身份证）" in agreed.text
    uses = await VaultUse.filter(citizen="citizen-1").order_by("record")
    assert [(u.record, u.item) for u in uses] == [(i, "id_card_renewal") for i in ids]

    again = await say("同意复用")  # said again: nothing more is logged
    assert "不用再确认" in again.text and "原居民身份证：通过" in again.text
    assert await VaultUse.all().count() == 2
    assert OFFER not in (await say(ASK)).text  # counted now: no longer offered


@pytest.mark.parametrize("no", ["2", "不用", "不用复用", "我重新拍", "不同意"])
async def test_a_no_counts_nothing(say, no):
    await kept_card()
    await say(ASK)
    refused = await say(no)
    assert "不复用" in refused.text
    assert await VaultUse.all().count() == 0
    assert OFFER in (await say(ASK)).text  # still on offer next time


async def test_another_question_on_screen_is_answered_and_a_later_bare_yes_consents_to_nothing(say):
    await kept_card()
    await say(ASK)
    other = await say("换身份证要多久")
    assert "办理时限" in other.text
    await say("同意")
    assert await VaultUse.all().count() == 0


async def test_a_deleted_or_foreign_material_is_not_offered(say):
    front, back = await kept_card()
    await kept_card(citizen="someone-else")
    await PrecheckRecord.filter(id__in=[front, back]).delete()
    listed = await say(ASK)
    assert "可直接复用，不用再拍" not in listed.text and listed.choices == ()
    answered = await say("同意复用")
    assert "没有这个事项可复用的材料" in answered.text
    assert await VaultUse.all().count() == 0


async def test_a_material_deleted_after_the_offer_is_not_counted(say):
    front, back = await kept_card()
    await say(ASK)
    await PrecheckRecord.filter(id=back).delete()
    agreed = await say("好")
    assert "身份证人像面" in agreed.text and "还缺身份证国徽面" in agreed.text
    assert [u.record for u in await VaultUse.all()] == [front]
