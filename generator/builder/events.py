"""Event streams: what one event's `data` of a `text/event-stream` response is, from the
media type's `itemSchema` (OpenAPI 3.2) or `schema`, or from Speakeasy's `x-speakeasy-sse-*`
conventions; the sentinel that ends the stream; and the boolean argument that chooses between
an event stream and JSON."""

from __future__ import annotations

from typing import Any

from generator.builder.context import BuildContext
from generator.ir import (
    Argument,
    EventData,
    LiteralType,
    ModelType,
    NullableType,
    Primitive,
    SuccessResponse,
    TypeRef,
    UnionType,
)
from generator.load.document import Location

# The fields of one event on the wire: a schema with these properties only describes the whole
# event, and its `data` property the data.
_EVENT_FIELDS = frozenset({"data", "event", "id", "retry"})


def build_event_data(
    context: BuildContext,
    raw_op: dict[str, Any],
    media: dict[str, Any],
    location: Location,
    hint: str,
    family: str,
) -> EventData:
    schema, where = _data_schema(context, media, location)
    data_type = (
        Primitive(name="str")
        if not schema
        else context.types.type_of(schema, where, hint + "Event", family)
    )
    text = isinstance(data_type, Primitive) and data_type.name == "str"
    discriminator, known = _tags(context, data_type)
    return EventData(
        type=data_type,
        text=text,
        sentinel=_sentinel(media, raw_op),
        discriminator=discriminator,
        known=known,
    )


def _data_schema(
    context: BuildContext, media: dict[str, Any], location: Location
) -> tuple[Any, Location]:
    """The schema of one event's data, and where it is."""
    key = "itemSchema" if "itemSchema" in media else "schema"
    schema = media.get(key) or {}
    where = location.child(key)
    resolved, _ = context.document.deref(schema, where)
    properties = resolved.get("properties") if isinstance(resolved, dict) else None
    if isinstance(properties, dict) and "data" in properties and set(properties) <= _EVENT_FIELDS:
        where = where.child("properties", "data")
        data, _ = context.document.deref(properties["data"], where)
        # JSON Schema's way of saying a string holds JSON (OpenAPI 3.2's own examples).
        if isinstance(data, dict) and isinstance(data.get("contentSchema"), dict):
            return data["contentSchema"], where.child("contentSchema")
        return properties["data"], where
    return schema, where


def _sentinel(media: dict[str, Any], raw_op: dict[str, Any]) -> str | None:
    for holder in (media, raw_op):
        value = holder.get("x-speakeasy-sse-sentinel")
        if isinstance(value, str):
            return value
    return None


def _tags(context: BuildContext, data_type: TypeRef) -> tuple[str | None, tuple[str, ...]]:
    """A discriminated union's field (wire name) and the values it knows; (None, ()) for any
    other type, whose events must all fit it."""
    if not isinstance(data_type, UnionType):
        return None, ()
    if data_type.tags:
        return data_type.tag_field, tuple(tag for tag, _ in data_type.tags)
    if data_type.discriminator is None:
        return None, ()
    wire_name: str | None = None
    known: list[str] = []
    for option in data_type.options:
        if not isinstance(option, ModelType):
            return None, ()
        for field in context.types.model_fields(option.name):
            if field.py_name == data_type.discriminator and isinstance(field.type, LiteralType):
                wire_name = field.wire_name
                known.extend(str(value) for value in field.type.values)
    return wire_name, tuple(known)


def stream_switch(
    raw_op: dict[str, Any],
    arguments: tuple[Argument, ...],
    success: tuple[SuccessResponse, ...],
) -> str | None:
    """The boolean body argument that chooses an event stream over JSON (`stream`, or the one
    `x-speakeasy-sse-overload` names): the methods are overloaded on it."""
    if not any(r.decode == "events" for r in success):
        return None
    if not any(r.decode != "events" and r.type is not None for r in success):
        return None
    marked = raw_op.get("x-speakeasy-sse-overload")
    wire_name = marked if isinstance(marked, str) else "stream"
    for argument in arguments:
        plain = argument.type.inner if isinstance(argument.type, NullableType) else argument.type
        if (
            argument.source == "body"
            and argument.wire_name == wire_name
            and isinstance(plain, Primitive)
            and plain.name == "bool"
        ):
            return argument.py_name
    return None
