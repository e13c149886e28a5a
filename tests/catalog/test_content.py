"""What the shipped items say is right: material lists per situation, and the standards in force."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from catalog import SHIPPED_CATALOG, CatalogError, read_catalog_file
from catalog.schema import Item


@pytest.fixture(scope="module")
def items() -> dict[str, Item]:
    return {i.code: i for i in read_catalog_file(SHIPPED_CATALOG).items}


def names(item: Item, situation: str) -> list[str]:
    return [m.name for m in item.materials_for(situation)]


def test_marriage_needs_both_id_cards_and_the_declaration_and_no_household_register(items):
    # 《婚姻登记条例》as revised in 2025 (in force 2025-05-10): ID card and signed declaration, no 户口簿.
    marriage = items["marriage_registration"]
    listed = marriage.materials_for("mainland")
    ids = [m for m in listed if m.type == "id_card"]
    assert [m.count for m in ids] == [2]
    assert any("声明" in m.name and m.count == 2 and "signed" in m.checks for m in listed)
    assert all(m.type != "household_register" for m in marriage.materials)
    assert "不再需要户口簿" in ids[0].note
    assert "2025" in marriage.legal_basis


@pytest.mark.parametrize(("code", "adult"), [("passport", "first"), ("hk_macao_permit", "new_permit")])
def test_an_adult_travel_document_asks_for_no_guardian_papers(items, code, adult):
    item = items[code]
    assert not [n for n in names(item, adult) if "监护" in n]
    minor = names(item, "minor")
    assert "监护人居民身份证" in minor
    assert any("监护关系" in n for n in minor)


def test_guardian_papers_appear_only_in_a_childs_situation(items):
    for item in items.values():
        children = {s.code for s in item.situations if "16周岁" in s.name and "未满" in s.name}
        for m in item.materials:
            if "监护" in m.name:
                assert m.when and set(m.when) <= children, f"{item.code}: {m.name} outside a child's situation"


def test_vehicle_inspection_follows_the_2022_rule(items):
    inspection = items["vehicle_inspection"]
    exempt = next(s for s in inspection.situations if s.code == "exempt")
    assert "第2、4、8年" in exempt.description
    assert "第六年" in next(s for s in inspection.situations if s.code == "tested").aliases


def test_standards_in_force_are_stated(items):
    benefit = "\n".join(items["unemployment_benefit"].amounts)
    assert "最低工资标准的90%" in benefit and "最长24个月" in benefit
    medical = "\n".join(items["resident_medical_insurance"].amounts)
    assert "2026年度" in medical and "400元" in medical and "为准" in medical
    for code in ("subsistence_allowance", "elderly_allowance", "only_child_reward"):
        assert items[code].amounts, code
    assert "80至89周岁" in items["elderly_allowance"].amounts[0]


def problems_of(raw: dict, tmp_path: Path) -> list[str]:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_catalog_file(path)
    return caught.value.problems


@pytest.mark.parametrize(
    ("lines", "says"),
    [(["成年居民每人每年400元"], "以…为准"), (["按月发放", "按月发放"], "repeated"), (["按月发放"] * 9, "at most 8")],
)
def test_amounts_are_refused_without_authority_or_repeated(tmp_path, lines, says):
    raw = yaml.safe_load(SHIPPED_CATALOG.read_text(encoding="utf-8"))
    next(i for i in raw["items"] if i["code"] == "elderly_allowance")["amounts"] = lines
    problems = problems_of(raw, tmp_path)
    assert any("item elderly_allowance: amounts" in p and says in p for p in problems), problems
