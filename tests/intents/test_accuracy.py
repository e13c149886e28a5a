"""Floors on labelled sets: the independent evaluation set and our own development set."""

from __future__ import annotations

from pathlib import Path

import pytest

from intents import understand
from intents.evaluation import evaluate, read_lines

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "tests" / "data" / "nlu_eval.jsonl"
DEV_B = ROOT / "tests" / "data" / "nlu_dev_b.jsonl"  # a second set, written independently
WEAK = ROOT / "tests" / "data" / "nlu_weak.jsonl"  # the weak boundaries, written independently
DEV = Path(__file__).parent / "dev_set.jsonl"


def report_for(nlu, path: Path):
    return evaluate(read_lines(path), lambda text, now: understand(nlu, text, now).contract())


@pytest.mark.skipif(not EVAL.exists(), reason="tests/data/nlu_eval.jsonl is not written yet")
def test_floor_on_the_independent_evaluation_set(nlu) -> None:
    report = report_for(nlu, EVAL)
    assert report.rows >= 400
    assert report.intent.value >= 0.99, report.table()
    assert report.item_labelled.value >= 0.99, report.table()
    assert report.item_all.value >= 0.99, report.table()
    assert report.aspect.value >= 0.97, report.table()
    assert report.date.value >= 0.98, report.table()


@pytest.mark.skipif(not DEV_B.exists(), reason="tests/data/nlu_dev_b.jsonl is not on this machine")
def test_floor_on_the_second_development_set(nlu) -> None:
    """Text the NLU was not first written on; floors a little below what it scores (100 %
    intent and item, 99.4 % aspect), as its labels are not all consistent with the first set's."""
    report = report_for(nlu, DEV_B)
    assert report.rows >= 300
    assert report.intent.value >= 0.97, report.table()
    assert report.item_labelled.value >= 0.97, report.table()
    assert report.aspect.value >= 0.95, report.table()
    assert report.date.value >= 0.97, report.table()


@pytest.mark.skipif(not WEAK.exists(), reason="tests/data/nlu_weak.jsonl is not on this machine")
def test_floor_on_the_weak_boundaries_set(nlu) -> None:
    """Greetings, thanks, complaints, document checks and off-topic messages in typos, Cantonese
    and elderly words: 98.1 % intent (95.6 % by the rules alone), floor two points below."""
    report = report_for(nlu, WEAK)
    assert report.rows >= 300
    assert report.intent.value >= 0.96, report.table()
    assert report.item_all.value >= 0.97, report.table()
    assert report.aspect.value >= 0.94, report.table()


def test_floor_on_the_development_set(nlu) -> None:
    report = report_for(nlu, DEV)
    assert report.intent.value >= 0.98, report.table()
    assert report.item_labelled.value >= 0.98, report.table()
    assert report.aspect.value >= 0.97, report.table()
