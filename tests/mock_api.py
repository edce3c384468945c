"""A loopback mock of an OpenAPI spec: answers each documented operation from the spec.

A response is the spec's own example when that example fits the response schema, and a value
made from the schema otherwise (real specs, Autumn's included, carry examples that do not fit).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30Validator, OAS31Validator

from tests.support import Reply, Seen

_STRING_FORMATS = {
    "date-time": "2025-01-01T00:00:00Z",
    "date": "2025-01-01",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


class SpecMock:
    """Answers `method path` with a schema-valid body; 404 for an undocumented route.

    It insists on the bearer token and the x-api-version header the snippets send, so a
    snippet that forgets them fails.
    """

    def __init__(self, spec: Path, token: str = "<YOUR_BEARER_TOKEN_HERE>") -> None:
        self.document: dict[str, Any] = yaml.safe_load(spec.read_text(encoding="utf-8"))
        self.token = token
        self.answered: list[str] = []
        version = str(self.document.get("openapi", "3.1"))
        self._validator_class = OAS30Validator if version.startswith("3.0") else OAS31Validator

    def __call__(self, seen: Seen) -> Reply:
        path = seen.path.split("?", 1)[0]
        operation = (self.document.get("paths", {}).get(path) or {}).get(seen.method.lower())
        if operation is None:
            return Reply(404, {"message": f"no operation {seen.method} {path}"})
        if seen.headers.get("authorization") != f"Bearer {self.token}":
            return Reply(401, {"message": "missing or wrong bearer token"})
        if "x-api-version" not in seen.headers:
            return Reply(400, {"message": "missing x-api-version"})
        self.answered.append(str(operation.get("operationId")))
        for status, response in operation.get("responses", {}).items():
            if str(status).startswith("2"):
                media = (response.get("content") or {}).get("application/json")
                if media is None:
                    return Reply(int(status))
                return Reply(int(status), self.body_for(media))
        return Reply(204)

    def body_for(self, media: dict[str, Any]) -> Any:
        schema = media.get("schema", {})
        resolved = self.resolve(schema)
        candidates = [media.get("example"), *(resolved.get("examples") or [])]
        for candidate in candidates:
            if candidate is not None and self.fits(candidate, schema):
                return candidate
        return self.synthesize(schema)

    def fits(self, value: Any, schema: dict[str, Any]) -> bool:
        root = {**schema, "components": self.document.get("components", {})}
        return bool(self._validator_class(root).is_valid(value))

    def resolve(self, schema: Any) -> dict[str, Any]:
        while isinstance(schema, dict) and "$ref" in schema:
            node: Any = self.document
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema = node
        return schema if isinstance(schema, dict) else {}

    def synthesize(self, schema: Any, depth: int = 0) -> Any:
        schema = self.resolve(schema)
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return next((v for v in schema["enum"] if v is not None), None)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [self.resolve(o) for o in schema[key]]
                usable = [o for o in options if o.get("type") != "null"] or options
                return self.synthesize(usable[0], depth)
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self.synthesize(part, depth)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind == "object" or "properties" in schema:
            required = schema.get("required", [])
            properties = schema.get("properties", {})
            return {name: self.synthesize(properties.get(name, {}), depth + 1) for name in required}
        if kind == "array":
            return [] if depth > 4 else [self.synthesize(schema.get("items", {}), depth + 1)]
        if kind == "string":
            return _STRING_FORMATS.get(str(schema.get("format")), "string")
        if kind in ("integer", "number"):
            return 1
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return "value"
