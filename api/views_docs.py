"""The API reference page, built from the OpenAPI schema on the server: a plain GOV.UK page that
needs no JavaScript, no CDN and no inline script (Swagger UI and Redoc need all three, which the
strict Content-Security-Policy refuses)."""

from __future__ import annotations

from functools import lru_cache

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator


@lru_cache(maxsize=1)
def schema() -> dict:
    """The OpenAPI document (the same for everyone: it describes shapes, never data)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _type(spec: dict) -> str:
    spec = spec or {}
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "allOf" in spec:
        return " ".join(_type(part) for part in spec["allOf"])
    kind = spec.get("type", "")
    if kind == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if spec.get("format"):
        kind = f"{kind} ({spec['format']})"
    if spec.get("enum"):
        kind += ": " + ", ".join(str(v) for v in spec["enum"] if v not in ("", None))
    return kind + (", or null" if spec.get("nullable") else "")


def endpoints(document: dict) -> list[dict]:
    """Each GET endpoint: path, what it is, its parameters."""
    found = []
    for path, operations in document.get("paths", {}).items():
        operation = operations.get("get")
        if not operation:
            continue
        parameters = [
            {
                "name": p["name"],
                "where": p["in"],
                "type": _type(p.get("schema", {})),
                "description": p.get("description", ""),
            }
            for p in operation.get("parameters", [])
        ]
        found.append(
            {
                "path": path,
                "id": operation.get("operationId", path),
                "description": operation.get("description", ""),
                "parameters": parameters,
            }
        )
    return found


def components(document: dict) -> list[dict]:
    """Each record's fields and their types."""
    found = []
    for name, spec in document.get("components", {}).get("schemas", {}).items():
        if name.startswith("Paginated"):
            continue
        fields = [
            {"name": field, "type": _type(body), "description": body.get("description", "")}
            for field, body in spec.get("properties", {}).items()
        ]
        found.append({"name": name, "fields": fields})
    return found


@login_required
@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    document = schema()
    return render(
        request,
        "api/docs.html",
        {
            "endpoints": endpoints(document),
            "components": components(document),
            "schema_url": request.build_absolute_uri(reverse("api:schema")),
            "api_root": request.build_absolute_uri(reverse("api:api-root")),
        },
    )
