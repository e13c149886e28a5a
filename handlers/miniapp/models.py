"""The mini-program API's bodies: requests are validated with these, responses built from them,
and the OpenAPI document is generated from the same classes (openapi.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from appointments import STATUS_NAMES, Booking, Ticket
from bot import Reply
from catalog import Catalog, Hall, Item, Material, Situation
from intents import Understanding

from ..validation import QueryBool, Strict

ItemCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$", examples=["id_card_renewal"])]
URL_IN_TEXT = re.compile(r"https?://[^\s，。；）)]+")


class Lenient(BaseModel):
    """Query strings: unknown parameters (a cache-buster, say) are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)


# ---- errors ---------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    code: str = Field(examples=["unauthorized"], description="machine-readable, stable")
    message: str = Field(examples=["请先登录后再操作。"], description="Chinese, ready to show the citizen")


class ErrorBody(BaseModel):
    error: ErrorDetail


# ---- login ----------------------------------------------------------------------------------


class LoginForm(Strict):
    code: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_\-]+$",
                      examples=["0c3Xy21w3lZb2Z1Jmh1w3Ae7Xy2Xy21w"],
                      description="the code from wx.login(), valid once for five minutes")


class LoginSession(BaseModel):
    token: str = Field(description="send it as `Authorization: Bearer <token>`")
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="seconds the token stays valid")
    citizen_id: str = Field(description="the citizen across the official account, mini-program and robot")


class CitizenPath(Lenient):
    citizen_id: str = Field(min_length=1, max_length=64)


class CitizenOut(BaseModel):
    id: str
    official_account: bool = Field(description="linked to the official account (same UnionID)")
    mini_program: bool


# ---- catalog --------------------------------------------------------------------------------


class SearchQuery(Lenient):
    # at least one character that is not blank (spaces, NBSP and the like are stripped first)
    q: str = Field(min_length=1, max_length=100, pattern=r"[^\s\x1c-\x1f\x85]", examples=["身份证"],
                   description="what the citizen typed")
    limit: int = Field(default=5, ge=1, le=20)


class ItemsQuery(Lenient):
    department: str | None = Field(default=None, max_length=20, examples=["公安"])
    kind: Literal["person", "business", "both"] | None = None


class ItemPath(Lenient):
    code: ItemCode


class Understood(BaseModel):
    intent: str
    item: str | None
    aspect: str | None
    date: str | None
    time: str | None
    application_no: str | None
    hall: str | None


class ItemSummary(BaseModel):
    code: str
    name: str
    short_name: str
    department: str
    summary: str
    online_depth: int
    score: float | None = Field(default=None, description="match score 0-100 in a search; absent in lists")

    @classmethod
    def of(cls, item: Item, score: float | None = None) -> ItemSummary:
        return cls(code=item.code, name=item.name, short_name=item.short_name, department=item.department,
                   summary=item.summary, online_depth=item.online_depth, score=score)


class SearchResult(BaseModel):
    query: str
    understanding: Understood = Field(description="what the assistant understood, as in chat")
    results: list[ItemSummary] = Field(description="best first; more than one close match: let the citizen pick")

    @classmethod
    def of(cls, query: str, u: Understanding, catalog: Catalog, limit: int) -> SearchResult:
        scored = list(u.candidates)
        if u.item and u.item not in dict(scored):
            scored.insert(0, (u.item, 100.0))
        results = [ItemSummary.of(catalog.items[c], round(s, 1)) for c, s in scored if c in catalog.items]
        return cls(query=query, understanding=Understood.model_validate(u.contract()), results=results[:limit])


class ItemList(BaseModel):
    items: list[ItemSummary]


class ItemDetail(BaseModel):
    """The complete standard guide (办事指南) of an item, halls written out."""

    code: str
    name: str
    short_name: str
    department: str
    kind: str
    aliases: list[str]
    life_events: list[str]
    summary: str
    conditions: list[str]
    situations: list[Situation]
    materials: list[Material]
    legal_days: int = Field(description="法定时限, working days")
    promised_days: int = Field(description="承诺时限, working days; 0 with on_the_spot: 即办")
    on_the_spot: bool
    fee: str
    free: bool
    halls: list[Hall]
    online_depth: int = Field(description="1 guide only, 2 online booking and pre-check, 3 online application, "
                                          "4 fully online (全程网办)")
    online_channel: str
    max_visits: int = Field(description="最多跑几次")
    process: list[str]
    stages: list[str]
    legal_basis: str

    @classmethod
    def of(cls, item: Item, catalog: Catalog) -> ItemDetail:
        data = item.model_dump()
        data["halls"] = catalog.halls_for(item)
        return cls.model_validate(data)


# ---- chat -----------------------------------------------------------------------------------


class ChatMessage(Strict):
    text: str = Field(min_length=1, max_length=500, examples=["换身份证要带什么"],
                      description="what the citizen typed or tapped (a choice's value)")


class ChoiceOut(BaseModel):
    label: str
    value: str = Field(description="send it back as the next message's text to choose this")


class CardOut(BaseModel):
    title: str
    description: str
    url: str | None


class LinkOut(BaseModel):
    url: str


class SectionOut(BaseModel):
    heading: str
    body: str


class ReplyOut(BaseModel):
    """A bot reply laid out for a screen: text, numbered choices (buttons), cards, links, sections."""

    text: str
    choices: list[ChoiceOut]
    cards: list[CardOut]
    links: list[LinkOut] = Field(description="links found in the text, to render tappable")
    sections: list[SectionOut] = Field(description="the notice cut into headed parts, when it is one")

    @classmethod
    def of(cls, reply: Reply) -> ReplyOut:
        data = reply.to_json()
        return cls(links=[LinkOut(url=u) for u in URL_IN_TEXT.findall(reply.text)], **data)


