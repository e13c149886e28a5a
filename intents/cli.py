"""`python main.py nlu`: the contract's evaluation command, and `--eval FILE` to score it.

Reads the catalog file directly (no database, no Redis, no network).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from catalog import SHIPPED_CATALOG, Catalog, CatalogError, read_catalog_file

from .evaluation import evaluate, read_lines
from .nlu import SHANGHAI, Nlu, build_nlu, understand

DEFAULT_EVAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "nlu_eval.jsonl"


def load_nlu(catalog_path: Path | None) -> Nlu | None:
    """The NLU on the catalog file; None (problems on stderr) if the file is unreadable."""
    try:
        return build_nlu(Catalog.from_file(read_catalog_file(catalog_path or SHIPPED_CATALOG)))
    except CatalogError as exc:
        sys.stderr.write("\n".join(exc.problems) + "\n")
        return None


def _aware(now: datetime | None) -> datetime | None:
    if now is not None and now.tzinfo is None:
        return now.replace(tzinfo=SHANGHAI)
    return now


def answer_line(nlu: Nlu, line: str, now: datetime | None) -> dict:
    """One output object for one input line; a bad line gets an "error" field, never a crash."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"not JSON: {exc.msg}"}
    if not isinstance(row, dict):
        return {"id": None, "error": "expected a JSON object with id and text"}
    line_id = row.get("id")
    text = row.get("text")
    if not isinstance(text, str):
        return {"id": line_id, "error": "missing text" if text is None else "text must be a string"}
    return {"id": line_id, **understand(nlu, text, now).contract()}


def run_nlu(stdin: TextIO, stdout: TextIO, *, now: datetime | None, catalog_path: Path | None) -> int:
    """JSON Lines {id, text} in; {id, intent, item, aspect, date, time, application_no, hall} out.
    Returns the exit status: 1 when the catalog cannot be read."""
    nlu = load_nlu(catalog_path)
    if nlu is None:
        return 1
    now = _aware(now)
    for line in stdin:
        if not line.strip():
            continue
        stdout.write(json.dumps(answer_line(nlu, line, now), ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def run_eval(path: Path, stdout: TextIO, *, catalog_path: Path | None, cross: bool = False) -> int:
    """Score the labelled file and print the table; with `cross`, then the cross-set
    validation of the learned model (crossval.py). 1 if the file cannot be read."""
    try:
        lines = read_lines(path)
    except OSError as exc:
        stdout.write(f"cannot read {path}: {exc.strerror}\n")
        return 1
    nlu = load_nlu(catalog_path)
    if nlu is None:
        return 1
    report = evaluate(lines, lambda text, now: understand(nlu, text, _aware(now)).contract())
    stdout.write(report.table() + "\n")
    if cross:
        from .crossval import cross_validate, shipped_thresholds, table

        stdout.write("\n" + table(cross_validate(nlu), shipped_thresholds(nlu)) + "\n")
    return 0
