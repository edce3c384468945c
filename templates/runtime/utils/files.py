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
    content: object
    if isinstance(value, FileUpload):
        name, content, content_type = value
    else:
        name = os.path.basename(str(getattr(value, "name", field)))
        content, content_type = value, None
    guessed = mimetypes.guess_type(name)[0]
    return (
        name,
        read_content(content),
        content_type or guessed or "application/octet-stream",
    )


def read_content(content: object) -> bytes:
    """The bytes to send for an upload: a file object's (read to its end), or the bytes-like
    value itself."""
    read = getattr(content, "read", None)
    if read is not None:
        data: bytes = read()
        return data
    if isinstance(content, (bytes, bytearray)):
        return bytes(content)
    if isinstance(content, memoryview):
        return content.tobytes()
    raise TypeError(
        f"Cannot upload a {type(content).__name__}: pass bytes, a file object or a FileUpload"
    )
