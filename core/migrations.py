"""Schema migrations with aerich: `python main.py migrate` brings a populated database to this release.

aerich writes each migration as SQL of one dialect, so there are two histories side by side,
migrations/sqlite/ and migrations/postgres/, kept in step (the same numbered steps). Step 0 is the
schema of the release before migrations existed (0.1, before the staff console), written with
IF NOT EXISTS: on a database made by that release's `serve` it only adds aerich's own table, and
the later steps run; a brand-new database is migrated from step 0. `serve` still creates missing
tables at start (core/db.py), so run `migrate` before starting a new release on an existing database.
Every step is written to be harmless on a database that already has its tables (IF NOT EXISTS).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aerich import Command
from tortoise.context import TortoiseContext

from .db import tortoise_url

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def dialect(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite://") else "postgres"


def tortoise_config(database_url: str, models: Sequence[str]) -> dict[str, Any]:
    return {"connections": {"default": tortoise_url(database_url)},
            "apps": {"models": {"models": [*models, "aerich.models"], "default_connection": "default"}},
            "use_tz": False, "timezone": "Asia/Shanghai"}


async def migrate(database_url: str, models: Sequence[str], *, location: Path = MIGRATIONS) -> list[str]:
    """Apply the steps this database has not had; returns their file names (empty: already current).
    Step 0 creates only what is missing (IF NOT EXISTS), so on a database of 0.1 it adds the `aerich` table."""
    if database_url.startswith("sqlite://") and database_url != "sqlite://:memory:":
        Path(database_url.removeprefix("sqlite://").partition("?")[0]).parent.mkdir(parents=True, exist_ok=True)
    with TortoiseContext():  # a Tortoise set-up of its own, gone afterwards (Tortoise 1.x keeps it in a context)
        async with Command(tortoise_config(database_url, models), app="models",
                           location=str(location / dialect(database_url))) as command:
            await command.init()
            return await command.upgrade(run_in_transaction=True)
