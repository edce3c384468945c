"""Responses: what a 2XX answer decodes to, and which error class each documented 4XX/5XX
(or default) answer raises."""

from __future__ import annotations

from typing import Any

from generator.builder.context import BuildContext
from generator.builder.events import build_event_data
from generator.builder.examples import example_problem, is_missing, missing, spec_example
from generator.builder.media import is_event_stream, is_json, response_decode
from generator.builder.names import TypeHints
from generator.ir import (
    ErrorClass,
    ErrorResponse,
    ModelType,
    Primitive,
    ResponseDecode,
    SuccessResponse,
    TypeRef,
    unreachable,
)
from generator.load.document import Location


def build_success_responses(
    context: BuildContext,
    raw_op: dict[str, Any],
    location: Location,
    hints: TypeHints,
    family: str,
) -> tuple[SuccessResponse, ...]:
    responses = raw_op.get("responses") or {}
    found: list[SuccessResponse] = []
    for status, raw in responses.items():
        code = str(status).upper()
        if not (code.startswith("2") and len(code) == 3):
            continue
        response, where = context.document.deref(raw, location.child("responses", status))
        content = response.get("content") or {}
        description = str(response.get("description") or "")
        hint = hints.response(code, only=len(responses) == 1)
        streams = [str(ct) for ct in content if is_event_stream(str(ct))]
        # An event stream beside other media types is a second way to answer: both are kept.
        read_whole = [str(ct) for ct in content if not is_event_stream(str(ct))]
        if read_whole or not streams:
            # JSON where the response offers it, else its first media type.
            preferred = next((ct for ct in read_whole if is_json(ct)), next(iter(read_whole), None))
            decode = response_decode(preferred)
            schema = (content.get(preferred) or {}).get("schema") or {}
            body_type = _body_type(
                context,
                decode,
                schema,
                where.child("content", str(preferred), "schema"),
                hint,
                family,
            )
            example = _fitting_example(
                context, content.get(preferred), schema, where.child("content", str(preferred))
            )
            found.append(
                SuccessResponse(
                    status=code,
                    content_type=preferred,
                    type=body_type,
                    decode=decode,
                    description=description,
                    example=None if is_missing(example) else example,
                    has_example=not is_missing(example),
                )
            )
        if streams:
            media_location = where.child("content", streams[0])
            data = build_event_data(
                context, raw_op, content[streams[0]] or {}, media_location, hint, family
            )
            found.append(
                SuccessResponse(
                    status=code,
                    content_type=streams[0],
                    type=data.type,
                    decode="events",
                    description=description,
                    events=data,
                )
            )
    return tuple(found)


def _body_type(
    context: BuildContext,
    decode: ResponseDecode,
    schema: Any,
    location: Location,
    hint: str,
    family: str,
) -> TypeRef | None:
    """What the decoder hands over: a JSON body as its schema's type."""
    match decode:
        case "json":
            return context.types.type_of(schema, location, hint, family)
        case "text":
            return Primitive(name="str")
        case "binary":
            return Primitive(name="stream")
        case "empty":
            return None
        case "events":
            raise AssertionError("event streams are built by build_event_data")
        case _:
            unreachable(decode)


def build_error_responses(
    context: BuildContext,
    raw_op: dict[str, Any],
    location: Location,
    hints: TypeHints,
    family: str,
) -> tuple[ErrorResponse, ...]:
    """Documented 4XX/5XX/default responses with a JSON body, each raised as its own class,
    and the SDK's default error for every other 4XX and 5XX."""
    found: list[ErrorResponse] = []
    for status, raw in (raw_op.get("responses") or {}).items():
        code = str(status).upper()
        if not (code[:1] in ("4", "5") and len(code) == 3) and code != "DEFAULT":
            continue
        response, where = context.document.deref(raw, location.child("responses", status))
        typed = _typed_error(context, code, response, where, hints, family)
        if typed is not None:
            found.append(typed)
    found.append(
        ErrorResponse(
            status_codes=("4XX", "5XX"),
            error_class=context.settings.default_error,
            content_type="*/*",
            # Any body, kept as text on the error for the caller to read.
            decode="text",
        )
    )
    return tuple(found)


def _typed_error(
    context: BuildContext,
    code: str,
    response: dict[str, Any],
    where: Location,
    hints: TypeHints,
    family: str,
) -> ErrorResponse | None:
    """An error response whose JSON body is a model, raised as that model's error class."""
    content = response.get("content") or {}
    content_type = next((str(ct) for ct in content if is_json(str(ct))), None)
    if content_type is None:
        return None
    schema = (content[content_type] or {}).get("schema") or {}
    data = context.types.type_of(
        schema, where.child("content", content_type, "schema"), hints.error_data(code), family
    )
    if not isinstance(data, ModelType):
        return None
    example = _fitting_example(
        context, content[content_type], schema, where.child("content", content_type)
    )
    return ErrorResponse(
        status_codes=(code.lower() if code == "DEFAULT" else code,),
        error_class=_error_class(context, data, response),
        content_type=content_type,
        decode=response_decode(content_type),
        data=data,
        example=None if is_missing(example) else example,
        has_example=not is_missing(example),
    )


def _fitting_example(context: BuildContext, media: Any, schema: Any, location: Location) -> Any:
    """The response's example where it fits its schema, else missing. No warning: an example
    that does not fit only means the SDK's mock answers with a value made from the schema."""
    resolved, _ = context.document.deref(schema, location.child("schema"))
    example = spec_example(media, resolved)
    if is_missing(example) or example_problem(example, schema, context.root) is not None:
        return missing()
    return example


def _error_class(context: BuildContext, data: ModelType, response: dict[str, Any]) -> str:
    """One class per error body model, named after the first operation that raises it."""
    known = context.error_classes.get(data)
    if known is not None:
        return known.name
    name = context.names.error_class(data.name)
    context.error_classes[data] = ErrorClass(
        name=name, data=data, description=str(response.get("description") or "")
    )
    return name
