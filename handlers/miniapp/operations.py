"""Every operation of the API under /api/v1: the routes, and the source of the OpenAPI document.

Pre-review uploads are POST /api/v1/prechecks (multipart), not a separate /uploads resource.
"""

from __future__ import annotations

from aiohttp import web

from .applications import (
    ApplicationList,
    ApplicationOut,
    ApplicationPath,
    RatingForm,
    RatingOut,
    get_application,
    get_applications,
    post_rating,
)
from .appointments import (
    BookingForm,
    RescheduleForm,
    get_appointment,
    get_appointments,
    get_booking_rules,
    get_halls,
    get_slots,
    post_appointment,
    post_cancel,
    post_reschedule,
)
from .catalog import get_item, get_items, get_search
from .chat import post_message
from .lifeevents import (
    BundleDetail,
    BundleList,
    BundlePath,
    SubmissionForm,
    SubmissionOut,
    SubmissionPath,
    get_bundle,
    get_bundles,
    get_submission,
    post_submission,
)
from .login import delete_session, get_citizen, post_session
from .models import (
    AppointmentList,
    AppointmentOut,
    AppointmentsQuery,
    AppointmentWithQueue,
    BookingPath,
    BookingRulesOut,
    ChatMessage,
    ChatReply,
    CitizenOut,
    CitizenPath,
    HallList,
    HallPath,
    HallsQuery,
    ItemDetail,
    ItemList,
    ItemPath,
    ItemsQuery,
    LoginForm,
    LoginSession,
    SearchQuery,
    SearchResult,
    SlotsOrDays,
    SlotsQuery,
)
from .openapi import Operation, openapi_document
from .prechecks import (
    MULTIPART_SCHEMA,
    ChecklistOut,
    ChecklistQuery,
    PrecheckAnswer,
    PrecheckList,
    PrecheckPath,
    ReuseAnswer,
    ReuseForm,
    delete_precheck,
    get_checklist,
    get_prechecks,
    post_precheck,
    post_reuse,
)
from .subscriptions import (
    GrantsForm,
    GrantsOut,
    SubscriptionForm,
    SubscriptionList,
    SubscriptionOut,
    SubscriptionPath,
    delete_subscription,
    get_subscriptions,
    post_grants,
    post_subscription,
)
from .vault import VaultList, delete_vault_material, get_vault

OPENAPI_PATH = "/api/v1/openapi.json"

