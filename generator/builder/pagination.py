"""Pagination: offset or cursor, as `x-speakeasy-pagination` declares it or as the shape of
the operation shows it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from generator.builder.context import BuildContext
from generator.ir import (
    Argument,
    ListType,
    ModelType,
    Pagination,
    Primitive,
    RequestBody,
    SuccessResponse,
)
from generator.load.document import Location

_ITEM_FIELDS = ("list", "data", "items", "results")


def build_pagination(
    context: BuildContext,
    raw_op: dict[str, Any],
    arguments: tuple[Argument, ...],
    body: RequestBody | None,
    success: tuple[SuccessResponse, ...],
    group: str | None,
    key: str,
    method: str,
    location: Location,
) -> Pagination | None:
    """The operation's pagination, with the names of its page iterators, or None; `key` is
    the operation's wire method and path, under which its names are claimed."""
    pagination = _pagination(context, raw_op, arguments, body, success, location)
    if pagination is None:
        return None
    pages, async_pages = context.names.pages(group, key, method)
    return replace(pagination, method=pages, async_method=async_pages)


def _pagination(
    context: BuildContext,
    raw_op: dict[str, Any],
    arguments: tuple[Argument, ...],
    body: RequestBody | None,
    success: tuple[SuccessResponse, ...],
    location: Location,
) -> Pagination | None:
    if any(r.decode == "events" for r in success):
        # Its method may return an event stream, which is no page.
        return None
    response = next((r.type for r in success if isinstance(r.type, ModelType)), None)
    shape = _shape(context, raw_op, location)
    if response is None or shape is None:
        return None
    fields = {f.wire_name: f for f in context.types.model_fields(response.name)}
    items = next(
        (fields[n] for n in shape.items if n in fields and isinstance(fields[n].type, ListType)),
        None,
    )
    has_more = fields.get("has_more")
    more = (
        has_more.py_name if has_more is not None and has_more.type == Primitive(name="bool") else ""
    )
    next_cursor = next((fields[n].py_name for n in shape.next_cursors if n in fields), "")
    if items is None or not (more or next_cursor or shape.declared):
        return None
    position = next((a for a in arguments if a.wire_name in shape.positions), None)
    request_key = _request_key(body, shape.positions)
    if (position.wire_name if position else request_key) == "offset":
        next_cursor = ""
    if position is None and request_key is None:
        return None
    return Pagination(
        kind="cursor" if next_cursor else "offset",
        offset_argument=position.py_name if position is not None else str(request_key),
        offset_in_request=position is None,
        items_field=items.py_name,
        has_more_field=more,
        next_cursor_field=next_cursor,
    )


@dataclass(frozen=True)
class _Shape:
    """Where the pieces of pagination are looked for: the names of the input that takes the
    position, of the response's list of items, and of its next cursor."""

    positions: tuple[str, ...]
    items: tuple[str, ...]
    next_cursors: tuple[str, ...]
    declared: bool


# Recognised by shape: an `offset` (or `cursor`) input, and a response with a list of items
# and a `has_more` flag (or a `next_cursor`), the shape of Autumn's list operations.
_BY_SHAPE = _Shape(("offset", "cursor"), _ITEM_FIELDS, ("next_cursor",), declared=False)


def _shape(context: BuildContext, raw_op: dict[str, Any], location: Location) -> _Shape | None:
    """As `x-speakeasy-pagination` (offsetLimit or cursor) declares it; None for a declared
    kind this generator does not page, or a declaration it cannot read (with a warning: the
    operation is still generated, as a plain method)."""
    declared = raw_op.get("x-speakeasy-pagination")
    if declared is None:
        return _BY_SHAPE
    if not isinstance(declared, dict) or declared.get("type") not in ("offsetLimit", "cursor"):
        return None
    kind = "offset" if declared["type"] == "offsetLimit" else "cursor"
    inputs = declared.get("inputs") or []
    outputs = declared.get("outputs") or {}
    if not isinstance(inputs, list) or not isinstance(outputs, dict):
        context.warn(
            location.child("x-speakeasy-pagination"),
            "pagination needs 'inputs' as a list and 'outputs' as a mapping;"
            " the operation is generated without page iteration",
        )
        return None
    inputs = [i for i in inputs if isinstance(i, dict)]
    return _Shape(
        positions=tuple(str(i.get("name")) for i in inputs if i.get("type") == kind),
        items=(str(outputs.get("results", "")).removeprefix("$."),),
        next_cursors=(
            (str(outputs.get("nextCursor", "")).removeprefix("$."),) if kind == "cursor" else ()
        ),
        declared=True,
    )


def _request_key(body: RequestBody | None, positions: tuple[str, ...]) -> str | None:
    """The key of a body passed whole (not flattened) that takes the position."""
    if body is None or body.flattened:
        return None
    return next((f.wire_name for f in body.fields if f.wire_name in positions), None)
