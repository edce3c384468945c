"""Example values for snippets: the spec's own where it gives them, made from the type otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.ir import (
    AnyType,
    Field,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    Primitive,
    TypeRef,
    UnionType,
)

_MISSING = object()

_PRIMITIVE_EXAMPLES: dict[str, Any] = {
    "str": "<value>",
    "int": 0,
    "float": 0,
    "bool": False,
    "bytes": "<binary>",
    "stream": "<binary>",
    "date": "2025-01-01",
    "datetime": "2025-01-01T00:00:00Z",
}


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


def synthesize(
    type_ref: TypeRef, fields_of: Callable[[str], tuple[Field, ...]], depth: int = 0
) -> Any:
    """A value of the given type, for snippets where the spec has no example."""
    value = _synthesize(type_ref, fields_of, depth, frozenset())
    # Required properties that lead back to their own model, with no null, list or other
    # option on the way, have no finite value; an empty object is the nearest.
    return {} if value is _CYCLE else value


_CYCLE = object()


def has_finite_value(type_ref: TypeRef, fields_of: Callable[[str], tuple[Field, ...]]) -> bool:
    return _synthesize(type_ref, fields_of, 0, frozenset()) is not _CYCLE


def _synthesize(
    type_ref: TypeRef,
    fields_of: Callable[[str], tuple[Field, ...]],
    depth: int,
    building: frozenset[str],
) -> Any:
    """A value, or _CYCLE where every value would need a model inside itself (`building`
    holds the models on the way here): null, an empty list or another union option ends
    such a chain, however deep the models nest."""
    if isinstance(type_ref, Primitive):
        return _PRIMITIVE_EXAMPLES[type_ref.name]
    if isinstance(type_ref, LiteralType):
        return type_ref.values[0]
    if isinstance(type_ref, NullableType):
        value = _synthesize(type_ref.inner, fields_of, depth, building)
        return None if value is _CYCLE else value
    if isinstance(type_ref, UnionType):
        for option in type_ref.options:
            value = _synthesize(option, fields_of, depth, building)
            if value is not _CYCLE:
                return value
        return _CYCLE
    if isinstance(type_ref, ListType):
        item = [] if depth > 3 else [_synthesize(type_ref.item, fields_of, depth + 1, building)]
        return [] if _CYCLE in item else item
    if isinstance(type_ref, MapType):
        if depth > 3 or isinstance(type_ref.value, AnyType):
            return {}
        value = _synthesize(type_ref.value, fields_of, depth + 1, building)
        return {} if value is _CYCLE else {"key": value}
    if isinstance(type_ref, ModelType):
        if type_ref.name in building:
            return _CYCLE
        inside = building | {type_ref.name}
        found = {}
        for field in fields_of(type_ref.name):
            if field.required:
                found[field.wire_name] = _synthesize(field.type, fields_of, depth + 1, inside)
                if found[field.wire_name] is _CYCLE:
                    return _CYCLE
        return found
    return "<value>"


def fits_input(
    type_ref: TypeRef, value: Any, fields_of: Callable[[str], tuple[Field, ...]]
) -> bool:
    """Whether a JSON value, written as a Python literal, is a value the SDK's input type for
    `type_ref` accepts (a model as its TypedDict; bytes, dates as text). A spec's example
    can fit its schema and not the type (a schema's keywords for objects say nothing about
    an array); a snippet must use values that type-check."""
    if isinstance(type_ref, AnyType):
        return True
    if isinstance(type_ref, NullableType):
        return value is None or fits_input(type_ref.inner, value, fields_of)
    if isinstance(type_ref, Primitive):
        if type_ref.name == "bool" or isinstance(value, bool):
            return type_ref.name == "bool" and isinstance(value, bool)
        kinds = {"int": (int,), "float": (int, float)}.get(type_ref.name, (str,))
        return isinstance(value, kinds)
    if isinstance(type_ref, LiteralType):
        return any(type(value) is type(option) and value == option for option in type_ref.values)
    if isinstance(type_ref, ListType):
        return isinstance(value, list) and all(
            fits_input(type_ref.item, item, fields_of) for item in value
        )
    if isinstance(type_ref, MapType):
        return isinstance(value, dict) and all(
            fits_input(type_ref.value, item, fields_of) for item in value.values()
        )
    if isinstance(type_ref, UnionType):
        return any(fits_input(option, value, fields_of) for option in type_ref.options)
    if isinstance(type_ref, ModelType) and isinstance(value, dict):
        fields = {f.wire_name: f for f in fields_of(type_ref.name) if not f.read_only}
        return (
            set(value) <= set(fields)
            and all(f.wire_name in value for f in fields.values() if f.required)
            and all(fits_input(fields[key].type, item, fields_of) for key, item in value.items())
        )
    return False


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
