"""The HTTP response beside the parsed result: status and headers of a successful call."""

from __future__ import annotations

import functools
from collections.abc import Awaitable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Callable, Generic, List, Optional, TypeVar

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
