"""One citizen across channels: the official account, the mini-program and (later) the robot.

WeChat gives each app its own openid for the same person; the UnionID, present when both
apps are bound to one Open Platform account, is the same everywhere. A Citizen row joins
them, so a booking made in the official account's chat shows up in the mini-program.

    citizen_for_mini_login(openid, unionid)  → the citizen behind a mini-program login
    citizen_for_oa(openid, unionid=None)     → the citizen behind an official-account message

Lookup order: the UnionID first (the same person on any app), then the channel's openid; a
missing link is filled in on the way. When the UnionID and the openid point at two different
rows (the openid was seen before the platform sent a UnionID), the openid moves to the
UnionID's row; records made under the older id stay with it (no merge of records here).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any, Literal

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

OpenidField = Literal["oa_openid", "mini_openid"]


class Citizen(Model):
    id = fields.CharField(max_length=32, primary_key=True)  # "c" + 16 hex digits, opaque
    unionid = fields.CharField(max_length=64, null=True, unique=True)
    oa_openid = fields.CharField(max_length=64, null=True, unique=True)
    mini_openid = fields.CharField(max_length=64, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "citizens"

    def __str__(self) -> str:  # never the openids: they identify a person
        return f"Citizen({self.id})"


def new_citizen_id() -> str:
    return "c" + secrets.token_hex(8)


async def _resolve(channel: OpenidField, openid: str, unionid: str | None) -> Citizen:
    if not openid:
        raise ValueError(f"{channel}: empty openid")
    unionid = unionid or None
    async with in_transaction():
        by_union = await Citizen.get_or_none(unionid=unionid) if unionid else None
        by_channel: dict[str, Any] = {channel: openid}
        by_openid = await Citizen.get_or_none(**by_channel)
        if by_union is not None:
            if by_openid is not None and by_openid.id != by_union.id:
                await Citizen.filter(id=by_openid.id).update(**{channel: None})
            if getattr(by_union, channel) != openid:
                setattr(by_union, channel, openid)
                await by_union.save(update_fields=[channel])
            return by_union
        if by_openid is not None:
            if unionid and by_openid.unionid is None:
                by_openid.unionid = unionid
                await by_openid.save(update_fields=["unionid"])
            return by_openid
        return await Citizen.create(id=new_citizen_id(), unionid=unionid, **by_channel)


async def resolve_citizen(channel: OpenidField, openid: str, unionid: str | None) -> Citizen:
    """The citizen for this openid (and UnionID), created on first sight; safe under a race."""
    try:
        return await _resolve(channel, openid, unionid)
    except IntegrityError:  # another request created the same person a moment ago
        return await _resolve(channel, openid, unionid)


async def citizen_for_mini_login(openid: str, unionid: str | None) -> Citizen:
    return await resolve_citizen("mini_openid", openid, unionid)


async def citizen_for_oa(openid: str, unionid: str | None = None) -> Citizen:
    return await resolve_citizen("oa_openid", openid, unionid)


async def citizen_by_oa_openid(openid: str) -> Citizen | None:
    """`Citizen.get_or_none(oa_openid=openid)` as one prepared statement: a follower's first message
    (or the first after the follower left the process' memory) builds no query."""
    db = Citizen._meta.db
    sqlite = db.capabilities.dialect == "sqlite"
    sql = _BY_OA_OPENID[sqlite]
    if sql is None:
        meta = Citizen._meta
        columns = ", ".join(f'"{meta.fields_db_projection[f]}"' for f in meta.db_fields)
        sql = f'SELECT {columns} FROM "{meta.db_table}" WHERE "oa_openid" = {"?" if sqlite else "$1"} LIMIT 2'
        _BY_OA_OPENID[sqlite] = sql
    rows = await db.execute_query_dict(sql, [openid])
    return Citizen._init_from_db(**rows[0]) if rows else None


_BY_OA_OPENID: dict[bool, str | None] = {True: None, False: None}  # by "is SQLite": the statement, made once


async def new_follower_citizen(openid: str) -> Citizen:
    """A citizen for an official-account openid that no row has (`citizen_by_oa_openid` said so a
    moment ago): one INSERT; should another request have created it meanwhile, `citizen_for_oa`."""
    if not openid:
        raise ValueError("oa_openid: empty openid")
    try:
        return await Citizen.create(id=new_citizen_id(), oa_openid=openid)
    except IntegrityError:  # created a moment ago by another request (or process)
        return await citizen_for_oa(openid)


@dataclass(frozen=True)
class PushAddresses:
    """Where a push can reach a citizen: the official account's openid, the mini-program's (either may be None)."""

    oa_openid: str | None = field(default=None, repr=False)
    mini_openid: str | None = field(default=None, repr=False)


async def push_addresses_of(citizen: str) -> PushAddresses:
    """The citizen's openids for pushes; both None for a visitor (a kiosk conversation) or an unknown id."""
    row = await Citizen.get_or_none(id=citizen)
    return PushAddresses(row.oa_openid, row.mini_openid) if row is not None else PushAddresses()


async def oa_openid_of(citizen: str) -> str | None:
    """The citizen's official-account openid, for pushes; None for a visitor or an app-only citizen."""
    row = await Citizen.get_or_none(id=citizen)
    return row.oa_openid if row is not None else None
