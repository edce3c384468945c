"""A loopback mock of an OpenAPI spec: answers each documented operation with its example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.support import Reply, Seen


class SpecMock:
    """Answers `method path` with the first documented 2XX example; 404 for anything else.

    It also insists on the bearer token and the x-api-version header the snippets send, so a
    snippet that forgets them fails.
    """

    def __init__(self, spec: Path, token: str = "<YOUR_BEARER_TOKEN_HERE>") -> None:
        self.document: dict[str, Any] = yaml.safe_load(spec.read_text(encoding="utf-8"))
        self.token = token
        self.answered: list[str] = []

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
                content = response.get("content", {}).get("application/json", {})
                return Reply(int(status), self._example(content))
        return Reply(204)

    def _example(self, media: dict[str, Any]) -> Any:
        if "example" in media:
            return media["example"]
        schema = media.get("schema", {})
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.document["components"]["schemas"][name]
        examples = schema.get("examples") or [{}]
        return examples[0]
