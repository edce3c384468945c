"""A file to upload with its name and content type, where bare bytes or a file object would
leave the server to guess them."""

from __future__ import annotations

import mimetypes
import os
from typing import IO, NamedTuple, Optional, Union


class FileUpload(NamedTuple):
    """`FileUpload("photo.png", open("photo.png", "rb"), "image/png")`; without a content type,
    one is guessed from the file name."""

    name: str
    content: Union[bytes, IO[bytes]]
    content_type: Optional[str] = None


def file_parts(field: str, value: object) -> tuple[str, bytes, str]:
    """The multipart file name, content and content type for an uploaded value: a FileUpload,
    bytes, or a file object (named after its file when it has one)."""
    if isinstance(value, FileUpload):
        name, content, content_type = value
    else:
        name = os.path.basename(str(getattr(value, "name", field)))
        content, content_type = value, None  # type: ignore[assignment]
    data = content.read() if hasattr(content, "read") else bytes(content)
    guessed = mimetypes.guess_type(name)[0]
    return name, data, content_type or guessed or "application/octet-stream"
