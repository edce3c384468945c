"""Retry settings, hooks, raw and unread responses, event streams, OAuth 2 client
credentials, and the UNSET sentinel for optional, nullable arguments."""

from .._runtime.events import AsyncEventStream, Event, EventStream, UnknownEvent
from .files import FileUpload
from .hooks import Hooks
from .oauth2 import ClientCredentials, TokenRequestError
from .raw import (
    RawResponse,
    with_raw_response,
    with_raw_response_async,
    with_streaming_response,
    with_streaming_response_async,
)
from .retries import BackoffStrategy, RetryConfig
from .values import UNSET, Nullable, OptionalNullable, Unset

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
