"""`python main.py precheck`: the JSON-lines contract, no server, no network; --item moves the deadline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from main import main

ROOT = Path(__file__).resolve().parents[2]


def precheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "precheck", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"})


def lines(done: subprocess.CompletedProcess[str]) -> list[dict]:
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_one_line_per_file_with_the_contract_keys(documents):
    files = [str(documents["id_back_until_dec30.jpg"]), str(documents["empty.jpg"]), "/no/such/file.jpg"]
    out = lines(precheck("--now", "2026-12-03", *files))
    assert [o["file"] for o in out] == files
    assert all(list(o) == ["file", "kind", "verdict", "fields", "messages"] for o in out)
    assert out[0]["verdict"] == ["expiring_soon"]
    assert out[0]["fields"] == {"issuing_authority": "佛山市公安局禅城分局", "valid_from": "2006-12-30",
                                "valid_until": "2026-12-30"}
    assert (out[1]["kind"], out[1]["verdict"], out[1]["fields"]) == ("other", ["refuse_empty"], {})
    assert out[2]["verdict"] == ["refuse_corrupt"]


def in_process(capsys, *args: str) -> dict:
    """The command's own entry point, in this process (the OCR engine stays loaded between calls)."""
    with pytest.raises(SystemExit) as exit_:
        main(["precheck", *args])
    assert exit_.value.code == 0
    return json.loads(capsys.readouterr().out)


def test_an_item_judges_expiry_against_its_promised_completion(documents, capsys):
    card = str(documents["id_back_until_dec30.jpg"])
    # 换身份证: 15 working days from 3 December is 24 December: the card outlives it
    assert in_process(capsys, "--now", "2026-12-03", "--item", "id_card_renewal", card)["verdict"] == "pass"
    # 20 working days is 31 December: the card ends the day before
    longer = in_process(capsys, "--now", "2026-12-03", "--item", "medical_reimbursement", card)
    assert longer["verdict"] == ["expiring_soon"]
    assert "早于本事项预计办结日2026年12月31日" in longer["messages"][0]


@pytest.mark.parametrize(("args", "said"), [(["--item", "no_such_item"], "no_such_item"),
                                           (["--now", "3 Dec"], "--now")])
def test_an_unknown_item_or_date_is_refused_with_a_reason(documents, args, said):
    with pytest.raises(SystemExit) as exit_:
        main(["precheck", *args, str(documents["empty.jpg"])])
    assert isinstance(exit_.value.code, str) and said in exit_.value.code
