"""`python main.py robot add|list|remove`: staff register the halls' voice robots.

    python main.py robot add DEVICE_ID --hall CODE [--rotate]   prints the key once
    python main.py robot list
    python main.py robot remove DEVICE_ID
"""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

from catalog import ensure_catalog

from .robot_devices import add_device, list_devices, remove_device


async def run_robot_command(action: str, device_id: str | None, hall: str | None, rotate: bool,
                            settings_secret: str, out: TextIO, now: datetime) -> int:
    """`python main.py robot ...`, inside an open database; the exit status."""
    if action == "list":
        for device in await list_devices():
            out.write(f"{device.id}\t{device.hall}\t{device.created_at:%Y-%m-%d %H:%M}\n")
        return 0
    if not device_id:
        out.write("robot: a DEVICE_ID is needed\n")
        return 2
    if action == "remove":
        removed = await remove_device(device_id)
        out.write(f"removed {device_id}\n" if removed else f"robot: no device {device_id}\n")
        return 0 if removed else 1
    catalog = await ensure_catalog()
    if not hall or catalog.hall(hall) is None:
        out.write(f"robot: --hall must be one of {', '.join(sorted(catalog.halls))}\n")
        return 2
    try:
        key = await add_device(device_id, hall, secret=settings_secret, now=now, rotate=rotate)
    except ValueError as exc:
        out.write(f"robot: {exc}\n")
        return 1
    out.write(f"device {device_id} at {hall}\nkey (shown once, keep it in the device's configuration):\n{key}\n")
    return 0
