"""GET /healthz: 200 once the database, Redis and the catalog are ready."""

from aiohttp import web

from .keys import catalog_key, redis_key


async def get_healthz(request: web.Request) -> web.Response:
    await request.app[redis_key].ping()
    return web.json_response({"status": "ok", "items": len(request.app[catalog_key].items)})


routes = [web.get("/healthz", get_healthz)]
