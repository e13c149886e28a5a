"""The OpenAPI document: generated from the models that validate the requests, covering every route."""

from __future__ import annotations

from handlers.miniapp.models import AppointmentWithQueue, ChatMessage, ItemDetail, LoginForm, SearchQuery, SlotsQuery

from .test_login import assert_error


async def document(client) -> dict:
    response = await client.get("/api/v1/openapi.json")
    assert response.status == 200
    return await response.json()


async def test_every_api_route_is_documented(client):
    doc = await document(client)
    assert doc["openapi"].startswith("3.")
    served = {(r.method.lower(), r.resource.canonical) for r in client.app.router.routes()
              if r.resource is not None and r.resource.canonical.startswith("/api/v1/") and r.method != "HEAD"}
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert served - documented == {("get", "/api/v1/openapi.json")}
    assert documented <= served


async def test_request_schemas_are_the_validating_models(client):
    doc = await document(client)
    schemas = doc["components"]["schemas"]
    for model in (LoginForm, ChatMessage):
        assert schemas[model.__name__]["properties"] == model.model_json_schema()["properties"]
    chat = doc["paths"]["/api/v1/chat/messages"]["post"]
    assert chat["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ChatMessage"}
    assert chat["security"] == [{"bearer": []}]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in chat["parameters"])
    search = doc["paths"]["/api/v1/catalog/search"]["get"]
    assert {p["name"] for p in search["parameters"]} == set(SearchQuery.model_fields)
    detail = doc["paths"]["/api/v1/catalog/items/{code}"]["get"]["responses"]["200"]
    assert detail["content"]["application/json"]["schema"]["$ref"].endswith("/ItemDetail")
    assert set(schemas["ItemDetail"]["properties"]) == set(ItemDetail.model_fields)


async def test_every_operation_documents_the_error_shape_and_429(client):
    doc = await document(client)
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            assert "429" in op["responses"] and "default" in op["responses"], (method, path)
            schema = op["responses"]["default"]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorBody"}


async def test_framework_errors_under_the_api_use_the_error_shape(client):
    response = await client.get("/api/v1/no/such/thing")
    assert response.status == 404
    assert_error(await response.json(), "not_found")
    response = await client.put("/api/v1/catalog/items")
    assert response.status == 405
    assert "GET" in response.headers["Allow"]
    assert_error(await response.json(), "method_not_allowed")


async def test_every_response_has_a_component_schema(client):
    doc = await document(client)
    schemas = doc["components"]["schemas"]
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            for status, answer in op["responses"].items():
                if status == "204":
                    assert "content" not in answer, (method, path)
                    continue
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                assert ref.removeprefix("#/components/schemas/") in schemas, (method, path, status)


async def test_appointment_responses_are_the_models_that_build_them(client):
    doc = await document(client)
    schemas, paths = doc["components"]["schemas"], doc["paths"]

    def schema_of(path: str, method: str, status: str = "200") -> str:
        ref = paths[path][method]["responses"][status]["content"]["application/json"]["schema"]["$ref"]
        return ref.rsplit("/", 1)[-1]

    assert schema_of("/api/v1/halls", "get") == "HallList"
    assert schema_of("/api/v1/halls/{hall}/slots", "get") == "SlotsOrDays"
    assert schema_of("/api/v1/appointments", "post", "201") == "AppointmentOut"
    assert schema_of("/api/v1/appointments/{code}", "get") == "AppointmentWithQueue"
    assert set(schemas["AppointmentWithQueue"]["properties"]) == set(AppointmentWithQueue.model_fields)
    book = paths["/api/v1/appointments"]["post"]
    assert book["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/BookingForm"}
    assert {"400", "401", "403", "404", "409", "422", "429"} <= set(book["responses"])
    slots = paths["/api/v1/halls/{hall}/slots"]["get"]
    assert {p["name"] for p in slots["parameters"]} == {"hall", *SlotsQuery.model_fields}


async def test_idempotent_operations_document_the_reused_key(client):
    doc = await document(client)
    for path, method in (("/api/v1/appointments", "post"), ("/api/v1/chat/messages", "post")):
        op = doc["paths"][path][method]
        assert any(p["name"] == "Idempotency-Key" for p in op["parameters"])
        answer = op["responses"]["422"]
        assert "idempotency_key_reused" in answer["description"]
        assert answer["content"]["application/json"]["examples"]["idempotency_key_reused"]["value"]["error"]["code"] \
            == "idempotency_key_reused"
    login = doc["paths"]["/api/v1/sessions"]["post"]
    assert not any(p["name"] == "Idempotency-Key" for p in login.get("parameters", []))
