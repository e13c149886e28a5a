"""The catalog's publish history (every catalog role reads it; admins and supervisors roll back).

    GET  /console/catalog-versions              newest first: number, who, when, note, what changed
    GET  /console/catalog-versions/{number}     what it changed from the version before, line by line
    POST /console/catalog-versions/{number}/rollback   {csrf, base, note}: a new version equal to it

A rollback goes through catalog/versions.py like a publish (refused when another version came after
the page was opened), is adopted at once here and within a second by every other process, and is a
line in the staff actions.
"""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from catalog import (
    ChangedMeanwhile,
    Hall,
    Item,
    NothingChanged,
    VersionNotFound,
    changes_between,
    content_of,
    list_versions,
    roll_back,
    version_of,
)
from catalog.models import CatalogVersion
from core.clock import SHANGHAI

from ..catalog_in_force import adopt_published, announce_published, catalog_version_key
from ..keys import catalog_key, clock_key
from .access import (
    CATALOG_EDITORS,
    action_visit,
    audit,
    back,
    flash,
    page_context,
    page_visit,
    refuse,
    require_role,
)
from .catalog_form import FIELD_NAMES, FORM_NAMES, KIND_NAMES

MAX_NOTE = 200


def changes_text(changes: dict[str, Any], catalog: Any) -> list[str]:
    """"换身份证：费用、免费" for each item (and hall) a version changed."""
    lines = []
    for section, lookup in (("items", catalog.item), ("halls", catalog.hall)):
        for code, fields in (changes.get(section) or {}).items():
            found = lookup(code)
            name = found.short_name if found is not None else code
            lines.append(f"{name}：{'、'.join(FIELD_NAMES.get(f, f) for f in fields)}")
    return lines


def version_row(v: CatalogVersion, catalog: Any, in_force: int) -> dict[str, Any]:
    return {"number": v.number, "staff": v.staff, "at": v.created_at.astimezone(SHANGHAI), "note": v.note,
            "changes": changes_text(v.changes, catalog) if v.number > 1 or v.changes else [],
            "baseline": v.number == 1 and not v.changes, "rollback_of": v.rollback_of, "in_force": v.number == in_force}


def shown(value: Any) -> list[str]:
    """A field's value as lines a clerk reads."""
    if isinstance(value, bool):
        return ["是" if value else "否"]
    if isinstance(value, list | tuple):
        return [line for v in value for line in shown_entry(v)]
    return [KIND_NAMES.get(str(value), str(value))]


def shown_entry(value: Any) -> list[str]:
    if isinstance(value, dict) and "form" in value:  # a material
        count = f"×{value['count']}" if value.get("count", 1) > 1 else ""
        note = f"：{value['note']}" if value.get("note") else ""
        when = f"（仅{'、'.join(value['when'])}）" if value.get("when") else ""
        return [f"{value['name']}（{FORM_NAMES.get(value['form'], value['form'])}）{count}{note}{when}"]
    if isinstance(value, dict):  # a situation
        return [f"{value.get('name', '')}（{value.get('code', '')}）"]
    return [str(value)]


def field_diff(before: Item | Hall | None, after: Item | Hall, field: str) -> dict[str, Any]:
    old = shown(before.model_dump(mode="json")[field]) if before is not None and field != "added" else []
    new = shown(after.model_dump(mode="json")[field]) if field != "added" else [after.name]
    return {"field": FIELD_NAMES.get(field, field),
            "lines": [("del", line) for line in old if line not in new] + [("ins", line) for line in new
                                                                           if line not in old]}


async def get_versions(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "catalog")
    in_force = request.app[catalog_version_key].number
    catalog = request.app[catalog_key]
    rows = [version_row(v, catalog, in_force) for v in await list_versions()]
    return aiohttp_jinja2.render_template("catalog_versions.html", request, await page_context(
        request, visit, "catalog", title="目录发布历史", versions=rows, in_force=in_force))


async def version_here(request: web.Request) -> CatalogVersion:
    raw = request.match_info["number"]
    try:
        if not raw.isdigit() or len(raw) > 9:
            raise VersionNotFound(0)
        return await version_of(int(raw))
    except VersionNotFound:
        raise refuse(request, 404, "没有这个版本，请回到发布历史再选。") from None


async def get_version(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "catalog")
    version = await version_here(request)
    after = content_of(version)
    diffs = []
    if version.number > 1:
        before = content_of(await version_of(version.number - 1))
        changes = changes_between(before, after)
        for section, old_models, new_models in (("items", before.items, after.items),
                                                 ("halls", before.halls, after.halls)):
            olds = {m.code: m for m in old_models}
            news: dict[str, Item | Hall] = {m.code: m for m in new_models}
            for code, fields in changes[section].items():
                model = news[code]
                diffs.append({"name": model.name, "code": code, "item": section == "items",
                              "fields": [field_diff(olds.get(code), model, f) for f in fields]})
    in_force = request.app[catalog_version_key].number
    catalog = request.app[catalog_key]
    return aiohttp_jinja2.render_template("catalog_version.html", request, await page_context(
        request, visit, "catalog", title=f"目录第{version.number}版", version=version_row(version, catalog, in_force),
        diffs=diffs, in_force=in_force,
        may_roll_back=visit.staff.role in CATALOG_EDITORS and version.number != in_force))


async def post_rollback(request: web.Request) -> web.StreamResponse:
    visit, fields = await action_visit(request, "catalog")
    require_role(request, visit, CATALOG_EDITORS)
    version = await version_here(request)
    raw_base, note = fields.get("base", ""), fields.get("note", "").strip()
    if not raw_base.isdigit() or len(raw_base) > 9:
        raise refuse(request, 422, "页面缺少版本号，请回到发布历史重新打开。")
    if not note or len(note) > MAX_NOTE:
        await flash(request, visit, f"请写明回滚的原因（不超过{MAX_NOTE}字）。")
        raise back(f"/console/catalog-versions/{version.number}")
    try:
        done = await roll_back(version.number, staff=visit.staff.name, note=note, base=int(raw_base),
                               now=request.app[clock_key].now())
    except NothingChanged:
        await flash(request, visit, "现在使用的内容就是这一版的，不需要回滚。")
        raise back(f"/console/catalog-versions/{version.number}") from None
    except ChangedMeanwhile as exc:
        await flash(request, visit, f"您打开页面后又发布了第{exc.in_force}版，请看过最新的改动再决定是否回滚。")
        raise back("/console/catalog-versions") from None
    await adopt_published(request.app)
    await announce_published(request.app, done.number)
    await audit(request, visit.staff, "catalog_rolled_back", target=f"catalog:{done.number}",
                details={"to": version.number, "note": note})
    await flash(request, visit, f"已回滚：第{done.number}版与第{version.number}版内容相同，机器人已按它回答。")
    raise back("/console/catalog-versions")


routes = [
    web.get("/console/catalog-versions", get_versions),
    web.get("/console/catalog-versions/{number}", get_version),
    web.post("/console/catalog-versions/{number}/rollback", post_rollback),
]
