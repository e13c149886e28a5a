"""NLU fixtures: built once per session on the shipped catalog; small catalogs built in code."""

from __future__ import annotations

from datetime import datetime

import pytest

from catalog import SHIPPED_CATALOG, Catalog, Hall, Item, read_catalog_file
from core.clock import SHANGHAI
from intents import Nlu, Understanding, build_nlu, understand

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # a Wednesday


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))


@pytest.fixture(scope="session")
def nlu(shipped: Catalog) -> Nlu:
    return build_nlu(shipped)


@pytest.fixture(scope="session")
def ask(nlu: Nlu):
    def ask(text: str, now: datetime = NOW) -> Understanding:
        return understand(nlu, text, now)

    return ask


def make_item(code: str, name: str, short_name: str, aliases: tuple[str, ...],
              life_events: tuple[str, ...] = ()) -> Item:
    return Item(
        code=code, name=name, short_name=short_name, department="公安", kind="person",
        aliases=aliases, life_events=life_events, summary=name, conditions=("本人申请",),
        materials=({"name": "居民身份证", "type": "id_card", "form": "original"},),
        legal_days=5, promised_days=0, on_the_spot=True, fee="免费", free=True,
        halls=("district_center",), online_depth=2, max_visits=1, process=("提交申请",),
        stages=("申请受理", "办结"),
    )


def make_hall(code: str, name: str, short_name: str, aliases: tuple[str, ...] = ()) -> Hall:
    return Hall(
        code=code, name=name, short_name=short_name, address="佛山市禅城区", phone="12345",
        hours={"weekdays": (("09:00", "12:00"), ("13:30", "17:30"))}, windows=4, aliases=aliases,
    )


def small_catalog(*extra: Item) -> Catalog:
    items = [
        make_item("id_card_renewal", "居民身份证换领（有效期满）", "换身份证", ("身份证到期", "身份证过期")),
        make_item("id_card_replacement", "居民身份证挂失补领", "补身份证", ("身份证丢了", "补办身份证")),
        make_item("passport", "普通护照办理", "办护照", ("护照", "出国护照")),
        make_item("social_security_card", "社会保障卡申领", "办社保卡", ("社保卡", "补办社保卡")),
        make_item("hukou_transfer", "户口迁入（积分入户）", "迁户口", ("户口迁入", "积分入户")),
        *extra,
    ]
    halls = [
        make_hall("district_center", "禅城区行政服务中心（智慧新城大厅）", "区行政服务中心", ("智慧新城",)),
        make_hall("zumiao", "祖庙街道行政服务中心", "祖庙行政服务中心", ("祖庙",)),
    ]
    return Catalog({i.code: i for i in items}, {h.code: h for h in halls})
