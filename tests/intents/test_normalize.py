"""Normalisation: width, case, traditional characters, punctuation, Cantonese, fillers."""

from __future__ import annotations

import pytest

from intents.application_numbers import take_application_no
from intents.normalize import build_normalizer

NORMALIZER = build_normalizer()


@pytest.mark.parametrize(("text", "expected"), [
    ("身份證過期了怎麼辦", "身份证过期了怎么办"),  # traditional → simplified
    ("ＨＫ通行證", "hk通行证"),  # full-width → half-width, lower case
    ("换身份证，要带什么？！", "换身份证要带什么"),  # punctuation out
    ("12.3 下午 3:30", "12.3下午3:30"),  # digit separators kept
    ("thank you", "thank you"),  # one space between Latin words
    ("社保卡喺边度办", "社保卡在哪里办"),
    ("点样攞失业金", "怎么领失业金"),
    ("几时可以攞", "什么时候可以领"),
    ("系咪要带户口本", "是不是要带户口簿"),
    ("冇身份证", "没有身份证"),
    ("畀我嘅护照", "给我的护照"),
    ("咩材料", "什么材料"),
    ("唔该晒", "谢谢"),
    ("唔该", "谢谢"),
    ("唔该帮我约听日", "请帮我约明天"),
    ("被炒鱿鱼了", "被辞退了"),
    ("联系电话", "联系电话"),  # 系 inside a Mandarin word stays
    ("这周吴下午", "这周五下午"),  # a weekday typed by sound
    ("下礼拜山去", "下礼拜三去"),
    ("再那里办", "在哪里办"),  # 再 for 在, asked at the end
    ("我在那里办过", "我在那里办过"),  # told, not asked
    ("老人八十五岁", "老人85岁"),
])
def test_clean(text: str, expected: str) -> None:
    assert NORMALIZER.clean(NORMALIZER.prepare(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("嗯那个换身分证要带啥", "换身份证要带啥"),  # 身分证 sounds like 身份证 (sound_alike)
    ("嗯嗯 那个 就是 我想问一下 身份证", "身份证"),
    ("请问，麻烦你，护照在哪办啊", "护照在哪办"),
    ("你好我想换身份证", "我想换身份证"),
    ("发票额度不够", "发票额度不够"),  # 额 of 额度 is no filler
])
def test_fillers(text: str, expected: str) -> None:
    assert NORMALIZER.normalise(text) == expected


@pytest.mark.parametrize(("text", "number"), [
    ("bj20261125000123", "BJ20261125000123"),
    ("bj 2026 1125 0001 23 到哪一步了", "BJ20261125000123"),
    ("bj-20261125-000123", "BJ20261125000123"),
    ("编号b j 20261125000123", "BJ20261125000123"),
    ("查下20261125000123", "BJ20261125000123"),  # a bare 14-digit number
    ("bj2026112500012", None),  # 13 digits
    ("bj202611250001234", None),  # 15 digits
    ("身份证号440602199001011234", None),  # 18 digits: an ID number, not an application
    ("电话13800138000", None),
])
def test_application_numbers(text: str, number: str | None) -> None:
    found, rest = take_application_no(text)
    assert found == number
    if number:
        assert "2026" not in rest


def test_application_number_via_nlu_upper_and_full_width(ask) -> None:
    assert ask("ＢＪ２０２６１１２５０００１２３办好没").application_no == "BJ20261125000123"
    u = ask("BJ 2026 1125 0001 23 到哪一步了")
    assert (u.intent, u.application_no) == ("track_progress", "BJ20261125000123")
