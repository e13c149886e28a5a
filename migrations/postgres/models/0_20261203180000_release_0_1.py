from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "halls" (
    "code" VARCHAR(64) NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "data" JSONB NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS "service_items" (
    "code" VARCHAR(64) NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "department" VARCHAR(32) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "data" JSONB NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS "handoffs" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "channel" VARCHAR(16) NOT NULL,
    "user" VARCHAR(128) NOT NULL,
    "reason" VARCHAR(16) NOT NULL,
    "item" VARCHAR(64),
    "last_text" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_handoffs_user_d0586b" ON "handoffs" ("user");
COMMENT ON TABLE "handoffs" IS 'A citizen waiting for staff: asked for a person (human) or complained (complaint).';
CREATE TABLE IF NOT EXISTS "appointment_day_exceptions" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "hall" VARCHAR(64) NOT NULL,
    "day" DATE NOT NULL,
    "closed" BOOL,
    "extra_places" INT NOT NULL,
    "note" VARCHAR(200) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_appointment_hall_28590b" UNIQUE ("hall", "day")
);
COMMENT ON TABLE "appointment_day_exceptions" IS 'A day staff set apart at one hall: closed, opened (e.g. an adjusted working day the';
CREATE TABLE IF NOT EXISTS "appointment_queue_counters" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "hall" VARCHAR(64) NOT NULL,
    "day" DATE NOT NULL,
    "window_group" VARCHAR(1) NOT NULL,
    "last_number" INT NOT NULL,
    CONSTRAINT "uid_appointment_hall_0f9f6f" UNIQUE ("hall", "day", "window_group")
);
COMMENT ON TABLE "appointment_queue_counters" IS 'The last queue number given out per hall, day and window group.';
CREATE TABLE IF NOT EXISTS "appointment_slots" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "hall" VARCHAR(64) NOT NULL,
    "day" DATE NOT NULL,
    "starts_at" TIMESTAMPTZ NOT NULL,
    "ends_at" TIMESTAMPTZ NOT NULL,
    "capacity" INT NOT NULL,
    "booked" INT NOT NULL,
    CONSTRAINT "uid_appointment_hall_ace839" UNIQUE ("hall", "starts_at")
);
CREATE INDEX IF NOT EXISTS "idx_appointment_hall_454431" ON "appointment_slots" ("hall", "day");
COMMENT ON TABLE "appointment_slots" IS 'One bookable slot at one hall, created when first booked (or when a day''s capacity changes).';
CREATE TABLE IF NOT EXISTS "appointments" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(12) NOT NULL UNIQUE,
    "citizen" VARCHAR(128) NOT NULL,
    "item" VARCHAR(64) NOT NULL,
    "hall" VARCHAR(64) NOT NULL,
    "day" DATE NOT NULL,
    "starts_at" TIMESTAMPTZ NOT NULL,
    "ends_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "active_key" VARCHAR(200) UNIQUE,
    "idempotency_key" VARCHAR(128),
    "booked_by" VARCHAR(16) NOT NULL,
    "window_group" VARCHAR(1) NOT NULL,
    "queue_number" INT,
    "window" VARCHAR(16),
    "created_at" TIMESTAMPTZ NOT NULL,
    "cancelled_at" TIMESTAMPTZ,
    "checked_in_at" TIMESTAMPTZ,
    "called_at" TIMESTAMPTZ,
    "served_at" TIMESTAMPTZ,
    "no_show_at" TIMESTAMPTZ,
    "cancel_reason" VARCHAR(32),
    "slot_id" INT NOT NULL REFERENCES "appointment_slots" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_appointment_citizen_94d206" UNIQUE ("citizen", "idempotency_key"),
    CONSTRAINT "uid_appointment_hall_b2c9af" UNIQUE ("hall", "day", "window_group", "queue_number")
);
CREATE INDEX IF NOT EXISTS "idx_appointment_citizen_77c03c" ON "appointments" ("citizen");
CREATE INDEX IF NOT EXISTS "idx_appointment_hall_8a43c6" ON "appointments" ("hall", "day", "status");
CREATE INDEX IF NOT EXISTS "idx_appointment_status_c8c13e" ON "appointments" ("status", "ends_at");
CREATE TABLE IF NOT EXISTS "campaigns" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "item" VARCHAR(64) NOT NULL,
    "topic" VARCHAR(32) NOT NULL,
    "message" VARCHAR(300) NOT NULL,
    "segment" JSONB NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "send_at" TIMESTAMPTZ,
    "queued" INT NOT NULL,
    "created_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "cancelled_at" TIMESTAMPTZ
);
COMMENT ON TABLE "campaigns" IS 'A staff push to a segment of consenting citizens: counted and previewed as a draft, then scheduled';
CREATE TABLE IF NOT EXISTS "notify_facts" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "citizen" VARCHAR(128) NOT NULL,
    "fact" VARCHAR(32) NOT NULL,
    "on" DATE,
    "value" VARCHAR(64) NOT NULL,
    "source" VARCHAR(32) NOT NULL,
    "recorded_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_notify_fact_citizen_e284e2" UNIQUE ("citizen", "fact", "value")
);
CREATE INDEX IF NOT EXISTS "idx_notify_fact_fact_2bfb89" ON "notify_facts" ("fact", "on");
COMMENT ON TABLE "notify_facts" IS 'One thing the citizen gave Yimen, from a verified source: a birth date (verified ID number), an ID';
CREATE TABLE IF NOT EXISTS "outbox" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(64) NOT NULL,
    "citizen" VARCHAR(128) NOT NULL,
    "payload" JSONB NOT NULL,
    "due_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "dedupe_key" VARCHAR(200) NOT NULL UNIQUE,
    "rule" VARCHAR(64),
    "period" VARCHAR(64),
    "attempts" INT NOT NULL,
    "claim" VARCHAR(32),
    "lease_until" TIMESTAMPTZ,
    "channel" VARCHAR(24),
    "error" VARCHAR(200),
    "delivery" VARCHAR(32),
    "msgid" VARCHAR(32),
    "campaign" INT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "sent_at" TIMESTAMPTZ,
    CONSTRAINT "uid_outbox_citizen_3aa1d8" UNIQUE ("citizen", "rule", "period")
);
CREATE INDEX IF NOT EXISTS "idx_outbox_citizen_e32534" ON "outbox" ("citizen");
CREATE INDEX IF NOT EXISTS "idx_outbox_status_506078" ON "outbox" ("status", "due_at");
CREATE INDEX IF NOT EXISTS "idx_outbox_status_b1a97d" ON "outbox" ("status", "lease_until");
CREATE INDEX IF NOT EXISTS "idx_outbox_citizen_96c115" ON "outbox" ("citizen", "status", "sent_at");
CREATE INDEX IF NOT EXISTS "idx_outbox_msgid_76eb23" ON "outbox" ("msgid");
COMMENT ON TABLE "outbox" IS 'One message to send. The dispatcher (notify/dispatch.py) picks `pending` rows whose due_at has come.';
CREATE TABLE IF NOT EXISTS "notify_staff_actions" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "at" TIMESTAMPTZ NOT NULL,
    "staff" VARCHAR(64) NOT NULL,
    "action" VARCHAR(24) NOT NULL,
    "outbox" INT,
    "campaign" INT,
    "note" VARCHAR(300) NOT NULL
);
COMMENT ON TABLE "notify_staff_actions" IS 'The audit of what staff did to pushes: a campaign created, scheduled, cancelled; a dead letter';
CREATE TABLE IF NOT EXISTS "notify_grants" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "citizen" VARCHAR(128) NOT NULL,
    "template_id" VARCHAR(64) NOT NULL,
    "remaining" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_notify_gran_citizen_4e2b4b" UNIQUE ("citizen", "template_id")
);
COMMENT ON TABLE "notify_grants" IS 'One-time subscribe grants (一次性订阅): each accept in the platform''s popup allows one send.';
CREATE TABLE IF NOT EXISTS "notify_subscriptions" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "citizen" VARCHAR(128) NOT NULL,
    "topic" VARCHAR(32) NOT NULL,
    "active" BOOL NOT NULL,
    "changed_at" TIMESTAMPTZ NOT NULL,
    "via" VARCHAR(16) NOT NULL,
    CONSTRAINT "uid_notify_subs_citizen_bbfaf3" UNIQUE ("citizen", "topic")
);
COMMENT ON TABLE "notify_subscriptions" IS 'A citizen''s consent for one topic of reminders (\"提醒我…\"), or its withdrawal (\"不要再提醒了\").';
CREATE TABLE IF NOT EXISTS "notify_refusals" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "citizen" VARCHAR(128) NOT NULL,
    "template_id" VARCHAR(64) NOT NULL,
    "reason" VARCHAR(64) NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_notify_refu_citizen_05637e" UNIQUE ("citizen", "template_id")
);
COMMENT ON TABLE "notify_refusals" IS 'The citizen refused a template''s messages (subscribe_msg_change_event \"reject\", 43101, \"failed:user';
CREATE TABLE IF NOT EXISTS "applications" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "number" VARCHAR(16) NOT NULL UNIQUE,
    "item" VARCHAR(64) NOT NULL,
    "citizen" VARCHAR(128) NOT NULL,
    "hall" VARCHAR(64) NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "stage" VARCHAR(8) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "path" JSONB NOT NULL,
    "missing" JSONB NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "received_on" DATE NOT NULL,
    "promised_days" INT NOT NULL,
    "paused_days" INT NOT NULL,
    "paused_since" DATE,
    "promised_on" DATE NOT NULL,
    "last_event_at" TIMESTAMPTZ NOT NULL,
    "flag" VARCHAR(16) NOT NULL,
    "version" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "closed_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_application_citizen_02b59a" ON "applications" ("citizen");
