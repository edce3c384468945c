"""Hooks around every request: change a request before it is sent, see each response or error.

Register them in `<package>/hooks_registration.py`, which the generator writes once and never
overwrites, or pass `hooks=` to the client. Async calls run sync hooks and async hooks, each
natively (no thread hops); sync calls run sync hooks only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Awaitable, Callable, List, Optional

import httpx

BeforeRequest = Callable[[httpx.Request], Optional[httpx.Request]]
AfterSuccess = Callable[[httpx.Response], None]
AfterError = Callable[[Optional[httpx.Response], Optional[BaseException]], None]
BeforeRequestAsync = Callable[[httpx.Request], Awaitable[Optional[httpx.Request]]]
AfterSuccessAsync = Callable[[httpx.Response], Awaitable[None]]
AfterErrorAsync = Callable[
    [Optional[httpx.Response], Optional[BaseException]], Awaitable[None]
]


@dataclass
class Hooks:
    """Lists of hooks, run in order: `hooks.before_request.append(add_trace_header)`.

    A before_request hook may return a replacement request. after_error hooks get the error
    response (4XX/5XX) or the network exception, whichever happened; they see every attempt,
    retries included.
    """

    # `lambda: []` rather than `list`: type checkers infer the empty list as the field's type.
    before_request: List[BeforeRequest] = field(default_factory=lambda: [])
    after_success: List[AfterSuccess] = field(default_factory=lambda: [])
    after_error: List[AfterError] = field(default_factory=lambda: [])
    before_request_async: List[BeforeRequestAsync] = field(default_factory=lambda: [])
    after_success_async: List[AfterSuccessAsync] = field(default_factory=lambda: [])
    after_error_async: List[AfterErrorAsync] = field(default_factory=lambda: [])

    # Whether any hook is registered, checked before awaiting the async runners: an await of
    # nothing to run is a noticeable share of an async call's own cost.
    def any_before(self) -> bool:
        return bool(self.before_request or self.before_request_async)

    def any_after(self) -> bool:
        return bool(
            self.after_success
            or self.after_error
            or self.after_success_async
            or self.after_error_async
        )

    def run_before_request(self, request: httpx.Request) -> httpx.Request:
        for hook in self.before_request:
            request = hook(request) or request
        return request

    async def run_before_request_async(self, request: httpx.Request) -> httpx.Request:
        request = self.run_before_request(request)
        for hook in self.before_request_async:
            request = await hook(request) or request
        return request

    def run_after(
        self, response: Optional[httpx.Response], error: Optional[BaseException]
    ) -> None:
        if error is None and response is not None and response.is_success:
            for on_success in self.after_success:
                on_success(response)
        else:
            for on_error in self.after_error:
                on_error(response, error)

    async def run_after_async(
        self, response: Optional[httpx.Response], error: Optional[BaseException]
    ) -> None:
        self.run_after(response, error)
        if error is None and response is not None and response.is_success:
            for on_success in self.after_success_async:
                await on_success(response)
        else:
            for on_error in self.after_error_async:
                await on_error(response, error)
