"""Request body encodings: JSON, form, text and binary bodies as bytes; multipart bodies as the
fields and files httpx writes (with their boundary) itself."""

from __future__ import annotations

import json
from typing import Any, Optional
from urllib.parse import urlencode

from pydantic import BaseModel

from ..utils.files import FileUpload, file_parts, read_content
from ..utils.values import Unset, is_dict, is_list, to_jsonable

Files = list[tuple[str, tuple[str, bytes, str]]]


def encode(encoding: str, body: Any) -> bytes:
    """The bytes of a body sent with `encoding`: "json", "form", "text" or "binary"."""
    if encoding == "binary":
        if isinstance(body, FileUpload):
            body = body.content
        return read_content(body)
    if encoding == "text":
        return str(body).encode("utf-8")
    if encoding == "form":
        pairs: list[tuple[str, str]] = []
        for name, value in to_jsonable(body).items():
            values = value if is_list(value) else [value]
            pairs.extend(
                (name, _text(item, ",")) for item in values if item is not None
            )
        return urlencode(pairs).encode()
    return json.dumps(
        to_jsonable(body), separators=(",", ":"), ensure_ascii=False
    ).encode()


def content_type(body: Any, declared: Optional[str]) -> str:
    """A file's own content type where it names one, else the operation's."""
    if isinstance(body, FileUpload) and body.content_type:
        return body.content_type
    return declared or "application/json"


def multipart(body: Any) -> tuple[dict[str, Any], Files]:
    """Form fields and files: bytes and file objects are files, named after the file when the
    object has a name."""
    fields: dict[str, Any] = {}
    files: Files = []
    items = (
        body.model_dump(by_alias=True, exclude_unset=True)
        if isinstance(body, BaseModel)
        else body
    )
    for name, value in items.items():
        if isinstance(value, (bytes, bytearray, FileUpload)) or hasattr(value, "read"):
            files.append((name, file_parts(name, value)))
        elif value is not None and not isinstance(value, Unset):
            fields[name] = _field_text(to_jsonable(value))
    return fields, files


def _field_text(plain: Any) -> str:
    """A multipart field's text: objects and arrays as JSON, scalars as they read."""
    if isinstance(plain, str):
        return plain
    if isinstance(plain, (dict, list)):
        return json.dumps(plain)
    return _text(plain, ",")


def _text(value: Any, separator: str) -> str:
    """A scalar, list or object as form text: booleans in JSON's spelling, lists joined."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_list(value):
        return separator.join(_text(item, separator) for item in value)
    if is_dict(value):
        return separator.join(
            f"{key}{separator}{_text(item, separator)}" for key, item in value.items()
        )
    return str(value)
