"""A hash of what a spec's validity depends on: the document without the text of its
descriptions and summaries, so editing prose does not send an unchanged structure through the
validator again."""

from __future__ import annotations

import hashlib
import json
from typing import Any

_PROSE = frozenset({"description", "summary"})
# Data the validator checks against schemas: every character of it counts.
_DATA = frozenset({"example", "examples", "default", "enum", "const"})


def structure_sha256(documents: list[Any]) -> str:
    digest = hashlib.sha256()
    for document in documents:
        digest.update(
            json.dumps(_without_prose(document, False), sort_keys=True, default=str).encode()
        )
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
