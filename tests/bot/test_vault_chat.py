"""The vault in chat: "我存了哪些材料" lists the kept materials masked (the ID number never whole, no file
name), with expiry and whether each can be reused; "删除我存的身份证" asks yes or no; a yes deletes the
files and rows (the uses logged stay), a no or another citizen's materials are left alone."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from core.clock import SHANGHAI
from prechecks.models import PrecheckRecord, VaultUse

MARCH = datetime(2026, 3, 12, 15, 0, tzinfo=SHANGHAI)
ID_NUMBER = "44060419900101123X"


@pytest.fixture
def uploads(assistant, tmp_path) -> Path:
    object.__setattr__(assistant, "uploads_dir", str(tmp_path))  # the app passes settings.uploads_dir
    return tmp_path


async def kept(uploads: Path, kind: str, *, citizen: str = "citizen-1", valid_until: str | None = None,
               fields: dict | None = None) -> PrecheckRecord:
    name = f"{kind}-{citizen}-0123456789abcdef.jpg"
    (uploads / name).write_bytes(b"\xff\xd8 kept")
    return await PrecheckRecord.create(
        citizen=citizen, item="passport", kind=kind, codes=[], messages=[],
        read_fields=(fields or {}) | ({"valid_until": valid_until} if valid_until else {}), file_name=name,
        valid_until=date.fromisoformat(valid_until) if valid_until else None, created_at=MARCH)


async def test_the_list_is_masked_with_expiry_and_uses(say, uploads):
    front = await kept(uploads, "id_front", fields={"name": "王大明", "id_number": ID_NUMBER})
    await kept(uploads, "id_back", valid_until="2026-01-31")
    await VaultUse.create(citizen="citizen-1", record=front.id, item="temporary_assistance", used_at=MARCH)
    listed = await say("我存了哪些材料")
    assert "您存档的材料" in listed.text
    assert ID_NUMBER not in listed.text and "王大明" not in listed.text and "0123456789abcdef" not in listed.text
    assert "身份证人像面（2026年3月核验，用于" in listed.text and "证号4406**********123X" in listed.text
    assert "已复用1次" in listed.text and "有效期至2026-01-31，已过期，不能复用" in listed.text
    assert "删除我存的身份证" in listed.text  # the next step
    assert "还没有材料" in (await say("我存了哪些材料", user="citizen-2")).text


async def test_delete_asks_then_a_yes_deletes_files_and_rows_and_keeps_the_log(say, uploads):
    front, back = await kept(uploads, "id_front"), await kept(uploads, "id_back", valid_until="2036-03-07")
    hukou = await kept(uploads, "hukou")
    theirs = await kept(uploads, "id_front", citizen="citizen-2")
    await VaultUse.create(citizen="citizen-1", record=front.id, item="passport", used_at=MARCH)
    asked = await say("删除我存的身份证")
    assert "确认删除您存档的身份证（身份证国徽面、身份证人像面，共2份）吗" in asked.text
    assert [c.label for c in asked.choices] == ["确认删除", "不删了"]
    assert await PrecheckRecord.all().count() == 4  # asked, nothing deleted yet
    done = await say("1")
    assert "已删除2份存档材料" in done.text
    assert {r.id for r in await PrecheckRecord.all()} == {hukou.id, theirs.id}
    assert not (uploads / str(front.file_name)).exists() and not (uploads / str(back.file_name)).exists()
    assert (uploads / str(theirs.file_name)).exists() and (uploads / str(hukou.file_name)).exists()
    assert await VaultUse.all().count() == 1  # the use logged stays
    assert "没有身份证" in (await say("删除我存的身份证")).text


async def test_a_no_keeps_everything(say, uploads):
    await kept(uploads, "hukou")
    await say("把我存的户口本删掉")
    kept_still = await say("2")
    assert "不删除" in kept_still.text and await PrecheckRecord.all().count() == 1
    assert "要删除哪一样" in (await say("删除我的存档")).text