CREATE INDEX IF NOT EXISTS "idx_application_status_dee993" ON "applications" ("status", "promised_on");
CREATE INDEX IF NOT EXISTS "idx_application_hall_d75ddf" ON "applications" ("hall", "item");
CREATE TABLE IF NOT EXISTS "application_events" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "actor_kind" VARCHAR(16) NOT NULL,
    "actor" VARCHAR(128) NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "recorded_at" TIMESTAMPTZ NOT NULL,
    "action" VARCHAR(16) NOT NULL,
    "stage_from" VARCHAR(8) NOT NULL,
    "status_from" VARCHAR(16) NOT NULL,
    "stage" VARCHAR(8) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "note" VARCHAR(500) NOT NULL,
    "details" JSONB NOT NULL,
    "application_id" INT NOT NULL REFERENCES "applications" ("id") ON DELETE RESTRICT
);
COMMENT ON TABLE "application_events" IS 'One line of the audit trail: who, when, what changed and why. Append-only.';
CREATE TABLE IF NOT EXISTS "complaints" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "citizen" VARCHAR(128) NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "category" VARCHAR(16) NOT NULL,
    "text" TEXT NOT NULL,
    "application_no" VARCHAR(16),
    "hall" VARCHAR(64),
    "item" VARCHAR(64),
    "opened_at" TIMESTAMPTZ NOT NULL,
    "due_on" DATE NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "reply" TEXT NOT NULL,
    "replied_by" VARCHAR(64) NOT NULL,
    "replied_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_complaints_citizen_087d8d" ON "complaints" ("citizen");
