"""Retry settings, hooks, raw responses, and the UNSET sentinel for optional, nullable
arguments."""

from .hooks import Hooks
from .raw import RawResponse, with_raw_response, with_raw_response_async
from .retries import BackoffStrategy, RetryConfig
from .values import UNSET, Nullable, OptionalNullable, Unset

__all__ = [
    "UNSET",
    "BackoffStrategy",
    "Hooks",
    "Nullable",
    "OptionalNullable",
    "RawResponse",
    "RetryConfig",
    "Unset",
    "with_raw_response",
    "with_raw_response_async",
]
