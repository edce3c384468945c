"""Media types: which the SDK reads as JSON, and how it reads a response body."""

from __future__ import annotations

from generator.ir import ResponseDecode


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json") or media == "*/*"


def is_event_stream(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() == "text/event-stream"


def response_decode(content_type: str | None) -> ResponseDecode:
    """How a response body of this media type (None: no body) is read. Media types are
    case-insensitive (RFC 9110)."""
    if content_type is None:
        return "empty"
    if is_json(content_type):
        return "json"
    if is_event_stream(content_type):
        return "events"
    if content_type.lower().startswith("text/"):
        return "text"
    return "binary"
