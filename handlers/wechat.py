"""PLACEHOLDER: the official-account endpoint (to be written)."""

from aiohttp import web

routes: list[web.RouteDef] = []
