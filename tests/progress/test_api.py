"""The staff and department doors, and the citizen's reads, over HTTP on the real app."""

from __future__ import annotations

import re
from datetime import datetime

from core.clock import SHANGHAI
from progress.models import ApplicationEvent, ApplicationRow

from .api import STAFF, event_body, signed

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=SHANGHAI)  # departments post after the 10:00 receipt
AT = "2026-11-25T10:30:00+08:00"


async def receive(client, citizen: str, item: str = "passport", hall: str = "district_center", *,
                  clock=None) -> dict:
    """Received at 10:00 by the window; then the clock moves on to noon when given."""
    response = await client.post("/api/staff/v1/applications", headers=STAFF,
                                 json={"item": item, "citizen_id": citizen, "hall": hall, "channel": "hall"})
    assert response.status == 201, await response.text()
    if clock is not None:
        clock.set(NOON)
    return await response.json()


async def test_staff_receive_an_application(client, login):
    me = await login()
    body = await receive(client, me["citizen_id"])
    assert body["number"] == "BJ20261125000001"
    assert (body["stage"], body["status"], body["promised_date"]) == ("申请受理", "in_progress", "2026-12-04")
    assert body["citizen"].endswith("****")  # masked for staff lists
    response = await client.get(f"/api/staff/v1/applications/{body['number']}", headers=STAFF)
    trail = (await response.json())["trail"]
    assert [(t["actor_kind"], t["actor"], t["action"]) for t in trail] == [("staff", "s-007", "created")]


async def test_staff_api_needs_the_token_and_checks_input(client):
    body = {"item": "passport", "citizen_id": "c1", "hall": "district_center", "channel": "hall"}
    assert (await client.post("/api/staff/v1/applications", json=body)).status == 401
    bad = {**body, "item": "no_such_item"}
    assert (await client.post("/api/staff/v1/applications", headers=STAFF, json=bad)).status == 404
    extra = {**body, "stage": "办结"}
    assert (await client.post("/api/staff/v1/applications", headers=STAFF, json=extra)).status == 422
    elsewhere = {**body, "item": "retirement_pension", "hall": "zumiao"}  # offered at district_center only
    response = await client.post("/api/staff/v1/applications", headers=STAFF, json=elsewhere)
    assert response.status == 422 and (await response.json())["error"]["code"] == "item_not_offered"


async def test_staff_receipt_is_idempotent(client):
    body = {"item": "passport", "citizen_id": "c1", "hall": "district_center", "channel": "hall"}
    headers = {**STAFF, "Idempotency-Key": "window3-0042"}
    first = await client.post("/api/staff/v1/applications", headers=headers, json=body)
    again = await client.post("/api/staff/v1/applications", headers=headers, json=body)
    assert (first.status, again.status) == (201, 200)
    assert (await first.json())["number"] == (await again.json())["number"]
    assert await ApplicationRow.all().count() == 1


async def test_staff_change_forward_and_refused_backwards(client, clock):
    number = (await receive(client, "c1", clock=clock))["number"]
    url = f"/api/staff/v1/applications/{number}/changes"
    response = await client.post(url, headers=STAFF, json={"stage": "审核", "status": "in_progress", "note": "齐全"})
    assert response.status == 200 and (await response.json())["stage"] == "审核"
    response = await client.post(url, headers=STAFF, json={"stage": "承办", "status": "in_progress"})
    error = (await response.json())["error"]
    assert response.status == 409 and error["code"] == "stage_backwards"
    assert "不能退回" in error["message"]
    response = await client.post(url, headers=STAFF, json={"stage": "审核", "status": "completed"})
    assert response.status == 422 and (await response.json())["error"]["code"] == "bad_transition"
    assert (await client.post(url, headers=STAFF, json={"stage": "回退", "status": "in_progress"})).status == 422
    missing = "/api/staff/v1/applications/BJ20261125999999/changes"
    assert (await client.post(missing, headers=STAFF, json={"stage": "审核", "status": "in_progress"})).status == 404


async def test_a_signed_event_moves_the_application(client, clock, dept_key):
    number = (await receive(client, "c1", clock=clock))["number"]
    body = event_body(number, "ev-1", "审核", at=AT)
    response = await client.post("/api/dept/v1/events", data=body, headers=signed(dept_key, body, NOON))
    assert response.status == 200, await response.text()
    assert await response.json() == {"event_id": "ev-1", "application_no": number, "applied": True,
                                     "stage": "审核", "status": "in_progress", "promised_date": "2026-12-04"}
    trail = await ApplicationEvent.filter(action="changed").values_list("actor_kind", "actor", "details")
    assert trail == [("department", "shebao", {"event_id": "ev-1"})]


