"""`main.py catalog check|load`: errors name file, item and field; loading is idempotent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from catalog import SHIPPED_CATALOG, CatalogError, load_catalog, read_catalog_file, read_loaded_catalog
from core.db import open_database
from handlers.parts import MODEL_MODULES
from tests import backend

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "YIMEN_", "REDIS_"))}
    env["DATABASE_URL"] = backend.database_url(tmp_path, "cli")
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def shipped() -> dict:
    return yaml.safe_load(SHIPPED_CATALOG.read_text(encoding="utf-8"))


def item(raw: dict, code: str) -> dict:
    return next(i for i in raw["items"] if i["code"] == code)


def write(tmp_path: Path, raw: dict, name: str = "catalog.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_check_accepts_a_valid_file(tmp_path):
    path = write(tmp_path, shipped())
    result = run_main("catalog", "check", str(path), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{path}: ok" in result.stdout


def test_check_accepts_the_shipped_file_by_default(tmp_path):
    result = run_main("catalog", "check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_check_names_file_item_and_field_of_every_error(tmp_path):
    raw = shipped()
    item(raw, "unemployment_benefit")["halls"].append("foshan_hq")
    item(raw, "id_card_renewal")["materials"][1]["form"] = "scanned"
    bad_days = item(raw, "subsistence_allowance")
    bad_days["promised_days"] = bad_days["legal_days"] + 1
    path = write(tmp_path, raw, "broken.yaml")

    result = run_main("catalog", "check", str(path), tmp_path=tmp_path)

    assert result.returncode != 0
    lines = result.stderr.splitlines()
    problems = [line for line in lines if ": item " in line]
    assert len(problems) == 3, result.stderr
    assert all(line.startswith(f"{path}: ") for line in problems)
    assert any("item unemployment_benefit: halls" in line and "foshan_hq" in line for line in problems)
    assert any("item id_card_renewal: materials[1].form" in line for line in problems)
    assert any("item subsistence_allowance" in line and "promised_days" in line for line in problems)
    assert "nothing loaded" in lines[-1]
    assert result.stdout == ""


def test_check_reports_a_file_that_is_not_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\nitems: [unclosed\n", encoding="utf-8")
    result = run_main("catalog", "check", str(path), tmp_path=tmp_path)
    assert result.returncode != 0
    assert f"{path}: not valid YAML" in result.stderr


def test_load_refuses_an_invalid_file_and_loads_nothing(tmp_path):
    raw = shipped()
    item(raw, "marriage_registration")["fee"] = "工本费9元"  # free: true disagrees
    path = write(tmp_path, raw, "broken.yaml")
    result = run_main("catalog", "load", str(path), tmp_path=tmp_path)
    assert result.returncode != 0
    assert "item marriage_registration" in result.stderr and "free and fee disagree" in result.stderr
    assert not (tmp_path / "cli.sqlite3").exists()


def test_cli_load_is_idempotent(tmp_path):
    data = read_catalog_file(SHIPPED_CATALOG)
    total = len(data.items) + len(data.halls)
    first = run_main("catalog", "load", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert f"loaded: {total} added, 0 changed, 0 unchanged" in first.stdout
    second = run_main("catalog", "load", tmp_path=tmp_path)
    assert second.returncode == 0, second.stderr
    assert f"loaded: 0 added, 0 changed, {total} unchanged" in second.stdout


async def test_load_adds_everything_then_nothing_then_exactly_the_changed_item(tmp_path):
    data = read_catalog_file(SHIPPED_CATALOG)
    total = len(data.items) + len(data.halls)
    raw = shipped()
    item(raw, "id_card_renewal")["fee"] = "工本费25元"
    changed = read_catalog_file(write(tmp_path, raw))

    async with open_database(backend.database_url(tmp_path, "x"), MODEL_MODULES):
        first = await load_catalog(data)
        assert (first.added, first.changed, first.unchanged) == (total, 0, 0)

        second = await load_catalog(data)
        assert (second.added, second.changed, second.unchanged) == (0, 0, total)

        third = await load_catalog(changed)
        assert (third.added, third.changed, third.unchanged) == (0, 1, total - 1)

        loaded = await read_loaded_catalog()
        assert loaded.item("id_card_renewal").fee == "工本费25元"
        assert loaded.item("id_card_replacement") == next(i for i in data.items if i.code == "id_card_replacement")
        assert set(loaded.items) == {i.code for i in data.items}
        assert set(loaded.halls) == {h.code for h in data.halls}
        assert loaded.halls_for(loaded.item("marriage_registration"))[0].code == "district_center"


async def test_the_loaded_catalog_equals_the_file(tmp_path):
    data = read_catalog_file(SHIPPED_CATALOG)
    async with open_database(backend.database_url(tmp_path, "x"), MODEL_MODULES):
        await load_catalog(data)
        loaded = await read_loaded_catalog()
    assert loaded.items == {i.code: i for i in data.items}
    assert loaded.halls == {h.code: h for h in data.halls}
    renewal = loaded.item("id_card_renewal")
    assert {m.name for m in renewal.materials_for("local")} != {m.name for m in renewal.materials_for("other_province")}


def test_read_catalog_file_raises_with_one_line_per_problem(tmp_path):
    raw = shipped()
    del item(raw, "newborn_hukou")["summary"]
    item(raw, "id_card_first")["materials"][0]["when"] = ["adopted"]
    path = write(tmp_path, raw)
    try:
        read_catalog_file(path)
    except CatalogError as exc:
        assert exc.path == path
        assert len(exc.problems) == 2, exc.problems
        assert any(p.startswith(f"{path}: item newborn_hukou: summary") for p in exc.problems), exc.problems
        assert any("item id_card_first" in p and "materials[0].when" in p and "adopted" in p for p in exc.problems)
    else:
        raise AssertionError("an invalid file was accepted")
