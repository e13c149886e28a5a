"""The staff console: server-rendered pages (aiohttp-jinja2, autoescaped) under /console.

    login.py         sign in and out, throttled          access.py    sessions, CSRF, roles, halls, audit
    queue.py         today's queue of a hall             appointments.py   a hall's day
    handoffs.py      citizens waiting for a person       applications.py   办件: advance, 补正, reject
    dashboard.py     figures and SVG charts (charts.py)    prechecks.py   pre-check review: image, override
    campaigns.py     compose, count, preview, schedule, progress, cancel (notify/campaigns.py)
    complaints.py    投诉: by deadline, answer once       catalog.py     the catalog in force
    catalog_edit.py  edit an item, check, publish (catalog_form.py)   catalog_versions.py  history, rollback
    rules.py         the reminder rules, each message with a sample   letters.py   dead letters: retry, drop

Templates are in templates/, the stylesheet and the one script (live refresh) in static/, served
by the app itself: no CDN, no build step. The CSP of these pages allows only 'self' scripts and styles.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from . import (
    applications,
    appointments,
    campaigns,
    catalog,
    catalog_edit,
    catalog_versions,
    complaints,
    dashboard,
    handoffs,
    letters,
    login,
    prechecks,
    queue,
    rules,
)

HERE = Path(__file__).parent
STATIC_PATH = "/console/static"


def setup_console(app: web.Application) -> None:
    """Templates (autoescaped) and the console's routes."""
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                         undefined=jinja2.StrictUndefined)
    app.add_routes(login.routes + queue.routes + appointments.routes + handoffs.routes + applications.routes
                   + dashboard.routes + prechecks.routes + campaigns.routes
                   + complaints.routes + catalog_edit.routes + catalog.routes + catalog_versions.routes
                   + rules.routes + letters.routes)
    app.router.add_static(STATIC_PATH, HERE / "static", append_version=False)


__all__ = ["STATIC_PATH", "setup_console"]
