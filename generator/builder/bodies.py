"""Request bodies: the content type the SDK sends, how it is encoded, and its type."""

from __future__ import annotations

from typing import Any, cast

from generator.builder.context import BuildContext
from generator.builder.examples import is_missing, spec_example
from generator.builder.media import is_json
from generator.builder.names import TypeHints
from generator.ir import BodyEncoding, ModelType, Primitive, RequestBody
from generator.load.document import Location


def build_request_body(
    context: BuildContext,
    raw_op: dict[str, Any],
    location: Location,
    hints: TypeHints,
    family: str,
) -> RequestBody | None:
    if "requestBody" not in raw_op:
        return None
    body, where = context.document.deref(raw_op["requestBody"], location.child("requestBody"))
    content = body.get("content") or {}
    if not content:
        # Nothing says what to send, so the SDK sends nothing; the operation itself stands.
        context.warn(
            where.child("content") if "content" in body else where,
            "request body without content; the operation is generated without a body",
        )
        return None
    content_type, encoding = _preferred_body(content)
    media = content[content_type] or {}
    media_location = where.child("content", content_type)
    schema = media.get("schema") or {}
    if encoding in ("text", "binary"):
        return RequestBody(
            content_type=str(content_type),
            required=body.get("required") is True,
            model=None,
            fields=(),
            type=Primitive(name="str" if encoding == "text" else "bytes"),
            encoding=encoding,
        )
    resolved, _ = context.document.deref(schema, media_location.child("schema"))
    title = resolved.get("title") if isinstance(resolved, dict) else None
    body_type = context.types.type_of(
        schema, media_location.child("schema"), hints.request(str(title or "")), family
    )
    model = body_type.name if isinstance(body_type, ModelType) else None
    example = context.checked_example(spec_example(media, resolved), schema, media_location)
    return RequestBody(
        content_type=str(content_type),
        required=body.get("required") is True,
        model=model,
        fields=context.types.model_fields(model) if model else (),
        type=body_type,
        example=None if is_missing(example) else example,
        has_example=not is_missing(example),
        encoding=encoding,
    )


def _preferred_body(content: dict[str, Any]) -> tuple[str, BodyEncoding]:
    """The body's content type the SDK sends, by preference, and how it is encoded."""
    kinds = [str(ct) for ct in content]
    for content_type in kinds:
        if is_json(content_type):
            return content_type, "json"
    for prefix, encoding in (
        ("application/x-www-form-urlencoded", "form"),
        ("multipart/", "multipart"),
        ("text/", "text"),
    ):
        for content_type in kinds:
            if content_type.lower().startswith(prefix):
                return content_type, cast(BodyEncoding, encoding)
    return kinds[0], "binary"