CREATE INDEX IF NOT EXISTS "idx_complaints_status_549260" ON "complaints" ("status", "due_on");
COMMENT ON TABLE "complaints" IS 'A complaint (投诉) as a ticket: a category, a response deadline, the staff''s reply.';
CREATE TABLE IF NOT EXISTS "departments" (
    "id" VARCHAR(64) NOT NULL PRIMARY KEY,
    "stored_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "departments" IS 'A department''s back-office system (专线子系统) that posts stage events, with its signing key.';
CREATE TABLE IF NOT EXISTS "department_events" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "department" VARCHAR(64) NOT NULL,
    "event_id" VARCHAR(128) NOT NULL,
    "application_no" VARCHAR(16) NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "applied" BOOL NOT NULL,
    "fingerprint" VARCHAR(64) NOT NULL,
    "answer" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_department__departm_b07c49" UNIQUE ("department", "event_id")
);
CREATE INDEX IF NOT EXISTS "idx_department__applica_9264e6" ON "department_events" ("application_no", "applied", "at");
COMMENT ON TABLE "department_events" IS 'One event id of one department, kept with the answer it got.';
CREATE TABLE IF NOT EXISTS "application_number_counters" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "day" DATE NOT NULL UNIQUE,
    "last_number" INT NOT NULL
);
COMMENT ON TABLE "application_number_counters" IS 'The last sequence number given out on one day.';
CREATE TABLE IF NOT EXISTS "application_ratings" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "score" INT NOT NULL,
    "comment" VARCHAR(500) NOT NULL,
    "rated_at" TIMESTAMPTZ NOT NULL,
    "follow_up_id" INT REFERENCES "complaints" ("id") ON DELETE RESTRICT,
    "application_id" INT NOT NULL UNIQUE REFERENCES "applications" ("id") ON DELETE RESTRICT
);
COMMENT ON TABLE "application_ratings" IS 'The applicant''s 1-5 satisfaction rating (好差评) after 办结, once per application.';
CREATE TABLE IF NOT EXISTS "citizens" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "unionid" VARCHAR(64) UNIQUE,
    "oa_openid" VARCHAR(64) UNIQUE,
    "mini_openid" VARCHAR(64) UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS "robot_devices" (
    "id" VARCHAR(64) NOT NULL PRIMARY KEY,
    "hall" VARCHAR(64) NOT NULL,
    "stored_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS "precheck_records" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "citizen" VARCHAR(128) NOT NULL,
    "item" VARCHAR(64),
    "kind" VARCHAR(16) NOT NULL,
    "codes" JSONB NOT NULL,
    "messages" JSONB NOT NULL,
    "read_fields" JSONB NOT NULL,
    "file_name" VARCHAR(64),
    "valid_until" DATE,
    "override_verdict" VARCHAR(8),
    "override_reason" VARCHAR(200),
    "override_staff" VARCHAR(64),
    "overridden_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_precheck_re_citizen_7adad9" ON "precheck_records" ("citizen");
CREATE TABLE IF NOT EXISTS "precheck_vault_uses" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "citizen" VARCHAR(128) NOT NULL,
    "record" INT NOT NULL,
    "item" VARCHAR(64) NOT NULL,
    "used_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_precheck_va_citizen_17ef7e" ON "precheck_vault_uses" ("citizen");
COMMENT ON TABLE "precheck_vault_uses" IS 'One reuse of a kept material for another item (一次生成、多方复用), for the citizen and staff to see.';
CREATE TABLE IF NOT EXISTS "remembered_keys" (
    "key" VARCHAR(512) NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "expires_at" DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_remembered__expires_55552d" ON "remembered_keys" ("expires_at");
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXWtz2ziW/Ssof4ldpXgsOXYes7VVieN0e5OOexz3TO+0u9QQCUkcUwSbBO1oZ/Lf9w"
    "J8kyBNKKRM0fiSyCQuHwcgcO7Fffx7b0VNYvuHP2LbvqL3e2/Qv/ccvCLwo3hqhPaw66Yn"
    "+AGGZ7Zou4RG4gie+czDBoODc2z7BA6ZxDc8y2UWdeCoE9g2P0gNaGg5i/RQ4Fh/BmTK6I"
    "KwJfHgxG+/w2HLMclX4sd/urfTuUVsM/eoBjwRv7s4M2VrVxw9W2Lvg2jLbzibGtQOVk62"
    "vbtmS+okAvBE/OiCOMTDjJiZl+DPGL1sfCh8XjjAvIAkD2qmB0wyx4HNMi89m6bH9qbTz5"
    "fX0y/n19PpngJMBnU4xJbDfIHBCn+d2sRZsCX8efriW3ifFImwFb/h399enf349mr/9MUB"
    "vyGFfgp773N0ZiJOfROXwAyHFxHIp1CL/xWgjtu3A3V8IMU6HWVbB3tydNQAbWhVCbc4x/"
    "FO8eXAl/H9ny+Xn+X4xu0L+JqWwdB/kG35bAdxroGVI8GvvPL9P+0smvs/vf21CPTZp8t3"
    "Ahzqs4UnriIu8K4AurEkxq0frJTmkIzMAAd3WzNJCnLgmhyMKWZlmN/DGWatiBzqvGRxpE"
    "eih/GPXYTeI9i8dOx1tHjUQH998dP5l+u3P/2c+wjev70+52cm4ui6cHT/tNBNyUXQPy6u"
    "f0T8T/TPy8/nxW8laXf9zz3+TDhgdOrQ+yk2sxjFh+On5+v0/DazfPADM2zc3mPPnJbO0A"
    "mtals+tZqsikewgxeizzi4/DEj5vKFeHeWQS4YWVVwm0KLWorjh22nFjTWVEdTHU11vpvq"
    "EBd7bEUcyYJQjXJeaoBYH08aQH08qUSan8oDfQvvpQJx3H6A4I5PG4A7Lq6XKbj8lCbsmr"
    "D3AXRN2DVhHxRh/xE7Jp3P96RWyPBULUVfho2asfO9t8iwmPV/xEH3GH44CzSnHvIZns/f"
    "IOzfElMcwMglnk8dtL8M4MkPEBwz6Mq1YTBAk/34Nzs43CuMnY5u8R3agyXhARcOk3/Flo"
    "wEWE5pfYp0gP7qDQv+CM8n4xcvX7w6Pn3xCpqIx0yOvKz5fi8+Xz+gJxgw7hxiq61FicgA"
    "l6L2SVYA2rcKvnH7rsB9PLV3PHnVBNzJq2p0+bk8vLCawfSjAnAqsb3xuydmx70dHcLcbq"
    "SCcNx+I3yj8dnP6aF9pmpjn00Z+SohqtdwVA5wTmgQs3AdCz3/9bpeC0tI6KfLzz/EzYuq"
    "WR52IDIs8FUGdSqxxWmDumRnZw0DJtrNdLC85AB1sN3VucShvihd7yi9BZgrdkgyZ0d1qh"
    "ecodAx3CzbwebIb3uRHsUvbZlk5VJGHGM9vSXrPXi734QDihhLeM3/u4cxCT2w8Gjg8r/h"
    "gnBJJ1jN4IK/F7SlknQ0S4kLpzMWcUyff02/a+1qq9qV3vCKmX8j4l/D+0uLS/pRNUY3Fd"
    "G6VSPdaqu8v29rdNfEP564m4Ibt9fgNgA3Wg3LpLNqY2v9ENPcQZBrQOXMsawReczfgK3n"
    "BDVZ7x1Zz3ZyTAQVuzgjpju41x28I3aNGehmJH6WnbNsgHJo3RGhwSkAnZdqxTbaI4rfiZ"
    "tVUV9W4aJl0eGZozth/eG3OZ0pwZ0T2uJEklHqdnEmKRp7msJdlBugUjBugnU11EWkc2a0"
    "EtKVpq6i2MNGrx2YQ1oxexUHsfrwHeicrDdSNHXfhLob2DGIbW/W0QXZFrq6Zx/ZoHqau/"
    "NCX1nOJl1dFNZ93eu+xht/0vp73pE+5vF1G/VxTlD3cZ/72KFTf8lFlDs5L6l7uc+9HPKo"
    "qbpTaUlweIpN+8F9vk3ZVMnzJCOxkSbeN/2lDVW85IyVB7iM7gfqEWvhfCRrAfIFPBEfvR"
    "JQ41hzuEzkRrVj+H6LB1B8NP3IPHyf+EFlxxW8Prw0YQKAK5hRri7OAObH8XB7j9fnXw0S"
    "v3fJxy13ftTQy21q4vWUxGKNQ45AKoz/QT5hCPNQZoQZog5B3DfhDTJs6hNzhLjTKo/9IY"
    "eLQ4QdhM1/BT4MGXRPPe6RJ67ElmLAFWKOWr/HjQM8mjgm9pBtzTzsrZFJiY8cytAtrAJo"
    "TdjBCK5g/oV6iHwFFJBrYwOauMRDfFxUBS7lfe+Knnna026bnnbamUY70zway5U404TTVB"
    "m1d5TaBDsVHDIRKmA3A6ndY481iL27vPyUUwneXRRjNn756d15vMEDjaxwPS5vPogpexpO"
    "2QoTa1Fse2zyqNdTbFbhZWopZKL2W9z83dvKhNqJZ4NOULDJvLET9oSeBMf8je9cn9HAYY"
    "KullSH3PnGqkO4H26EYg1Vh+slQTxiEQlhFG6mo4V1RxxEAyaINidkI0HagYqjcH8YCfeG"
    "cmqCFq73IJ0fFXwsNL3X9F7T+0zzJ03vtdvWtty2RKS7stdWQUqTe6md+HF4SWxMluU0Te"
    "3MzdgIN881JCGXDkHcSZVfRpj1snbFEYo8pdD9EkjE3PKAXYQurWifeuFRzOnEMx8Z2MWG"
    "xdaIZ8JZEF+SPKnrm9XSlzQepz5aWAcDaw6jOcyT5TA63m+g9gcd7/eEOjjmBwoLdlZEO1"
    "FILN9pcGJDRFMBrWkoahp51OHBJJs47yLJDx+viI1jVwe5q0o+6c+ODeQqb5VvXepjZ3jl"
    "YmshdS9Jzo3qNDIjatXYkyT08HADf4kYBVXHJwuuziE6R/zd4Sf34IhC+/w3KDQ3m8KU63"
    "rkziL3/C+fa0kenrMR9/RwkG8siRnYUVxx3rGk61veOPsW87n5eUa/Io/e++jesxjjqhxX"
    "/QwAwgwI/+MPuBvfvvkDregdXJSbrOEx4Hroz8AiDC1p4PkHI3SPGb886ItxdIfOodtDxU"
    "5nyelQsWPUtQwVdBOBAcLbvgfuivg+LAsqAGdEhghxo83+45rN/uPyZn+02JRRri61kRHR"
    "1Ta+o9rGjuRDEZxibysjvP345IjPKNuRUjEdFNNnG4Nws1BhjqmA1oeLxoU4JF8tvUpeao"
    "DrbvvMUWdNeBKTk86aMOSe7onPwidrTj6ERq2SjSw5N6qzkTmUWfP1dA4NFRwW2JJbpbhl"
    "KC7GtMB3BP0vjEVnhOYeXSGM7ohnwXuYyKeBZ5A3cGhmeWyJ+LBF+8npi/eRq6SId4I/S2"
    "ay7m/Jw7E885mPROko07Pu+N1syyDwJcJh8tW1vDXadz3yPLS6cUlkLC2bS4U32XfI/Yx6"
    "DvLIwuIwcsh4uxtnFviWAwoqtM2eRPvRLVDmwofoMw3f1vLRIgApYv5VvHny2MhiPrHnvI"
    "EIGCNuTTRYNiV1NB7usA2zQNkNIz4PPa29MLabkr2XecMf01+vixSC8fhuCnHcfoD4tm+z"
    "kyUmqHZ1kW6WqXq67A6rkTi6hJOwwmhMBAYXytS+lhUSACX7WiKhv/YGX7tHDOqZG6k3BV"
    "GtyGr1Rq7eXIpd6z2JchOdqVVtaNqmkVITbSDxfXhuAj5EPJ7LtHxXbHd7QO+FrvSX+NCh"
    "uz5ArmXc+ugPFwRgQPwR7bAvqU/4tjqMcLTEPq88S+Te2Nu46UNagRfY4bwH6hE1JWpBuv"
    "UQXr5Yxskm2CfTwGGWHZ7KXDxtxZ0ZEuGVv7BMrWRsV8m4hddSWRLj9gNcEDuw6/ZSgxtY"
    "5ScXr22KJYO4esc6I6J3rL9jxzqa+hW5XiqlaV7vaN4OOiREnGc7amn7Lgmg9QSucoWWvN"
    "TgqjB2ksgkJrVNMU5I8ODyY7ZPdSJFQQHdVELj+zC+mDGycplK3qisiHZuKTm32NhS8oVO"
    "BIY3XNs3BWbVf0V6WBDVjg59pog81N8hSsHiGZHhfUmTJhP/pHrin5QmfuJ5VJJPpBrfRG"
    "CA6HbBCk1iW3fEU2TfqczwYO4gdkOYdhUATgQ0ug+ja2RCHxtyw6yIrhNX7fqsPXIHTV/i"
    "/SfFPs6IaXrat/7tyUb1Fx7F/daoqoaQPT1q4I0rgsKn2FAog8C3jXFgWiJk+36JWRRZbl"
    "om31vmAebE5/6w8WIQJ/sapbHimYDuv3IvWIJNZBMW5WEtpTrt7nY3jkfgVjwG3UOmR12X"
    "mIfoH1Hc+oz4lklCV2CRfGyEHAIEDRF4Hh2L3sudZ/VpVy+pPZ1yC5tG87ninlEooF0Kmt"
    "iBkyWjKb6pxAABbt/ekrqINZzvUwGtSEkUKa2b6moXXVlS2kqA0ReVIZhxVGbkBw870gC+"
    "QosmisOCt2wex/ecUyjkx/dBoTjavwlekKOjm+B0NhnDv0eTlzfBqxme3ASvT49ODt4ggo"
    "0lwgav1IYsR1Bx18ZsTr3VMx+51A1chG2bu6Xy7MLCs7WkQzzGAzzkCss3UeE6ZGqV/WC1"
    "xqAD4oYWEJcd7wpIF8QGiHb7ZN4jK7hX5LvWcLLIyWi3jiI50sWqKqHedStDv1haZZ3b3P"
    "kmDM3PCDTOSxotbLzsQpgTFAHREcRGZBXkNliYKfhI8zh52gPKdGwCfXo9fg2U6XQyBhI1"
    "OZqc3uwdjLhJlWcEvbfY0vTwPbZDCSBcJpCs16+g7cn4lZm/xgvyikuXSVzfHu5BgifSMG"
    "pqp6ldj8hGN9ROZyjt0g+DW1rvJKaZ2kq6qdBmlXT7BnINqC2W0g13+Tbyz8hJaprXO5qX"
    "y4dhYZXpKmq+RUMnjKadyoXaEw59HRkLrsg88LEto9HFJk2YtBe2VfCPiBOHCUmeNR/Fdg"
    "wgr1EgPlDUxBw5XfmLaTiFTMkdZ7Y3oJH/ixjsBm764nh8NB7BoTm2bGK+gUvK/SS6v+2N"
    "M7OpcQscGMCnKHK6Rmzp0WCxhP8xS+7Jc4aFvhWcpgNHXiHhfs9/rhOTKkN4AWNT20w1sd"
    "6tBVHbTIdlM8W+mgNEKqEBbhRpqEqpNZXuKZXuCdt767q2ZYjspuecvMjoXqlNLd/DaeuQ"
    "DykkqrUt+CcqYhT6q/Iet9/wbEkjUdF2FLqvRpqiqKt0v1wfInhG4pjPqWOv5Zmb2ru0dl"
    "btF42CUUW9qWqypLzUAFef9rNhCMiUMR4qvF1wVb2+D2Z918k3n2BHaw/wrmtEMaCxU14+"
    "QAXkvNTgfG2bLETVy1BpEQoThW0CclZscCh3NJiVx/FA54pOBrH6+B0ouu0PXh3pEEF70i"
    "jS4aQm0uFElviEYcuWjN/qxKkZke0nTt37r3ngCCqDZoFlM8vxD/lt/7urPqiBvJN0qlmr"
    "lpIVpyy4Pcfgnht1SiZQKdxlrD9Qj1gL5yNZC8gv4MF4ZLoE27IB8wqY++6h/S0eVfHRvc"
    "SE5+H7xNAoGWzwAyAgoa/OFSg4VxdngP2jG5uvhAZVZ2qOeqqRobmZibka7odNutn8+S5Q"
    "XMsHnZzX3eLZ8ZfYFk4QoiS7TpK/VetvWGFNiYkkEoNLzds+zRNDWgHcuP0AObSuQbCTNv"
    "V4cm6KcNxej+AmI3j7OUb7DbG2Emkr0c6i2/7gdTFcuARvXfWXsH0/LBj8foOxYIDK4kvD"
    "mat7IyOiO6T1DtkNb8ldtqJ6xCDWXaiol2CurnVbEPvOord9m/JrYJZUvU1sHSZeqxS4KM"
    "lpq6ckVM7FwSbY5qV0ookKWGHtktUUrv7wi3JPudx11sipAmFe7EnPnTb2WegCvYHjV0lY"
    "u3712vVrbmMJt67mcnH7wTG59pXIO+L50o3AyhUyI7G91XG8I6ujrp/wJCYkw6b+Zr2cFd"
    "Q1FPrWxwqBY5lKVUkgVn4kvIvkPny8InbibvGgF0USBrab33fJj+KbktdDxsAAaMhMajGs"
    "lw65pvDPw+BeJVfaya9JjqiCa8gZ5eHWljwAMT05qnMIMeJmzTO1xRI8h+3p5PUJz1trvD"
    "5A2Od5HyzjlrCwLAYjC+qtR/AbPl+XZ04TFTB4VOFIxBSKVPnPfDjtykIQO76XmgMLr/LN"
    "fVe0p4pO9zCw3X69Id25OhZPUEoYZ2Q0yA1AZuSrhLhfw1E5wHH7QYBbR9HPf72u34lLGP"
    "qny88/xM2L23PVzt0OVRnXZcnhFcVsf3Bv1SWr19i275G1VYfNJ4YtdQGOTUwqOUFtN+ud"
    "TSUXehUqR9Ieroi8SiSe9HbXbjjTiW9xV3dChMKvQgsTgQFsM22bFXLsLJi1Z0qaTl5qAL"
    "B3nzQwBGyT3ChZSb1T0bdVdaOditCk/p1bFYO0pncVlfmeuNhjq4rkf5mzozrju5m0a2x9"
    "T0We+Yi/y3M6n1sGQf7aB60krCs3Pr4JXpLZ/CY4mZ0cwW9jPuNHzPlBmCmZj1QfiaAHFG"
    "5zjURBElGZxLcWvB4TuiVSm/wjPEHL2QNrFLsWE9v1KMSxrQWo2k7vM+rBqgIdpsK08lLa"
    "DLcB4dKOKZoKdJuAIF3MKpPdFps0XPSUU92GpQIsk+ek5dW30kuNYK1wWbiCiGy1jn9PeK"
    "EttKBMntz2ey4mrRdg5lb90A1VUi/gN4kBXBwh4huFz1HvMW91jznfb02pQl5qEGtX11pr"
    "8kkowJyVGSDI3WTEfeytuZ5j3n6SZ52CeCikq/QdEcl0VV8AL5XSFfCaV8CbwyMQz/UstW"
    "W4IDbA6aqDiiiCz5ZRrg5qTyW2H9P+OCO7o+j1KEh6o5zmWVG9cvRu5eiJuv5ZZGo7o4HD"
    "hGJaUtbzDUZNy9KEGeBgRAo5hZKEPCgT+QTGmGMQFF4GLWAsO4gGDFTvUPvGEmOzuriuM9"
    "Mz3RpLDMI1XiFYZgn+bpeQR4V4g/jnqvyMlcOxIKWzG0hT5T7OhBztq0pm4nTHtdkUnNnm"
    "bTb1RsJip278/AT5cAF/HpbPQOHV+HbdyeuXJvxrEiLCa14cIDyHOR7BsclrIrbtjkcwzc"
    "L868LhzCPJp+zt3FZP9f2a6n2DepLMIZW4Ju11lhtZwDldqVqkMyKDc6HqJtXVhjunnt43"
    "7bMilrMqUdsGicBVK0BQFNtoiuqZn1TbM1Tvqjvs/OpaIqyScVzGWbmyQy4yfLfGcJWv36"
    "hQ06H4/bZQ0aFhnY04e0HDvvj+Kht90G07qrHxXWrXWRQGLkuNkEaI1yRGCBt1XyVDuy7W"
    "Eb/jSQPedzyppH38VL3eAm9NHTWsMyKthAD2CO8OAgDxlIcPqSGcE9IYP4TxynKsDVAuiG"
    "mcH8JZe9tWQw8vaF469jrq8h3RIqPR2dfdvCs6o+w9ubMMImMy2dO1bMbjDaHTeUtNaYYx"
    "LVVTGl2+p8M1QIe66FCXXeqKHi22ffed+dkjxpIYt1fEoF5+5ZK3qF1z3ajt1BONe7bs6v"
    "1OnZqw/6EMOjNTd0TmFt5LBdu4/SDIS+cJH2E9UCpFnwjoqmH1zHGTMm7E92HFV+qPrIzu"
    "kta7hFuL4mVVoVcKYv3oGH7bwXTM3LLJVPyhsDTkhPTa+/Dae4dty5wGDrMkhppq/+iC2F"
    "OutUXviOdZJpnC//wDVNpdksgOb9S2XPc3AU29BqdEdHhwTxq5KE5qXBQnZRfFBDlRvmAj"
    "zBPJ4UHewWZ1iJpJnE0y1haFdXq9vhkatT35SXRzT+zJf+e98osv3bpNzo0a2ZDvePNp4D"
    "fcvRUZjjwC7Xl6IxwmNFrBAPQsbKM59RB2KDcjIyvJ2Xd0dBOczibjm+DlyXjO6+2M4cjx"
    "0dGYx+qMMRw5mb3mv49M3mby6mAkLsVzJEWmTbisGZbaQYwinxB57qXePJk2qmuj+pMzqn"
    "vJ5lXD0ZsK6FgtSSTEVjcpegdmx4w82KwgZ9BqOc6+ga75WTvedWRFeMw8MT+StYyk5RvU"
    "MjUvacqdfB5xs1/qmFSzq9emR1KPvOxOxk0iB6BVdcTo+MHYgTtsBxJDebUbWCIwiLl/2x"
    "5g5KtrwcwjXQ4+2BRXgJ4XKyA/53K7RxPrjOWXv7z7dI5+vjo/u/hyEW0RJVO+OMkPpcnY"
    "rs7ffupPvoy3oAkaS9lsHJ2pnYZx2ka7Wu0Woa6ZZonnS6Mtq5e1jMggptrCXsPJSZO9hp"
    "OT6r0Gfq4U0K2CcNR8gOiOG+3kjGt2csblnRy4I5Mm9KhzCUpEdNpFRZeGR13Mvv0/lsFn"
    "Dw=="
)
