"""The console's pre-check review: the list of files with a problem, the image behind the session only,
the fields read, and the reviewer's override with a reason, audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from identity import recent_actions
from prechecks.models import PrecheckRecord
from tests import backend
from tests.handlers.console_helpers import console, signed_in  # noqa: F401

JPEG = b"\xff\xd8\xff\xe0" + b"0" * 64 + b"\xff\xd9"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    uploads_dir=str(tmp_path / "uploads"))


async def blurred_card(settings, clock) -> PrecheckRecord:
    folder = Path(settings.uploads_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "0123456789abcdef0123456789abcdef.jpg").write_bytes(JPEG)
    await PrecheckRecord.create(citizen="citizen-0009-abcdef", item="id_card_renewal", kind="id_back",
                                codes=["strip_exif"], messages=[], read_fields={}, file_name=None,
                                created_at=clock.now())  # accepted by the machine: not to review
    return await PrecheckRecord.create(
        citizen="citizen-0007-abcdef", item="id_card_renewal", kind="id_front", codes=["blurred"],
        messages=["身份证人像面照片模糊，文字看不清。"],
        read_fields={"name": "张三", "id_number": "440602199001011234"},
        file_name="0123456789abcdef0123456789abcdef.jpg", created_at=clock.now())


async def test_a_reviewer_sees_the_image_and_overrides_with_a_reason(console, settings, clock):
    record = await blurred_card(settings, clock)
    csrf = await signed_in(console, "rita")
    listing = await (await console.get("/console/prechecks")).text()
    assert f"/console/prechecks/{record.id}" in listing and listing.count("查看并复核") == 1
    assert "模糊" in listing and "citi****" in listing and "citizen-0007" not in listing
    page = await (await console.get(f"/console/prechecks/{record.id}")).text()
    assert "440602199001011234" in page and f'src="/console/prechecks/{record.id}/image"' in page
    image = await console.get(f"/console/prechecks/{record.id}/image")
    assert image.status == 200 and await image.read() == JPEG
    assert image.headers["Cache-Control"] == "no-store" and image.content_type == "image/jpeg"
    short = await console.post(f"/console/prechecks/{record.id}/override",
                               data={"csrf": csrf, "verdict": "pass", "reason": " "})
    assert "请写明理由" in await short.text()
    done = await console.post(f"/console/prechecks/{record.id}/override",
                              data={"csrf": csrf, "verdict": "pass", "reason": "原件已在窗口核验"})
    assert "已改为通过" in await done.text()
    stored = await PrecheckRecord.get(id=record.id)
    assert stored.override_verdict == "pass" and stored.override_staff == "rita" and stored.accepted
    assert "查看并复核" not in await (await console.get("/console/prechecks")).text()
    actions = [(a.action, a.details) for a in await recent_actions(staff="rita")]
    assert ("precheck_override", {"verdict": "pass", "reason": "原件已在窗口核验"}) in actions
    assert ("precheck_view", {}) in actions
    assert (await console.get("/console/prechecks?status=whatever")).status == 422
    assert (await console.get("/console/prechecks/99999")).status == 404


async def test_the_image_is_for_reviewers_only_and_the_form_needs_its_token(console, settings, clock):
    record = await blurred_card(settings, clock)
    assert (await console.get(f"/console/prechecks/{record.id}/image", allow_redirects=False)).status == 303
    csrf = await signed_in(console, "cleo")
    assert (await console.get("/console/prechecks")).status == 403
    assert (await console.get(f"/console/prechecks/{record.id}/image")).status == 403
    refused = await console.post(f"/console/prechecks/{record.id}/override",
                                 data={"csrf": csrf, "verdict": "pass", "reason": "看过了"})
    assert refused.status == 403
    await signed_in(console, "rita")
    forged = await console.post(f"/console/prechecks/{record.id}/override",
                                data={"verdict": "pass", "reason": "看过了"})
    assert forged.status == 403 and (await PrecheckRecord.get(id=record.id)).override_verdict is None
