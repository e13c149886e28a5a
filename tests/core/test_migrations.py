"""`python main.py migrate` (aerich): a populated database of the previous release (0.1, step 0 only) is
upgraded and its rows read back through this release's models; on SQLite, and on PostgreSQL when
YIMEN_TEST_POSTGRES_URL is set (a fresh database per test)."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext

from bot.models import Handoff, HandoffReply
from core.db import open_database
from core.migrations import MIGRATIONS, dialect, migrate, tortoise_config
from handlers.parts import MODEL_MODULES
from identity.citizens import Citizen
from identity.staff_actions import StaffAction
from prechecks.models import VaultUse
from tests.appointments.test_race import drop_postgres, fresh_postgres, postgres_url, with_database

AT = "2026-11-20 10:00:00+08:00"
# rows as 0.1 wrote them, with its columns (notify_staff_actions was its staff audit table)
ROWS_0_1 = [
    'INSERT INTO "citizens" ("id", "unionid", "oa_openid", "mini_openid", "created_at") '
    f"VALUES ('c0123456789abcdef', NULL, 'oYmnT0penidCitizen000001', NULL, '{AT}')",
    'INSERT INTO "handoffs" ("channel", "user", "reason", "item", "last_text", "status", "created_at") '
    f"VALUES ('wechat', 'c0123456789abcdef', 'human', NULL, '转人工', 'open', '{AT}')",
    'INSERT INTO "notify_staff_actions" ("at", "staff", "action", "outbox", "campaign", "note") '
    f"VALUES ('{AT}', 'zhang.wei', 'campaign_created', NULL, 7, 'passport / renewal')",
    'INSERT INTO "notify_staff_actions" ("at", "staff", "action", "outbox", "campaign", "note") '
    f"VALUES ('{AT}', 'li.na', 'dropped', 42, NULL, '')",
    'INSERT INTO "precheck_vault_uses" ("citizen", "record", "item", "used_at") '
    f"VALUES ('c0123456789abcdef', 7, 'passport', '{AT}')",
]


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request, tmp_path) -> AsyncIterator[str]:
    EXECUTOR_CACHE.clear()  # Tortoise's statement cache is per connection name, not per backend
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path}/old.sqlite3"
        return
    url = postgres_url()
    name = await fresh_postgres(url)
    try:
        yield with_database(url, name)
    finally:
        await drop_postgres(url, name)


def previous_release(tmp_path: Path, url: str) -> Path:
    """A migrations folder holding only the steps 0.1 had (step 0)."""
    kind = dialect(url)
    old = tmp_path / "migrations-0.1"
    (old / kind / "models").mkdir(parents=True)
    for step in (MIGRATIONS / kind / "models").glob("0_*.py"):
        shutil.copy(step, old / kind / "models" / step.name)
    return old


async def insert_rows_of_0_1(url: str) -> None:
    with TortoiseContext():
        await Tortoise.init(config=tortoise_config(url, MODEL_MODULES))
        try:
            connection = Tortoise.get_connection("default")
            for statement in ROWS_0_1:
                await connection.execute_script(statement)
        finally:
            await Tortoise.close_connections()


async def test_a_populated_database_of_the_previous_release_is_upgraded(tmp_path, database_url):
    assert [Path(s).name for s in await migrate(database_url, MODEL_MODULES, location=previous_release(
        tmp_path, database_url))] == ["0_20261203180000_release_0_1.py"]
    await insert_rows_of_0_1(database_url)

    assert await migrate(database_url, MODEL_MODULES) == ["1_20261203183000_staff_console.py",
                       "2_20261203185424_life_events.py", "3_20261203190002_console_pages.py",
                       "4_20261207230152_catalog_versions.py", "5_20261207235353_vault_doors.py"]
    assert await migrate(database_url, MODEL_MODULES) == []  # already current: nothing runs twice

    async with open_database(database_url, MODEL_MODULES):
        citizen = await Citizen.get(id="c0123456789abcdef")
        assert citizen.oa_openid == "oYmnT0penidCitizen000001"
        actions = await StaffAction.all().order_by("id")
        assert [(a.staff, a.role, a.action, a.target) for a in actions] == [
            ("zhang.wei", "staff", "campaign_created", "campaign:7"), ("li.na", "staff", "dropped", "outbox:42")]
        assert actions[0].details == {"campaign": 7, "outbox": None, "note": "passport / renewal"}
        handoff = await Handoff.get(user="c0123456789abcdef")  # a new table, tied to an old row
        await HandoffReply.create(handoff=handoff, staff="li.na", text="您好，已为您登记。",
                                  created_at=handoff.created_at)
        assert await HandoffReply.filter(handoff_id=handoff.id).count() == 1
        assert [(u.record, u.door) for u in await VaultUse.all()] == [(7, "")]  # a use logged before doors were
        connection = Tortoise.get_connection("default")
        sqlite = dialect(database_url) == "sqlite"
        tables = ("SELECT name FROM sqlite_master WHERE name = 'notify_staff_actions'" if sqlite
                  else "SELECT tablename FROM pg_tables WHERE tablename = 'notify_staff_actions'")
        _, rows = await connection.execute_query(tables)
        assert rows == []  # its rows moved to staff_actions


async def test_a_database_made_by_this_release_start_is_migrated_without_change(tmp_path, database_url):
    async with open_database(database_url, MODEL_MODULES):  # what `serve` does on a new database
        await StaffAction.create(staff="wang.fang", role="clerk", action="login", at=AT)
    applied = await migrate(database_url, MODEL_MODULES)
    assert applied == ["0_20261203180000_release_0_1.py", "1_20261203183000_staff_console.py",
                       "2_20261203185424_life_events.py", "3_20261203190002_console_pages.py",
                       "4_20261207230152_catalog_versions.py", "5_20261207235353_vault_doors.py"]
    async with open_database(database_url, MODEL_MODULES):
        assert [a.staff for a in await StaffAction.all()] == ["wang.fang"]


def steps(kind: str) -> list[str]:
    return sorted(p.name for p in (MIGRATIONS / kind / "models").glob("[0-9]*_*.py"))


async def test_both_histories_have_the_same_steps_and_end_at_these_models(tmp_path):
    from aerich.utils import decompress_dict, get_models_describe, import_py_file

    assert steps("sqlite") == steps("postgres")
    for kind in ("sqlite", "postgres"):
        head = import_py_file(MIGRATIONS / kind / "models" / steps(kind)[-1])
        with TortoiseContext():
            await Tortoise.init(config=tortoise_config(f"sqlite://{tmp_path}/describe.sqlite3", MODEL_MODULES),
                                init_connections=False)
            current = json.loads(json.dumps(get_models_describe("models")))  # tuples as the file keeps them
        # a model changed without its migration fails here: `aerich migrate` (README, "Deployment")
        assert decompress_dict(head.MODELS_STATE) == current, kind
