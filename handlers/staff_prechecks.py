"""Staff's word on a pre-check (auth and `X-Staff-Id` as the rest of the staff API):

    POST /api/staff/v1/prechecks/{id}/override {verdict: pass|reject, reason}   kept with the staff id

A `pass` puts the file in the citizen's vault and counts it in checklists; a `reject` takes it out.
"""

from __future__ import annotations

from typing import Literal

from aiohttp import web
from pydantic import BaseModel, Field

from prechecks.vault import masked_fields, override

from .keys import clock_key
from .miniapp.idempotency import idempotent
from .miniapp.models import Lenient
from .miniapp.openapi import Operation
from .miniapp.responses import model_response
from .problems import api_error
from .staff_appointments import require_staff
from .staff_progress import StaffHeaders, staff_actor
from .validation import Strict, read_json, read_path

NOT_FOUND = ("not_found", "没有这条预审记录，请核对编号后再试。")


class OverridePath(Lenient):
    id: int = Field(ge=1, le=2**31 - 1)


class OverrideForm(Strict):
    verdict: Literal["pass", "reject"]
    reason: str = Field(min_length=2, max_length=200, examples=["原件已在窗口核验，照片反光不影响"])


class OverrideOut(BaseModel):
    id: int
    kind: str
    codes: list[str] = Field(description="the machine's codes, kept as they were")
    fields: dict[str, object] = Field(description="masked")
    staff_verdict: str
    reason: str
    staff_id: str
    overridden_at: str


async def post_override(request: web.Request) -> web.Response:
    await require_staff(request)
    actor = staff_actor(request)
    record_id = read_path(request, OverridePath, not_found=NOT_FOUND).id

    async def produce() -> web.Response:
        form = await read_json(request, OverrideForm)
        row = await override(record_id, form.verdict, form.reason, actor.id, request.app[clock_key].now())
        if row is None:
            raise api_error(404, *NOT_FOUND)
        return model_response(OverrideOut(
            id=row.id, kind=row.kind, codes=list(row.codes), fields=masked_fields(row.read_fields),
            staff_verdict=form.verdict, reason=form.reason, staff_id=actor.id,
            overridden_at=row.overridden_at.isoformat() if row.overridden_at else ""))

    return await idempotent(request, f"staff:{actor.id}", produce)


OPERATIONS = [
    Operation("POST", "/api/staff/v1/prechecks/{id}/override", "override_precheck", post_override,
              "Override a pre-check's verdict with a reason (kept with the staff id)", "prechecks",
              {200: OverrideOut}, errors=(400, 404, 422), body=OverrideForm, path_params=OverridePath,
              headers=StaffHeaders, auth=True, idempotent=True),
]
routes = [web.route(op.method, op.path, op.handler) for op in OPERATIONS]
