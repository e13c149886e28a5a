"""Robot devices: the halls' voice kiosks, registered by staff, each with its own signing key.

    add_device(device_id, hall, secret=…, now=…, rotate=False)  → the new key, to be shown once
    device_key(device_id, secret)                               → (device, key) or None
    list_devices()                                              → every device, by id
    remove_device(device_id)                                    → whether it was there

Staff run them through `python main.py robot add|list|remove` (identity/cli.py).

The key signs every request (HMAC-SHA256, handlers/robot.py), so the server must hold the key
itself, not a hash of it. It is kept encrypted (Fernet, a key derived from
YIMEN_ROBOT_KEY_SECRET) when that setting is set, and as-is otherwise (the embedded default;
then the database is as secret as the keys). Either way it is never logged, never in a repr,
never returned by an endpoint; the command prints it once, to the terminal of the staff who
ran it. A lost key is replaced with `add --rotate`.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from tortoise import fields
from tortoise.models import Model

from core.sealed import Sealer

DEVICE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class DeviceKeyError(Exception):
    """A stored key cannot be opened (sealed, and YIMEN_ROBOT_KEY_SECRET is missing or another)."""


class RobotDevice(Model):
    id = fields.CharField(max_length=64, primary_key=True)
    hall = fields.CharField(max_length=64)
    stored_key = fields.TextField()  # "fernet:<token>" or "plain:<key>"; see the module docstring
    created_at = fields.DatetimeField()

    class Meta:
        table = "robot_devices"

    def __str__(self) -> str:
        return f"RobotDevice({self.id}, hall={self.hall})"

    __repr__ = __str__  # never the key


SEALER = Sealer("YIMEN_ROBOT_KEY_SECRET", DeviceKeyError)
seal_key, open_key = SEALER.seal, SEALER.open


async def add_device(device_id: str, hall: str, *, secret: str, now: datetime, rotate: bool = False) -> str:
    """Register a device (or give it a new key with `rotate`); the key, to be shown once."""
    if not DEVICE_ID.fullmatch(device_id):
        raise ValueError("device id: letters, digits, '_', '.', '-', up to 64, starting with a letter or digit")
    existing = await RobotDevice.get_or_none(id=device_id)
    if existing is not None and not rotate:
        raise ValueError(f"device {device_id} exists; use --rotate to give it a new key")
    key = secrets.token_urlsafe(32)
    if existing is None:
        await RobotDevice.create(id=device_id, hall=hall, stored_key=seal_key(key, secret), created_at=now)
    else:
        await RobotDevice.filter(id=device_id).update(hall=hall, stored_key=seal_key(key, secret))
    return key


async def device_key(device_id: str, secret: str) -> tuple[RobotDevice, str] | None:
    """The device and its key, or None when no such device is registered."""
    device = await RobotDevice.get_or_none(id=device_id) if DEVICE_ID.fullmatch(device_id) else None
    if device is None:
        return None
    return device, open_key(device.stored_key, secret)


async def list_devices() -> list[RobotDevice]:
    return await RobotDevice.all().order_by("id")


async def remove_device(device_id: str) -> bool:
    """Forget the device; False when there was none."""
    return bool(await RobotDevice.filter(id=device_id).delete())
