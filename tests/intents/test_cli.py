"""The contract's evaluation command, run as a citizen of the shell would: a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = {"id", "intent", "item", "aspect", "date", "time", "application_no", "hall"}


def run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_nlu_command_answers_each_line_and_survives_bad_ones() -> None:
    lines = [
        json.dumps({"id": "a1", "text": "帮我约明天上午十点去祖庙换身份证"}, ensure_ascii=False),
        "this is not json",
        json.dumps({"id": "a2"}),
        json.dumps({"id": "a3", "text": 42}),
        json.dumps([1, 2]),
        "",
        json.dumps({"id": 7, "text": "BJ 2026 1125 0001 23 到哪一步了"}, ensure_ascii=False),
        json.dumps({"id": "a5", "text": "护照要带什么"}, ensure_ascii=False),
    ]
    done = run(["nlu", "--now", "2026-11-25T10:00:00+08:00"], "\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 7  # the empty line is skipped
    first, not_json, no_text, bad_text, not_object, progress, guide = out
    assert set(first) == CONTRACT
    assert first == {"id": "a1", "intent": "book_appointment", "item": "id_card_renewal", "aspect": None,
                     "date": "2026-11-26", "time": "10:00", "application_no": None, "hall": "zumiao"}
    assert not_json["id"] is None and "error" in not_json
    assert no_text["id"] == "a2" and "error" in no_text
    assert bad_text["id"] == "a3" and "error" in bad_text
    assert "error" in not_object
    assert progress["id"] == 7 and progress["intent"] == "track_progress"
    assert progress["application_no"] == "BJ20261125000123" and progress["aspect"] is None
    assert guide["intent"] == "ask_guide" and guide["aspect"] == "materials" and guide["item"] == "passport"


def test_nlu_command_rejects_a_bad_now() -> None:
    done = run(["nlu", "--now", "yesterday"], "")
    assert done.returncode != 0 and "--now" in done.stderr


def test_eval_prints_the_table(tmp_path: Path) -> None:
    labelled = tmp_path / "eval.jsonl"
    rows = [
        {"id": "1", "text": "换身份证要带什么", "intent": "ask_guide", "item": "id_card_renewal",
         "aspect": "materials", "date": None, "time": None, "application_no": None, "hall": None},
        {"id": "2", "text": "明天上午十点约护照", "intent": "book_appointment", "item": "passport",
         "aspect": None, "date": "2026-11-26", "time": "10:00", "application_no": None, "hall": None},
        {"id": "3", "text": "明天", "intent": "greet", "item": None, "aspect": None,
         "date": "2026-12-02", "time": None, "application_no": None, "hall": None, "now": "2026-12-01T09:00:00+08:00"},
    ]
    labelled.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n", encoding="utf-8")
    done = run(["nlu", "--eval", str(labelled)])
    assert done.returncode == 0, done.stderr
    assert "intent accuracy                66.7% (2/3)" in done.stdout
    assert "date accuracy (date labelled) 100.0% (2/2)" in done.stdout
    assert "greet → out_of_scope" in done.stdout
    assert "1 line(s) not scored" in done.stdout
    for intent in ("ask_guide", "human_agent", "out_of_scope"):
        assert intent in done.stdout


def test_eval_of_a_missing_file_fails_cleanly(tmp_path: Path) -> None:
    done = run(["nlu", "--eval", str(tmp_path / "nope.jsonl")])
    assert done.returncode == 1 and "cannot read" in done.stdout


def test_a_broken_catalog_is_reported_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "catalog.yaml"
    broken.write_text("version: 1\nhalls: []\nitems: []\n", encoding="utf-8")
    done = run(["nlu", "--catalog", str(broken)], json.dumps({"id": 1, "text": "你好"}) + "\n")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and str(broken) in done.stderr
