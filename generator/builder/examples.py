"""The spec's own examples, and whether they fit their schemas; the kinds make the others."""

from __future__ import annotations

from typing import Any

_MISSING = object()


def spec_example(owner: Any, schema: Any) -> Any:
    """The example a media type, parameter or schema gives, in OpenAPI's order of precedence."""
    for candidate in (owner, schema):
        if not isinstance(candidate, dict):
            continue
        if "example" in candidate:
            return candidate["example"]
        examples = candidate.get("examples")
        if isinstance(examples, dict) and examples:
            first = next(iter(examples.values()))
            if isinstance(first, dict) and "value" in first:
                return first["value"]
        if isinstance(examples, list) and examples:
            return examples[0]
    return _MISSING


def is_missing(value: Any) -> bool:
    return value is _MISSING


def missing() -> Any:
    return _MISSING


def example_problem(example: Any, schema: Any, root: dict[str, Any]) -> str | None:
    """Why the example does not fit its schema, or None when it fits (or cannot be checked:
    a schema that reaches into other files is taken on trust)."""
    if not isinstance(schema, dict):
        return None
    validator_class = _validator_class(str(root.get("openapi", "3.1")))
    document = {**schema, "components": root.get("components") or {}}
    try:
        error = next(iter(validator_class(document).iter_errors(example)), None)
    except Exception:  # an unresolvable or exotic schema: nothing to report
        return None
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path)
    return f"{error.message.splitlines()[0][:200]}" + (f" (at {where})" if where else "")


def _validator_class(version: str) -> Any:
    """A 3.1 schema is JSON Schema 2020-12, which jsonschema checks as it is; 3.0 schemas need
    openapi-schema-validator's dialect (`nullable`), whose import costs twice as much."""
    if version.startswith("3.0"):
        from openapi_schema_validator import OAS30Validator

        return OAS30Validator
    from jsonschema import Draft202012Validator

    return Draft202012Validator
