"""Cross-set validation of the learned second opinion: for each labelled set, the model is
trained on the other two (its thresholds chosen by cross-validation on those two) and the set
is scored by the rules alone, the model alone and both combined (`python main.py nlu --eval`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .evaluation import DEFAULT_NOW, Ratio, Report, evaluate
from .learned import LABELLED, THRESHOLDS, TRAINING_SETS, Thresholds, choose_thresholds, read_labelled, train
from .nlu import Nlu, model_text, understand

SETS = (("A", LABELLED / "nlu_eval.jsonl"), ("B", LABELLED / "nlu_dev_b.jsonl"), ("C", LABELLED / "nlu_holdout.jsonl"))


@dataclass(frozen=True)
class Labelled:
    rows: list[dict]
    texts: list[str]  # what the model reads
    intents: list[str]
    rules: list[str]  # the rules' intents


@dataclass(frozen=True)
class Fold:
    held_out: str
    trained_on: str
    thresholds: Thresholds
    rules: Report
    model: Ratio
    combined: Report


def _now(row: dict) -> datetime:
    return datetime.fromisoformat(row.get("now") or DEFAULT_NOW)


def label(nlu: Nlu, path: Path) -> Labelled:
    rules = replace(nlu, model=None)
    rows = read_labelled(path)
    return Labelled(rows, [model_text(nlu, r["text"]) for r in rows], [r["intent"] for r in rows],
                    [understand(rules, r["text"], _now(r)).intent for r in rows])


def _score(nlu: Nlu, rows: list[dict]) -> Report:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    return evaluate(lines, lambda text, now: understand(nlu, text, now).contract())


def shipped_thresholds(nlu: Nlu, paths: tuple[Path, ...] = TRAINING_SETS) -> Thresholds:
    """What cross-validation on the shipped model's training sets chooses."""
    sets = [label(nlu, p) for p in paths]
    return choose_thresholds([t for s in sets for t in s.texts], [i for s in sets for i in s.intents],
                             [r for s in sets for r in s.rules])


def cross_validate(nlu: Nlu, sets: tuple[tuple[str, Path], ...] = SETS) -> list[Fold]:
    """Train on all sets but one, score that one; each way round."""
    labelled = {name: label(nlu, path) for name, path in sets if path.exists()}
    rules = replace(nlu, model=None)
    folds = []
    for held, test in labelled.items():
        others = [s for name, s in labelled.items() if name != held]
        texts = [t for s in others for t in s.texts]
        intents = [i for s in others for i in s.intents]
        thresholds = choose_thresholds(texts, intents, [r for s in others for r in s.rules])
        model = train(texts, intents)
        alone = Ratio()
        for text, intent in zip(test.texts, test.intents, strict=True):
            alone.add(model.opinion(text)[0] == intent)
        combined = replace(nlu, model=model, thresholds=thresholds)
        folds.append(Fold(held, "+".join(n for n in labelled if n != held), thresholds,
                          _score(rules, test.rows), alone, _score(combined, test.rows)))
    return folds


def table(folds: list[Fold], chosen: Thresholds | None = None) -> str:
    names = ", ".join(f"{n}={p.name}" for n, p in SETS)
    lines = [
        f"cross-set validation ({names}): train on two, score the third",
        f"{'held out':<10}{'trained on':<12}{'thresholds':<16}{'rules':>17}{'model':>17}{'combined':>17}"
        f"{'item rules':>17}{'item combined':>17}",
    ]
    for f in folds:
        lines.append(
            f"{f.held_out:<10}{f.trained_on:<12}{_show(f.thresholds):<16}"
            f"{f.rules.intent!s:>17}{f.model!s:>17}{f.combined.intent!s:>17}"
            f"{f.rules.item_all!s:>17}{f.combined.item_all!s:>17}"
        )
    lines.append("thresholds: the model's probability needed when the rules say out_of_scope (another intent / "
                 "ask_guide) and on a weak boundary; 1.01: never")
    if chosen is not None:
        shipped = "the same" if chosen == THRESHOLDS else f"{_show(THRESHOLDS)}: STALE"
        lines.append(f"shipped model (trained on A+B): 5-fold CV on A+B chooses {_show(chosen)}; "
                     f"learned.THRESHOLDS is {shipped}")
    return "\n".join(lines)


def _show(t: Thresholds) -> str:
    return f"{t.unknown:.2f}/{t.unknown_guide:.2f}/{t.boundary:.2f}"
