"""Staff accounts: a name, a role, an optional hall, an argon2 password hash, an optional API token.

    add_staff(name, role, password, hall=None, now=…)   → Staff (a new account, or a new password/role)
    check_password(name, password)                      → Staff or None (same work for an unknown name)
    issue_api_token(name)                               → the token, to be shown once
    staff_of_api_token(token)                           → Staff or None

Roles: admin (everything, every hall), supervisor (the hall's figures and every action in it),
clerk (the window: queue, appointments, handoffs, applications short of rejecting), reviewer
(applications). An account with a hall sees only that hall. There is no default account and no
default password: the first admin is made by `python main.py staff add NAME --role admin`.
The database keeps only the argon2 hash of a password and the SHA-256 of an API token.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise import fields
from tortoise.models import Model

Role = Literal["admin", "supervisor", "clerk", "reviewer"]
ROLES: tuple[Role, ...] = ("admin", "supervisor", "clerk", "reviewer")
ROLE_NAMES = {"admin": "管理员", "supervisor": "值班主任", "clerk": "综合窗口", "reviewer": "审核人员"}
STAFF_NAME = re.compile(r"[a-z][a-z0-9_.-]{1,31}")
MIN_PASSWORD, MAX_PASSWORD = 10, 128
HASHER = PasswordHasher()  # argon2id, the library's defaults (RFC 9106 low-memory profile)
# checked against when the name is unknown, so a wrong name costs what a wrong password costs
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))


class StaffError(ValueError):
    """A staff account cannot be made as asked (the message says why, for the command line)."""


class StaffAccount(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=32, unique=True)
    role = fields.CharField(max_length=16)  # one of ROLES
    hall = fields.CharField(max_length=64, null=True)  # None: every hall
    password_hash = fields.CharField(max_length=200)
    api_token_hash = fields.CharField(max_length=64, null=True, unique=True)  # SHA-256 hex of the API token
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "staff_accounts"

    def __str__(self) -> str:
        return f"StaffAccount({self.name}, role={self.role}, hall={self.hall})"

    __repr__ = __str__  # never the hashes


@dataclass(frozen=True, slots=True)
class Staff:
    name: str
    role: Role
    hall: str | None  # None: every hall

    @classmethod
    def of(cls, row: StaffAccount) -> Staff:
        role: Role = "reviewer"  # an unknown stored role gets the least
        for known in ROLES:
            if known == row.role:
                role = known
        return cls(row.name, role, row.hall)


def check_new_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise StaffError(f"password: {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    if password.strip() != password or len(set(password)) < 4:
        raise StaffError("password: no leading or trailing spaces, and at least 4 different characters")


async def add_staff(name: str, role: str, password: str, *, hall: str | None, now: datetime) -> Staff:
    """Make an account, or give an existing one a new role, hall and password."""
    if not STAFF_NAME.fullmatch(name):
        raise StaffError("name: 2-32 of a-z, 0-9, '_', '.', '-', starting with a letter")
    if role not in ROLES:
        raise StaffError(f"role: one of {', '.join(ROLES)}")
    check_new_password(password)
    hashed = await asyncio.to_thread(HASHER.hash, password)
    row = await StaffAccount.get_or_none(name=name)
    if row is None:
        row = await StaffAccount.create(name=name, role=role, hall=hall, password_hash=hashed, created_at=now)
    else:
        row.role, row.hall, row.password_hash, row.active = role, hall, hashed, True
        await row.save()
    return Staff.of(row)


def _verify(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


async def check_password(name: str, password: str) -> Staff | None:
    """The staff member when the password is theirs; None for a wrong password or an unknown name."""
    row = await StaffAccount.get_or_none(name=name, active=True) if STAFF_NAME.fullmatch(name) else None
    if len(password) > MAX_PASSWORD:
        return None
    ok = await asyncio.to_thread(_verify, row.password_hash if row else _DUMMY_HASH, password)
    if row is None or not ok:
        return None
    if HASHER.check_needs_rehash(row.password_hash):  # the library's parameters grew: store the stronger hash
        row.password_hash = await asyncio.to_thread(HASHER.hash, password)
        await row.save(update_fields=["password_hash"])
    return Staff.of(row)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_api_token(name: str) -> str:
    """A new API token for the account (the old one stops working); shown once, kept as its hash."""
    token = "ym_" + secrets.token_urlsafe(32)
    if not await StaffAccount.filter(name=name, active=True).update(api_token_hash=token_hash(token)):
        raise StaffError(f"no active staff account {name!r}")
    return token


async def staff_of_api_token(token: str) -> Staff | None:
    row = await StaffAccount.get_or_none(api_token_hash=token_hash(token), active=True)
    return Staff.of(row) if row else None


async def list_staff() -> list[Staff]:
    return [Staff.of(r) for r in await StaffAccount.filter(active=True).order_by("name")]
