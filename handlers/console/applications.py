"""Applications (办件) of the staff's halls: list, see the trail, advance, ask for a supplement, reject.

Every change goes through progress.change_application (the stage machine, the trail, the
citizen's notice); the console only words the refusals and writes the staff action.

    GET  /console/applications?hall=&status=
    GET  /console/applications/{number}
    POST /console/applications/{number}/advance      {csrf}                  the next stage (or resume after 补正)
    POST /console/applications/{number}/supplement   {csrf, missing, note}   one missing material a line
    POST /console/applications/{number}/reject       {csrf, reason}          supervisors and reviewers
"""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.progress import progress_refusal_text
from catalog import Catalog
from core.privacy import mask_citizen_id, mask_text
from progress import (
    STATUS_NAMES,
    Actor,
    Application,
    ApplicationNotFound,
    Change,
    ProgressRefused,
    application_of,
    applications_at,
    change_application,
    is_number,
    trail_of,
)

from ..keys import catalog_key, clock_key
from .access import (
    REJECTERS,
    Visit,
    action_visit,
    audit,
    back,
    flash,
    hall_for,
    halls_of,
    page_context,
    page_visit,
    refuse,
)

LIST_STATUSES = {"": "办理中和待补正", "supplement": "待补正", "completed": "已办结", "rejected": "不予受理"}
MAX_MISSING = 20


def application_row(app: Application, catalog: Catalog) -> dict[str, Any]:
    item, hall = catalog.item(app.item), catalog.hall(app.hall)
    return {"number": app.number, "item": item.name if item else app.item,
            "hall": hall.short_name if hall else app.hall,
            "citizen": mask_citizen_id(app.citizen), "stage": app.stage, "status": app.status,
            "status_name": STATUS_NAMES.get(app.status, app.status), "promised_on": app.promised_on,
            "received_on": app.received_on, "flag": app.flag, "next_stage": app.next_stage, "closed": app.closed,
            "missing": app.missing, "reason": app.reason}


async def get_applications(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "applications")
    status = request.query.get("status", "")
    if status not in LIST_STATUSES:
        raise refuse(request, 422, "没有这种办件状态，请从列表中选择。")
    code = request.query.get("hall")
    hall = hall_for(request, visit.staff, code) if code or visit.staff.hall else None
    catalog = request.app[catalog_key]
    apps = await applications_at(hall.code if hall else None, status=status or None)
    return aiohttp_jinja2.render_template("applications.html", request, await page_context(
        request, visit, "applications", title="办件", hall=hall, halls=halls_of(request, visit.staff),
        status=status, statuses=LIST_STATUSES, applications=[application_row(a, catalog) for a in apps]))


async def application_here(request: web.Request, visit: Visit) -> Application:
    number = request.match_info["number"].upper()
    try:
        app = await application_of(number) if is_number(number) else None
    except ApplicationNotFound:
        app = None
    if app is None:
        raise refuse(request, 404, "没有查到这个办件编号，请回到办件列表再选。")
    hall_for(request, visit.staff, app.hall)  # 403 for another hall's application
    return app


async def get_application(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "applications")
    app = await application_here(request, visit)
    trail = [{"at": t.at, "actor": t.actor, "actor_kind": t.actor_kind, "action": t.action, "stage": t.stage,
              "status_name": STATUS_NAMES.get(t.status, t.status), "note": mask_text(t.note),
              "missing": t.details.get("missing", []), "reason": t.details.get("reason", "")}
             for t in await trail_of(app.number)]
    return aiohttp_jinja2.render_template("application.html", request, await page_context(
        request, visit, "applications", title=f"办件 {app.number}",
        app=application_row(app, request.app[catalog_key]), trail=trail,
        may_reject=visit.staff.role in REJECTERS))


async def change(request: web.Request, visit: Visit, app: Application, new: Change, action: str,
                 done: str) -> web.StreamResponse:
    actor = Actor("staff", visit.staff.name)
    try:
        await change_application(app.number, new, actor=actor, now=request.app[clock_key].now())
    except ProgressRefused as exc:
        await flash(request, visit, f"没有改动：{progress_refusal_text(exc)}")
        raise back(f"/console/applications/{app.number}") from None
    await audit(request, visit.staff, action, app.number,
                {"stage": new.stage, "status": new.status, "missing": list(new.missing), "reason": new.reason})
    await flash(request, visit, done)
    raise back(f"/console/applications/{app.number}")


async def post_advance(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "applications")
    app = await application_here(request, visit)
    now = request.app[clock_key].now()
    note = form.get("note", "").strip()[:500]
    if app.status == "supplement":
        new = Change(app.stage, "in_progress", now, note=note or "材料已补齐，继续办理")
        return await change(request, visit, app, new, "resume", f"{app.number} 已继续办理（{app.stage}）。")
    stage = app.next_stage
    if stage is None:
        raise refuse(request, 409, "这个办件已经办结或不予受理，不能再推进。")
    new = Change(stage, "completed" if stage == "办结" else "in_progress", now, note=note)
    return await change(request, visit, app, new, "advance", f"{app.number} 已推进到「{stage}」。")


async def post_supplement(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "applications")
    app = await application_here(request, visit)
    missing = tuple(line.strip()[:100] for line in form.get("missing", "").splitlines() if line.strip())
    if not missing or len(missing) > MAX_MISSING:
        await flash(request, visit, f"请写明要补的材料，每行一项，最多{MAX_MISSING}项。")
        raise back(f"/console/applications/{app.number}")
    new = Change(app.stage, "supplement", request.app[clock_key].now(), note=form.get("note", "").strip()[:500],
                 missing=missing)
    return await change(request, visit, app, new, "supplement",
                        f"已通知申请人补正：{'、'.join(missing)}。办理时限暂停计算。")


async def post_reject(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "applications")
    if visit.staff.role not in REJECTERS:
        raise refuse(request, 403, "不予受理需要审核人员或值班主任操作，请转交他们处理。")
    app = await application_here(request, visit)
    reason = form.get("reason", "").strip()[:500]
    if not reason:
        await flash(request, visit, "请写明不予受理的理由，申请人会看到这条理由。")
        raise back(f"/console/applications/{app.number}")
    new = Change(app.stage, "rejected", request.app[clock_key].now(), note=reason, reason=reason)
    return await change(request, visit, app, new, "reject", f"{app.number} 已不予受理，理由已告知申请人。")


routes = [
    web.get("/console/applications", get_applications),
    web.get("/console/applications/{number}", get_application),
    web.post("/console/applications/{number}/advance", post_advance),
    web.post("/console/applications/{number}/supplement", post_supplement),
    web.post("/console/applications/{number}/reject", post_reject),
]
