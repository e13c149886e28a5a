"""A small catalog of our own (the shipped one grows meanwhile) and helpers shared by the tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from catalog import Catalog, CatalogFile
from core.clock import SHANGHAI

HOURS = {"weekdays": [["09:00", "12:00"], ["13:30", "17:30"]], "saturday": [["09:00", "12:00"]]}


def hall(code: str, *, windows: int, saturday: bool = True) -> dict[str, Any]:
    hours = HOURS if saturday else {"weekdays": HOURS["weekdays"]}
    return {"code": code, "name": f"{code}大厅", "short_name": f"{code}大厅", "address": "佛山市禅城区测试路1号",
            "phone": "0757-80000000", "hours": hours, "windows": windows}


def item(code: str, *, kind: str, halls: list[str]) -> dict[str, Any]:
    return {
        "code": code, "name": f"{code}办理", "short_name": code, "department": "公安", "kind": kind,
        "aliases": [code], "summary": "测试事项。", "conditions": ["测试条件"],
        "materials": [{"name": "居民身份证", "type": "id_card", "form": "original"}],
        "legal_days": 0, "promised_days": 0, "on_the_spot": True, "fee": "免费", "free": True,
        "halls": halls, "online_depth": 2, "max_visits": 1, "process": ["到大厅办理"], "stages": ["申请受理", "办结"],
    }


def catalog_file(*, center_windows: int = 2) -> CatalogFile:
    """district_center: weekdays + Saturday mornings, 2 windows; zumiao: weekdays, 1 window.
    id_card_renewal (person, both halls); business_licence (business, district_center only)."""
    return CatalogFile.model_validate({
        "version": 1,
        "halls": [hall("district_center", windows=center_windows), hall("zumiao", windows=1, saturday=False)],
        "items": [item("id_card_renewal", kind="person", halls=["district_center", "zumiao"]),
                  item("business_licence", kind="business", halls=["district_center"])],
    })


def test_catalog(**kwargs: Any) -> Catalog:
    return Catalog.from_file(catalog_file(**kwargs))


test_catalog.__test__ = False  # type: ignore[attr-defined]


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)
