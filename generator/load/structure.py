"""A hash of what a spec's validity depends on: the document without the text of its
descriptions and summaries, so editing prose does not send an unchanged structure through the
validator again."""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

_PROSE = frozenset({"description", "summary"})
# Data the validator checks against schemas: every character of it counts.
_DATA = frozenset({"example", "examples", "default", "enum", "const"})


# The loader reads documents nested as deep as Python's default recursion limit lets its parsers
# go (about 1,000 levels); this walk takes two frames a level, json's encoder one more.
_RECURSION_ROOM = 5_000


def structure_sha256(documents: list[Any]) -> str:
    digest = hashlib.sha256()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _RECURSION_ROOM))
    try:
        for document in documents:
            digest.update(
                json.dumps(_without_prose(document, False), sort_keys=True, default=str).encode()
            )
    finally:
        sys.setrecursionlimit(limit)
    return digest.hexdigest()


def _without_prose(value: Any, in_data: bool) -> Any:
    if isinstance(value, dict):
        return {
            str(key): (
                "<text>"
                if not in_data and key in _PROSE and isinstance(child, str)
                else _without_prose(child, in_data or key in _DATA or str(key).startswith("x-"))
            )
            for key, child in value.items()
        }
    if isinstance(value, list):
        return [_without_prose(child, in_data) for child in value]
    return value
