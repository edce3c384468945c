"""Server-sent events: an incremental parser of the WHATWG event-stream format, and the
`EventStream` / `AsyncEventStream` that operations answering `text/event-stream` return.

The parser works on bytes: `bytes.splitlines` splits on exactly the three line endings the
format allows (LF, CRLF, CR), and no UTF-8 character contains those bytes, so a chunk that ends
mid-character needs no decoder state. Data goes to pydantic as bytes, never through `str`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, TypeVar, cast

import httpx
from pydantic import TypeAdapter, ValidationError

if TYPE_CHECKING:
    from .response import ErrorTypes

T = TypeVar("T")

_BOM = b"\xef\xbb\xbf"
_LINE_ENDS = (b"\n", b"\r")


class RawEvent:
    """One dispatched event as it came off the wire: its name, its data lines joined by LF,
    the last event id seen, and the `retry` its own lines gave (None when they gave none).
    """

    __slots__ = ("event", "data", "id", "retry")

    def __init__(self, event: str, data: bytes, id: str, retry: Optional[int]) -> None:
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry


class EventParser:
    """Feed it the body's chunks as they arrive; it returns the events each chunk completes.

    An event is dispatched by an empty line, as the format says; what is pending when the body
    ends (a last event without its empty line) is discarded, since it may be cut short.
    """

    __slots__ = (
        "_pending",
        "_after_cr",
        "_started",
        "_data",
        "_event",
        "_id",
        "_decoded_id",
        "_retry",
    )

    def __init__(self) -> None:
        self._pending: list[bytes] = []  # an unterminated line, in pieces
        # Whether the last chunk ended with CR: a LF opening the next one is its pair.
        self._after_cr = False
        self._started = False  # whether the leading BOM, if any, has been dropped
        self._data: list[bytes] = []
        self._event = b""
        self._id = b""  # the last event id persists across events
        self._decoded_id = (self._id, "")
        self._retry: Optional[int] = None

    def feed(self, chunk: bytes) -> list[RawEvent]:
        if not chunk:
            return []
        if self._after_cr:
            self._after_cr = False
            if chunk[0] == 10:  # b"\n"
                chunk = chunk[1:]
                if not chunk:
                    return []
        if not self._started:
            head = b"".join(self._pending) + chunk
            if len(head) < len(_BOM) and _BOM.startswith(head):
                self._pending = [head]  # may still become a BOM
                return []
            self._started = True
            self._pending = []
            chunk = head[len(_BOM) :] if head.startswith(_BOM) else head
        if b"\n" not in chunk and b"\r" not in chunk:
            self._pending.append(chunk)
            return []
        if self._pending:
            self._pending.append(chunk)
            chunk = b"".join(self._pending)
            self._pending = []
        lines = chunk.splitlines()
        last = chunk[-1:]
        if last in _LINE_ENDS:
            self._after_cr = last == b"\r"
        else:
            self._pending.append(lines.pop())
        return self._lines(lines)

    def _lines(self, lines: list[bytes]) -> list[RawEvent]:
        events: list[RawEvent] = []
        data = self._data
        for line in lines:
            if line.startswith(b"data:"):
                value = line[5:]
                data.append(value[1:] if value[:1] == b" " else value)
                continue
            if not line:
                if data:
                    events.append(self._dispatch(data))
                    data = self._data = []
                else:
                    self._event = b""
                    self._retry = None
                continue
            colon = line.find(b":")
            if colon == 0:
                continue  # a comment, such as a keep-alive
            if colon < 0:
                name, value = line, b""
            else:
                name, value = line[:colon], line[colon + 1 :]
                if value[:1] == b" ":
                    value = value[1:]
            self._field(name, value, data)
        return events

    def _field(self, name: bytes, value: bytes, data: list[bytes]) -> None:
        if name == b"data":  # `data` without a colon: an empty data line
            data.append(value)
        elif name == b"event":
            self._event = value
        elif name == b"id":
            if b"\0" not in value:
                self._id = value
        elif name == b"retry":
            if value.isdigit():  # ASCII digits only, as the format asks
                self._retry = int(value)
        # Any other field is ignored.

    def _dispatch(self, data: list[bytes]) -> RawEvent:
        if self._id is not self._decoded_id[0]:  # the id changes rarely: decode it once
            self._decoded_id = (self._id, self._id.decode("utf-8", "replace"))
        event = RawEvent(
            self._event.decode("utf-8", "replace") if self._event else "message",
            data[0] if len(data) == 1 else b"\n".join(data),
            self._decoded_id[1],
            self._retry,
        )
        self._event = b""
        self._retry = None
        return event


class Event(Generic[T]):
    """An event's parsed data beside its name, id and retry (`EventStream.events()`)."""

    __slots__ = ("data", "event", "id", "retry")

    def __init__(self, data: T, event: str, id: str, retry: Optional[int]) -> None:
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry

    def __repr__(self) -> str:
        return (
            f"Event(event={self.event!r}, id={self.id!r}, retry={self.retry!r},"
            f" data={self.data!r})"
        )


