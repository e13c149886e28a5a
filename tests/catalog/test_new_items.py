"""Common items beyond the spec's 40: present, complete, and found in the citizen's own words."""

from __future__ import annotations

from datetime import datetime

import pytest

from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from core.clock import SHANGHAI
from intents import Nlu, build_nlu, understand

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)
NEW = ("driver_license_replacement", "hukou_move_out", "employee_medical_insurance")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))


@pytest.fixture(scope="module")
def nlu(catalog: Catalog) -> Nlu:
    return build_nlu(catalog)


@pytest.mark.parametrize("code", NEW)
def test_the_new_item_is_complete(catalog, code):
    item = catalog.items[code]
    assert item.situations and item.life_events and len(item.aliases) >= 6
    assert {m.type for m in item.materials} >= {"id_card", "form"}
    assert "district_center" in item.halls
    assert item.online_channel and "《" in item.legal_basis


@pytest.mark.parametrize(("text", "code"), [
    ("驾照丢了", "driver_license_replacement"),
    ("驾驶证坏了要换", "driver_license_replacement"),
    ("补办驾照要带什么", "driver_license_replacement"),
    ("我想迁户口出去", "hukou_move_out"),
    ("户口迁出要什么材料", "hukou_move_out"),
    ("把户口迁回老家", "hukou_move_out"),
    ("职工医保", "employee_medical_insurance"),
    ("灵活就业怎么交职工医保", "employee_medical_insurance"),
    # the neighbours keep their own words
    ("驾照到期了怎么换", "driver_license_renewal"),
    ("户口迁入佛山要带哪些材料", "hukou_transfer"),
    ("居民医保", "resident_medical_insurance"),
])
def test_the_nlu_finds_the_new_items_and_keeps_their_neighbours(nlu, text, code):
    assert understand(nlu, text, NOW).item == code


def test_a_damaged_licence_is_handed_in_and_a_lost_one_is_not(catalog):
    item = catalog.items["driver_license_replacement"]
    assert "原机动车驾驶证" in {m.name for m in item.materials_for("damaged")}
    assert "原机动车驾驶证" not in {m.name for m in item.materials_for("lost")}
