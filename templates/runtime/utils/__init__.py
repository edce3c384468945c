"""Retry settings and the UNSET sentinel for optional, nullable arguments."""

from .retries import BackoffStrategy, RetryConfig
from .values import UNSET, Nullable, OptionalNullable, Unset

__all__ = [
    "UNSET",
    "BackoffStrategy",
    "Nullable",
    "OptionalNullable",
    "RetryConfig",
    "Unset",
]