class ChatReply(BaseModel):
    reply: ReplyOut


# ---- appointments ---------------------------------------------------------------------------
# The query and path models keep the plain strings the handlers have always taken: an unknown
# or malformed code is a 404 "unknown_…" (not an invalid_input), a bad date keeps its own message.

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
HALL_PATTERN = r"^[a-z][a-z0-9_]{1,63}$"


class PlainQuery(BaseModel):
    """A query string read as it is sent (not stripped); unknown parameters are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class HallsQuery(PlainQuery):
    item: str | None = Field(default=None, pattern=HALL_PATTERN, examples=["id_card_renewal"],
                             description="only the halls that offer this item")


class HallPath(Lenient):
    hall: str = Field(pattern=HALL_PATTERN, examples=["zumiao"])


class SlotsQuery(PlainQuery):
    item: str = Field(pattern=HALL_PATTERN, examples=["id_card_renewal"], description="the item to book")
    date: str | None = Field(default=None, json_schema_extra={"pattern": DATE_PATTERN, "format": "date"},
                             examples=["2026-11-26"],
                             description="YYYY-MM-DD: that day's free slots; without it, the open days")


class AppointmentsQuery(PlainQuery):
    active: QueryBool | None = Field(default=None, examples=[True], description="true (or 1): only active ones")


class BookingPath(Lenient):
    code: str = Field(min_length=1, description="the booking code the citizen shows at the hall",
                      examples=["ABCD2345"])


class HoursOut(BaseModel):
    weekdays: list[tuple[str, str]] = Field(examples=[[["09:00", "12:00"], ["13:30", "17:30"]]])
    saturday: list[tuple[str, str]] = Field(description="empty: closed on Saturdays")


class HallOut(BaseModel):
    code: str
    name: str
    short_name: str
    address: str
    phone: str
    hours: HoursOut
    windows: int

    @classmethod
    def of(cls, hall: Hall) -> HallOut:
        return cls(code=hall.code, name=hall.name, short_name=hall.short_name, address=hall.address,
                   phone=hall.phone, hours=HoursOut.model_validate(hall.hours.model_dump(mode="json")),
                   windows=hall.windows)


class HallList(BaseModel):
    halls: list[HallOut]


class OpenDayOut(BaseModel):
    date: dt.date
    places_left: int = Field(description="over all slots still bookable that day")


class OpenDays(BaseModel):
    """Without `date`: the days on which the item can still be booked."""

    hall: str
    item: str
    days: list[OpenDayOut]


class SlotOut(BaseModel):
    start: dt.datetime
    end: dt.datetime
    places_left: int


class Slots(BaseModel):
    """With `date`: that day's free slots; none when the day cannot be booked (then `open` is
    false, with `reason` and `closed_reason`) or when all are taken."""

    hall: str
    item: str
    date: dt.date
    open: bool = Field(description="false: the day cannot be booked at all (see reason)")
    reason: Literal["too_late", "too_far", "hall_closed"] | None = Field(
        description="why not, when open is false (the codes of appointments/errors.py): too_late the day is past, "
                    "too_far beyond the booking window, hall_closed a holiday, weekend or closure; null when open")
    closed_reason: str = Field(description="Chinese, e.g. 国庆节放假 or why the day cannot be booked; empty when open")
    slots: list[SlotOut]


class SlotsOrDays(RootModel[Slots | OpenDays]):
    """A day's free slots when `date` is given, else the open days."""


class BookingRulesOut(BaseModel):
    text: str = Field(description="the booking rules, in Chinese")


class AppointmentOut(BaseModel):
    code: str = Field(description="the booking code the citizen shows at the hall")
    item: str
    item_name: str
    hall: str
    hall_name: str
    hall_address: str
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    status: str = Field(examples=["booked"])
    status_name: str = Field(examples=["已预约"])
    queue_number: str | None = Field(description="A012, once checked in")
    window: str | None = Field(description="the window called to")
    booked_by: str = Field(examples=["citizen"])

    @classmethod
    def of(cls, booking: Booking, catalog: Catalog) -> AppointmentOut:
        hall, item = catalog.hall(booking.hall), catalog.item(booking.item)
        return cls(
            code=booking.code, item=booking.item, item_name=item.name if item else booking.item,
            hall=booking.hall, hall_name=hall.name if hall else booking.hall, hall_address=hall.address if hall else "",
            date=booking.day, start=booking.start, end=booking.end, status=booking.status,
            status_name=STATUS_NAMES.get(booking.status, booking.status), queue_number=booking.queue_label,
            window=booking.window, booked_by=booking.booked_by)


class AppointmentList(BaseModel):
    appointments: list[AppointmentOut] = Field(description="the next visit first")


class QueueOut(BaseModel):
    number: str = Field(description="empty until checked in")
    people_ahead: int
    wait_minutes: int


class AppointmentWithQueue(AppointmentOut):
    queue: QueueOut

    @classmethod
    def of_ticket(cls, ticket: Ticket, catalog: Catalog) -> AppointmentWithQueue:
        queue = QueueOut(number=ticket.label, people_ahead=ticket.people_ahead, wait_minutes=ticket.wait_minutes)
        return cls(**dict(AppointmentOut.of(ticket.booking, catalog)), queue=queue)
