"""Catalog versions: a publish stores the whole catalog and writes the tables the bot reads; the first one
keeps the catalog before it as version 1; a rollback is a new version equal to an old one; an edit made on
a version no longer in force, or one that changes nothing, is refused and writes nothing."""

from __future__ import annotations

import pytest

from catalog import (
    ChangedMeanwhile,
    NothingChanged,
    VersionNotFound,
    changes_between,
    content_of,
    in_force_number,
    list_versions,
    load_catalog,
    publish,
    publish_item,
    read_loaded_catalog,
    roll_back,
    version_of,
    with_item,
)
from core.db import open_database
from handlers.parts import MODEL_MODULES
from tests.appointments.factories import at, catalog_file

NOW = at(2026, 11, 25, 10)


@pytest.fixture
async def database(tmp_path):
    async with open_database(f"sqlite://{tmp_path}/v.sqlite3", MODEL_MODULES):
        await load_catalog(catalog_file())
        yield


async def edited(fee: str = "工本费20元", free: bool = False):
    catalog = await read_loaded_catalog()
    item = catalog.item("id_card_renewal")
    assert item is not None
    return with_item(catalog, item.model_copy(update={"fee": fee, "free": free}))


async def test_the_first_publish_keeps_the_catalog_before_it_as_version_1(database):
    assert await in_force_number() == 0
    version = await publish(await edited(), staff="ada", note="收费标准调整", base=0, now=NOW)
    assert version.number == 2 and await in_force_number() == 2
    first = await version_of(1)
    assert first.staff == "system" and content_of(first).items[0].fee == "免费"
    assert (await read_loaded_catalog()).items["id_card_renewal"].fee == "工本费20元"  # the tables: in force
    assert version.changes == {"items": {"id_card_renewal": ["fee", "free"]}, "halls": {}}
    assert [(v.number, v.staff, v.note) for v in await list_versions()] == [(2, "ada", "收费标准调整"),
                                                                            (1, "system", "")]


async def test_an_edit_of_a_version_no_longer_in_force_is_refused_and_writes_nothing(database):
    await publish(await edited(), staff="ada", note="", base=0, now=NOW)
    with pytest.raises(ChangedMeanwhile) as refused:
        await publish(await edited("工本费40元"), staff="sup", note="", base=0, now=NOW)
    assert refused.value.in_force == 2
    assert await in_force_number() == 2
    assert (await read_loaded_catalog()).items["id_card_renewal"].fee == "工本费20元"


async def test_nothing_changed_is_no_version(database):
    with pytest.raises(NothingChanged):
        await publish((await read_loaded_catalog()).as_file(), staff="ada", note="", base=0, now=NOW)
    assert await in_force_number() == 0 and await list_versions() == []


async def test_a_rollback_is_a_new_version_equal_to_the_old_one(database):
    await publish(await edited(), staff="ada", note="", base=0, now=NOW)
    await publish(await edited("工本费40元"), staff="ada", note="", base=2, now=NOW)
    back = await roll_back(1, staff="sup", note="改错了", base=3, now=NOW)
    assert (back.number, back.rollback_of, back.staff) == (4, 1, "sup")
    assert content_of(back) == content_of(await version_of(1))
    assert (await read_loaded_catalog()).items["id_card_renewal"].fee == "免费"
    assert back.changes == {"items": {"id_card_renewal": ["fee", "free"]}, "halls": {}}
    with pytest.raises(VersionNotFound):
        await roll_back(9, staff="sup", note="", base=4, now=NOW)
    with pytest.raises(NothingChanged):  # version 4 is version 1's content: going back to 1 changes nothing
        await roll_back(1, staff="sup", note="", base=4, now=NOW)


def test_changes_name_each_changed_field_and_new_items():
    old = catalog_file()
    item = old.items[0].model_copy(update={"aliases": ("换证",), "conditions": ("新条件",)})
    new = type(old)(version=1, halls=old.halls, items=(item, old.items[1],
                                                       old.items[1].model_copy(update={"code": "brand_new"})))
    assert changes_between(old, new) == {"items": {"id_card_renewal": ["aliases", "conditions"],
                                                   "brand_new": ["added"]}, "halls": {}}


async def test_an_item_is_published_into_the_catalog_the_database_holds_not_a_stale_copy(database):
    stale = await read_loaded_catalog()  # a process a second behind another's publish
    await publish(await edited(), staff="ada", note="", base=0, now=NOW)
    licence = stale.item("business_licence")
    assert licence is not None
    await publish_item(licence.model_copy(update={"summary": "新的简介。"}), staff="sup", note="", base=2, now=NOW)
    now_in_force = await read_loaded_catalog()
    assert now_in_force.items["business_licence"].summary == "新的简介。"
    assert now_in_force.items["id_card_renewal"].fee == "工本费20元"  # the other publish is kept
