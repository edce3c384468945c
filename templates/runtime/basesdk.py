"""The client core every generated method calls, and the runtime names generated code imports.

Generated resource methods stay thin: they describe an endpoint once, on its first call, and
hand their arguments to `ClientCore.send` or `ClientCore.send_async`. The work happens in `_runtime/`, one
module per concern; this module keeps the configuration and the connections.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, TypeVar, Union

import httpx

from ._runtime.defaults import DEFAULT_TIMEOUT_MS
from ._runtime.endpoint import (
    Arguments,
    AuthScheme,
    CallOptions,
    Endpoint,
    GlobalValue,
    ServerTemplate,
    select_server,
)
from ._runtime.response import ErrorTypes, JsonBody, NoBody, StreamBody, TextBody
from .utils.hooks import Hooks
from .utils.values import UNSET

if TYPE_CHECKING:
    from ._runtime import sending
    from ._runtime.events import AsyncEventStream, EventsBody, EventStream, UnknownEvent
    from ._runtime.pagination import (
        cursor_pages,
        cursor_pages_async,
        offset_pages,
        offset_pages_async,
        request_value,
        with_request_value,
    )
    from .utils.retries import RetryConfig

# What generated modules import from here.
__all__ = [
    "AsyncEventStream",
    "AuthScheme",
    "BaseResource",
    "CallOptions",
    "ClientCore",
    "Endpoint",
    "ErrorTypes",
    "EventStream",
    "EventsBody",
    "GlobalValue",
    "JsonBody",
    "NoBody",
    "ServerTemplate",
    "StreamBody",
    "TextBody",
    "UnknownEvent",
    "cursor_pages",
    "cursor_pages_async",
    "default_user_agent",
    "offset_pages",
    "offset_pages_async",
    "request_value",
    "select_server",
    "with_request_value",
]

# Loaded on first use: constructing a client needs none of them, and the send loop,
# event streams and pages are a third of the runtime's import time.
_LATER: dict[str, str] = {
    "AsyncEventStream": "._runtime.events",
    "EventStream": "._runtime.events",
    "EventsBody": "._runtime.events",
    "UnknownEvent": "._runtime.events",
    "cursor_pages": "._runtime.pagination",
    "cursor_pages_async": "._runtime.pagination",
    "offset_pages": "._runtime.pagination",
    "offset_pages_async": "._runtime.pagination",
    "request_value": "._runtime.pagination",
    "with_request_value": "._runtime.pagination",
}

T = TypeVar("T")
E = TypeVar("E")


class _FirstUse:
    """Stands for a module until its first attribute is read, then imports it and puts it in
    this module's namespace in its own place, so that later calls find the module itself.
    """

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(self._module, __package__)
        globals()[self._name] = module
        return getattr(module, attribute)


# Hidden from type checkers, which see the imports above.
if not TYPE_CHECKING:
    from ._runtime.lazy import first_use_getattr

    sending = _FirstUse("._runtime.sending", "sending")

    __getattr__ = first_use_getattr(globals(), _LATER, __package__)


@dataclass
class ClientCore:
    """Configuration and connections shared by the client and all of its resources."""

    server_url: str
    user_agent: str
    errors: ErrorTypes
    # `lambda: {}` rather than `dict`: type checkers infer the empty dict as the field's type.
    auth_schemes: Mapping[str, AuthScheme] = field(default_factory=lambda: {})
    credentials: Mapping[str, Any] = field(default_factory=lambda: {})
    global_values: Sequence[GlobalValue] = ()
    client: Optional[httpx.Client] = None
    async_client: Optional[httpx.AsyncClient] = None
    timeout_ms: Optional[int] = None
    retry_config: Optional[RetryConfig] = None
    debug_logger: Optional[logging.Logger] = None
    hooks: Hooks = field(default_factory=Hooks)
    # Sent with a fresh key on every POST/PATCH call when set, making those calls retryable.
    idempotency_header: Optional[str] = None
    # Values for the `{variables}` of operations' own servers.
    server_variables: Mapping[str, Optional[str]] = field(default_factory=lambda: {})
    _owns_client: bool = field(default=False, init=False)
    _owns_async_client: bool = field(default=False, init=False)
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False
    )

    def send(
        self,
        endpoint: Endpoint[T],
        options: CallOptions,
        *,
        path_params: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, Any]] = None,
        cookies: Optional[Mapping[str, Any]] = None,
        body: Any = UNSET,
    ) -> T:
        arguments = Arguments(path_params, query, headers, cookies, body)
        return sending.send(self, endpoint, options, arguments)

    async def send_async(
        self,
        endpoint: Endpoint[T],
        options: CallOptions,
        *,
        path_params: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, Any]] = None,
        cookies: Optional[Mapping[str, Any]] = None,
        body: Any = UNSET,
    ) -> T:
        arguments = Arguments(path_params, query, headers, cookies, body)
        return await sending.send_async(self, endpoint, options, arguments)

    def stream(
        self,
        endpoint: Endpoint[Any],
        events: EventsBody[E],
        options: CallOptions,
        *,
        path_params: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, Any]] = None,
        cookies: Optional[Mapping[str, Any]] = None,
        body: Any = UNSET,
    ) -> EventStream[E]:
        """A call answered by an event stream."""
        arguments = Arguments(path_params, query, headers, cookies, body)
        return sending.stream(self, endpoint, events, options, arguments)

    async def stream_async(
        self,
        endpoint: Endpoint[Any],
        events: EventsBody[E],
        options: CallOptions,
        *,
        path_params: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, Any]] = None,
        cookies: Optional[Mapping[str, Any]] = None,
        body: Any = UNSET,
    ) -> AsyncEventStream[E]:
        arguments = Arguments(path_params, query, headers, cookies, body)
        return await sending.stream_async(self, endpoint, events, options, arguments)

    def send_or_stream(
        self,
        endpoint: Endpoint[T],
        events: EventsBody[E],
        options: CallOptions,
        *,
        path_params: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, Any]] = None,
        cookies: Optional[Mapping[str, Any]] = None,
        body: Any = UNSET,
    ) -> Union[T, EventStream[E]]:
        """A call answered by JSON or by an event stream, as the response says."""
        arguments = Arguments(path_params, query, headers, cookies, body)
        return sending.send_or_stream(self, endpoint, events, options, arguments)

    async def send_or_stream_async(
        self,
        endpoint: Endpoint[T],
        events: EventsBody[E],
        options: CallOptions,
        *,
        path_params: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, Any]] = None,
        cookies: Optional[Mapping[str, Any]] = None,
        body: Any = UNSET,
    ) -> Union[T, AsyncEventStream[E]]:
        arguments = Arguments(path_params, query, headers, cookies, body)
        return await sending.send_or_stream_async(
            self, endpoint, events, options, arguments
        )

    def sync_client(self) -> httpx.Client:
        if self.client is None:
            with self._lock:
                if self.client is None:
                    self.client = httpx.Client(timeout=self._default_timeout())
                    self._owns_client = True
        return self.client

    def async_http_client(self) -> httpx.AsyncClient:
        if self.async_client is None:
            with self._lock:
                if self.async_client is None:
                    self.async_client = httpx.AsyncClient(
                        timeout=self._default_timeout()
                    )
                    self._owns_async_client = True
        return self.async_client

    def close(self) -> None:
        """Close the connections this SDK opened; clients the caller passed in stay open."""
        if self._owns_client and self.client is not None:
            self.client.close()
            self.client = None
            self._owns_client = False

    async def aclose(self) -> None:
        if self._owns_async_client and self.async_client is not None:
            await self.async_client.aclose()
            self.async_client = None
            self._owns_async_client = False
        self.close()

    def _default_timeout(self) -> httpx.Timeout:
        timeout_ms = (
            self.timeout_ms if self.timeout_ms is not None else DEFAULT_TIMEOUT_MS
        )
        return httpx.Timeout(timeout_ms / 1000)


class BaseResource:
    """What every resource class holds: the client's shared core."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core


def default_user_agent(package: str, version: str) -> str:
    return f"{package}/{version} python/{sys.version_info[0]}.{sys.version_info[1]}"
