"""Pre-check review (reviewers, admins): the files the machine found a problem in, their image, the
fields read and the problems; the reviewer's verdict with a reason (prechecks.vault.override, as
the staff API's POST /api/staff/v1/prechecks/{id}/override).

    GET  /console/prechecks?status=            waiting (default), passed, rejected
    GET  /console/prechecks/{id}               the fields read whole (the reviewer compares them with
                                               the image); the view is audited
    GET  /console/prechecks/{id}/image         the stripped copy, only to a signed-in reviewer, no-store
    POST /console/prechecks/{id}/override      {csrf, verdict: pass|reject, reason}

The image is read from `uploads_dir` (never a public path) by the record's random file name.
"""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from catalog import Catalog
from core.privacy import mask_citizen_id
from prechecks.messages import KIND_NAMES
from prechecks.models import PrecheckRecord
from prechecks.result import CODES
from prechecks.vault import REVIEW_STATUSES, file_path, masked_fields, override, record_of, records_to_review

from ..keys import catalog_key, clock_key, settings_key
from .access import action_visit, audit, back, flash, page_context, page_visit, refuse

LIST_STATUSES = {"waiting": "待复核", "passed": "已改为通过", "rejected": "已改为不通过"}
VERDICTS = {"pass": "通过", "reject": "不通过"}
FIELD_NAMES = {"name": "姓名", "id_number": "身份号码", "sex": "性别", "nation": "民族", "birth": "出生",
               "address": "住址", "issuing_authority": "签发机关", "valid_from": "有效期起", "valid_until": "有效期至",
               "uscc": "统一社会信用代码", "company_name": "名称", "company_type": "类型",
               "legal_representative": "法定代表人", "established": "成立日期", "relation_to_head": "与户主关系",
               "title": "标题"}
CODE_NAMES = {"refuse_type": "文件类型不支持", "refuse_empty": "空文件", "refuse_corrupt": "文件损坏",
              "refuse_bomb": "文件异常", "strip_exif": "已删除位置信息", "blurred": "模糊", "too_dark": "太暗",
              "cropped": "没拍全", "bad_checksum": "号码校验不通过", "mismatch_birth": "出生日期与号码不符",
              "expired": "已过期", "expiring_soon": "即将到期", "bad_uscc": "信用代码校验不通过"}
MIN_REASON, MAX_REASON = 2, 200
assert set(REVIEW_STATUSES) == set(LIST_STATUSES) and set(CODES) == set(CODE_NAMES)


def precheck_row(r: PrecheckRecord, catalog: Catalog, *, whole: bool = False) -> dict[str, Any]:
    item = catalog.item(r.item) if r.item else None
    shown = r.read_fields if whole else masked_fields(r.read_fields)
    return {"id": r.id, "citizen": mask_citizen_id(r.citizen), "item": item.short_name if item else "",
            "kind": KIND_NAMES.get(r.kind, r.kind), "created_at": r.created_at,
            "problems": [CODE_NAMES.get(c, c) for c in r.codes if c != "strip_exif"], "messages": list(r.messages),
            "fields": [(FIELD_NAMES.get(k, k), v) for k, v in shown.items() if v not in (None, "")],
            "has_file": r.file_name is not None, "verdict": VERDICTS.get(r.override_verdict or "", ""),
            "reason": r.override_reason or "", "staff": r.override_staff or "", "at": r.overridden_at}


async def record_here(request: web.Request) -> PrecheckRecord:
    raw = request.match_info["id"]
    record = await record_of(int(raw)) if raw.isdigit() and len(raw) <= 9 else None
    if record is None:
        raise refuse(request, 404, "没有这条预审记录，请回到列表再选。")
    return record


async def get_prechecks(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "prechecks")
    status = request.query.get("status", "waiting")
    if status not in LIST_STATUSES:
        raise refuse(request, 422, "没有这种状态，请从列表中选择。")
    catalog = request.app[catalog_key]
    rows = [precheck_row(r, catalog) for r in await records_to_review(status)]
    return aiohttp_jinja2.render_template("prechecks.html", request, await page_context(
        request, visit, "prechecks", title="预审复核", status=status, statuses=LIST_STATUSES, records=rows))


async def get_precheck(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "prechecks")
    record = await record_here(request)
    await audit(request, visit.staff, "precheck_view", str(record.id))  # personal data was shown whole
    return aiohttp_jinja2.render_template("precheck.html", request, await page_context(
        request, visit, "prechecks", title=f"预审复核 #{record.id}",
        record=precheck_row(record, request.app[catalog_key], whole=True), verdicts=VERDICTS,
        max_reason=MAX_REASON))


async def get_image(request: web.Request) -> web.StreamResponse:
    await page_visit(request, "prechecks")
    record = await record_here(request)
    path = file_path(record, request.app[settings_key].uploads_dir)
    if path is None:
        raise refuse(request, 404, "这份材料的图片没有保存（文件被拒收或已删除）。")
    return web.Response(body=path.read_bytes(), content_type="image/jpeg",
                        headers={"Cache-Control": "no-store", "Content-Disposition": "inline"})


async def post_override(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "prechecks")
    record = await record_here(request)
    verdict, reason = form.get("verdict", ""), form.get("reason", "").strip()
    if verdict not in VERDICTS:
        await flash(request, visit, "请选择“通过”或“不通过”。")
        raise back(f"/console/prechecks/{record.id}")
    if not MIN_REASON <= len(reason) <= MAX_REASON:
        await flash(request, visit, f"请写明理由（{MIN_REASON}到{MAX_REASON}字），如“原件已在窗口核验”。")
        raise back(f"/console/prechecks/{record.id}")
    await override(record.id, verdict, reason, visit.staff.name, request.app[clock_key].now())
    await audit(request, visit.staff, "precheck_override", str(record.id), {"verdict": verdict, "reason": reason})
    await flash(request, visit, f"已改为{VERDICTS[verdict]}，理由已记录。")
    raise back(f"/console/prechecks/{record.id}")


routes = [
    web.get("/console/prechecks", get_prechecks),
    web.get("/console/prechecks/{id}", get_precheck),
    web.get("/console/prechecks/{id}/image", get_image),
    web.post("/console/prechecks/{id}/override", post_override),
]
