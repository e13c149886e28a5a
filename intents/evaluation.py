"""Scoring the NLU on a labelled JSON Lines file (tests/data/nlu_eval.jsonl)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .understanding import INTENTS

DEFAULT_NOW = "2026-11-25T10:00:00+08:00"
FIELDS = ("intent", "item", "aspect", "date", "time", "application_no", "hall")


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.value:6.1%} ({self.right}/{self.total})"


@dataclass
class Report:
    rows: int = 0
    intent: Ratio = field(default_factory=Ratio)
    item_labelled: Ratio = field(default_factory=Ratio)  # rows whose label names an item
    item_all: Ratio = field(default_factory=Ratio)
    aspect: Ratio = field(default_factory=Ratio)  # ask_guide rows, intent right or not
    date: Ratio = field(default_factory=Ratio)  # rows with a labelled date
    time: Ratio = field(default_factory=Ratio)
    application_no: Ratio = field(default_factory=Ratio)
    hall: Ratio = field(default_factory=Ratio)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], str] = field(default_factory=dict)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (expected, got) intents
    errors: list[str] = field(default_factory=list)

    def per_intent(self) -> list[tuple[str, float, float, float, int]]:
        rows: list[tuple[str, float, float, float, int]] = []
        for intent in INTENTS:
            tp = sum(1 for e, g in self.pairs if e == g == intent)
            predicted = sum(1 for _, g in self.pairs if g == intent)
            support = sum(1 for e, _ in self.pairs if e == intent)
            p = tp / predicted if predicted else 0.0
            r = tp / support if support else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            rows.append((intent, p, r, f, support))
        return rows

    def table(self) -> str:
        lines = [f"{'intent':<22}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>5}"]
        for intent, p, r, f, n in self.per_intent():
            lines.append(f"{intent:<22}{p:>10.2f}{r:>8.2f}{f:>7.2f}{n:>5}")
        lines += [
            "",
            f"rows                          {self.rows}",
            f"intent accuracy               {self.intent}",
            f"item accuracy (item labelled) {self.item_labelled}",
            f"item accuracy (all rows)      {self.item_all}",
            f"aspect accuracy (ask_guide)   {self.aspect}",
            f"date accuracy (date labelled) {self.date}",
            f"time accuracy (time labelled) {self.time}",
            f"application_no (labelled)     {self.application_no}",
            f"hall (labelled)               {self.hall}",
            "",
            "worst confusions (expected → got, count, example):",
        ]
        for (expected, got), count in self.confusions.most_common(10):
            lines.append(f"  {expected} → {got}  ×{count}  e.g. {self.examples[(expected, got)]}")
        if self.errors:
            lines += ["", f"{len(self.errors)} line(s) not scored:", *("  " + e for e in self.errors[:10])]
        return "\n".join(lines)


def evaluate(lines: Iterable[str], understand_line: Callable[[str, datetime], dict]) -> Report:
    """`understand_line(text, now)` returns the contract's fields for one message."""
    report = Report()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["text"]
            now = datetime.fromisoformat(row.get("now") or DEFAULT_NOW)
        except (ValueError, KeyError, TypeError) as exc:
            report.errors.append(f"line {number}: {exc}")
            continue
        got = understand_line(text, now)
        report.rows += 1
        expected_intent, got_intent = row.get("intent"), got["intent"]
        report.intent.add(got_intent == expected_intent)
        report.pairs.append((expected_intent, got_intent))
        if row.get("item"):
            report.item_labelled.add(got["item"] == row["item"])
        report.item_all.add(got["item"] == row.get("item"))
        if expected_intent == "ask_guide":
            report.aspect.add(got["aspect"] == (row.get("aspect") or "general"))
        for name in ("date", "time", "application_no", "hall"):
            if row.get(name):
                getattr(report, name).add(got[name] == row[name])
        wrong = [f for f in FIELDS if f != "aspect" and got[f] != row.get(f)]
        if got_intent != expected_intent:
            key = (expected_intent, got_intent)
        elif "item" in wrong:
            key = (f"item {row.get('item')}", f"{got['item']}")
        else:
            continue
        report.confusions[key] += 1
        report.examples.setdefault(key, text)
    return report


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()