async def test_bad_signatures_and_stale_timestamps_are_401_and_change_nothing(client, clock, dept_key):
    number = (await receive(client, "c1", clock=clock))["number"]
    body = event_body(number, "ev-1", "审核", at=AT)
    good = signed(dept_key, body, NOON)
    cases = [
        {**good, "X-Yimen-Signature": "0" * 64},  # forged
        signed("another key", body, NOON),  # the wrong key
        signed(dept_key, body, NOON, department="gongan"),  # an unknown department
        signed(dept_key, body, NOON, skew=-301),  # outside the window
        signed(dept_key, body, NOON, skew=301),
        {k: v for k, v in good.items() if k != "X-Yimen-Signature"},  # unsigned
        {**good, "X-Yimen-Signature": good["X-Yimen-Signature"].upper()},  # not lowercase hex
    ]
    for headers in cases:
        response = await client.post("/api/dept/v1/events", data=body, headers=headers)
        assert response.status == 401, headers
    tampered = body.replace("审核".encode(), "批准".encode())
    assert (await client.post("/api/dept/v1/events", data=tampered, headers=good)).status == 401
    assert (await ApplicationRow.get(number=number)).stage == "申请受理"
    assert await ApplicationEvent.filter(actor_kind="department").count() == 0


async def test_a_repeated_event_id_is_accepted_once_and_answered_the_same(client, clock, dept_key):
    number = (await receive(client, "c1", clock=clock))["number"]
    body = event_body(number, "ev-1", "审核", at=AT)
    first = await client.post("/api/dept/v1/events", data=body, headers=signed(dept_key, body, NOON))
    later = event_body(number, "ev-2", "批准", at="2026-11-25T10:40:00+08:00")
    await client.post("/api/dept/v1/events", data=later, headers=signed(dept_key, later, NOON))
    again = await client.post("/api/dept/v1/events", data=body, headers=signed(dept_key, body, NOON, skew=5))
    assert again.status == 200 and await again.json() == await first.json()
    assert again.headers["X-Yimen-Replayed"] == "true"
    assert await ApplicationEvent.filter(actor_kind="department").count() == 2
    other = event_body(number, "ev-1", "办结", "completed", at=AT)
    response = await client.post("/api/dept/v1/events", data=other, headers=signed(dept_key, other, NOON))
    assert response.status == 422 and (await response.json())["error"]["code"] == "event_id_reused"


async def test_out_of_order_events_never_move_an_application_back(client, clock, dept_key):
    number = (await receive(client, "c1", clock=clock))["number"]
    events = [event_body(number, "ev-3", "批准", at="2026-11-25T10:50:00+08:00"),
              event_body(number, "ev-1", "承办", at="2026-11-25T10:30:00+08:00"),
              event_body(number, "ev-2", "审核", at="2026-11-25T10:40:00+08:00")]
    answers = []
    for body in events:
        response = await client.post("/api/dept/v1/events", data=body, headers=signed(dept_key, body, NOON))
        assert response.status == 200
        answers.append(await response.json())
    assert [(a["applied"], a["stage"]) for a in answers] == [(True, "批准"), (False, "批准"), (False, "批准")]
    assert (await ApplicationRow.get(number=number)).stage == "批准"
    actions = await ApplicationEvent.filter(actor_kind="department").order_by("id").values_list("action", flat=True)
    assert actions == ["changed", "stale", "stale"]  # all kept in the trail, only one applied


async def test_an_event_within_a_stage_out_of_order_is_not_applied(client, clock, dept_key):
    number = (await receive(client, "c1", clock=clock))["number"]
    answered = event_body(number, "ev-2", "审核", "in_progress", at="2026-11-25T10:40:00+08:00")
    asked = event_body(number, "ev-1", "审核", "supplement", at="2026-11-25T10:30:00+08:00", note="户口簿")
    for body in (answered, asked):
        await client.post("/api/dept/v1/events", data=body, headers=signed(dept_key, body, NOON))
    row = await ApplicationRow.get(number=number)
    assert (row.status, row.paused_since) == ("in_progress", None)


async def test_a_department_clock_behind_ours_is_not_taken_for_an_old_event(client, clock, dept_key):
    number = (await receive(client, "c1", clock=clock))["number"]  # received at 10:00:00 by Yimen's clock
    body = event_body(number, "ev-1", "审核", at="2026-11-25T09:59:58+08:00")  # the department's clock is behind
    response = await client.post("/api/dept/v1/events", data=body, headers=signed(dept_key, body, NOON))
    assert (await response.json())["applied"] is True


