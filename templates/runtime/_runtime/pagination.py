"""Iterating pages: offset pages move past each page's items, cursor pages follow the cursor
each page returns. The sync and async iterators share the decision of where to go next.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any, Callable, Optional, TypeVar

from pydantic import BaseModel

from ..utils.values import is_mapping

T = TypeVar("T")


def offset_pages(
    fetch: Callable[[int], T], start: Any, items: str, has_more: str
) -> Iterator[T]:
    """Pages from `fetch(offset)`, the offset moving past each page's items, until the server
    says there are no more (`has_more`, where the response has such a flag) or sends an empty
    page."""
    offset: Optional[int] = int(start or 0)
    while offset is not None:
        page = fetch(offset)
        yield page
        offset = _next_offset(page, offset, items, has_more)


async def offset_pages_async(
    fetch: Callable[[int], Awaitable[T]],
    start: Optional[float],
    items: str,
    has_more: str,
) -> AsyncIterator[T]:
    offset: Optional[int] = int(start or 0)
    while offset is not None:
        page = await fetch(offset)
        yield page
        offset = _next_offset(page, offset, items, has_more)


def cursor_pages(
    fetch: Callable[[Any], T], start: Any, next_cursor: str, has_more: str = ""
) -> Iterator[T]:
    """Pages from `fetch(cursor)`, each asking for the cursor the last one returned, until a
    page returns none (or says there are no more)."""
    cursor = start
    while True:
        page = fetch(cursor)
        yield page
        cursor = _next_cursor(page, next_cursor, has_more)
        if cursor is None:
            return


async def cursor_pages_async(
    fetch: Callable[[Any], Awaitable[T]],
    start: Any,
    next_cursor: str,
    has_more: str = "",
) -> AsyncIterator[T]:
    cursor = start
    while True:
        page = await fetch(cursor)
        yield page
        cursor = _next_cursor(page, next_cursor, has_more)
        if cursor is None:
            return


def _next_offset(page: Any, offset: int, items: str, has_more: str) -> Optional[int]:
    """The offset after `page`, or None when it was the last."""
    count = len(getattr(page, items) or ())
    if count == 0 or (has_more and not getattr(page, has_more)):
        return None
    return offset + count


def _next_cursor(page: Any, next_cursor: str, has_more: str) -> Any:
    """The cursor `page` returned, or None when it was the last."""
    cursor = getattr(page, next_cursor)
    if not cursor or (has_more and not getattr(page, has_more)):
        return None
    return cursor


def request_value(request: Any, key: str) -> Any:
    """The value (an offset, a cursor) a request body (a model, a dict, or None) starts from."""
    if request is None:
        return None
    return request.get(key) if is_mapping(request) else getattr(request, key, None)


def with_request_value(request: Any, key: str, value: Any) -> Any:
    """A copy of the request body with the value set; the caller's object is left as it was."""
    if request is None:
        return {key: value}
    if isinstance(request, BaseModel):
        return request.model_copy(update={key: value})
    return {**request, key: value}
