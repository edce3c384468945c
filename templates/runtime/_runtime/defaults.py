"""The runtime's defaults, stated once: the timeout, and the default retry policy's backoff,
statuses and methods."""

from __future__ import annotations

# Each request's timeout when neither the client nor the call names one.
DEFAULT_TIMEOUT_MS = 60_000

# The backoff of the default retry policy, which applies when no RetryConfig is given.
DEFAULT_INITIAL_INTERVAL_MS = 500
DEFAULT_MAX_INTERVAL_MS = 8_000
DEFAULT_EXPONENT = 2.0
DEFAULT_MAX_ELAPSED_TIME_MS = 30_000

RETRYABLE_STATUSES = (429, 500, 502, 503, 504)
# Statuses where the server tells the client to come back later: retried for any method, when
# the server says when.
THROTTLE_STATUSES = (429, 503)
IDEMPOTENT_METHODS = ("GET", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE")
