"""The catalog in force (every role reads it): the items with their aliases, materials, time limits
and halls, so staff answer as the bot does and see which phrasings it knows. Admins and supervisors
edit and publish (catalog_edit.py) and roll back (catalog_versions.py).

    GET /console/catalog?q=         items whose name, short name or an alias contains q
    GET /console/catalog/{code}
"""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from catalog.schema import Item

from ..catalog_in_force import catalog_version_key
from ..keys import catalog_key
from .access import CATALOG_EDITORS, page_context, page_visit, refuse

MAX_QUERY = 40


def matches(item: Item, query: str) -> bool:
    return not query or any(query in text for text in (item.name, item.short_name, item.code, *item.aliases))


async def get_catalog(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "catalog")
    query = request.query.get("q", "").strip()
    if len(query) > MAX_QUERY:
        raise refuse(request, 422, f"搜索词太长了，请不超过{MAX_QUERY}个字。")
    catalog = request.app[catalog_key]
    items = [i for i in catalog.items.values() if matches(i, query)]
    return aiohttp_jinja2.render_template("catalog.html", request, await page_context(
        request, visit, "catalog", title="事项目录", items=items, q=query, total=len(catalog.items),
        in_force=request.app[catalog_version_key].number, may_edit=visit.staff.role in CATALOG_EDITORS))


async def get_item(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "catalog")
    catalog = request.app[catalog_key]
    item = catalog.item(request.match_info["code"])
    if item is None:
        raise refuse(request, 404, "没有这个事项，请回到目录再选。")
    return aiohttp_jinja2.render_template("catalog_item.html", request, await page_context(
        request, visit, "catalog", title=item.name, item=item, halls=catalog.halls_for(item),
        in_force=request.app[catalog_version_key].number, may_edit=visit.staff.role in CATALOG_EDITORS))


routes = [web.get("/console/catalog", get_catalog), web.get("/console/catalog/{code}", get_item)]
