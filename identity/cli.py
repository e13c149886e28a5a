"""`python main.py robot add|list|remove`: staff register the halls' voice robots.
`python main.py staff add|token|list`: staff accounts of the console and their API tokens.

    python main.py robot add DEVICE_ID --hall CODE [--rotate]   prints the key once
    python main.py robot list
    python main.py robot remove DEVICE_ID
"""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

from catalog import ensure_catalog

from .robot_devices import add_device, list_devices, remove_device
from .staff import StaffError, add_staff, issue_api_token, list_staff


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


async def run_staff_command(action: str, name: str | None, role: str | None, hall: str | None, password: str | None,
                            out: TextIO, now: datetime) -> int:
    """`python main.py staff add|token|list`, inside an open database; the exit status.

    The password is handed in by main.py (read from a prompt, or one line of stdin); never a default."""
    if action == "list":
        for staff in await list_staff():
            out.write(f"{staff.name}\t{staff.role}\t{staff.hall or '*'}\n")
        return 0
    if not name:
        out.write("staff: a NAME is needed\n")
        return 2
    if action == "token":
        try:
            token = await issue_api_token(name)
        except StaffError as exc:
            out.write(f"staff: {exc}\n")
            return 1
        out.write(f"API token of {name} for /api/staff/v1 (shown once; the previous one stops working):\n{token}\n")
        return 0
    if hall is not None and (await ensure_catalog()).hall(hall) is None:
        out.write(f"staff: --hall must be one of {', '.join(sorted((await ensure_catalog()).halls))}\n")
        return 2
    if not password:
        out.write("staff: a password is needed (typed at the prompt, or one line on stdin)\n")
        return 2
    try:
        staff = await add_staff(name, role or "", password, hall=hall, now=now)
    except StaffError as exc:
        out.write(f"staff: {exc}\n")
        return 1
    out.write(f"staff {staff.name}: {staff.role}, {('hall ' + staff.hall) if staff.hall else 'every hall'}\n")
    return 0
