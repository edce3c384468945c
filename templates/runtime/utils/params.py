"""Parameter serialization as OpenAPI's `style` and `explode` define it (RFC 6570 shapes).

Values arrive JSON-ready (strings, numbers, booleans, lists, dicts). Path values come back
percent-encoded; query pairs are encoded later by httpx, headers and cookies are sent as text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .values import is_dict, is_list

DEFAULT_STYLES = {
    "path": "simple",
    "query": "form",
    "header": "simple",
    "cookie": "form",
}


def default_style(location: str) -> tuple[str, bool]:
    style = DEFAULT_STYLES[location]
    return style, style == "form"


def text(value: Any) -> str:
    """One scalar as the wire spells it: JSON's booleans, no Python reprs."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _encoded(value: Any) -> str:
    return quote(text(value), safe="")


def _flat(pairs: dict[str, Any]) -> list[str]:
    """An object's keys and values in one list: {"a": 1} -> ["a", "1"]."""
    found: list[str] = []
    for key, item in pairs.items():
        found.extend((str(key), text(item)))
    return found


def path_value(name: str, value: Any, style: str, explode: bool) -> str:
    """The text that replaces `{name}` in the path template, already percent-encoded."""
    prefix = {"label": ".", "matrix": ";"}.get(style, "")
    if is_list(value):
        items = [_encoded(item) for item in value]
        if style == "matrix":
            if explode:
                return "".join(f";{name}={item}" for item in items)
            return f";{name}=" + ",".join(items)
        return prefix + (prefix if explode and style == "label" else ",").join(items)
    if is_dict(value):
        if explode:
            separator = {"label": ".", "matrix": ";"}.get(style, ",")
            pairs = [
                f"{quote(str(k), safe='')}={_encoded(v)}" for k, v in value.items()
            ]
            return prefix + separator.join(pairs)
        flat = ",".join(quote(item, safe="") for item in _flat(value))
        return f";{name}={flat}" if style == "matrix" else prefix + flat
    if style == "matrix":
        return f";{name}={_encoded(value)}"
    return prefix + _encoded(value)


def query_pairs(
    name: str, value: Any, style: str, explode: bool
) -> list[tuple[str, str]]:
    if style == "deepObject":
        return _deep_object(name, value)
    if is_list(value):
        if explode:
            return [(name, text(item)) for item in value]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, separator.join(text(item) for item in value))]
    if is_dict(value):
        if explode:
            return [(str(key), text(item)) for key, item in value.items()]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, separator.join(_flat(value)))]
    return [(name, text(value))]


def _deep_object(name: str, value: Any) -> list[tuple[str, str]]:
    """`name[key]=value`, nesting one bracket per level; list items repeat their key."""
    if is_dict(value):
        found: list[tuple[str, str]] = []
        for key, item in value.items():
            found.extend(_deep_object(f"{name}[{key}]", item))
        return found
    if is_list(value):
        return [pair for item in value for pair in _deep_object(name, item)]
    return [(name, text(value))]


def header_value(value: Any, explode: bool) -> str:
    if is_list(value):
        return ",".join(text(item) for item in value)
    if is_dict(value):
        if explode:
            return ",".join(f"{key}={text(item)}" for key, item in value.items())
        return ",".join(_flat(value))
    return text(value)
