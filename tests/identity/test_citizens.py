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
