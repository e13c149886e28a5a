"""`python main.py dept add|list`: staff register the departments' back-office systems.

    python main.py dept add DEPT [--rotate]   the key is printed once, alone on the last line
    python main.py dept list
"""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

from .departments import add_department, list_departments


async def run_dept_command(action: str, department_id: str | None, rotate: bool, secret: str, out: TextIO,
                           now: datetime) -> int:
    """`python main.py dept ...`, inside an open database; the exit status."""
    if action == "list":
        for department in await list_departments():
            out.write(f"{department.id}\t{department.created_at:%Y-%m-%d %H:%M}\n")
        return 0
    if not department_id:
        out.write("dept: a DEPT id is needed\n")
        return 2
    try:
        key = await add_department(department_id, secret=secret, now=now, rotate=rotate)
    except ValueError as exc:
        out.write(f"dept: {exc}\n")
        return 1
    out.write(f"department {department_id} registered\n"
              "key (shown once; sign each event with it, see README \"Progress\"):\n"
              f"{key}\n")
    return 0
