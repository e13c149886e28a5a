"""Registering kiosks: `python main.py robot add DEVICE_ID --hall CODE` prints the key once."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from handlers.keys import clock_key
from identity import RobotDevice, device_key
from identity.cli import run_robot_command

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str, database: Path, secret: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}", "YIMEN_ROBOT_KEY_SECRET": secret}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_command_prints_the_key_once_and_stores_it_sealed(tmp_path: Path) -> None:
    database = tmp_path / "cli.sqlite3"
    secret = "a secret of sixteen or more"
    added = run_main("robot", "add", "kiosk-1", "--hall", "zumiao", database=database, secret=secret)
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip().splitlines()[-1]
    assert len(key) >= 40
    listed = run_main("robot", "list", database=database, secret=secret)
    assert "kiosk-1\tzumiao" in listed.stdout and key not in listed.stdout
    again = run_main("robot", "add", "kiosk-1", "--hall", "zumiao", database=database, secret=secret)
    assert again.returncode == 1 and "--rotate" in again.stdout
    unknown_hall = run_main("robot", "add", "kiosk-2", "--hall", "atlantis", database=database, secret=secret)
    assert unknown_hall.returncode == 2
    stored = sqlite3.connect(database).execute("select stored_key from robot_devices").fetchall()
    assert len(stored) == 1 and stored[0][0].startswith("fernet:") and key not in stored[0][0]


async def test_rotate_replaces_the_key_and_remove_forgets_the_device(client) -> None:
    out = io.StringIO()
    now = client.app[clock_key].now()
    assert await run_robot_command("add", "kiosk-9", "shiwan", False, "", out, now) == 0
    first = out.getvalue().strip().splitlines()[-1]
    assert await run_robot_command("add", "kiosk-9", "shiwan", True, "", out, now) == 0
    second = out.getvalue().strip().splitlines()[-1]
    assert first != second
    found = await device_key("kiosk-9", "")
    assert found is not None and found[1] == second
    assert (await RobotDevice.get(id="kiosk-9")).stored_key == "plain:" + second  # no secret set: as-is
    assert await run_robot_command("remove", "kiosk-9", None, False, "", out, now) == 0
    assert await device_key("kiosk-9", "") is None
    assert await run_robot_command("add", "bad id!", "shiwan", False, "", out, now) == 1
