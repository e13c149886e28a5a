"""Reading and checking the life events file against the catalog; the bundles in force."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from catalog import Catalog, Item

from .schema import Bundle, BundleItem, BundlesFile, FormField

SHIPPED_BUNDLES = Path(__file__).parent / "data" / "bundles.yaml"


class LifeEventsError(ValueError):
    """The file is unreadable or invalid; `problems` lists one line per error, naming bundle and field."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s): " + "; ".join(problems[:3]))
        self.path = path
        self.problems = problems


@dataclass(frozen=True)
class LifeEvents:
    """The bundles and the form fields in force, looked up by code."""

    bundles: dict[str, Bundle]
    fields: dict[str, FormField]
    _triggers: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def bundle(self, code: str) -> Bundle | None:
        return self.bundles.get(code)

    def field_of(self, code: str) -> FormField:
        return self.fields[code]

    def triggered(self, text: str) -> Bundle | None:
        """The bundle whose trigger phrase the text holds (one regex search over all of them)."""
        if self._triggers is None:
            return None
        m = self._triggers.search(text)
        if m is None:
            return None
        return self.bundles[next(name for name, value in m.groupdict().items() if value)]

    @classmethod
    def from_file(cls, data: BundlesFile) -> LifeEvents:
        parts = [f"(?P<{b.code}>" + "|".join(re.escape(t) for t in sorted(b.triggers, key=len, reverse=True)) + ")"
                 for b in data.bundles]
        return cls({b.code: b for b in data.bundles}, {f.code: f for f in data.fields},
                   re.compile("|".join(parts)) if parts else None)


def _where(raw: object, loc: tuple[int | str, ...]) -> str:
    parts = list(loc)
    head = ""
    if len(parts) >= 2 and parts[0] in ("bundles", "fields") and isinstance(parts[1], int):
        section, index = parts[0], parts[1]
        try:
            code = raw[section][index].get("code", f"#{index + 1}")  # type: ignore[index]
        except (TypeError, IndexError, KeyError, AttributeError):
            code = f"#{index + 1}"
        head = f"{'bundle' if section == 'bundles' else 'field'} {code}"
        parts = parts[2:]
    where = ""
    for p in parts:
        where += f"[{p}]" if isinstance(p, int) else (f".{p}" if where else str(p))
    return ": ".join(x for x in (head, where) if x) or "file"


def _material_names(item: Item) -> set[str]:
    return {m.name for m in item.materials}


def _entry_problems(bundle: Bundle, n: int, entry: BundleItem, data: BundlesFile, catalog: Catalog) -> list[str]:
    at = f"bundle {bundle.code}: items[{n}]"
    item = catalog.item(entry.item)
    if item is None:
        return [f"{at}.item: no item {entry.item} in the catalog"]
    fields = {f.code: f for f in data.fields}
    problems = []
    situations = {s.code for s in item.situations}
    if entry.situation and entry.situation not in situations:
        problems.append(f"{at}.situation: {entry.item} has no situation {entry.situation}; "
                        f"it has {', '.join(sorted(situations)) or 'none'}")
    if entry.situation_from:
        chosen = fields.get(entry.situation_from)
        if chosen is None or chosen.type != "choice":
            problems.append(f"{at}.situation_from: {entry.situation_from} is not a choice field")
        else:
            stray = [o.code for o in chosen.options if o.code not in situations]
            if stray:
                problems.append(f"{at}.situation_from: options {', '.join(stray)} are not situations of {entry.item}")
    if len(situations) > 1 and not (entry.situation or entry.situation_from):
        problems.append(f"{at}: {entry.item} has situations ({', '.join(sorted(situations))}); "
                        "give situation or situation_from")
    problems += [f"{at}.fields: no field {c}" for c in entry.fields if c not in fields]
    later = {e.item for e in bundle.items[n + 1:]}
    for produced in entry.produces:
        code, _, name = produced.partition(":")
        if code not in later:
            problems.append(f"{at}.produces: {code} is not a later item of this bundle")
        elif name not in _material_names(catalog.items[code]):
            problems.append(f"{at}.produces: {code} has no material {name!r}")
    return problems


def bundle_problems(bundle: Bundle, data: BundlesFile, catalog: Catalog) -> list[str]:
    """Everything in a bundle the catalog does not bear out."""
    problems = []
    for n, entry in enumerate(bundle.items):
        problems += _entry_problems(bundle, n, entry, data, catalog)
    codes = {e.item for e in bundle.items}
    for n, shared in enumerate(bundle.shared_materials):
        for covered in shared.covers:
            code, _, name = covered.partition(":")
            if code not in codes:
                problems.append(f"bundle {bundle.code}: shared_materials[{n}]: {code} is not in this bundle")
            elif code in catalog.items and name not in _material_names(catalog.items[code]):
                problems.append(f"bundle {bundle.code}: shared_materials[{n}]: {code} has no material {name!r}")
    items = [catalog.items[c] for c in codes if c in catalog.items]
    if items and len(items) == len(codes) and not set.intersection(*(set(i.halls) for i in items)):
        problems.append(f"bundle {bundle.code}: items: no hall handles all of them")
    return problems


def read_bundles_file(path: Path, catalog: Catalog) -> LifeEvents:
    """Parse, validate and check against the catalog; every problem names the file, the bundle and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LifeEventsError(path, [f"{path}: cannot read: {exc.strerror}"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LifeEventsError(path, [f"{path}: not valid YAML: {exc}"]) from None
    try:
        data = BundlesFile.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{path}: {_where(raw, tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise LifeEventsError(path, problems) from None
    problems = [f"{path}: {p}" for b in data.bundles for p in bundle_problems(b, data, catalog)]
    owners: dict[str, str] = {}
    for b in data.bundles:
        for t in b.triggers:
            if t in owners and owners[t] != b.code:
                problems.append(f"{path}: bundle {b.code}: trigger {t!r} is also {owners[t]}'s")
            owners[t] = b.code
    if problems:
        raise LifeEventsError(path, problems)
    return LifeEvents.from_file(data)
