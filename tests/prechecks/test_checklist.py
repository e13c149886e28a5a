"""Completeness against the catalog's materials, from file results (no OCR here)."""

from __future__ import annotations

from catalog import SHIPPED_CATALOG, read_catalog_file
from prechecks import Result
from prechecks.checklist import completeness


def result(kind: str, *codes: str) -> Result:
    return Result(kind, codes, {}, ())  # type: ignore[arg-type]


def renewal():
    return next(i for i in read_catalog_file(SHIPPED_CATALOG).items if i.code == "id_card_renewal")


def statuses(situation, results):
    return {s.material: (s.status, s.codes, s.missing_kinds) for s in completeness(renewal(), situation, results)}


def test_both_sides_of_the_card_and_the_hukou_page_pass_and_the_rest_is_listed():
    got = statuses("local", [result("id_front"), result("id_back"), result("hukou", "strip_exif")])
    assert got["原居民身份证"] == ("passed", (), ())
    assert got["居民户口簿"] == ("passed", (), ())
    assert got["《居民身份证申领登记表》"] == ("missing", (), ("form",))
    assert got["本人近期免冠彩色相片"][0] == "by_staff"


def test_a_missing_side_and_a_problem_are_named():
    got = statuses("local", [result("id_front", "bad_checksum")])
    assert got["原居民身份证"] == ("problem", ("bad_checksum",), ("id_back",))
    assert got["居民户口簿"] == ("missing", (), ("hukou",))


def test_an_expired_card_is_fine_where_the_item_does_not_check_expiry():
    # 换身份证 takes the old card back, expired or not: its checks are readable and id_number_valid
    assert statuses("local", [result("id_front"), result("id_back", "expired")])["原居民身份证"][0] == "passed"


def test_the_situation_decides_which_materials_count():
    assert "居民户口簿" not in statuses("other_province", [])
