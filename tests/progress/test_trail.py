"""The audit trail is append-only: no code path updates or deletes a trail row, a stored row
refuses to be saved again or deleted, and no endpoint edits it."""

from __future__ import annotations

import ast
import re
from datetime import datetime
from pathlib import Path

import pytest

from core.clock import SHANGHAI
from progress import Actor, TrailIsAppendOnly, open_application
from progress.models import ApplicationEvent

from .api import STAFF

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ["appointments", "bench", "bot", "catalog", "core", "handlers", "identity", "intents", "notify",
           "prechecks", "progress", "wechat", "main.py"]
TRAIL_MODELS = {"ApplicationEvent", "ApplicationRow"}  # an application's delete would take its trail along
MUTATIONS = {"update", "delete", "bulk_update", "select_for_update", "update_or_create", "update_from_dict",
             "raw", "save"}
RAW_SQL = re.compile(r"(?is)\b(update\s+\W?application_events|delete\s+from\s+\W?application_events|"
                     r"truncate\b.*application_events|drop\s+table\b.*application_events)")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


def product_files() -> list[Path]:
    files: list[Path] = []
    for name in PRODUCT:
        path = ROOT / name
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def root_name(node: ast.AST) -> str | None:
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, (ast.Subscript, ast.Await)):
            node = node.value
        else:
            return node.id if isinstance(node, ast.Name) else None


def mutations_of_the_trail(source: str) -> list[str]:
    """Calls like ApplicationEvent.filter(...).update(...), and ApplicationRow's deletes."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in MUTATIONS:
            root = root_name(node.value)
            if root == "ApplicationEvent" or (root in TRAIL_MODELS and node.attr in ("delete", "raw")):
                found.append(f"line {node.lineno}: {root}….{node.attr}")
    return found


def test_the_scan_finds_what_it_looks_for():
    assert mutations_of_the_trail("await ApplicationEvent.filter(id=1).update(note='x')")
    assert mutations_of_the_trail("ApplicationEvent.all().delete()")
    assert mutations_of_the_trail("await ApplicationRow.filter(number=n).delete()")
    assert RAW_SQL.search('db.execute_query("DELETE FROM application_events WHERE id = 1")')
    assert RAW_SQL.search("UPDATE \"application_events\" SET note = ''")
    assert not mutations_of_the_trail("await ApplicationEvent.create(note='x'); ApplicationEvent.filter(id=1)")


@pytest.mark.parametrize("path", product_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_code_path_updates_or_deletes_a_trail_row(path: Path):
    source = path.read_text(encoding="utf-8")
    assert mutations_of_the_trail(source) == [], path
    assert RAW_SQL.search(source) is None, path


def test_the_trail_is_written_only_inside_progress():
    users = {p.relative_to(ROOT).parts[0] for p in product_files() if "ApplicationEvent" in p.read_text("utf-8")}
    assert users == {"progress"}


async def test_a_stored_trail_row_refuses_to_change_or_go(db, catalog):
    app = await open_application(catalog.items["passport"], catalog.halls["zumiao"], "c1", "hall",
                                 actor=Actor("staff", "s1"), now=NOW)
    row = await ApplicationEvent.get(action="created")
    row.note = "rewritten"
    with pytest.raises(TrailIsAppendOnly):
        await row.save()
    with pytest.raises(TrailIsAppendOnly):
        await row.delete()
    assert (await ApplicationEvent.get(id=row.id)).note == ""
    assert app.number.startswith("BJ")


async def test_no_endpoint_edits_an_application_or_its_trail(client):
    response = await client.post("/api/staff/v1/applications", headers=STAFF,
                                 json={"item": "passport", "citizen_id": "c1", "hall": "district_center"})
    number = (await response.json())["number"]
    editing = {(r.method, r.resource.canonical) for r in client.app.router.routes()
               if r.resource is not None and "applications" in r.resource.canonical
               and r.method in ("PUT", "PATCH", "DELETE")}
    assert editing == set()
    for path in (f"/api/staff/v1/applications/{number}", f"/api/staff/v1/applications/{number}/changes",
                 f"/api/v1/applications/{number}"):
        for method in ("PUT", "PATCH", "DELETE"):
            assert (await client.request(method, path, headers=STAFF)).status == 405
    trail = (await (await client.get(f"/api/staff/v1/applications/{number}", headers=STAFF)).json())["trail"]
    assert len(trail) == 1
