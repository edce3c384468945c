"""Parameters: an operation's own (merged with its path's), and the globals every call sends."""

from __future__ import annotations

from typing import Any

from generator.builder.context import BuildContext
from generator.builder.examples import example_problem, is_missing, missing, spec_example
from generator.builder.names import KeyedScope, TypeHints, global_hint, snake_case
from generator.ir import (
    ALLOWED_STYLES,
    DEFAULT_STYLES,
    GlobalParameter,
    LiteralType,
    NullableType,
    Parameter,
    ParamLocation,
    Primitive,
    TypeRef,
)
from generator.ir.types import no_models
from generator.load.document import Location

PARAM_LOCATIONS: tuple[ParamLocation, ...] = ("path", "query", "header", "cookie")


def build_globals(context: BuildContext) -> tuple[GlobalParameter, ...]:
    """`x-speakeasy-globals`: parameters set once on the client and sent with every call."""
    block = context.root.get("x-speakeasy-globals") or {}
    location = context.document.root_location.child("x-speakeasy-globals", "parameters")
    found: list[GlobalParameter] = []
    for index, raw in enumerate(block.get("parameters") or []):
        param, where = context.document.deref(raw, location.child(index))
        if param.get("in") not in PARAM_LOCATIONS or param.get("in") == "path":
            context.warn(where, "global parameters must be in query, header or cookie; skipped")
            continue
        schema = param.get("schema") or {}
        default = schema.get("default") if isinstance(schema, dict) else None
        global_type = context.types.type_of(
            schema, where.child("schema"), global_hint(str(param["name"])), "shared"
        )
        found.append(
            GlobalParameter(
                wire_name=str(param["name"]),
                py_name=context.names.constructor_argument(
                    f"global:{param['in']}:{param['name']}", str(param["name"])
                ),
                location=param["in"],
                type=global_type,
                required=param.get("required") is True,
                description=str(param.get("description") or ""),
                default=default if global_type.fits(default, "model", no_models) else None,
                hidden=param.get("x-speakeasy-globals-hidden") is True,
            )
        )
    return tuple(found)


def build_parameters(
    context: BuildContext,
    raw_op: dict[str, Any],
    path_item: dict[str, Any],
    location: Location,
    hints: TypeHints,
    family: str,
    global_params: tuple[GlobalParameter, ...],
    names: KeyedScope,
) -> tuple[Parameter, ...]:
    """The operation's parameters; one of the same name and location on the operation replaces
    its path's, and a global's twin is left to the client. `names` are the method's arguments."""
    merged = _merged(context, raw_op, path_item, location)
    hidden = {(g.wire_name, g.location) for g in global_params}
    found: list[Parameter] = []
    for (name, where_in), (param, where) in merged.items():
        if (name, where_in) in hidden or where_in not in PARAM_LOCATIONS:
            continue
        schema = param.get("schema") or {}
        example = context.checked_example(spec_example(param, schema), schema, where)
        style, explode = _style(context, param, where_in, where)
        param_type = context.types.type_of(
            schema, where.child("schema"), hints.parameter(name), family
        )
        default = _default(context, schema, param_type, where)
        found.append(
            Parameter(
                wire_name=name,
                py_name=names.claim(f"{where_in}:{name}", snake_case(name, "param")),
                location=where_in,
                type=param_type,
                required=param.get("required") is True or where_in == "path",
                description=str(param.get("description") or ""),
                style=style,
                explode=explode,
                example=None if is_missing(example) else example,
                has_example=not is_missing(example),
                default=None if is_missing(default) else default,
                has_default=not is_missing(default),
            )
        )
    return tuple(found)


def _merged(
    context: BuildContext, raw_op: dict[str, Any], path_item: dict[str, Any], location: Location
) -> dict[tuple[str, str], tuple[dict[str, Any], Location]]:
    """The path's parameters and the operation's by (name, location), the operation's last."""
    merged: dict[tuple[str, str], tuple[dict[str, Any], Location]] = {}
    item_location = Location(location.file, location.parts[:-1])
    for owner, owner_location in ((path_item, item_location), (raw_op, location)):
        for index, raw in enumerate(owner.get("parameters") or []):
            param, where = context.document.deref(raw, owner_location.child("parameters", index))
            merged[(str(param.get("name")), str(param.get("in")))] = (param, where)
    return merged


def _style(
    context: BuildContext, param: dict[str, Any], where_in: str, where: Location
) -> tuple[str, bool]:
    style = param.get("style")
    if not isinstance(style, str) or style not in ALLOWED_STYLES[where_in]:
        if style is not None:
            context.warn(
                where.child("style"),
                f"style '{style}' is not allowed in {where_in};"
                f" sent as '{DEFAULT_STYLES[where_in]}'",
            )
        style = DEFAULT_STYLES[where_in]
    explode = param.get("explode", style == "form")
    return style, explode if isinstance(explode, bool) else style == "form"


def _default(context: BuildContext, schema: Any, param_type: TypeRef, where: Location) -> Any:
    """A scalar default becomes the argument's Python default, so the SDK sends what the
    API would assume; a default that breaks its own schema is dropped with a warning."""
    resolved, _ = context.document.deref(schema, where.child("schema"))
    if not isinstance(resolved, dict) or "default" not in resolved:
        return missing()
    default = resolved["default"]
    plain = param_type.inner if isinstance(param_type, NullableType) else param_type
    scalar = isinstance(plain, LiteralType) or (
        isinstance(plain, Primitive) and plain.name in ("str", "int", "float", "bool")
    )
    if not scalar or default is None or isinstance(default, (dict, list)):
        return missing()
    problem = example_problem(default, resolved, context.root)
    if problem is None:
        return default
    context.warn(where.child("schema", "default"), f"default does not match: {problem}")
    return missing()
