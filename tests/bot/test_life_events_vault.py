"""The life events' one form in chat asks before the vault fills it (the same consent as a pre-review's):
a yes fills the applicant's fields and logs the use once; a no asks every field and logs nothing."""

from __future__ import annotations

from datetime import datetime

from core.clock import SHANGHAI
from prechecks.models import PrecheckRecord, VaultUse

MARCH = datetime(2026, 3, 12, 15, 0, tzinfo=SHANGHAI)


async def kept_front(citizen: str = "citizen-1") -> int:
    record = await PrecheckRecord.create(
        citizen=citizen, item="passport", kind="id_front", codes=[], messages=[],
        read_fields={"name": "王大明", "id_number": "44060419900101123X"}, file_name="kept.jpg", created_at=MARCH)
    return record.id


async def test_a_yes_fills_the_form_from_the_vault_and_logs_it_once(say):
    front = await kept_front()
    await say("我刚生了孩子要办什么")
    asked = await say("1")
    assert "您存档里有身份证人像面（3月核验）" in asked.text and "同意复用吗" in asked.text
    assert [c.label for c in asked.choices] == ["同意复用", "不用，我自己填"]
    assert await VaultUse.all().count() == 0  # asked, not used
    filled = await say("好的")
    assert "已从您存档的证件中填好申请人姓名、申请人身份证号" in filled.text
    assert "44060419900101123X" not in filled.text
    assert [(u.record, u.item) for u in await VaultUse.all()] == [(front, "form:newborn")]
    await say("算了")
    await say("我刚生了孩子要办什么")
    again = await say("1")  # consented already: filled without asking again, nothing logged again
    assert "同意复用吗" not in again.text and "已从您存档的证件中填好" in again.text
    assert await VaultUse.all().count() == 1


async def test_a_no_asks_every_field_and_logs_nothing(say):
    await kept_front()
    await say("宝宝出生了要办哪些手续")
    await say("1")
    declined = await say("2")
    assert "不复用存档的材料" in declined.text and "已从您存档" not in declined.text
    assert "申请人身份证号" in declined.text
    assert await VaultUse.all().count() == 0
