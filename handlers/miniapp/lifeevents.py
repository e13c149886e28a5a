"""Life events (一件事) in the app:

    GET  /api/v1/life-events                               the bundles, in short
    GET  /api/v1/life-events/{code}                        one: its items in order with what each waits for,
                                                           the one form's fields, the one materials list
    POST /api/v1/life-events/{code}/submissions {answers}  submit the one form: one bundle number, an
                                                           application per item (fields left out are taken
                                                           from the citizen's vault when it has them)
    GET  /api/v1/life-event-submissions/{number}           its applications as they stand, and one timeline

A form that does not fit is 422 `invalid_form`, its message naming every field's problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from aiohttp import web
from pydantic import BaseModel, Field

from lifeevents.form import fields_of
from lifeevents.materials import bundle_materials
from lifeevents.schema import Bundle
from lifeevents.submission import BundleRefused, consent_for_form, form_start, submission_of, submit_bundle, timeline_of
from prechecks.errors import NotOffered

from ..citizens import citizen_of
from ..keys import assistant_key, catalog_key, clock_key
from ..validation import Strict, read_json, read_path
from .applications import ApplicationOut
from .errors import api_error
from .models import Lenient
from .responses import model_response

UNKNOWN = ("unknown_bundle", "没有这个一件事，请从列表中选择。")
NOT_FOUND = ("not_found", "没有查到这个一件事编号，请核对后再查。")


class BundlePath(Lenient):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,63}$", examples=["newborn"])


class SubmissionPath(Lenient):
    number: str = Field(pattern=r"^YJ\d{14}$", examples=["YJ20261125000001"],
                        description="一件事编号: YJ + the day received + the first application's sequence")


class BundleItemOut(BaseModel):
    item: str
    item_name: str
    situation: str | None = Field(description="fixed in this bundle; None: taken from a choice field")
    after: list[str] = Field(description="items that must be completed before this one starts")


class OptionOut(BaseModel):
    code: str
    label: str


class FieldOut(BaseModel):
    code: str
    label: str
    type: str = Field(description="name, id_number, phone, date (YYYY-MM-DD), sex (男/女), choice, code, text")
    hint: str
    options: list[OptionOut]
    prefilled_from: str | None = Field(description="the vault document that fills it when the citizen has one")


class MaterialOut(BaseModel):
    name: str
    items: list[str]


class BundleSummary(BaseModel):
    code: str
    name: str
    summary: str
    items: list[str]


class BundleList(BaseModel):
    bundles: list[BundleSummary]


class BundleDetail(BundleSummary):
    steps: list[BundleItemOut]
    fields: list[FieldOut]
    materials: list[MaterialOut] = Field(description="each document once; the items' forms are the one form")


class SubmissionForm(Strict):
    answers: dict[str, str] = Field(max_length=40, description="field code → value; see the bundle's fields")
    vault: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        default_factory=list, max_length=8, examples=[[12]],
        description="the citizen's consent to fill the fields left out from these kept files (ids from GET "
                    "/api/v1/vault, `usable_today`): each use logged once. Without it only files already consented "
                    "for this life event or one of its items fill fields; one not on offer: 422 `not_offered`, "
                    "nothing submitted")


class TimelineOut(BaseModel):
    at: dt.datetime
    application_no: str
    item: str
    stage: str
    status: str
    note: str


class SubmissionOut(BaseModel):
    number: str
    bundle: str
    applications: list[ApplicationOut]
    materials: list[str] = Field(description="what to bring, each once")
    timeline: list[TimelineOut]


def _summary(bundle: Bundle) -> BundleSummary:
    return BundleSummary(code=bundle.code, name=bundle.name, summary=bundle.summary,
                         items=[e.item for e in bundle.items])


def _bundle(request: web.Request) -> Bundle:
    code = read_path(request, BundlePath, not_found=UNKNOWN).code
    bundle = request.app[assistant_key].events.bundle(code)
    if bundle is None:
        raise api_error(404, *UNKNOWN)
    return bundle


async def get_bundles(request: web.Request) -> web.Response:
    events = request.app[assistant_key].events
    return model_response(BundleList(bundles=[_summary(b) for b in events.bundles.values()]))


async def get_bundle(request: web.Request) -> web.Response:
    bundle, catalog = _bundle(request), request.app[catalog_key]
    events = request.app[assistant_key].events
    steps = [BundleItemOut(item=e.item, item_name=catalog.items[e.item].name, situation=e.situation,
                           after=list(e.after)) for e in bundle.items]
    fields = [FieldOut(code=f.code, label=f.label, type=f.type, hint=f.hint, prefilled_from=f.prefill,
                       options=[OptionOut(code=o.code, label=o.label) for o in f.options])
              for f in fields_of(bundle, events)]
    materials = [MaterialOut(name=m.name, items=list(m.items)) for m in bundle_materials(bundle, catalog, {})]
    return model_response(BundleDetail(**_summary(bundle).model_dump(), steps=steps, fields=fields,
                                       materials=materials))


async def post_submission(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    bundle = _bundle(request)
    form = await read_json(request, SubmissionForm)
    now = request.app[clock_key].now()
    events, catalog = request.app[assistant_key].events, request.app[catalog_key]
    if form.vault:
        try:
            await consent_for_form(bundle, events, citizen, form.vault, now, via="miniapp")
        except NotOffered as exc:
            ids = "、".join(str(r) for r in exc.records)
            raise api_error(422, "not_offered", f"存档材料{ids}不能用于这张表（可能已删除、已过期、未通过预审，"
                                                "或表里用不上），没有提交。请刷新存档后再试。") from None
    answers = {**await form_start(bundle, events, citizen, now),
               **{k: v.strip() for k, v in form.answers.items()}}
    try:
        done = await submit_bundle(events, catalog, bundle.code, citizen, answers, "miniapp", now=now)
    except BundleRefused as refused:
        message = "请检查：" + "；".join(f"{k}：{v}" for k, v in refused.problems.items()) + "。"
        raise api_error(422, "invalid_form", message[:500]) from None
    return model_response(await _submission_out(done.number, citizen, request), status=201)


async def _submission_out(number: str, citizen: str, request: web.Request) -> SubmissionOut:
    catalog = request.app[catalog_key]
    try:
        row, apps = await submission_of(number, citizen)
        timeline = await timeline_of(number, citizen)
    except BundleRefused:
        raise api_error(404, *NOT_FOUND) from None
    return SubmissionOut(number=row.number, bundle=row.bundle, applications=[ApplicationOut.of(a, catalog)
                                                                              for a in apps],
                         materials=list(row.materials),
                         timeline=[TimelineOut(at=t.at, application_no=t.application_no, item=t.item, stage=t.stage,
                                               status=t.status, note=t.note) for t in timeline])


async def get_submission(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    number = read_path(request, SubmissionPath, not_found=NOT_FOUND).number
    return model_response(await _submission_out(number, citizen, request))
