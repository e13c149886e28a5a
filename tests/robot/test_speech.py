"""A reply as the robot says it: numbers, dates, times, money and phones read aloud; no markup."""

from __future__ import annotations

import re

import pytest

from bot.notice import more_options, one_time_notice
from bot.reply import Card, Choice, Reply
from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from handlers.robot_speech import MAX_SPEECH, MORE_ON_SCREEN, SEE_SCREEN, cardinal, clock_time, speakable, speech_for


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))


@pytest.mark.parametrize(("n", "words"), [
    (0, "零"), (2, "二"), (10, "十"), (15, "十五"), (20, "二十"), (105, "一百零五"), (110, "一百一十"),
    (1010, "一千零一十"), (2026, "二千零二十六"), (10000, "一万"), (20500, "二万零五百"), (120000, "十二万"),
])
def test_cardinal_numbers(n: int, words: str) -> None:
    assert cardinal(n) == words


@pytest.mark.parametrize(("hour", "minute", "words"), [
    (9, 0, "上午九点"), (10, 0, "上午十点"), (12, 0, "中午十二点"), (13, 30, "下午一点半"),
    (14, 5, "下午两点零五分"), (17, 45, "下午五点四十五分"), (19, 0, "晚上七点"),
])
def test_clock_times(hour: int, minute: int, words: str) -> None:
    assert clock_time(hour, minute) == words


@pytest.mark.parametrize(("text", "spoken"), [
    ("12月3日上午10点", "十二月三日上午十点"),
    ("12月3日 10:00", "十二月三日上午十点"),
    ("2026-12-03 14:30", "二零二六年十二月三日下午两点半"),
    ("2026年11月25日", "二零二六年十一月二十五日"),
    ("工本费20元", "工本费二十元"),
    ("12.5元", "十二点五元"),
    ("电话 0757-83030000", "电话零七五七，八三零三零零零零"),
    ("手机13812345678", "手机一三八，一二三四，五六七八"),
    ("请拨打12345", "请拨打一二三四五"),
    ("办件编号BJ20261125000123", "办件编号BJ二零二六一一二五零零零一二三"),
    ("承诺3个工作日办结", "承诺三个工作日办结"),
    ("原件2份", "原件两份"),
    ("周一至周五 09:00-12:00、13:30-17:30", "周一至周五上午九点到中午十二点、下午一点半到五点半"),
    ("减免50%", "减免百分之五十"),
])
def test_numbers_are_read_aloud(text: str, spoken: str) -> None:
    assert speakable(text) == spoken + "。"


def test_no_emoji_links_tables_or_list_markup() -> None:
    text = (
        "您好😀！详情见 https://www.gdzwfw.gov.cn/item?id=1 \n"
        "| 材料 | 份数 |\n|---|---|\n| 身份证 | 1 |\n"
        "1. 居民身份证（原件1份）\n2. 照片\n· 年满16周岁\n- 本人到场"
    )
    spoken = speakable(text)
    assert not re.search(r"[0-9A-Za-z|·•\-*#【】\U0001f300-\U0001faff]", spoken)
    assert "http" not in spoken and "gdzwfw" not in spoken
    assert "居民身份证" in spoken and "年满十六周岁" in spoken and "本人到场" in spoken
    assert all(len(s) <= 60 for s in spoken.split("。")), spoken


def test_choices_are_said_as_ordinals() -> None:
    reply = Reply(text="您想办的是哪一项？请回复序号：",
                  choices=(Choice("居民身份证换领", "1"), Choice("居民身份证补领", "2")))
    spoken = speech_for(reply)
    assert "请说序号" in spoken
    assert "第一项，居民身份证换领" in spoken and "第二项，居民身份证补领" in spoken
    assert not re.search(r"\d", spoken)


def test_cards_and_links_are_not_spoken() -> None:
    reply = Reply(text="预约成功，详见 https://example.org/b/1", cards=(Card("预约凭证", "请出示", "https://x.y"),))
    assert speech_for(reply) == "预约成功，详见。"


def test_a_long_notice_speaks_its_first_section_and_points_to_the_screen(catalog: Catalog) -> None:
    item = catalog.items["id_card_renewal"]
    notice = one_time_notice(item, catalog, aspect="fee")
    spoken = speech_for(notice)
    assert spoken.endswith(SEE_SCREEN)
    assert "收费标准" in spoken
    other_headings = [h for h, _ in notice.sections[1:]]
    assert not any(h in spoken for h in other_headings)
    assert len(spoken) < len(notice.text)


@pytest.mark.parametrize("code", ["id_card_renewal", "social_security_card", "subsistence_allowance"])
@pytest.mark.parametrize("aspect", ["general", "materials", "location", "duration", "fee", "online", "process"])
def test_every_notice_is_speakable(catalog: Catalog, code: str, aspect: str) -> None:
    spoken = speech_for(one_time_notice(catalog.items[code], catalog, aspect=aspect))
    assert spoken.endswith(SEE_SCREEN)
    assert not re.search(r"[0-9【】|·\n]", spoken), spoken
    assert len(spoken) <= MAX_SPEECH  # under 20 seconds


def test_the_limit_is_twenty_seconds_of_speech() -> None:
    assert MAX_SPEECH == 90  # 20 s at 4.5 characters a second


def test_every_first_notice_is_said_in_under_20_seconds(catalog: Catalog) -> None:
    for item in catalog.items.values():
        for situation in [s.code for s in item.situations] or [None]:
            reply = one_time_notice(item, catalog, situation=situation, more=more_options(item, situation),
                                    here=catalog.halls["zumiao"])
            spoken = speech_for(reply)
            assert len(spoken) <= MAX_SPEECH, spoken
            assert spoken.endswith(MORE_ON_SCREEN) and "本厅" in spoken
            assert not re.search(r"[0-9【】|·\n]", spoken), spoken


def test_a_list_of_halls_is_never_read_aloud_in_full(catalog: Catalog) -> None:
    halls = list(catalog.halls.values())
    item = next(i for i in catalog.items.values() if len(i.halls) == len(halls))
    where = speech_for(one_time_notice(item, catalog, aspect="location", brief=True))
    assert sum(h.name in where or h.short_name in where for h in halls) <= 1, where
    offer = Reply(text="请选择大厅，回复序号：", choices=tuple(Choice(f"{h.name}（{h.address}）", str(n))
                                                       for n, h in enumerate(halls, 1)))
    spoken = speech_for(offer)
    assert len(spoken) <= MAX_SPEECH and spoken.endswith("请说序号。")
    assert sum(h.name in spoken for h in halls) <= 1, spoken


def test_a_long_answer_with_numbers_on_offer_still_says_they_can_be_said(catalog: Catalog) -> None:
    item = catalog.items["id_card_renewal"]
    reply = one_time_notice(item, catalog, aspect="conditions", brief=True, more=more_options(item, None))
    spoken = speech_for(reply)
    assert len(spoken) <= MAX_SPEECH and spoken.endswith(MORE_ON_SCREEN), spoken


def test_two_choices_on_screen_are_counted_as_two():
    halls = (Choice("禅城区行政服务中心", "1"), Choice("张槎街道行政服务中心", "2"))
    reply = Reply(text="请选择大厅：" + "很长的说明" * 40, choices=halls)
    assert "两个选项" in speech_for(reply)
