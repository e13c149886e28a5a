"""Editing an item of the catalog (admins, supervisors): the form, the check, the publish.

    GET  /console/catalog/{code}/edit     the item's fields in a form, on the version in force
    POST /console/catalog/{code}/edit     {csrf, base, do=check|publish, note, the fields…}

"check" validates with the catalog's own models (catalog/schema.py) and shows each error beside its
field; "publish" does the same, then stores the whole catalog as a new version (catalog/versions.py),
which this process answers from before the page comes back and every other process within a second
(handlers/catalog_in_force.py). A form opened on an older version is refused (another publish came
between), as is one that changes nothing. Published: a line in the staff actions.
"""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from catalog import ChangedMeanwhile, Item, NothingChanged, publish_item

from ..catalog_in_force import adopt_published, announce_published, catalog_version_key
from ..keys import catalog_key, clock_key
from .access import (
    CATALOG_EDITORS,
    Visit,
    action_visit,
    audit,
    back,
    flash,
    page_context,
    page_visit,
    refuse,
    require_role,
)
from .catalog_form import FIELD_NAMES, ROW_NAMES, check_form, choices, field_label, values_of

MAX_NOTE = 200


def item_here(request: web.Request) -> Item:
    item = request.app[catalog_key].item(request.match_info["code"])
    if item is None:
        raise refuse(request, 404, "没有这个事项，请回到目录再选。")
    return item


async def render_form(request: web.Request, visit: Visit, item: Item, values: dict[str, Any], *,
                      errors: dict[str, str] | None = None, base: int, note: str = "", passed: bool = False,
                      status: int = 200) -> web.StreamResponse:
    errors = errors or {}
    summary = [(key, field_label(key), said) for key, said in errors.items()]
    return aiohttp_jinja2.render_template("catalog_edit.html", request, await page_context(
        request, visit, "catalog", title=f"编辑：{item.name}", item=item, values=values, errors=errors,
        summary=summary, base=base, note=note, passed=passed, all_halls=list(request.app[catalog_key].halls.values()),
        situations=[(s.code, s.name) for s in item.situations], names=FIELD_NAMES, row_names=ROW_NAMES,
        **choices()), status=status)


async def get_edit(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "catalog")
    require_role(request, visit, CATALOG_EDITORS)
    item = item_here(request)
    return await render_form(request, visit, item, values_of(item), base=request.app[catalog_version_key].number)


async def post_edit(request: web.Request) -> web.StreamResponse:
    visit, fields = await action_visit(request, "catalog")
    require_role(request, visit, CATALOG_EDITORS)
    item = item_here(request)
    raw_base, note = fields.get("base", ""), fields.get("note", "").strip()
    if not raw_base.isdigit() or len(raw_base) > 9:
        raise refuse(request, 422, "页面缺少版本号，请重新打开编辑页。")
    base = int(raw_base)
    if len(note) > MAX_NOTE:
        raise refuse(request, 422, f"发布说明太长了，请不超过{MAX_NOTE}字。")
    catalog = request.app[catalog_key]
    checked = check_form(await request.post(), item, catalog)
    if checked.item is None:
        return await render_form(request, visit, item, checked.values, errors=checked.errors, base=base, note=note,
                                 status=422)
    if fields.get("do") != "publish":
        return await render_form(request, visit, item, checked.values, base=base, note=note, passed=True)
    try:
        version = await publish_item(checked.item, staff=visit.staff.name, note=note, base=base,
                                     now=request.app[clock_key].now())
    except NothingChanged:
        return await render_form(request, visit, item, checked.values, base=base, note=note, status=409,
                                 errors={"": "和现在使用的版本一样，没有改动，不需要发布。"})
    except ChangedMeanwhile as exc:
        return await render_form(request, visit, item, checked.values, base=base, note=note, status=409, errors={
            "": f"您编辑期间已发布了第{exc.in_force}版。请记下您的修改，重新打开编辑页，在最新版本上再改。"})
    await adopt_published(request.app)
    await announce_published(request.app, version.number)
    changed = version.changes.get("items", {}).get(item.code, [])
    await audit(request, visit.staff, "catalog_published", target=f"catalog:{version.number}",
                details={"item": item.code, "fields": changed, "note": note})
    await flash(request, visit, f"已发布第{version.number}版，机器人从下一条消息起按新内容回答。")
    raise back(f"/console/catalog/{item.code}")


routes = [web.get("/console/catalog/{code}/edit", get_edit), web.post("/console/catalog/{code}/edit", post_edit)]
