"""Registering departments: `python main.py dept add DEPT` prints the key once, alone on the last
line, and stores it sealed; the key opens only with the same secret."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from progress import DepartmentKeyError
from progress.departments import open_key, seal_key

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a department secret of sixteen+"


def run_main(*args: str, database: Path, secret: str = SECRET) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}", "YIMEN_DEPT_KEY_SECRET": secret}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_command_prints_the_key_alone_on_the_last_line_and_stores_it_sealed(tmp_path: Path) -> None:
    database = tmp_path / "cli.sqlite3"
    added = run_main("dept", "add", "shebao", database=database)
    assert added.returncode == 0, added.stderr
    lines = added.stdout.splitlines()
    key = lines[-1]
    assert len(key) >= 40 and " " not in key and key not in "\n".join(lines[:-1])
    assert key not in added.stderr
    listed = run_main("dept", "list", database=database)
    assert listed.stdout.startswith("shebao\t") and key not in listed.stdout
    again = run_main("dept", "add", "shebao", database=database)
    assert again.returncode == 1 and "--rotate" in again.stdout
    assert run_main("dept", "add", "Not A Valid Id", database=database).returncode == 1
    stored = sqlite3.connect(database).execute("select stored_key from departments").fetchall()
    assert len(stored) == 1 and stored[0][0].startswith("fernet:") and key not in stored[0][0]
    rotated = run_main("dept", "add", "shebao", "--rotate", database=database)
    assert rotated.returncode == 0 and rotated.stdout.splitlines()[-1] != key


def test_a_sealed_key_opens_only_with_its_secret() -> None:
    sealed = seal_key("k" * 43, SECRET)
    assert open_key(sealed, SECRET) == "k" * 43
    with pytest.raises(DepartmentKeyError):
        open_key(sealed, "another secret, sixteen+")
    with pytest.raises(DepartmentKeyError):
        open_key(sealed, "")
    assert open_key(seal_key("plain-key", ""), "") == "plain-key"