OPERATIONS: list[Operation] = [
    Operation("POST", "/api/v1/sessions", "login", post_session, "Log in with the code from wx.login", "login",
              {201: LoginSession}, errors=(400, 401, 422, 502, 503), body=LoginForm,
              description="Not idempotent: the code is single-use; after a lost answer, call wx.login again",
              personal=True),
    Operation("DELETE", "/api/v1/sessions/current", "logout", delete_session, "Log out: the token stops working",
              "login", {204: None}, auth=True),
    Operation("GET", "/api/v1/citizens/{citizen_id}", "get_citizen", get_citizen, "The signed-in citizen's record",
              "login", {200: CitizenOut}, errors=(403,), path_params=CitizenPath, auth=True),
    Operation("GET", "/api/v1/catalog/search", "search_items", get_search, "Search items as the chat understands them",
              "catalog", {200: SearchResult}, errors=(422,), query=SearchQuery),
    Operation("GET", "/api/v1/catalog/items", "list_items", get_items, "Every item, in short", "catalog",
              {200: ItemList}, errors=(422,), query=ItemsQuery),
    Operation("GET", "/api/v1/catalog/items/{code}", "get_item", get_item, "An item's complete standard guide",
              "catalog", {200: ItemDetail}, errors=(404,), path_params=ItemPath),
    Operation("POST", "/api/v1/chat/messages", "chat", post_message, "One turn with the assistant", "chat",
              {200: ChatReply}, errors=(400, 409, 422), body=ChatMessage, auth=True, idempotent=True),
    # the status of each booking refusal: handlers/problems.py REFUSAL_STATUS
    Operation("GET", "/api/v1/halls", "list_halls", get_halls, "Halls (offering an item)", "appointments",
              {200: HallList}, errors=(404, 422), query=HallsQuery),
    Operation("GET", "/api/v1/halls/{hall}/slots", "list_slots", get_slots, "Open days, or a day's free slots",
              "appointments", {200: SlotsOrDays}, errors=(404, 422), path_params=HallPath, query=SlotsQuery),
    Operation("GET", "/api/v1/booking-rules", "booking_rules", get_booking_rules, "The booking rules, in Chinese",
              "appointments", {200: BookingRulesOut}),
    Operation("POST", "/api/v1/appointments", "book", post_appointment, "Book a visit", "appointments",
              {200: AppointmentOut, 201: AppointmentOut}, errors=(400, 403, 404, 409, 422), body=BookingForm,
              auth=True, idempotent=True,
              description="201 booked; 200 the same Idempotency-Key again: the first booking"),
    Operation("GET", "/api/v1/appointments", "my_appointments", get_appointments, "My appointments", "appointments",
              {200: AppointmentList}, query=AppointmentsQuery, auth=True),
    Operation("GET", "/api/v1/appointments/{code}", "my_appointment", get_appointment, "One of my appointments, "
              "with my place in the queue", "appointments", {200: AppointmentWithQueue}, errors=(404,),
              path_params=BookingPath, auth=True),
    Operation("POST", "/api/v1/appointments/{code}/cancel", "cancel", post_cancel, "Cancel my appointment",
              "appointments", {200: AppointmentOut}, errors=(404, 409), path_params=BookingPath, auth=True),
    Operation("POST", "/api/v1/appointments/{code}/reschedule", "reschedule", post_reschedule, "Move my appointment",
              "appointments", {200: AppointmentOut}, errors=(400, 404, 409, 422), path_params=BookingPath,
              body=RescheduleForm, auth=True),
    Operation("GET", "/api/v1/applications", "my_applications", get_applications, "My applications (办件)",
              "applications", {200: ApplicationList}, auth=True),
    Operation("GET", "/api/v1/applications/{number}", "my_application", get_application,
              "One of my applications: stage, status, promised date, next step", "applications",
              {200: ApplicationOut}, errors=(404,), path_params=ApplicationPath, auth=True,
              description="Another citizen's number answers 404 exactly like one that does not exist"),
    Operation("POST", "/api/v1/applications/{number}/rating", "rate_application", post_rating,
              "Rate the service after 办结 (好差评), once", "applications", {201: RatingOut},
              errors=(400, 404, 422), body=RatingForm, path_params=ApplicationPath, auth=True,
              description="422 `bad_transition` before 办结 or when rated already; 1-2 opens a follow-up for staff"),
    Operation("GET", "/api/v1/life-events", "list_life_events", get_bundles, "Life events (一件事), in short",
              "life events", {200: BundleList}),
    Operation("GET", "/api/v1/life-events/{code}", "get_life_event", get_bundle,
              "A life event: its items in order and what each waits for, the one form, the one materials list",
              "life events", {200: BundleDetail}, errors=(404,), path_params=BundlePath),
    Operation("POST", "/api/v1/life-events/{code}/submissions", "submit_life_event", post_submission,
              "Submit the one form: one number, an application per item", "life events", {201: SubmissionOut},
              errors=(400, 404, 422), body=SubmissionForm, path_params=BundlePath, auth=True,
              description="Fields left out are taken from the citizen's vault when it has them; 422 "
                          "`invalid_form` names every field that does not fit"),
    Operation("GET", "/api/v1/life-event-submissions/{number}", "my_life_event", get_submission,
              "My submitted life event: its applications and one timeline", "life events", {200: SubmissionOut},
              errors=(404,), path_params=SubmissionPath, auth=True,
              description="Another citizen's number answers 404 like one that does not exist"),
    Operation("GET", "/api/v1/subscriptions", "my_subscriptions", get_subscriptions,
              "My reminder topics, the topics offered, my pending reminders", "reminders", {200: SubscriptionList},
              auth=True),
    Operation("POST", "/api/v1/subscriptions", "subscribe", post_subscription,
              "Say yes to a topic's reminders (提醒我), with wx.requestSubscribeMessage's grants", "reminders",
              {201: SubscriptionOut, 200: SubscriptionOut}, errors=(400, 409, 422), body=SubscriptionForm,
              auth=True, idempotent=True,
              description="Takes effect at once; 201, or 200 for the same Idempotency-Key again"),
    Operation("POST", "/api/v1/subscribe-grants", "subscribe_grants", post_grants,
              "Record wx.requestSubscribeMessage's result only (e.g. the staff reply's template after 转人工)",
              "reminders", {200: GrantsOut}, errors=(400, 409, 422), body=GrantsForm, auth=True, idempotent=True,
              description="Each accept allows one mini-program subscribe message through that template; a "
                          "reject is a refusal (nothing goes through it). No topic changes"),
    Operation("DELETE", "/api/v1/subscriptions/{id}", "unsubscribe", delete_subscription,
              "Withdraw (不要再提醒了): at once", "reminders", {204: None}, errors=(404,),
              path_params=SubscriptionPath, auth=True,
              description="Another citizen's id answers 404 like one that does not exist"),
    Operation("POST", "/api/v1/prechecks", "precheck", post_precheck,
              "Pre-review one material file (预审): the result, and the item's checklist and notice", "prechecks",
              {201: PrecheckAnswer, 200: PrecheckAnswer}, errors=(400, 413, 422), multipart=MULTIPART_SCHEMA,
              auth=True, idempotent=True,
              description="201 checked and kept; 200 a refused file (`refuse_*` code, Chinese message, nothing "
                          "kept) or the same Idempotency-Key again. 413 `file_too_large` over 10 MB; 422 "
                          "`unknown_item`, or `unknown_situation` (not the item's, or without `item`)"),
    Operation("GET", "/api/v1/prechecks", "my_prechecks", get_prechecks, "My checked files, newest first (masked)",
              "prechecks", {200: PrecheckList}, auth=True),
    Operation("DELETE", "/api/v1/prechecks/{id}", "delete_precheck", delete_precheck,
              "Delete a checked file (the kept copy and its row): out of the vault at once", "prechecks",
              {204: None}, errors=(404,), path_params=PrecheckPath, auth=True,
              description="Another citizen's id answers 404 like one that does not exist"),
    Operation("GET", "/api/v1/vault", "my_vault", get_vault,
              "My kept materials (材料存档): what, for which item, when, until when, usable today, each use logged",
              "prechecks", {200: VaultList}, auth=True,
              description="Masked: the ID number never whole, no file name or path"),
    Operation("DELETE", "/api/v1/vault/{id}", "delete_vault_material", delete_vault_material,
              "Delete a kept material (its copy and its row); the uses logged stay as the log", "prechecks",
              {204: None}, errors=(404,), path_params=PrecheckPath, auth=True,
              description="Another citizen's id, or one deleted already, answers 404 like one that does not exist"),
    Operation("GET", "/api/v1/checklists/{code}", "checklist", get_checklist,
              "My checklist for an item: each material passed, problem or missing, and the kept materials of other "
              "items offered for reuse", "prechecks", {200: ChecklistOut}, errors=(404, 422), query=ChecklistQuery,
              path_params=ItemPath, auth=True,
              description="Reads only: an offered material stays missing until the citizen consents "
                          "(POST …/reuses). 404 `unknown_item`; 422 `unknown_situation`"),
    Operation("POST", "/api/v1/checklists/{code}/reuses", "reuse", post_reuse,
              "Consent to reuse kept materials for this item (同意复用): counted from now on, each use logged once",
              "prechecks", {201: ReuseAnswer, 200: ReuseAnswer}, errors=(400, 404, 422), body=ReuseForm,
              path_params=ItemPath, auth=True, idempotent=True,
              description="The consent is for this item only and covers its pre-review for 30 days. 201 when it "
                          "logged a use; 200 when every file was consented already (a retry logs nothing again) "
                          "or the same Idempotency-Key again. 422 `not_offered` (nothing taken) when a file is not "
                          "on offer: not yours, deleted, expired, not passed, or not needed by the item; "
                          "422 `unknown_situation`; 404 `unknown_item`"),
]


async def get_openapi(request: web.Request) -> web.Response:
    """The document for the operations this app serves (a module not registered is left out)."""
    served = {(r.method, r.resource.canonical) for r in request.app.router.routes() if r.resource is not None}
    operations = [op for op in OPERATIONS if (op.method, op.path) in served]
    return web.json_response(openapi_document(operations))


routes = [web.route(op.method, op.path, op.handler) for op in OPERATIONS]
routes.append(web.get(OPENAPI_PATH, get_openapi))
