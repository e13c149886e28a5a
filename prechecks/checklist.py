"""Completeness: which of an item's materials (for the chosen situation) the checked files cover.

A material is `passed` when files of its kind are there, enough of them, and none has a problem the
material's checks care about; `problem` when such a file has one; `missing` when no file is of its
kind; `by_staff` when no pre-check can recognise it (a photo spec, a certificate): the window checks it.
Checks no machine can do (signed, stamped, complete_pages …) are listed in `by_hand` for staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from catalog.schema import Item, Material

from .result import Result

Status = Literal["passed", "problem", "missing", "by_staff"]

# The kinds of file that make up one copy of a material of each type.
KINDS_OF_TYPE: dict[str, tuple[str, ...]] = {
    "id_card": ("id_front", "id_back"),
    "household_register": ("hukou",),
    "business_licence": ("licence",),
    "form": ("form",),
}
QUALITY = {"refuse_type", "refuse_empty", "refuse_corrupt", "refuse_bomb", "blurred", "too_dark", "cropped"}
# The codes each catalog check (catalog/schema.py CheckName) stands for; the rest are for staff.
CODES_OF_CHECK = {
    "readable": QUALITY,
    "not_expired": {"expired", "expiring_soon"},
    "id_number_valid": {"bad_checksum", "mismatch_birth", "bad_uscc"},
    "name_matches": set(),
}
MACHINE_CHECKS = {"readable", "not_expired", "id_number_valid"}


@dataclass(frozen=True)
class MaterialStatus:
    material: str  # its name in the catalog: 原居民身份证
    status: Status
    codes: tuple[str, ...] = ()  # the problems found on its files
    missing_kinds: tuple[str, ...] = ()  # e.g. ("id_back",) when only the front was sent
    by_hand: tuple[str, ...] = ()  # checks left to staff


def completeness(item: Item, situation: str | None, results: list[Result]) -> list[MaterialStatus]:
    return [material_status(m, results) for m in item.materials_for(situation)]


def material_status(material: Material, results: list[Result]) -> MaterialStatus:
    by_hand = tuple(c for c in material.checks if c not in MACHINE_CHECKS)
    kinds = KINDS_OF_TYPE.get(material.type)
    if kinds is None:
        return MaterialStatus(material.name, "by_staff", by_hand=tuple(material.checks))
    watched = set().union(*(CODES_OF_CHECK.get(c, set()) for c in material.checks)) | QUALITY
    missing = tuple(k for k in kinds if sum(r.kind == k for r in results) < material.count)
    codes = sorted({c for r in results if r.kind in kinds for c in r.codes if c in watched})
    if codes:
        return MaterialStatus(material.name, "problem", tuple(codes), missing, by_hand)
    if missing:
        return MaterialStatus(material.name, "missing", (), missing, by_hand)
    return MaterialStatus(material.name, "passed", (), (), by_hand)
