"""The shipped catalog file: valid, complete against the spec, and its aliases unambiguous."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from catalog import SHIPPED_CATALOG, CatalogFile, read_catalog_file
from catalog.schema import HALL_CODES

# the 40 items, their codes, and the halls
SPEC = Path(__file__).resolve().parents[2] / "docs" / "spec" / "service-items.md"

# Words that name no single item: an alias made of one of these alone would capture questions
# about several items (身份证: first / renewal / replacement; 换证: ID card, driving licence…).
GENERIC = {
    "身份证", "身分证", "社保", "医保", "公积金", "户口", "登记", "证明", "办证", "换证", "补证", "领证",
    "补办", "申请", "报销", "证件", "执照", "补贴", "津贴", "救助", "入户", "办事", "预约",
}


def spec_rows() -> list[dict[str, str]]:
    """The table of service-items.md: code, name, department, kind, life events."""
    rows = []
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        is_row = line.startswith("|") and len(cells) == 5 and cells[0] != "code"
        if is_row and re.fullmatch(r"[a-z][a-z0-9_]+", cells[0]):
            rows.append(dict(zip(("code", "name", "department", "kind", "life_events"), cells, strict=True)))
    return rows


def spec_halls() -> list[str]:
    text = SPEC.read_text(encoding="utf-8")
    paragraph = text[text.index("Halls"):].split("\n\n")[0]
    return re.findall(r"`([a-z][a-z0-9_]+)`", paragraph)


@pytest.fixture(scope="module")
def data() -> CatalogFile:
    return read_catalog_file(SHIPPED_CATALOG)


def test_the_spec_is_parsed():
    assert len(spec_rows()) == 40
    assert spec_halls() == list(HALL_CODES)


def test_the_shipped_file_validates(data):
    assert data.version == 1
    assert len(data.items) >= 20


def test_every_spec_item_is_present(data):
    # Fails until items 21-40 are merged into the shipped file: the catalog must hold all 40.
    missing = [r["code"] for r in spec_rows() if r["code"] not in {i.code for i in data.items}]
    assert not missing, f"missing items: {', '.join(missing)}"


def test_items_carry_the_spec_name_department_and_kind(data):
    items = {i.code: i for i in data.items}
    for row in spec_rows():
        item = items.get(row["code"])
        if item is None:
            continue  # reported by test_every_spec_item_is_present
        assert (item.name, item.department, item.kind) == (row["name"], row["department"], row["kind"]), item.code


def test_every_spec_hall_is_present(data):
    assert {h.code for h in data.halls} >= set(spec_halls())
    for hall in data.halls:
        assert hall.hours.weekdays, hall.code
        assert re.fullmatch(r"0757-\d{7,8}", hall.phone), hall.code
        assert hall.aliases, hall.code


def test_hall_aliases_are_unambiguous(data):
    owner: dict[str, str] = {}
    for hall in data.halls:
        for alias in (hall.name, hall.short_name, *hall.aliases):
            assert owner.setdefault(alias, hall.code) == hall.code, f"{alias!r}: {owner[alias]} and {hall.code}"


def test_the_district_center_offers_every_item(data):
    assert [i.code for i in data.items if "district_center" not in i.halls] == []


def test_no_alias_is_shared_by_two_items(data):
    owner: dict[str, str] = {}
    clashes = []
    for item in data.items:
        for alias in set(item.aliases):
            if owner.setdefault(alias, item.code) != item.code:
                clashes.append(f"{alias!r}: {owner[alias]} and {item.code}")
    assert not clashes, "\n".join(clashes)


def test_no_alias_is_another_items_name(data):
    names = {}
    for item in data.items:
        names[item.name] = item.code
        names[item.short_name] = item.code
    clashes = [
        f"{alias!r} of {item.code} names {names[alias]}"
        for item in data.items
        for alias in item.aliases
        if names.get(alias, item.code) != item.code
    ]
    assert not clashes, "\n".join(clashes)


def test_names_and_short_names_are_unique(data):
    for attr in ("name", "short_name"):
        values = [getattr(i, attr) for i in data.items]
        assert len(values) == len(set(values)), attr


def test_aliases_are_many_specific_and_clean(data):
    for item in data.items:
        assert len(item.aliases) >= 6, item.code
        assert len(item.aliases) == len(set(item.aliases)), f"{item.code}: an alias repeated"
        for alias in item.aliases:
            assert len(alias) >= 2, f"{item.code}: {alias!r}"
            assert alias not in GENERIC, f"{item.code}: {alias!r} is too generic to name one item"
            assert not re.search(r"\s", alias), f"{item.code}: {alias!r} has whitespace"


def test_at_least_twelve_items_have_situations(data):
    assert sum(1 for i in data.items if i.situations) >= 12


def test_situation_materials_differ_between_situations(data):
    for item in data.items:
        if not item.situations:
            continue
        assert len(item.situations) >= 2, f"{item.code}: one situation is no choice"
        assert any(m.when for m in item.materials), f"{item.code}: no material depends on the situation"
        by_situation = {s.code: {m.name for m in item.materials_for(s.code)} for s in item.situations}
        for a, b in itertools.combinations(by_situation, 2):
            assert by_situation[a] != by_situation[b], f"{item.code}: {a} and {b} ask for the same materials"


def test_materials_and_items_are_sensible(data):
    for item in data.items:
        assert 2 <= len(item.materials) <= 10, item.code
        assert len(item.conditions) <= 6, item.code
        assert 2 <= len(item.process) <= 6, item.code
        assert item.life_events, item.code
        assert "《" in item.legal_basis, f"{item.code}: no regulation named"
        if item.online_depth >= 2:
            assert item.online_channel, f"{item.code}: online but no channel named"
        for m in item.materials:
            if m.type == "id_card":
                assert "id_number_valid" in m.checks, f"{item.code}: {m.name}"
            if m.type == "photo" and ("证件照" in m.name or "免冠" in m.name):  # of the applicant
                assert "photo_spec" in m.checks, f"{item.code}: {m.name}"
            if m.type == "form" and m.form != "electronic":  # a paper form is signed
                assert "signed" in m.checks, f"{item.code}: {m.name}"
