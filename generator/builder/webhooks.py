"""Webhooks and callbacks: the requests the API sends to its users' servers, each typed by its
JSON payload. The spec's `webhooks` (OpenAPI 3.1) become one union of events told apart by a
constant field; operations' `callbacks` get the same typed models, without a verifier."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.builder.context import BuildContext
from generator.builder.examples import is_missing, spec_example
from generator.builder.media import is_json
from generator.builder.names import pascal_case
from generator.builder.operations import HTTP_METHODS
from generator.ir import (
    EventTag,
    LiteralType,
    ModelType,
    TypeRef,
    UnionType,
    Webhook,
    Webhooks,
)
from generator.ir.types import ModelFields
from generator.load.document import Location

# The field most APIs name their events by: tried first when several fields tell them apart.
_USUAL_TAG = "type"


def build_webhooks(context: BuildContext) -> Webhooks | None:
    """The spec's webhooks, or None when it declares none."""
    raw = context.root.get("webhooks")
    if not isinstance(raw, dict) or not raw:
        return None
    family = context.names.webhook_family()
    events: list[Webhook] = []
    for key, raw_item in raw.items():
        location = context.document.root_location.child("webhooks", str(key))
        item, item_location = context.document.deref(raw_item, location)
        methods = _methods(item)
        for method in methods:
            raw_op = item[method]
            hint = str(raw_op.get("operationId") or key)
            if len(methods) > 1 and not raw_op.get("operationId"):
                hint = f"{hint} {method}"
            event = _event(
                context, str(key), method, raw_op, item_location.child(method), hint, family
            )
            if event is not None:
                events.append(event)
    if not events:
        return None
    tag_field, tags = _tag_field(events, context.types.model_fields)
    if tag_field:
        events = [replace(event, tags=values) for event, values in zip(events, tags, strict=True)]
    names = context.names.webhooks()
    verify = context.settings.webhook_verification
    return Webhooks(
        events=tuple(events),
        tag_field=tag_field,
        union_name=names.union,
        unknown_name=names.unknown,
        class_name=names.class_name,
        module=names.module,
        attribute=names.attribute,
        verify=verify,
        secret_argument=names.secret_argument if verify else "",
        verification_error=names.verification_error if verify else "",
        payload_error=names.payload_error,
    )


def build_callbacks(context: BuildContext) -> tuple[Webhook, ...]:
    """Every callback of every operation not ignored, in the spec's order: its payload typed
    like a webhook's, so that nothing the spec describes is dropped."""
    found: list[Webhook] = []
    family = ""
    for path, raw_item in (context.root.get("paths") or {}).items():
        item_location = context.document.root_location.child("paths", str(path))
        item, item_location = context.document.deref(raw_item, item_location)
        for method in _methods(item):
            raw_op = item[method]
            callbacks = raw_op.get("callbacks")
            if not isinstance(callbacks, dict):
                continue
            operation_id = str(raw_op.get("operationId") or f"{method} {path}")
            for name, raw_callback in callbacks.items():
                location = item_location.child(method, "callbacks", str(name))
                callback, location = context.document.deref(raw_callback, location)
                if not isinstance(callback, dict):
                    continue
                for expression, raw_target in callback.items():
                    target, target_location = context.document.deref(
                        raw_target, location.child(str(expression))
                    )
                    for target_method in _methods(target):
                        target_op = target[target_method]
                        hint = str(target_op.get("operationId") or f"{operation_id} {name}")
                        family = family or context.names.webhook_family()
                        event = _event(
                            context,
                            str(name),
                            target_method,
                            target_op,
                            target_location.child(target_method),
                            hint,
                            family,
                            suffix="Callback",
                        )
                        if event is not None:
                            found.append(
                                replace(
                                    event, operation_id=operation_id, expression=str(expression)
                                )
                            )
    return tuple(found)


def _methods(item: Any) -> list[str]:
    """The methods of a path item that describe a request and are not ignored."""
    if not isinstance(item, dict):
        return []
    return [
        method
        for method in HTTP_METHODS
        if isinstance(item.get(method), dict) and item[method].get("x-speakeasy-ignore") is not True
    ]


def _event(
    context: BuildContext,
    key: str,
    method: str,
    raw_op: dict[str, Any],
    location: Location,
    hint: str,
    family: str,
    suffix: str = "Event",
) -> Webhook | None:
    """One event typed by its JSON request body; one without such a body is skipped with a
    warning, since there is nothing to parse."""
    raw_body = raw_op.get("requestBody")
    body, body_location = context.document.deref(raw_body, location.child("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    content_type = next((str(ct) for ct in content or {} if is_json(str(ct))), None)
    if content_type is None or not isinstance(content, dict):
        context.warn(location, "no JSON request body describes the payload; skipped")
        return None
    media = content[content_type] or {}
    schema = media.get("schema") or {}
    schema_location = body_location.child("content", content_type, "schema")
    payload = context.types.type_of(schema, schema_location, pascal_case(hint) + suffix, family)
    example = context.checked_example(
        spec_example(media, schema), schema, body_location.child("content", content_type)
    )
    description = str(raw_op.get("description") or raw_op.get("summary") or "")
    return Webhook(
        key=key,
        method=method.upper(),
        summary=str(raw_op.get("summary") or ""),
        description=description,
        payload=payload,
        example=None if is_missing(example) else example,
        has_example=not is_missing(example),
    )


def _tag_field(
    events: list[Webhook], fields_of: ModelFields
) -> tuple[str, list[tuple[EventTag, ...]]]:
    """The payload field whose constant values tell every event apart (`type` where it does),
    and each event's values of it; ("", []) when no field does."""
    first = events[0].payload
    options = first.options if isinstance(first, UnionType) else (first,)
    candidates = [
        field.wire_name
        for option in options
        if isinstance(option, ModelType)
        for field in fields_of(option.name)
    ]
    candidates.sort(key=lambda wire_name: wire_name != _USUAL_TAG)
    for wire_name in dict.fromkeys(candidates):
        per_event = [_constants(event.payload, wire_name, fields_of) for event in events]
        if any(values is None for values in per_event):
            continue
        found = [values for values in per_event if values is not None]
        flat = [repr(value) for values in found for value in values]
        if len(set(flat)) == len(flat):
            return wire_name, found
    return "", []


def _constants(
    payload: TypeRef, wire_name: str, fields_of: ModelFields
) -> tuple[EventTag, ...] | None:
    """The payload's constant values of a field: one per model (a union payload may share one
    among its options), or None when some model does not hold the field as a constant."""
    options = payload.options if isinstance(payload, UnionType) else (payload,)
    values: list[EventTag] = []
    for option in options:
        if not isinstance(option, ModelType):
            return None
        field = next((f for f in fields_of(option.name) if f.wire_name == wire_name), None)
        if field is None or not isinstance(field.type, LiteralType) or len(field.type.values) != 1:
            return None
        value = field.type.values[0]
        if isinstance(value, float):
            return None
        if value not in values:
            values.append(value)
    return tuple(values)
