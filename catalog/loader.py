"""Reading, checking and loading the catalog file; reading the loaded catalog back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from tortoise.transactions import in_transaction

from .models import HallRow, ServiceItemRow
from .schema import CatalogFile, Hall, Item

SHIPPED_CATALOG = Path(__file__).parent / "data" / "catalog.yaml"


class CatalogError(ValueError):
    """The catalog file is unreadable or invalid; `problems` lists one line per error."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s)")
        self.path = path
        self.problems = problems


@dataclass(frozen=True)
class Catalog:
    """The items and halls in force, looked up by code."""

    items: dict[str, Item]
    halls: dict[str, Hall]

    def item(self, code: str) -> Item | None:
        return self.items.get(code)

    def hall(self, code: str) -> Hall | None:
        return self.halls.get(code)

    def halls_for(self, item: Item) -> list[Hall]:
        return [self.halls[c] for c in item.halls if c in self.halls]

    @classmethod
    def from_file(cls, data: CatalogFile) -> Catalog:
        return cls({i.code: i for i in data.items}, {h.code: h for h in data.halls})

    def as_file(self) -> CatalogFile:
        return CatalogFile(version=1, halls=tuple(self.halls.values()), items=tuple(self.items.values()))

    def take(self, other: Catalog) -> None:
        """Hold `other`'s items and halls from now on (a version published while serving), in one step of
        the event loop: whoever holds this object (the app, the assistant) reads the new ones from the next
        line on. The old dicts are not changed, so a loop still going over one finishes on what it began."""
        object.__setattr__(self, "items", dict(other.items))
        object.__setattr__(self, "halls", dict(other.halls))


def _where(raw: object, loc: tuple[int | str, ...]) -> str:
    """'item id_card_renewal: materials[2].form' from a pydantic error location."""
    parts = list(loc)
    head = ""
    if len(parts) >= 2 and parts[0] in ("items", "halls") and isinstance(parts[1], int):
        section, index = parts[0], parts[1]
        try:
            code = raw[section][index].get("code", f"#{index + 1}")  # type: ignore[index]
        except (TypeError, IndexError, KeyError, AttributeError):
            code = f"#{index + 1}"
        head = f"{'item' if section == 'items' else 'hall'} {code}"
        parts = parts[2:]
    field = ""
    for p in parts:
        field += f"[{p}]" if isinstance(p, int) else (f".{p}" if field else str(p))
    return ": ".join(x for x in (head, field) if x) or "file"


def read_catalog_file(path: Path) -> CatalogFile:
    """Parse and validate; every problem names the file, the item and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(path, [f"{path}: cannot read: {exc.strerror}"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogError(path, [f"{path}: not valid YAML: {exc}"]) from None
    try:
        return CatalogFile.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{path}: {_where(raw, tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise CatalogError(path, problems) from None


def _checksum(model: Item | Hall) -> str:
    dumped = json.dumps(model.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(dumped.encode()).hexdigest()


@dataclass(frozen=True)
class LoadReport:
    added: int
    changed: int
    unchanged: int


async def load_catalog(data: CatalogFile) -> LoadReport:
    """Write the file's items and halls into the database; a second load changes nothing.

    Items absent from the file are left alone: staff may have added them.
    """
    async with in_transaction():
        return await write_catalog_rows(data)


async def write_catalog_rows(data: CatalogFile) -> LoadReport:
    """`load_catalog`'s writes, inside the caller's transaction (catalog/versions.py publishes with them)."""
    added = changed = unchanged = 0
    for model, row_type in [(h, HallRow) for h in data.halls] + [(i, ServiceItemRow) for i in data.items]:
        checksum = _checksum(model)
        row = await row_type.get_or_none(code=model.code)
        values: dict[str, Any] = {"name": model.name, "data": model.model_dump(mode="json"), "checksum": checksum}
        if isinstance(model, Item):
            values |= {"department": model.department, "kind": model.kind}
        if row is None:
            await row_type.create(code=model.code, **values)
            added += 1
        elif row.checksum != checksum:
            await row_type.filter(code=model.code).update(**values)
            changed += 1
        else:
            unchanged += 1
    return LoadReport(added, changed, unchanged)


async def read_loaded_catalog() -> Catalog:
    """The catalog as the database holds it now."""
    items = {r.code: Item.model_validate(r.data) for r in await ServiceItemRow.all()}
    halls = {r.code: Hall.model_validate(r.data) for r in await HallRow.all()}
    return Catalog(items, halls)


async def ensure_catalog(path: Path = SHIPPED_CATALOG) -> Catalog:
    """On an empty database, load the shipped file; then read what is loaded."""
    if not await ServiceItemRow.exists():
        await load_catalog(read_catalog_file(path))
    return await read_loaded_catalog()
