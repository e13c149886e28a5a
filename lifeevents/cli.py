"""`main.py lifeevents check [FILE]`: validate a bundles file against the shipped catalog."""

from __future__ import annotations

import sys
from pathlib import Path

from catalog import SHIPPED_CATALOG, Catalog, CatalogError, read_catalog_file

from .loader import SHIPPED_BUNDLES, LifeEventsError, read_bundles_file


def run_check(path: Path | None, catalog_path: Path | None = None) -> int:
    path = path or SHIPPED_BUNDLES
    try:
        catalog = Catalog.from_file(read_catalog_file(catalog_path or SHIPPED_CATALOG))
        events = read_bundles_file(path, catalog)
    except (CatalogError, LifeEventsError) as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        print(f"{exc.path}: {len(exc.problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{path}: ok, {len(events.bundles)} bundles, {len(events.fields)} fields")
    return 0
