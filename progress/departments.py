"""Departments' back-office systems (专线子系统): registered by staff, each with its own signing key.

    add_department(department_id, secret=…, now=…, rotate=False)  → the new key, to be shown once
    department_key(department_id, secret)                         → the key, or None
    event_signature(key, timestamp, body)                         → what X-Yimen-Signature must be

The key signs every event (HMAC-SHA256 of `timestamp + "\\n" + raw body`), so the server must hold
the key itself, not a hash of it: it is kept encrypted (Fernet, a key derived from
YIMEN_DEPT_KEY_SECRET) when that setting is set, and as-is otherwise (the embedded default; then
the database is as secret as the keys). It is never logged, never in a repr, never returned by an
endpoint; `python main.py dept add DEPT` prints it once, on the last line of its output.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

from core.sealed import Sealer

from .models import Department

DEPARTMENT_ID = re.compile(r"[a-z][a-z0-9_.-]{1,63}")


class DepartmentKeyError(Exception):
    """A stored key cannot be opened (sealed, and YIMEN_DEPT_KEY_SECRET is missing or another)."""


SEALER = Sealer("YIMEN_DEPT_KEY_SECRET", DepartmentKeyError, purpose=b"yimen-dept\n")
seal_key, open_key = SEALER.seal, SEALER.open


def event_signature(key: str, timestamp: str, body: bytes) -> str:
    """Lowercase hex HMAC-SHA256(key, timestamp + "\\n" + body)."""
    return hmac.new(key.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


async def add_department(department_id: str, *, secret: str, now: datetime, rotate: bool = False) -> str:
    """Register a department (or give it a new key with `rotate`); the key, to be shown once."""
    if not DEPARTMENT_ID.fullmatch(department_id):
        raise ValueError("department id: lower-case letters, digits, '_', '.', '-', 2 to 64, starting with a letter")
    existing = await Department.get_or_none(id=department_id)
    if existing is not None and not rotate:
        raise ValueError(f"department {department_id} exists; use --rotate to give it a new key")
    key = secrets.token_urlsafe(32)
    if existing is None:
        await Department.create(id=department_id, stored_key=seal_key(key, secret), created_at=now)
    else:
        await Department.filter(id=department_id).update(stored_key=seal_key(key, secret))
    return key


async def department_key(department_id: str, secret: str) -> str | None:
    department = await Department.get_or_none(id=department_id) if DEPARTMENT_ID.fullmatch(department_id) else None
    return None if department is None else open_key(department.stored_key, secret)


async def list_departments() -> list[Department]:
    return await Department.all().order_by("id")
