"""The console's test app: our small catalog (one item with every stage), staff accounts, a sign-in."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from catalog import CatalogFile, load_catalog
from core.db import open_database
from handlers.app import create_app
from handlers.parts import MODEL_MODULES
from identity import add_staff
from tests.appointments.factories import hall, item

STAFF_TOKEN = "shared-staff-token-0123456789"
PASSWORD = "window-3-password"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def console_catalog() -> CatalogFile:
    staged = item("residence_permit", kind="person", halls=["district_center", "zumiao"])
    staged |= {"on_the_spot": False, "promised_days": 5, "legal_days": 10,
               "stages": ["申请受理", "承办", "审核", "批准", "办结"]}
    return CatalogFile.model_validate({
        "version": 1,
        "halls": [hall("district_center", windows=2), hall("zumiao", windows=1, saturday=False)],
        "items": [item("id_card_renewal", kind="person", halls=["district_center", "zumiao"]), staged],
    })


@pytest.fixture
async def console(aiohttp_client, settings, clock):
    async with open_database(settings.database_url, MODEL_MODULES):
        await load_catalog(console_catalog())
    client = await aiohttp_client(create_app(replace(settings, staff_token=STAFF_TOKEN), clock=clock))
    for name, role, at_hall in (("ada", "admin", None), ("sup", "supervisor", None),
                                ("cleo", "clerk", "district_center"), ("zed", "clerk", "zumiao"),
                                ("rita", "reviewer", None)):
        await add_staff(name, role, PASSWORD, hall=at_hall, now=clock.now())
    return client


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, html[:500]
    return found.group(1)


async def log_in(client, name: str, password: str = PASSWORD):
    client.session.cookie_jar.clear()  # a new browser: no session, no login cookie
    page = await client.get("/console/login")
    return await client.post("/console/login", data={"name": name, "password": password,
                                                     "csrf": csrf_of(await page.text())}, allow_redirects=False)


async def signed_in(client, name: str) -> str:
    """Sign in as `name`; the session's CSRF token (from the first page)."""
    response = await log_in(client, name)
    assert response.status == 303, await response.text()
    home = await client.get("/console")
    assert home.status == 200
    return csrf_of(await home.text())