class UnknownEvent:
    """An event whose type the API description does not know (a newer server): kept, with its
    data parsed from JSON but not validated, instead of failing the stream."""

    __slots__ = ("event", "data", "id", "retry")

    def __init__(self, event: str, data: Any, id: str, retry: Optional[int]) -> None:
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry

    def __repr__(self) -> str:
        return f"UnknownEvent(event={self.event!r}, id={self.id!r}, data={self.data!r})"


class EventsBody(Generic[T]):
    """How one operation's events are read: the type of each event's data (JSON, or text when
    `text`), the data that ends the stream (`sentinel`), and for a union told apart by a
    `discriminator` field, the values it knows; an event with another value is kept as an
    UnknownEvent."""

    def __init__(
        self,
        target: Any,
        *,
        text: bool = False,
        sentinel: Optional[str] = None,
        discriminator: Optional[str] = None,
        known: tuple[str, ...] = (),
    ) -> None:
        self._target = target
        self._text = text
        self._sentinel = None if sentinel is None else sentinel.encode()
        self._discriminator = discriminator
        self._known = frozenset(known)
        self._validate: Any = None

    @property
    def sentinel(self) -> Optional[bytes]:
        return self._sentinel

    def validator(self) -> Callable[[bytes], Any]:
        """What turns one event's data into its value; raises pydantic's ValidationError."""
        if self._text:
            return _text
        if self._validate is None:
            # Built on first use, so importing a module of many endpoints stays cheap. The
            # schema validator itself: the per-call wrappers around it cost a fifth of a
            # small event's time.
            self._validate = TypeAdapter(self._target).validator.validate_json
        validate: Callable[[bytes], Any] = self._validate
        return validate

    def unknown(self, raw: RawEvent) -> Optional[UnknownEvent]:
        """The event kept untyped, when its discriminator holds a value the union lacks."""
        if self._discriminator is None:
            return None
        try:
            value = json.loads(raw.data)
        except ValueError:
            return None
        if not isinstance(value, dict):
            return None
        # Not utils.values.is_dict: importing the utils package from here would be circular.
        tag = cast("dict[str, Any]", value).get(self._discriminator)
        if not isinstance(tag, str) or tag in self._known:
            return None
        return UnknownEvent(raw.event, value, raw.id, raw.retry)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


class _Reader(Generic[T]):
    """What the sync and async streams share: the parser, and what to make of an event whose
    data does not validate."""

    def __init__(
        self, response: httpx.Response, body: EventsBody[T], errors: ErrorTypes
    ) -> None:
        self.response = response
        self.body = body
        self.errors = errors
        self.parser = EventParser()

    def mismatch(self, raw: RawEvent, number: int, error: ValidationError) -> Any:
        """An UnknownEvent for an event of a type the spec does not know; otherwise raises
        the SDK's validation error, naming the event."""
        unknown = self.body.unknown(raw)
        if unknown is not None:
            return unknown
        where = f"event {number} (event: {raw.event!r}" + (
            f", id: {raw.id!r})" if raw.id else ")"
        )
        raise self.errors.validation(
            f"Response validation failed: {error.error_count()} problem(s) with {where}",
            self.response,
            error,
            raw.data.decode("utf-8", "replace"),
        ) from error


