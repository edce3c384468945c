"""The HTTP response beside the parsed result (`with_raw_response`), or instead of it, unread
(`with_streaming_response`)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncGenerator, Awaitable, Generator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import (
    Any,
    AsyncContextManager,
    Callable,
    ContextManager,
    Generic,
    List,
    NoReturn,
    Optional,
    TypeVar,
)

import httpx
from typing_extensions import ParamSpec

T = TypeVar("T")
P = ParamSpec("P")

# Set while a wrapped call runs; the client appends each response it decodes. A context
# variable keeps concurrent calls (threads, tasks) apart.
_captured: ContextVar[Optional[List[httpx.Response]]] = ContextVar(
    "raw_responses", default=None
)


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """A call's parsed result, with the HTTP response it came from."""

    data: T
    http_response: httpx.Response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers


def with_raw_response(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """Wrap an SDK method so it returns RawResponse: `with_raw_response(client.things.get)(...)`."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        responses: List[httpx.Response] = []
        token = _captured.set(responses)
        try:
            data = method(*args, **kwargs)
        finally:
            _captured.reset(token)
        return RawResponse(data, responses[-1])

    return call


def with_raw_response_async(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The same for the async methods: `await with_raw_response_async(client.things.get_async)(...)`."""

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        responses: List[httpx.Response] = []
        token = _captured.set(responses)
        try:
            data = await method(*args, **kwargs)
        finally:
            _captured.reset(token)
        return RawResponse(data, responses[-1])

    return call


def record(response: httpx.Response) -> None:
    """Called by the client for every response it decodes into a result."""
    responses = _captured.get()
    if responses is not None:
        responses.append(response)


# Set while a with_streaming_response call runs: the client hands its successful response over
# unread instead of decoding it.
_unread: ContextVar[bool] = ContextVar("unread_response", default=False)


class _HandedOver(Exception):
    """Carries the unread response from the client back to with_streaming_response, past the
    generated method, whose declared result it is not."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__("response handed over unread")
        self.response = response


def wants_unread() -> bool:
    return _unread.get()


def hand_over(response: httpx.Response) -> NoReturn:
    raise _HandedOver(response)


def with_streaming_response(
    method: Callable[P, Any],
) -> Callable[P, ContextManager[httpx.Response]]:
    """Wrap an SDK method so it returns its successful `httpx.Response` unread, inside a
    context manager that closes it: read the headers first, or stream a large body.

    `with with_streaming_response(client.things.get)(...) as response:`. Error statuses
    raise as usual, their body read; retries happen before the response is handed over.
    """

    @contextlib.contextmanager
    def call(
        *args: P.args, **kwargs: P.kwargs
    ) -> Generator[httpx.Response, None, None]:
        token = _unread.set(True)
        try:
            method(*args, **kwargs)
        except _HandedOver as handed:
            response = handed.response
        else:
            raise TypeError(f"{_name(method)} made no call to hand over")
        finally:
            _unread.reset(token)
        try:
            yield response
        finally:
            response.close()

    return call


def with_streaming_response_async(
    method: Callable[P, Awaitable[Any]],
) -> Callable[P, AsyncContextManager[httpx.Response]]:
    """The same for the async methods:
    `async with with_streaming_response_async(client.things.get_async)(...) as response:`.
    """

    @contextlib.asynccontextmanager
    async def call(
        *args: P.args, **kwargs: P.kwargs
    ) -> AsyncGenerator[httpx.Response, None]:
        token = _unread.set(True)
        try:
            await method(*args, **kwargs)
        except _HandedOver as handed:
            response = handed.response
        else:
            raise TypeError(f"{_name(method)} made no call to hand over")
        finally:
            _unread.reset(token)
        try:
            yield response
        finally:
            await response.aclose()

    return call


def _name(method: Callable[..., Any]) -> str:
    return getattr(method, "__qualname__", repr(method))
