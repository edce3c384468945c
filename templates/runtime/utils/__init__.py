"""Retry settings, hooks, raw and unread responses, event streams, OAuth 2 client
credentials, and the UNSET sentinel for optional, nullable arguments."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._runtime.events import AsyncEventStream as AsyncEventStream
    from .._runtime.events import Event as Event
    from .._runtime.events import EventStream as EventStream
    from .._runtime.events import UnknownEvent as UnknownEvent
    from .files import FileUpload as FileUpload
    from .hooks import Hooks as Hooks
    from .oauth2 import ClientCredentials as ClientCredentials
    from .oauth2 import TokenRequestError as TokenRequestError
    from .raw import RawResponse as RawResponse
    from .raw import with_raw_response as with_raw_response
    from .raw import with_raw_response_async as with_raw_response_async
    from .raw import with_streaming_response as with_streaming_response
    from .raw import with_streaming_response_async as with_streaming_response_async
    from .retries import BackoffStrategy as BackoffStrategy
    from .retries import RetryConfig as RetryConfig
    from .values import UNSET as UNSET
    from .values import Nullable as Nullable
    from .values import OptionalNullable as OptionalNullable
    from .values import Unset as Unset

# Each name's module, imported on first use: the client's own modules import the few they need
# (`from .utils.hooks import Hooks`), and that must not load event streams or OAuth 2 as well.
_MODULE_OF: dict[str, str] = {
    "AsyncEventStream": ".._runtime.events",
    "Event": ".._runtime.events",
    "EventStream": ".._runtime.events",
    "UnknownEvent": ".._runtime.events",
    "FileUpload": ".files",
    "Hooks": ".hooks",
    "ClientCredentials": ".oauth2",
    "TokenRequestError": ".oauth2",
    "RawResponse": ".raw",
    "with_raw_response": ".raw",
    "with_raw_response_async": ".raw",
    "with_streaming_response": ".raw",
    "with_streaming_response_async": ".raw",
    "BackoffStrategy": ".retries",
    "RetryConfig": ".retries",
    "UNSET": ".values",
    "Nullable": ".values",
    "OptionalNullable": ".values",
    "Unset": ".values",
}

__all__ = [
    "UNSET",
    "AsyncEventStream",
    "BackoffStrategy",
    "ClientCredentials",
    "Event",
    "EventStream",
    "FileUpload",
    "Hooks",
    "Nullable",
    "OptionalNullable",
    "RawResponse",
    "RetryConfig",
    "TokenRequestError",
    "UnknownEvent",
    "Unset",
    "with_raw_response",
    "with_raw_response_async",
    "with_streaming_response",
    "with_streaming_response_async",
]


# Hidden from type checkers, which see only the names imported above: a module-level
# `__getattr__` would make any name at all type-check.
if not TYPE_CHECKING:
    from .._runtime.lazy import first_use_getattr

    __getattr__ = first_use_getattr(globals(), _MODULE_OF, __name__)


def __dir__() -> list[str]:
    return sorted(__all__)