async def test_an_event_for_an_unknown_application_is_404(client, clock, dept_key):
    clock.set(NOON)
    body = event_body("BJ20261125999999", "ev-1", "审核", at=AT)
    response = await client.post("/api/dept/v1/events", data=body, headers=signed(dept_key, body, NOON))
    assert response.status == 404
    bad = b'{"event_id": "ev-1"'
    assert (await client.post("/api/dept/v1/events", data=bad, headers=signed(dept_key, bad, NOON))).status \
        == 400


async def test_citizens_read_only_their_own(client, clock, login):
    me, other = await login("mini-openid-1"), await login("mini-openid-2")
    number = (await receive(client, me["citizen_id"], clock=clock))["number"]
    mine = await client.get("/api/v1/applications", headers=me["headers"])
    assert [a["number"] for a in (await mine.json())["applications"]] == [number]
    one = await client.get(f"/api/v1/applications/{number}", headers=me["headers"])
    body = await one.json()
    assert {k: body[k] for k in ("number", "stage", "status", "promised_date")} == \
        {"number": number, "stage": "申请受理", "status": "in_progress", "promised_date": "2026-12-04"}
    assert one.headers["Cache-Control"] == "no-store"
    theirs = await client.get(f"/api/v1/applications/{number}", headers=other["headers"])
    unknown = await client.get("/api/v1/applications/BJ20261125999999", headers=other["headers"])
    malformed = await client.get("/api/v1/applications/BJ123", headers=other["headers"])
    assert theirs.status == unknown.status == malformed.status == 404
    assert await theirs.json() == await unknown.json() == await malformed.json()
    assert (await (await client.get("/api/v1/applications", headers=other["headers"])).json()) == {"applications": []}
    assert (await client.get(f"/api/v1/applications/{number}")).status == 401


async def test_every_endpoint_is_in_an_openapi_document(client):
    citizen = await (await client.get("/api/v1/openapi.json")).json()
    assert {"/api/v1/applications", "/api/v1/applications/{number}"} <= set(citizen["paths"])
    dept = await (await client.get("/api/dept/v1/openapi.json")).json()
    event = dept["paths"]["/api/dept/v1/events"]["post"]
    assert {p["name"] for p in event["parameters"]} == {"X-Yimen-Department", "X-Yimen-Timestamp",
                                                         "X-Yimen-Signature"}
    assert {"200", "401", "404"} <= set(event["responses"])
    staff = await (await client.get("/api/staff/v1/openapi.json")).json()
    assert set(staff["paths"]) == {"/api/staff/v1/applications", "/api/staff/v1/applications/{number}/changes",
                                   "/api/staff/v1/applications/{number}", "/api/staff/v1/complaints",
                                   "/api/staff/v1/complaints/{id}/reply", "/api/staff/v1/figures",
                                   "/api/staff/v1/campaigns", "/api/staff/v1/campaigns/{id}",
                                   "/api/staff/v1/campaigns/{id}/preview", "/api/staff/v1/campaigns/{id}/schedule",
                                   "/api/staff/v1/campaigns/{id}/cancel", "/api/staff/v1/dead-letters",
                                   "/api/staff/v1/dead-letters/{id}/retry", "/api/staff/v1/dead-letters/{id}/drop",
                                   "/api/staff/v1/prechecks/{id}/override"}
    served = {(r.method, r.resource.canonical) for r in client.app.router.routes() if r.resource is not None}
    documented = {(m.upper(), p) for doc in (citizen, dept, staff) for p, ops in doc["paths"].items() for m in ops}
    ours = {(m, p) for m, p in served if m != "HEAD" and not p.endswith("openapi.json")
            and not p.startswith("/console")  # the staff console: pages, not an API
            and ("applications" in p or "/api/dept/" in p or "complaints" in p or "campaigns" in p
                 or "dead-letters" in p or "prechecks" in p)}
    assert ours <= documented


SAMPLE_PARTS = {"number": "YM20261125000001", "id": "1", "date": "2026-11-25", "hall": "district_center"}


async def test_every_staff_route_refuses_a_caller_without_a_token(client):
    """A handler that forgets to await the staff check would answer anyone: each route is tried bare."""
    routes = {(r.method, r.resource.canonical) for r in client.app.router.routes()
              if r.resource is not None and r.resource.canonical.startswith("/api/staff/")
              and not r.resource.canonical.endswith("openapi.json") and r.method != "HEAD"}
    assert len(routes) >= 15
    for method, path in sorted(routes):
        url = re.sub(r"\{(\w+)\}", lambda m: SAMPLE_PARTS.get(m[1], "A1B2C3D4"), path)
        for headers in ({}, {"Authorization": "Bearer wrong-token"}):
            response = await client.request(method, url, json={}, headers=headers)
            assert response.status == 401, (method, path, headers, await response.text())
