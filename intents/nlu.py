"""PLACEHOLDER until the real NLU lands: exact alias lookup only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from catalog import Catalog

from .understanding import Understanding


@dataclass(frozen=True)
class Nlu:
    aliases: dict[str, str]


def build_nlu(catalog: Catalog) -> Nlu:
    aliases = {}
    for item in catalog.items.values():
        for name in (item.name, item.short_name, *item.aliases):
            aliases[name] = item.code
    return Nlu(aliases)


def understand(nlu: Nlu, text: str, now: datetime) -> Understanding:
    if text.strip() in ("你好", "在吗", "hi"):
        return Understanding("greet", text=text)
    for alias in sorted(nlu.aliases, key=len, reverse=True):
        if alias in text:
            return Understanding("ask_guide", item=nlu.aliases[alias], aspect="general", text=text)
    return Understanding("out_of_scope", text=text)
