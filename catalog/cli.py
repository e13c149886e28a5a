"""`main.py catalog check|load [FILE]`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from core.db import open_database
from core.settings import Settings

from .loader import SHIPPED_CATALOG, CatalogError, load_catalog, read_catalog_file


def run_catalog(action: str, path: Path | None, settings: Settings, models: Sequence[str]) -> int:
    """`models`: the models modules to open the database with (handlers/parts.py)."""
    path = path or SHIPPED_CATALOG
    try:
        data = read_catalog_file(path)
    except CatalogError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        print(f"{path}: {len(exc.problems)} problem(s); nothing loaded", file=sys.stderr)
        return 1
    if action == "check":
        print(f"{path}: ok, {len(data.items)} items, {len(data.halls)} halls")
        return 0

    async def load() -> None:
        async with open_database(settings.database_url, models):
            report = await load_catalog(data)
        print(f"{path}: loaded: {report.added} added, {report.changed} changed, {report.unchanged} unchanged")

    asyncio.run(load())
    return 0
