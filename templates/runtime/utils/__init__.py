"""Retry settings, hooks, raw responses, OAuth 2 client credentials, and the UNSET sentinel
for optional, nullable arguments."""

from .files import FileUpload
from .hooks import Hooks
from .oauth2 import ClientCredentials, TokenRequestError
from .raw import RawResponse, with_raw_response, with_raw_response_async
from .retries import BackoffStrategy, RetryConfig
from .values import UNSET, Nullable, OptionalNullable, Unset

__all__ = [
    "UNSET",
    "BackoffStrategy",
    "ClientCredentials",
    "FileUpload",
    "Hooks",
    "Nullable",
    "OptionalNullable",
    "RawResponse",
    "RetryConfig",
    "TokenRequestError",
    "Unset",
    "with_raw_response",
    "with_raw_response_async",
]
