"""The bundles file is validated at load like the catalog: every problem named, a bad file refused."""

from __future__ import annotations

import pytest

from lifeevents.loader import SHIPPED_BUNDLES, LifeEventsError, read_bundles_file

GOOD_FIELD = """
  - code: phone
    label: 联系电话
    type: phone
"""


def write(tmp_path, bundles: str, fields: str = GOOD_FIELD):
    path = tmp_path / "bundles.yaml"
    path.write_text(f"version: 1\nfields:{fields}\nbundles:{bundles}", encoding="utf-8")
    return path


def test_the_shipped_file_loads_and_uses_only_catalog_items(events, catalog):
    assert {"newborn", "business_start", "retirement"} <= set(events.bundles)
    newborn = events.bundles["newborn"]
    assert [e.item for e in newborn.items] == ["newborn_hukou", "resident_medical_insurance", "social_security_card"]
    assert all(e.item in catalog.items for b in events.bundles.values() for e in b.items)
    assert read_bundles_file(SHIPPED_BUNDLES, catalog).bundles.keys() == events.bundles.keys()


def test_a_bad_file_is_refused_naming_each_problem(tmp_path, catalog):
    path = write(tmp_path, """
  - code: broken
    name: 坏的一件事
    short_name: 坏的
    summary: 测试
    triggers: [坏了]
    reviewed_by: 测试
    items:
      - item: no_such_item
        fields: [phone]
      - item: newborn_hukou
        situation: on_the_moon
        after: [social_security_card]
        fields: [phone, no_such_field]
      - item: social_security_card
        situation: minor
        produces: ["newborn_hukou:出生医学证明"]
""")
    with pytest.raises(LifeEventsError) as refused:
        read_bundles_file(path, catalog)
    problems = "\n".join(refused.value.problems)
    assert "bundle broken: Value error, items[1] (newborn_hukou): after social_security_card" in problems
    assert "not listed before it" in problems
    # the model's own checks come first; fix the order and the catalog checks speak
    path = write(tmp_path, path.read_text(encoding="utf-8").split("bundles:", 1)[1].replace(
        "after: [social_security_card]", "after: []"))
    with pytest.raises(LifeEventsError) as refused:
        read_bundles_file(path, catalog)
    problems = refused.value.problems
    assert any("items[0].item: no item no_such_item in the catalog" in p for p in problems)
    assert any("items[1].situation: newborn_hukou has no situation on_the_moon" in p for p in problems)
    assert any("items[1].fields: no field no_such_field" in p for p in problems)
    assert any("items[2].produces: newborn_hukou is not a later item" in p for p in problems)
    assert all(p.startswith(str(path)) for p in problems)


def test_a_shape_error_names_the_bundle_and_the_field(tmp_path, catalog):
    path = write(tmp_path, """
  - code: short
    name: 只有一项
    short_name: 一项
    summary: 测试
    triggers: [一项]
    reviewed_by: 测试
    items:
      - item: passport
""")
    with pytest.raises(LifeEventsError) as refused:
        read_bundles_file(path, catalog)
    assert any("bundle short: items" in p for p in refused.value.problems)


def test_an_item_with_situations_needs_one_chosen(tmp_path, catalog):
    path = write(tmp_path, """
  - code: travel
    name: 出国一件事
    short_name: 出国
    summary: 测试
    triggers: [出国]
    reviewed_by: 测试
    items:
      - item: passport
      - item: hk_macao_permit
        situation: new_permit
""")
    with pytest.raises(LifeEventsError) as refused:
        read_bundles_file(path, catalog)
    assert any("items[0]: passport has situations" in p for p in refused.value.problems)


def test_a_new_bundle_needs_no_code(tmp_path, catalog):
    path = write(tmp_path, """
  - code: travel
    name: 出国证件一件事
    short_name: 出国证件
    summary: 护照和港澳通行证一起办。
    triggers: [出国证件]
    reviewed_by: 测试
    items:
      - item: passport
        situation: first
        fields: [phone]
      - item: hk_macao_permit
        situation: new_permit
        fields: [phone]
""")
    events = read_bundles_file(path, catalog)
    assert events.triggered("我要办出国证件要办什么").code == "travel"
