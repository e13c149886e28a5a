"""One materials list for a bundle: each document once across its items, the items' own forms
replaced by the one form, what an earlier item issues not asked for, and what the vault holds marked.

`one_by_one` counts what doing the items separately would ask, for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog import Catalog, Material

from .form import situation_of
from .loader import LifeEvents
from .schema import Bundle

# The vault's kinds of file that stand for a material type (prechecks' checklist KINDS_OF_TYPE).
KEPT_KIND = {"id_card": "id_front", "household_register": "hukou", "business_licence": "licence"}


@dataclass(frozen=True)
class BundleMaterial:
    name: str
    items: tuple[str, ...]  # the item codes that need it
    type: str
    kept: bool  # already in the citizen's vault (已存档可复用): not asked for again


def _item_materials(bundle: Bundle, catalog: Catalog, answers: dict[str, str]) -> list[tuple[str, Material]]:
    return [(e.item, m) for e in bundle.items for m in catalog.items[e.item].materials_for(situation_of(e, answers))]


def bundle_materials(bundle: Bundle, catalog: Catalog, answers: dict[str, str],
                     kept_kinds: frozenset[str] = frozenset()) -> list[BundleMaterial]:
    produced = {p for e in bundle.items for p in e.produces}
    shared = {c: s.name for s in bundle.shared_materials for c in s.covers}
    merged: dict[str, tuple[list[str], Material]] = {}
    for code, material in _item_materials(bundle, catalog, answers):
        key = f"{code}:{material.name}"
        if material.type == "form" or key in produced:
            continue  # the one form stands for every item's form; an earlier item issues it
        name = shared.get(key, material.name)
        items, _ = merged.setdefault(name, ([], material))
        items.append(code)
    return [BundleMaterial(name, tuple(items), m.type, m.reusable and KEPT_KIND.get(m.type, "") in kept_kinds)
            for name, (items, m) in merged.items()]


@dataclass(frozen=True)
class Counts:
    questions: int  # fields and situation questions asked
    materials: int  # documents requested (forms included)


def one_by_one(bundle: Bundle, events: LifeEvents, catalog: Catalog, answers: dict[str, str]) -> Counts:
    """Each item done on its own: its situation asked (when it has several), its form's fields asked,
    its materials requested, again for every item."""
    questions = sum(len(e.fields) + (len(catalog.items[e.item].situations) > 1) - (e.situation_from in e.fields)
                    for e in bundle.items)
    return Counts(questions, len(_item_materials(bundle, catalog, answers)))


def together(bundle: Bundle, catalog: Catalog, answers: dict[str, str], asked: int,
             kept_kinds: frozenset[str] = frozenset()) -> Counts:
    """The bundle: the fields asked once (`asked`, after the vault's pre-fill), the one list."""
    listed = bundle_materials(bundle, catalog, answers, kept_kinds)
    return Counts(asked, sum(not m.kept for m in listed))
