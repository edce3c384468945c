"""The runtime's defaults and the options every method takes, stated once.

The runtime uses these values, and the generator reads this file to write them into method
signatures, docstrings, the README and the retry page, so none of those can disagree with what
the SDK does. It imports nothing but the standard library: the generator loads it on its own,
outside the SDK package.
"""

from __future__ import annotations

from typing import NamedTuple, Optional

# Each request's timeout when neither the client nor the call names one.
DEFAULT_TIMEOUT_MS = 60_000

# The backoff of the default retry policy, which applies when no RetryConfig is given.
DEFAULT_INITIAL_INTERVAL_MS = 500
DEFAULT_MAX_INTERVAL_MS = 8_000
DEFAULT_EXPONENT = 2.0
DEFAULT_MAX_ELAPSED_TIME_MS = 30_000

# In the order the docs list them.
RETRYABLE_STATUSES = (429, 500, 502, 503, 504)
# Statuses where the server tells the client to come back later: retried for any method, when
# the server says when.
THROTTLE_STATUSES = (429, 503)
IDEMPOTENT_METHODS = ("GET", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE")


class CallOption(NamedTuple):
    """A keyword argument every generated method takes besides its own; all default to None."""

    name: str
    hint: str  # its annotation in the method's signature
    description: str  # in the method's docstring and, when listed, the parameters table
    # How the parameters table of the SDK's docs shows its type, and the docs page (relative
    # to docs/models/) it links to; None leaves the option out of the table, as Speakeasy's
    # pages, the ones users know, list only `retries`.
    docs_type: Optional[str] = None
    docs_page: Optional[str] = None


CALL_OPTIONS = (
    CallOption(
        "retries",
        "Optional[RetryConfig]",
        "Configuration to override the default retry behavior of the client.",
        docs_type="Optional[utils.RetryConfig]",
        docs_page="utils/retryconfig.md",
    ),
    CallOption("server_url", "Optional[str]", "Send this call to another server."),
    CallOption(
        "timeout_ms",
        "Optional[int]",
        "Override the client's timeout for this call, in milliseconds.",
    ),
    CallOption(
        "http_headers",
        "Optional[Mapping[str, str]]",
        "Extra headers for this call; they win over generated ones.",
    ),
)
