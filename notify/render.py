"""An outbox row and its rule → the Chinese text (customer service) and the template data."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from catalog import Catalog
from core.clock import SHANGHAI

from .models import Outbox
from .rules import DayBeforeAppointment, Rule, RulesFile, StaffReply, StageChange

FIELD_LIMIT = 20  # a subscribe/template message's thing field holds 20 characters


@dataclass(frozen=True)
class Message:
    text: str
    data: dict[str, str]


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _values(row: Outbox, catalog: Catalog) -> dict[str, str]:
    p: Mapping[str, Any] = row.payload
    values = {k: str(v) for k, v in p.items() if isinstance(v, (str, int))}
    item = catalog.item(str(p.get("item") or ""))
    values["item_name"] = item.name if item else "办事事项"
    hall = catalog.hall(str(p.get("hall") or ""))
    if hall:
        values["hall_name"] = hall.name
    if isinstance(p.get("start"), str):
        start = datetime.fromisoformat(p["start"]).astimezone(SHANGHAI)
        values["time"] = f"{start:%H:%M}"
    if isinstance(p.get("promised_on"), str):
        y, m, d = p["promised_on"].split("-")
        values["promised_on"] = f"{int(m)}月{int(d)}日"
    if isinstance(p.get("missing"), list):
        values["missing"] = "、".join(str(x) for x in p["missing"]) or "所缺材料"
    return values


def render(rule: Rule, row: Outbox, catalog: Catalog) -> Message:
    values = _Blank(_values(row, catalog))
    text = string.Formatter().vformat(rule.message, (), values)
    data = {k: string.Formatter().vformat(v, (), values)[:FIELD_LIMIT] for k, v in rule.fields.items()}
    return Message(text, data)


def rule_for(row: Outbox, rules: RulesFile) -> Rule | None:
    """The rule a row is sent by: its own (scanned rows), else by the outbox kind and status."""
    for rule in rules.rules:
        if row.rule is not None:
            if rule.id == row.rule:
                return rule
            continue
        trigger = rule.trigger
        if getattr(trigger, "outbox_kind", None) != row.kind:
            continue
        statuses = getattr(trigger, "statuses", None)
        if statuses is None or row.payload.get("status") in statuses:
            return rule
    return None


def sent_kinds(rules: RulesFile) -> list[str]:
    """The outbox kinds the dispatcher sends: the scanned rules' ids and the event rules' outbox kinds."""
    kinds = {rule.trigger.outbox_kind if isinstance(rule.trigger, (DayBeforeAppointment, StageChange, StaffReply))
             else rule.id
             for rule in rules.rules}
    return sorted(kinds)
