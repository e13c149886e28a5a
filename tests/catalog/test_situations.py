"""Situations (办事情形) carry the citizen's own words for them, and no phrase picks two of one item."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from catalog import SHIPPED_CATALOG, CatalogError, read_catalog_file
from catalog.schema import Item


def shipped() -> dict:
    return yaml.safe_load(SHIPPED_CATALOG.read_text(encoding="utf-8"))


def situation(raw: dict, item: str, code: str) -> dict:
    entry = next(i for i in raw["items"] if i["code"] == item)
    return next(s for s in entry["situations"] if s["code"] == code)


def problems_of(raw: dict, tmp_path: Path) -> list[str]:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_catalog_file(path)
    return caught.value.problems


def test_every_situation_has_three_to_six_aliases():
    for item in read_catalog_file(SHIPPED_CATALOG).items:
        for s in item.situations:
            assert 3 <= len(s.aliases) <= 6, f"{item.code}.{s.code}: {s.aliases}"


def test_the_colloquial_words_pick_their_situation():
    items = {i.code: i for i in read_catalog_file(SHIPPED_CATALOG).items}

    def owner(item: str, words: str) -> str:
        return next(s.code for s in items[item].situations if words in s.aliases)

    assert owner("id_card_renewal", "外地户口") == "other_province"
    assert owner("id_card_renewal", "户口不在广东") == "other_province"
    assert owner("hukou_transfer", "夫妻投靠") == "kin"
    assert owner("housing_fund_withdrawal", "首付") == "buy_home"
    assert owner("id_card_first", "未成年") == "minor"


def test_an_alias_inside_another_situations_alias_is_refused(tmp_path):
    raw = shipped()
    situation(raw, "id_card_first", "adult")["aliases"].append("成年")  # inside 未成年 of minor
    problems = problems_of(raw, tmp_path)
    assert len(problems) == 1, problems
    assert "item id_card_first" in problems[0]
    assert "'成年' of situation adult clashes with '未成年' of minor" in problems[0]


def test_an_alias_equal_to_another_situations_name_is_refused(tmp_path):
    raw = shipped()
    situation(raw, "hukou_transfer", "kin")["aliases"].append("积分入户")  # the name of points
    problems = problems_of(raw, tmp_path)
    assert any("item hukou_transfer" in p and "'积分入户' of situation kin" in p for p in problems), problems


def test_an_alias_holding_another_situations_name_is_refused(tmp_path):
    raw = shipped()
    situation(raw, "housing_fund_withdrawal", "rent")["aliases"].append("不买房先租房")  # holds 买房
    problems = problems_of(raw, tmp_path)
    assert any("item housing_fund_withdrawal" in p and "不买房先租房" in p and "buy_home" in p for p in problems)


def test_the_same_alias_in_two_items_is_fine():
    items = {i.code: i for i in read_catalog_file(SHIPPED_CATALOG).items}
    shared = situation_aliases(items["id_card_renewal"]) & situation_aliases(items["unemployment_registration"])
    assert "外地户口" in shared


def situation_aliases(item: Item) -> set[str]:
    return {a for s in item.situations for a in s.aliases}


@pytest.mark.parametrize(
    ("bad", "says"),
    [(["投靠", "投靠"], "alias repeated: 投靠"), ([""], "at least 1 character"), (["投 靠"], "pattern"),
     (["投" * 17], "at most 16 characters")],
)
def test_aliases_are_short_single_phrases_without_repeats(tmp_path, bad, says):
    raw = shipped()
    situation(raw, "hukou_transfer", "kin")["aliases"] = bad
    problems = problems_of(raw, tmp_path)
    assert any("item hukou_transfer: situations[1].aliases" in p and says in p for p in problems), problems
