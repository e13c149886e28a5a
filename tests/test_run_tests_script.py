"""scripts/run-tests.sh (`make test`'s pytest): the embedded pass, then the scaled pass when PostgreSQL and
Redis are there, saying so when they are not; a failure in either pass fails the run. Here a stand-in
services.sh says which servers started and a stand-in Python records each pass."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOTH = ("export YIMEN_TEST_REDIS_URL=redis://127.0.0.1:1/0\n"
        "export YIMEN_TEST_POSTGRES_URL=postgres://yimen:yimen@127.0.0.1:2/yimen\n")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run-tests.sh", tmp_path / "scripts" / "run-tests.sh")
    # the stand-in Python: one line a pass, its backend and arguments; fails the pass named in FAIL_PASS
    (tmp_path / "python").write_text('#!/bin/sh\necho "$YIMEN_TEST_BACKEND $*" >> "$(dirname "$0")/passes"\n'
                                     '[ "$YIMEN_TEST_BACKEND" != "${FAIL_PASS:-}" ]\n')
    (tmp_path / "python").chmod(0o755)
    return tmp_path


def outside() -> dict[str, str]:
    """This process's environment without what a `make test` around it set for the script."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("YIMEN_TEST_", "PYTEST_ARGS"))}


def run(checkout: Path, started: str, **env: str) -> tuple[int, str, list[str]]:
    (checkout / "scripts" / "services.sh").write_text(
        f'#!/bin/sh\n[ "$1" = start ] && printf %s "{started}"\necho "$1" >> "$(dirname "$0")/../services"\n')
    result = subprocess.run(["sh", str(checkout / "scripts" / "run-tests.sh")], capture_output=True, text=True,
                            timeout=60, env={**outside(), "PY": str(checkout / "python"), **env})
    passes = (checkout / "passes").read_text().splitlines() if (checkout / "passes").exists() else []
    assert (checkout / "services").read_text().split() == ["start", "stop-started"]
    return result.returncode, result.stdout, passes


def test_both_passes_run_when_postgres_and_redis_are_there(checkout):
    status, _, passes = run(checkout, BOTH, PYTEST_ARGS="tests/core -q")
    assert status == 0 and passes == ["embedded -m pytest tests/core -q", "scaled -m pytest tests/core -q"]


def test_without_the_servers_the_embedded_pass_runs_and_the_skip_is_said(checkout):
    status, out, passes = run(checkout, "export YIMEN_TEST_REDIS_URL=redis://127.0.0.1:1/0\n")
    assert status == 0 and passes == ["embedded -m pytest"]
    assert "scaled pass is SKIPPED" in out


@pytest.mark.parametrize("failing", ["embedded", "scaled"])
def test_a_failing_pass_fails_the_run_and_the_other_still_runs(checkout, failing):
    status, _, passes = run(checkout, BOTH, FAIL_PASS=failing)
    assert status == 1 and [p.split()[0] for p in passes] == ["embedded", "scaled"]


def test_one_pass_can_be_chosen(checkout):
    status, _, passes = run(checkout, BOTH, YIMEN_TEST_PASSES="scaled")
    assert status == 0 and passes == ["scaled -m pytest"]
