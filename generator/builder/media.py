"""Media types: which the SDK reads as JSON."""

from __future__ import annotations


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json") or media == "*/*"
