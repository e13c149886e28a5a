"""The OpenAPI 3.1 document, generated from the operation table and its pydantic models.

Each `Operation` names the models that validate its path, query and body and the models its
responses are built from; `openapi_document` turns the table into the document, with every
model's JSON Schema (pydantic's `model_json_schema`) under components.schemas.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp.typedefs import Handler
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from ..validation import IDEMPOTENCY_HEADER, IDEMPOTENCY_PATTERN
from .idempotency import KEY_REUSED
from .models import ErrorBody

REF = "#/components/schemas/{model}"
STATUS_TEXT = {
    200: "OK", 201: "Created", 204: "No content", 400: "Malformed request (not JSON, bad header)",
    401: "Not signed in, or the token has expired", 403: "Not yours", 404: "No such resource",
    409: "Conflict (or the same Idempotency-Key still in progress)", 413: "Too large (an upload: over 10 MB)",
    422: "Input does not fit the schema",
    429: "Rate limited; see Retry-After", 502: "The WeChat platform refused", 503: "The WeChat platform is unreachable",
}
NO_STORE = {"schema": {"type": "string", "const": "no-store"}, "description": "personal data: never cached"}
KEY_REUSED_TEXT = f"{STATUS_TEXT[422]}; `{KEY_REUSED[0]}`: the Idempotency-Key was already used for another request"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # aiohttp's form: /api/v1/catalog/items/{code}
    name: str  # the operationId
    handler: Handler
    summary: str
    tag: str
    responses: Mapping[int, type[BaseModel] | None]  # None: no body (204 only)
    errors: Sequence[int] = ()
    body: type[BaseModel] | None = None
    multipart: Mapping[str, Any] | None = None  # a multipart/form-data body's JSON Schema (an upload)
    query: type[BaseModel] | None = None
    path_params: type[BaseModel] | None = None
    headers: type[BaseModel] | None = None  # request headers the operation reads (a department's signature)
    auth: bool = False
    idempotent: bool = False  # accepts Idempotency-Key
    description: str = ""
    personal: bool = False  # answers with personal data even without auth (the login's token)

    @property
    def private(self) -> bool:
        """Its answers carry personal data: `Cache-Control: no-store` (private.py)."""
        return self.auth or self.personal


def _parameters(model: type[BaseModel], where: str, defs: dict[str, Any]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=REF)
    defs.update(schema.pop("$defs", {}))
    required = set(schema.get("required", ()))
    params = []
    for name, prop in schema.get("properties", {}).items():
        description = prop.pop("description", None)
        param: dict[str, Any] = {"name": name, "in": where, "required": where == "path" or name in required,
                                 "schema": prop}
        if description:
            param["description"] = description
        params.append(param)
    return params


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


BEARER = "the token from POST /api/v1/sessions"


def openapi_document(operations: Sequence[Operation], *, title: str = "Yimen mini-program API",
                     version: str = "1", description: str = "", bearer: str = BEARER) -> dict[str, Any]:
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = [(ErrorBody, "serialization")]
    for op in operations:
        if op.body is not None:
            models.append((op.body, "validation"))
        models += [(m, "serialization") for m in op.responses.values() if m is not None]
    refs, top = models_json_schema(list(dict.fromkeys(models)), ref_template=REF)
    defs: dict[str, Any] = dict(top.get("$defs", {}))
    error_ref = refs[(ErrorBody, "serialization")]

    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        spec: dict[str, Any] = {"operationId": op.name, "summary": op.summary, "tags": [op.tag]}
        if op.description:
            spec["description"] = op.description
        params = []
        if op.path_params is not None:
            params += _parameters(op.path_params, "path", defs)
        if op.query is not None:
            params += _parameters(op.query, "query", defs)
        if op.headers is not None:
            params += _parameters(op.headers, "header", defs)
        if op.idempotent:
            params.append({"name": IDEMPOTENCY_HEADER, "in": "header", "required": False,
                           "description": "same key, same body: the first response is replayed",
                           "schema": {"type": "string", "pattern": IDEMPOTENCY_PATTERN}})
        if params:
            spec["parameters"] = params
        if op.body is not None:
            spec["requestBody"] = {"required": True, "content": _json(refs[(op.body, "validation")])}
        if op.multipart is not None:
            spec["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": op.multipart}}}
        responses: dict[str, Any] = {}
        for status, model in op.responses.items():
            answer: dict[str, Any] = {"description": STATUS_TEXT.get(status, "OK")}
            if model is not None:
                answer["content"] = _json(refs[(model, "serialization")])
            if op.private:
                answer["headers"] = {"Cache-Control": NO_STORE}
            responses[str(status)] = answer
        implied = (429, *((401,) if op.auth else ()), *((400, 409, 422) if op.idempotent else ()))
        for status in sorted({*op.errors, *implied}):
            answer = {"description": STATUS_TEXT.get(status, "Error"), "content": _json(error_ref)}
            if status == 422 and op.idempotent:
                answer["description"] = KEY_REUSED_TEXT
                answer["content"]["application/json"]["examples"] = {KEY_REUSED[0]: {
                    "value": {"error": {"code": KEY_REUSED[0], "message": KEY_REUSED[1]}}}}
            if status == 429:
                answer["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}}
            responses[str(status)] = answer
        responses["default"] = {"description": "Any other error, same shape", "content": _json(error_ref)}
        spec["responses"] = responses
        if op.auth:
            spec["security"] = [{"bearer": []}]
        paths.setdefault(op.path, {})[op.method.lower()] = spec

    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version,
                 "description": "JSON in and out. Errors: {\"error\": {\"code\", \"message\"}}, message in Chinese."
                 + (f"\n\n{description}" if description else "")},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": defs,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": bearer}},
        },
    }
