"""The citizen's applications (办件) in the app:

    GET /api/v1/applications            mine, the latest first
    GET /api/v1/applications/{number}   one of mine: stage, status, promised date, the next step
    POST /api/v1/applications/{number}/rating {score, comment}   好差评 after 办结, once; 1-2 opens a follow-up

Signed in (`Authorization: Bearer <token>`). Another citizen's number, a number that does not
exist and a malformed one all answer the same 404: nothing tells whether a number exists.
"""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from pydantic import BaseModel, Field

from bot.progress import next_step
from catalog import Catalog
from progress import STATUS_NAMES, Application, ApplicationNotFound, application_of, applications_of, rate_application

from ..citizens import citizen_of
from ..keys import catalog_key, clock_key
from ..validation import Strict, read_json, read_path
from .errors import api_error
from .models import Lenient
from .responses import model_response

NOT_FOUND = ("not_found", "没有查到这个办件编号，请核对后再查。")
NUMBER_PATTERN = r"^BJ\d{14}$"


class ApplicationPath(Lenient):
    number: str = Field(pattern=NUMBER_PATTERN, examples=["BJ20261125000123"],
                        description="办件编号: BJ + the day received (yyyymmdd) + a 6-digit sequence")


class ApplicationOut(BaseModel):
    number: str = Field(examples=["BJ20261125000123"])
    item: str = Field(description="the catalog item's code")
    item_name: str
    hall: str
    channel: str
    stage: str = Field(description="申请受理, 承办, 审核, 批准 or 办结")
    status: str = Field(description="in_progress, supplement (补正), completed or rejected (不予受理)")
    status_name: str = Field(examples=["办理中"])
    missing: list[str] = Field(description="supplement: what the citizen is asked to bring")
    reason: str = Field(description="rejected: why")
    received_date: dt.date
    promised_date: dt.date = Field(description="承诺办结日期, working days on the national calendar")
    clock_paused: bool = Field(description="a supplement is awaited: the promised date moves on when it comes")
    next_stage: str | None
    next_step: str = Field(description="what happens next, in Chinese, ready to show")

    @classmethod
    def of(cls, app: Application, catalog: Catalog) -> ApplicationOut:
        item = catalog.item(app.item)
        return cls(number=app.number, item=app.item, item_name=item.name if item else app.item, hall=app.hall,
                   channel=app.channel, stage=app.stage, status=app.status,
                   status_name=STATUS_NAMES.get(app.status, app.status), missing=list(app.missing),
                   reason=app.reason, received_date=app.received_on, promised_date=app.promised_on,
                   clock_paused=app.clock_paused, next_stage=app.next_stage, next_step=next_step(app))


class RatingForm(Strict):
    score: int = Field(ge=1, le=5, description="1 very dissatisfied … 5 very satisfied")
    comment: str = Field(default="", max_length=500)


class RatingOut(BaseModel):
    number: str
    score: int
    follow_up: bool = Field(description="a low score: staff will contact the citizen")
    message: str


class ApplicationList(BaseModel):
    applications: list[ApplicationOut]


async def get_applications(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    catalog = request.app[catalog_key]
    return model_response(ApplicationList(applications=[ApplicationOut.of(a, catalog)
                                                        for a in await applications_of(citizen)]))


async def get_application(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    number = read_path(request, ApplicationPath, not_found=NOT_FOUND).number
    try:
        app = await application_of(number, citizen)
    except ApplicationNotFound:
        raise api_error(404, *NOT_FOUND) from None
    return model_response(ApplicationOut.of(app, request.app[catalog_key]))


async def post_rating(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    number = read_path(request, ApplicationPath, not_found=NOT_FOUND).number
    form = await read_json(request, RatingForm)
    try:
        follow_up = await rate_application(number, citizen, form.score, form.comment,
                                           now=request.app[clock_key].now())
    except ApplicationNotFound:
        raise api_error(404, *NOT_FOUND) from None
    message = ("感谢您的评价。很抱歉这次没让您满意，工作人员会在1个工作日内联系您。" if follow_up
               else "感谢您的评价，我们会继续努力。")
    return model_response(RatingOut(number=number, score=form.score, follow_up=follow_up is not None,
                                    message=message), status=201)