class EventStream(Generic[T]):
    """The events of a `text/event-stream` response, parsed as they arrive.

    Iterate it for each event's data, or `events()` for the data with each event's name, id
    and retry. Use it as a context manager, or iterate to the end: the response is closed when
    the stream ends, on `break`, on an exception, on `close()` and when it is garbage-collected.
    `response` is the `httpx.Response`, its status and headers readable before the first event.
    """

    def __init__(
        self, response: httpx.Response, body: EventsBody[T], errors: ErrorTypes
    ) -> None:
        self.response = response
        self._reader = _Reader(response, body, errors)
        self._events = self._read()

    def _read(self) -> Generator[Event[T], None, None]:
        # One loop with everything in locals: this is the hot path of every stream.
        reader = self._reader
        feed = reader.parser.feed
        validate = reader.body.validator()
        sentinel = reader.body.sentinel
        number = 0
        try:
            for chunk in self.response.iter_bytes():
                for raw in feed(chunk):
                    if raw.data == sentinel:
                        return
                    number += 1
                    try:
                        data = validate(raw.data)
                    except ValidationError as error:
                        data = reader.mismatch(raw, number, error)
                    yield Event(data, raw.event, raw.id, raw.retry)
        finally:
            self.response.close()

    def events(self) -> Iterator[Event[T]]:
        """Each event with its name, id and retry beside its data."""
        try:
            yield from self._events
        finally:
            self.close()

    def __iter__(self) -> Iterator[T]:
        try:
            for event in self._events:
                yield event.data
        finally:
            self.close()

    def close(self) -> None:
        self._events.close()
        self.response.close()

    def __enter__(self) -> EventStream[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        # A stream dropped unfinished would keep its connection out of the pool.
        response = getattr(self, "response", None)
        if response is not None and not response.is_closed:
            response.close()


class AsyncEventStream(Generic[T]):
    """The async twin of EventStream: `async for`, `events()`, `async with`, `aclose()`."""

    def __init__(
        self, response: httpx.Response, body: EventsBody[T], errors: ErrorTypes
    ) -> None:
        self.response = response
        self._reader = _Reader(response, body, errors)
        self._events = self._read()

    async def _read(self) -> AsyncGenerator[Event[T], None]:
        reader = self._reader
        feed = reader.parser.feed
        validate = reader.body.validator()
        sentinel = reader.body.sentinel
        number = 0
        try:
            async for chunk in self.response.aiter_bytes():
                for raw in feed(chunk):
                    if raw.data == sentinel:
                        return
                    number += 1
                    try:
                        data = validate(raw.data)
                    except ValidationError as error:
                        data = reader.mismatch(raw, number, error)
                    yield Event(data, raw.event, raw.id, raw.retry)
        finally:
            await self.response.aclose()

    async def events(self) -> AsyncIterator[Event[T]]:
        """Each event with its name, id and retry beside its data."""
        try:
            async for event in self._events:
                yield event
        finally:
            await self.aclose()

    async def __aiter__(self) -> AsyncIterator[T]:
        try:
            async for event in self._events:
                yield event.data
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        await self._events.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncEventStream[T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __del__(self) -> None:
        # Closing is a coroutine: hand it to the running loop, if there is one.
        response = getattr(self, "response", None)
        if response is None or response.is_closed:
            return
        asyncio = sys.modules.get("asyncio")  # no asyncio loaded: no loop runs
        if asyncio is None:
            return
        try:
            task = asyncio.get_running_loop().create_task(response.aclose())
        except RuntimeError:
            return
        _closing.add(task)
        task.add_done_callback(_closing.discard)


# Closing tasks of dropped async streams, kept referenced until they finish.
_closing: set[Any] = set()
