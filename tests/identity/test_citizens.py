"""One citizen across the official account and the mini-program, joined by the UnionID."""

from __future__ import annotations

import asyncio

from identity import Citizen, citizen_for_mini_login, citizen_for_oa


async def test_each_openid_is_one_citizen_created_on_first_sight(client):
    first = await citizen_for_oa("oa-1")
    assert (await citizen_for_oa("oa-1")).id == first.id
    assert (await citizen_for_mini_login("mini-1", None)).id != first.id
    assert await Citizen.all().count() == 2


async def test_the_unionid_finds_the_same_citizen_from_either_side(client):
    mini = await citizen_for_mini_login("mini-1", "union-1")
    oa = await citizen_for_oa("oa-1", "union-1")
    assert oa.id == mini.id
    row = await Citizen.get(id=mini.id)
    assert (row.unionid, row.oa_openid, row.mini_openid) == ("union-1", "oa-1", "mini-1")


async def test_a_unionid_learnt_later_is_filled_in(client):
    oa = await citizen_for_oa("oa-1")  # the official account's message carried no UnionID
    assert (await citizen_for_oa("oa-1", "union-1")).id == oa.id
    assert (await citizen_for_mini_login("mini-1", "union-1")).id == oa.id


async def test_an_openid_seen_alone_moves_to_its_unionid_citizen(client):
    early = await citizen_for_mini_login("mini-1", None)
    joined = await citizen_for_oa("oa-1", "union-1")
    assert (await citizen_for_mini_login("mini-1", "union-1")).id == joined.id
    assert (await Citizen.get(id=early.id)).mini_openid is None


async def test_simultaneous_first_logins_make_one_citizen(client):
    citizens = await asyncio.gather(*(citizen_for_mini_login("mini-race", "union-race") for _ in range(5)))
    assert len({c.id for c in citizens}) == 1
    assert await Citizen.filter(unionid="union-race").count() == 1


async def test_a_citizen_never_shows_openids_in_its_repr(client):
    citizen = await citizen_for_oa("oa-secret-openid", "union-secret")
    assert "secret" not in str(citizen) and "secret" not in repr(citizen)


async def test_a_followers_citizen_is_read_and_made_as_the_orm_would(client):
    from identity import citizen_of_follower
    from identity.citizens import citizen_by_oa_openid

    assert await citizen_by_oa_openid("oa-new") is None
    made = await citizen_of_follower("oa-new")
    read = await citizen_by_oa_openid("oa-new")
    orm = await Citizen.get(oa_openid="oa-new")
    assert read is not None and (read.id, read.oa_openid, read.unionid, read.created_at) == (
        orm.id, orm.oa_openid, orm.unionid, orm.created_at) and made.id == orm.id
    joined = await citizen_for_oa("oa-new", "union-9")  # a row read so is an ORM row like any other
    assert joined.id == made.id and (await citizen_of_follower("oa-new")).unionid == "union-9"


async def test_simultaneous_first_messages_of_a_follower_make_one_citizen(client):
    from identity import citizen_of_follower

    citizens = await asyncio.gather(*(citizen_of_follower("oa-race") for _ in range(5)))
    assert len({c.id for c in citizens}) == 1 and await Citizen.filter(oa_openid="oa-race").count() == 1
