"""Items and halls: exact, pinyin homophones, words, candidates; all driven by the catalog."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from intents import build_nlu, understand
from intents.phrases import fold_syllable

from .conftest import NOW, make_item, small_catalog


@pytest.mark.parametrize(("text", "item"), [
    ("身分证过期了", "id_card_renewal"),  # 分 for 份
    ("社宝卡怎么办", "social_security_card"),  # 宝 for 保
    ("户口签入要什么条件", "hukou_transfer"),  # 签 for 迁
    ("公基金怎么提", "housing_fund_withdrawal"),
    ("户照在哪办", "passport"),
    ("港澳通信证要几天", "hk_macao_permit"),
    ("結昏登記", "marriage_registration"),  # traditional and a homophone at once
    ("低宝怎么申请", "subsistence_allowance"),
])
def test_homophones_by_pinyin(ask, text: str, item: str) -> None:
    assert ask(text).item == item


def test_fold_syllable() -> None:
    assert [fold_syllable(s) for s in ("zheng", "shen", "chang", "nan", "ling")] == ["zen", "sen", "can", "lan", "lin"]


@pytest.mark.parametrize(("text", "item"), [
    ("刚生了孩子", "newborn_hukou"),
    ("宝宝出生了怎么上户口", "newborn_hukou"),
    ("老人85岁有补贴吗", "elderly_allowance"),
    ("我妈今年八十二岁了", "elderly_allowance"),
    ("我被公司辞退了能领钱吗", "unemployment_benefit"),
    ("失业了怎么办", "unemployment_benefit"),
    ("要结婚了", "marriage_registration"),
    ("孩子要上小学", "primary_school_enroll"),
    ("买了二手房", "property_transfer"),
    ("想开个店", "business_license_individual"),
    ("怀孕了要登记吗", "birth_registration"),
    ("养了条狗", "dog_registration"),
    ("包包在地铁上被人偷了，身份证在里面", "id_card_replacement"),  # the card inside what was lost
    ("我家狗狗想上个牌", "dog_registration"),
    ("想开个小饭馆", "food_business_license"),
    ("睇医生自己俾咗钱 点样报销", "medical_reimbursement"),
    ("我公司换了地址，执照上的信息要改", "business_license_change"),
    ("我们工地盖完了，要各个部门一起来检查的那个怎么申请", "construction_joint_acceptance"),
    ("房子被人偷偷挂到别人名下了，我不同意", "property_objection"),
    ("别人把我的房子登记到他名下了", "property_objection"),
    ("我被辞退了，政府这边能帮什么", "unemployment_benefit"),  # 能帮什么 asks about help, not the assistant
])
def test_life_situations(ask, text: str, item: str) -> None:
    u = ask(text)
    assert (u.intent, u.item) == ("ask_guide", item)


def test_longer_phrase_wins_over_the_phrase_inside_it(ask) -> None:
    u = ask("身份证丢了怎么办")
    assert u.item == "id_card_replacement" and not u.ambiguous


def test_close_items_are_candidates_and_ambiguous(ask) -> None:
    u = ask("身份证")
    codes = [c for c, _ in u.candidates]
    assert u.ambiguous
    assert u.item == codes[0]
    assert {"id_card_renewal", "id_card_replacement"} <= set(codes)
    assert len(codes) <= 3
    assert all(0 <= s <= 100 for _, s in u.candidates)
    assert [s for _, s in u.candidates] == sorted((s for _, s in u.candidates), reverse=True)


def test_clear_item_is_not_ambiguous(ask) -> None:
    u = ask("换身份证要带什么")
    assert u.item == "id_card_renewal" and not u.ambiguous


def test_words_apart_still_find_the_item(ask) -> None:
    assert ask("换一下身份证").item == "id_card_renewal"


def test_nothing_found_in_chat(ask) -> None:
    u = ask("今天天气怎么样")
    assert u.item is None and u.candidates == ()


@pytest.mark.parametrize(("text", "hall"), [
    ("去祖庙办", "zumiao"), ("石湾那边", "shiwan"), ("张槎街道行政服务中心", "zhangcha"),
    ("石湾街道行政服务中心", "shiwan"),
    ("南庄镇", "nanzhuang"), ("智慧新城大厅", "district_center"), ("区行政服务中心", "district_center"),
    ("我户口在禅城", None), ("港澳通行证怎么办", None),
])
def test_halls(ask, text: str, hall: str | None) -> None:
    assert ask(text).hall == hall


def test_a_new_alias_in_the_catalog_is_understood_without_code() -> None:
    before = build_nlu(small_catalog())
    assert understand(before, "我想办个狗牌", NOW).item is None
    after = build_nlu(small_catalog(make_item("dog_registration", "犬只登记", "办狗证", ("狗牌",))))
    u = understand(after, "我想办个狗牌", NOW)
    assert (u.intent, u.item) == ("ask_guide", "dog_registration")


def test_a_new_alias_of_an_existing_item() -> None:
    catalog = small_catalog()
    passport = catalog.items["passport"]
    catalog.items["passport"] = passport.model_copy(update={"aliases": (*passport.aliases, "因公出国证件")})
    assert understand(build_nlu(catalog), "因公出国证件怎么办", NOW).item == "passport"


def test_a_hall_alias_in_the_catalog_is_understood() -> None:
    catalog = small_catalog()
    zumiao = catalog.halls["zumiao"]
    catalog.halls["zumiao"] = zumiao.model_copy(update={"aliases": (*zumiao.aliases, "老城区大厅")})
    assert understand(build_nlu(catalog), "明天去老城区大厅", NOW).hall == "zumiao"


def test_life_situations_of_items_missing_from_the_catalog_are_skipped(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="intents.phrases"):
        nlu = build_nlu(small_catalog())
    assert any("newborn_hukou" in r.getMessage() for r in caplog.records)
    assert understand(nlu, "刚生了孩子", NOW).item is None


def test_unknown_codes_in_a_data_file_only_warn(tmp_path: Path, caplog) -> None:
    data = Path(__file__).resolve().parents[2] / "intents" / "data"
    for f in data.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "life_situations.yaml").write_text("no_such_item:\n  - 外星人\npassport:\n  - 出国玩\n",
                                                   encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="intents.phrases"):
        nlu = build_nlu(small_catalog(), data_dir=tmp_path)
    assert any("no_such_item" in r.getMessage() for r in caplog.records)
    assert understand(nlu, "想出国玩", NOW).item == "passport"
