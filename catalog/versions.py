"""Published versions of the catalog: staff edit an item, the whole catalog is validated, stored as a new
numbered version (who, when, why, what changed, all of it) and written into the tables the bot reads.

    publish(data, staff=..., note=..., base=N, now=...)     version N+1; refused if N is no longer in force
    publish_item(item, staff=..., note=..., base=N, now=...)  the catalog in the database with `item` in place
    roll_back(number, staff=..., note=..., base=N, now=...) a new version equal to an earlier one
    in_force_number()                                       the newest number (0: never published)

The first publish also records the catalog as it was before it (version 1, by "system"), so there is
always a version to go back to. The tables (service_items, halls) stay the catalog in force: a web process
adopts a new version without a restart (handlers/catalog_in_force.py), a job reads the tables each run.

* VersionError
  x NothingChanged      the edited catalog is the one in force
  x ChangedMeanwhile    another version was published since the form was opened (`in_force`)
  x VersionNotFound     no version with that number
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from .loader import Catalog, read_loaded_catalog, write_catalog_rows
from .models import CatalogVersion
from .schema import CatalogFile, Hall, Item

BASELINE_STAFF = "system"
MAX_NOTE = 200


class VersionError(Exception):
    """A publish or a rollback that did not happen; nothing was written."""


class NothingChanged(VersionError):
    def __init__(self) -> None:
        super().__init__("the catalog is the one in force")


class ChangedMeanwhile(VersionError):
    def __init__(self, base: int, in_force: int) -> None:
        super().__init__(f"edited from version {base}, but {in_force} is in force")
        self.base, self.in_force = base, in_force


class VersionNotFound(VersionError):
    def __init__(self, number: int) -> None:
        super().__init__(f"no catalog version {number}")
        self.number = number


def _dumped(models: tuple[Item, ...] | tuple[Hall, ...]) -> dict[str, dict[str, Any]]:
    return {m.code: m.model_dump(mode="json") for m in models}


def changed_fields(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """The fields of one item (or hall) whose values differ; ["added"] for a new one."""
    if old is None:
        return ["added"]
    return [k for k in new if old.get(k) != new[k]]


def changes_between(old: CatalogFile, new: CatalogFile) -> dict[str, dict[str, list[str]]]:
    """{"items": {code: [field, …]}, "halls": {…}}: only what differs; empty dicts when nothing does."""
    found: dict[str, dict[str, list[str]]] = {}
    for section, before, after in (("items", old.items, new.items), ("halls", old.halls, new.halls)):
        was, now = _dumped(before), _dumped(after)
        found[section] = {code: fields for code, data in now.items()
                          if (fields := changed_fields(was.get(code), data))}
    return found


def with_item(catalog: Catalog, item: Item) -> CatalogFile:
    """The catalog with `item` in place of the one of its code (or added), validated whole."""
    items = {**catalog.items, item.code: item}
    return CatalogFile(version=1, halls=tuple(catalog.halls.values()), items=tuple(items.values()))


def content_of(version: CatalogVersion) -> CatalogFile:
    return CatalogFile.model_validate(version.content)


async def in_force_number() -> int:
    last = await CatalogVersion.all().order_by("-number").first()
    return last.number if last is not None else 0


async def list_versions(limit: int = 50) -> list[CatalogVersion]:
    """Newest first, without their content (a version is the whole catalog)."""
    return await CatalogVersion.all().order_by("-number").limit(limit).only(
        "number", "staff", "note", "changes", "rollback_of", "created_at")


async def version_of(number: int) -> CatalogVersion:
    version = await CatalogVersion.get_or_none(number=number)
    if version is None:
        raise VersionNotFound(number)
    return version


async def publish(data: CatalogFile, *, staff: str, note: str, base: int | None, now: datetime,
                  rollback_of: int | None = None) -> CatalogVersion:
    """Store `data` as the next version and make it the catalog in force, in one transaction.
    `base`: the version the staff member edited (None: whatever is in force)."""
    return await _store(lambda _current: data, staff=staff, note=note, base=base, now=now, rollback_of=rollback_of)


async def publish_item(item: Item, *, staff: str, note: str, base: int | None, now: datetime) -> CatalogVersion:
    """The catalog as the database holds it, read in the same transaction, with `item` in place: never a
    process's copy, which may be a second behind another process's publish."""
    return await _store(lambda current: with_item(current, item), staff=staff, note=note, base=base, now=now)


async def _store(make: Callable[[Catalog], CatalogFile], *, staff: str, note: str, base: int | None, now: datetime,
                 rollback_of: int | None = None) -> CatalogVersion:
    try:
        async with in_transaction():
            last = await CatalogVersion.all().order_by("-number").first()
            number = last.number if last is not None else 0
            if base is not None and base != number:
                raise ChangedMeanwhile(base, number)
            loaded = await read_loaded_catalog()
            current, data = loaded.as_file(), make(loaded)
            changes = changes_between(current, data)
            if not any(changes.values()):
                raise NothingChanged()
            if last is None:  # the catalog as loaded from the data file: version 1, to go back to
                await CatalogVersion.create(number=1, staff=BASELINE_STAFF, note="", changes={},
                                            content=current.model_dump(mode="json"), created_at=now)
                number = 1
            version = await CatalogVersion.create(
                number=number + 1, staff=staff[:32], note=note[:MAX_NOTE], changes=changes, rollback_of=rollback_of,
                content=data.model_dump(mode="json"), created_at=now)
            await write_catalog_rows(data)
    except IntegrityError:  # another publish took the same number at the same moment
        raise ChangedMeanwhile(base if base is not None else 0, await in_force_number()) from None
    return version


async def roll_back(number: int, *, staff: str, note: str, base: int | None, now: datetime) -> CatalogVersion:
    """A new version whose content is version `number`'s (the history keeps every step)."""
    old = await version_of(number)
    return await publish(content_of(old), staff=staff, note=note, base=base, now=now, rollback_of=number)
