"""Staff accounts: made only with a password of their own, kept as an argon2 hash; API tokens as hashes."""

from __future__ import annotations

import io

import pytest

from core.db import open_database
from handlers.parts import MODEL_MODULES
from identity import add_staff, check_password, issue_api_token, staff_of_api_token
from identity.cli import run_staff_command
from identity.staff import StaffAccount
from tests import backend
from tests.conftest import NOV_25_10AM


@pytest.fixture
async def db(tmp_path):
    async with open_database(backend.database_url(tmp_path, "s"), MODEL_MODULES):
        yield


@pytest.mark.parametrize(("args", "status", "says"), [
    (("add", "ada", "admin", None, None), 2, "a password is needed"),
    (("add", "ada", "admin", None, ""), 2, "a password is needed"),
    (("add", "ada", "admin", None, "short"), 1, "10 to 128"),
    (("add", "ada", "boss", None, "long enough password"), 1, "role"),
    (("add", "Ada!", "admin", None, "long enough password"), 1, "name"),
    (("add", "ada", "clerk", "nowhere", "long enough password"), 2, "--hall"),
    (("token", "nobody", None, None, None), 1, "no active staff account"),
])
async def test_the_command_refuses_what_would_make_a_weak_or_wrong_account(db, args, status, says):
    out = io.StringIO()
    assert await run_staff_command(*args, out, NOV_25_10AM) == status
    assert says in out.getvalue()
    assert await StaffAccount.all().count() == 0


async def test_only_the_hash_is_kept_and_only_the_password_opens(db):
    out = io.StringIO()
    assert await run_staff_command("add", "ada", "admin", None, "long enough password", out, NOV_25_10AM) == 0
    row = await StaffAccount.get(name="ada")
    assert row.password_hash.startswith("$argon2id$") and "long enough" not in row.password_hash
    assert (await check_password("ada", "long enough password")).role == "admin"
    assert await check_password("ada", "long enough passworD") is None
    assert await check_password("eve", "long enough password") is None


async def test_an_api_token_is_kept_as_its_hash(db):
    await add_staff("rita", "reviewer", "reviewer password 1", hall=None, now=NOV_25_10AM)
    token = await issue_api_token("rita")
    row = await StaffAccount.get(name="rita")
    assert row.api_token_hash and token not in row.api_token_hash
    assert (await staff_of_api_token(token)).name == "rita"
