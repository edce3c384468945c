"""Operations: every method of every path, grouped by the resource that will hold it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.builder.arguments import build_arguments
from generator.builder.bodies import build_request_body
from generator.builder.context import BuildContext, SkipOperation
from generator.builder.events import stream_switch
from generator.builder.names import TypeHints, call_options
from generator.builder.pagination import build_pagination
from generator.builder.parameters import build_parameters
from generator.builder.responses import build_error_responses, build_success_responses
from generator.builder.security import operation_security
from generator.builder.servers import build_servers
from generator.ir import GlobalParameter, Operation, Parameter
from generator.load.document import Location
from generator.problems import OPERATION_SKIPPED

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Operations by group (a tag or `x-speakeasy-group`); None holds the untagged ones.
Grouped = dict[str | None, list[Operation]]


def build_operations(
    context: BuildContext, global_params: tuple[GlobalParameter, ...], schemes: set[str]
) -> Grouped:
    """Every operation not ignored, in the spec's order; one that cannot be expressed is
    skipped with a warning."""
    grouped: Grouped = {}
    for path, raw_item in (context.root.get("paths") or {}).items():
        if str(path).startswith("x-"):
            continue  # an extension beside the paths, not a path
        item_location = context.document.root_location.child("paths", str(path))
        item, item_location = context.document.deref(raw_item, item_location)
        for method in HTTP_METHODS:
            raw_op = item.get(method)
            if not isinstance(raw_op, dict):
                continue
            if raw_op.get("x-speakeasy-ignore") is True:
                context.hidden_operations.append(f"{method.upper()} {path}")
                continue
            group = _group_of(raw_op)
            where = _Where(str(path), method, item, item_location.child(method))
            try:
                operation = _operation(context, where, raw_op, group, global_params, schemes)
            except SkipOperation as skip:
                context.warn(skip.location, f"{skip.reason}; {OPERATION_SKIPPED}")
                continue
            grouped.setdefault(group, []).append(operation)
    return grouped


@dataclass(frozen=True)
class _Where:
    """An operation's place in the spec: its path, method, path item and location."""

    path: str
    method: str
    path_item: dict[str, Any]
    location: Location


def _group_of(raw_op: dict[str, Any]) -> str | None:
    group = raw_op.get("x-speakeasy-group")
    if isinstance(group, str) and group.strip():
        return group.strip()
    tags = raw_op.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str):
        return tags[0]
    return None


def _operation(
    context: BuildContext,
    where: _Where,
    raw_op: dict[str, Any],
    group: str | None,
    global_params: tuple[GlobalParameter, ...],
    schemes: set[str],
) -> Operation:
    location = where.location
    operation_id = str(raw_op.get("operationId") or f"{where.method} {where.path}")
    override = raw_op.get("x-speakeasy-name-override")
    key = f"{where.method.upper()} {where.path}"
    py_name, async_name = context.names.operation(
        group, key, str(override) if override else operation_id
    )
    family = context.names.family_module(group)
    hints = TypeHints(operation_id)
    # One namespace for the method's keyword arguments: its parameters, then its body's.
    argument_names = context.names.scope(f"argument-of:{group or ''}:{key}|", call_options())
    parameters = build_parameters(
        context, raw_op, where.path_item, location, hints, family, global_params, argument_names
    )
    body = build_request_body(context, raw_op, location, hints, family)
    success = build_success_responses(context, raw_op, location, hints, family)
    errors = build_error_responses(context, raw_op, location, hints, family)
    arguments = build_arguments(context, parameters, body, argument_names)
    description = str(raw_op.get("description") or raw_op.get("summary") or "")
    return Operation(
        operation_id=operation_id,
        py_name=py_name,
        async_name=async_name,
        method=where.method.upper(),
        path=where.path,
        summary=str(raw_op.get("summary") or _first_paragraph(description)),
        description=description,
        resource=group,
        arguments=arguments,
        parameters=parameters,
        body=body,
        success=success,
        errors=errors,
        security=operation_security(context, raw_op, schemes),
        deprecated=raw_op.get("deprecated") is True,
        idempotency_header=_idempotency_header(parameters),
        pagination=build_pagination(
            context, raw_op, arguments, body, success, group, key, py_name, location
        ),
        # The operation's own servers, else its path's; the client's servers do not replace them.
        servers=build_servers(context, raw_op, location)
        or build_servers(context, where.path_item, Location(location.file, location.parts[:-1])),
        stream_switch=stream_switch(raw_op, arguments, success),
    )


def _idempotency_header(parameters: tuple[Parameter, ...]) -> str | None:
    """The header the spec declares for idempotency keys: the SDK fills it, and retries."""
    return next(
        (
            p.wire_name
            for p in parameters
            if p.location == "header" and p.wire_name.lower() == "idempotency-key"
        ),
        None,
    )


def _first_paragraph(text: str) -> str:
    return " ".join(text.strip().split("\n\n", 1)[0].split())
