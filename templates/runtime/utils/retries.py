"""Retry configuration and the backoff schedule."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Optional

import httpx

from .._runtime import defaults


@dataclass(frozen=True)
class BackoffStrategy:
    """Exponential backoff with full jitter; every figure is in milliseconds."""

    initial_interval_ms: int
    max_interval_ms: int
    exponent: float
    max_elapsed_time_ms: int


@dataclass(frozen=True)
class RetryConfig:
    """How failed requests are retried.

    strategy: "backoff" retries with `backoff`; "none" never retries.
    retry_connection_errors: also retry when the connection fails or times out.
    """

    strategy: str
    backoff: Optional[BackoffStrategy] = None
    retry_connection_errors: bool = False


RETRYABLE_STATUSES = frozenset(defaults.RETRYABLE_STATUSES)
THROTTLE_STATUSES = frozenset(defaults.THROTTLE_STATUSES)
IDEMPOTENT_METHODS = frozenset(defaults.IDEMPOTENT_METHODS)

DEFAULT_BACKOFF = BackoffStrategy(
    initial_interval_ms=defaults.DEFAULT_INITIAL_INTERVAL_MS,
    max_interval_ms=defaults.DEFAULT_MAX_INTERVAL_MS,
    exponent=defaults.DEFAULT_EXPONENT,
    max_elapsed_time_ms=defaults.DEFAULT_MAX_ELAPSED_TIME_MS,
)

_NOTHING_SENT = (httpx.ConnectError, httpx.ConnectTimeout)
_TRANSPORT_FAILURES = (
    httpx.ConnectError,
    httpx.TimeoutException,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class RetryPolicy:
    backoff: BackoffStrategy
    statuses: frozenset[int]
    retry_exceptions: tuple[type[BaseException], ...]
    needs_retry_after: bool

    @staticmethod
    def choose(
        config: Optional[RetryConfig], method: str, keyed: bool = False
    ) -> Optional["RetryPolicy"]:
        """The explicit config, or the safe default: idempotent calls (and calls that carry an
        idempotency key, which the server uses to apply them once) retry failures; others only
        retry when nothing was sent or the server named a time to come back."""
        if config is not None:
            if config.strategy != "backoff" or config.backoff is None:
                return None
            errors = _TRANSPORT_FAILURES if config.retry_connection_errors else ()
            return RetryPolicy(
                config.backoff, RETRYABLE_STATUSES, errors, needs_retry_after=False
            )
        if method in IDEMPOTENT_METHODS or keyed:
            return _RETRY_FAILURES
        return _RETRY_WHEN_TOLD


# The two default policies, made once: every call without a RetryConfig uses one of them.
_RETRY_FAILURES = RetryPolicy(
    DEFAULT_BACKOFF, RETRYABLE_STATUSES, _TRANSPORT_FAILURES, needs_retry_after=False
)
_RETRY_WHEN_TOLD = RetryPolicy(
    DEFAULT_BACKOFF, THROTTLE_STATUSES, _NOTHING_SENT, needs_retry_after=True
)


class Attempts:
    """Decides, after each attempt, whether and how long to wait before the next one."""

    def __init__(self, policy: Optional[RetryPolicy]) -> None:
        self._policy = policy
        self._started = time.monotonic()
        self._count = 0

    def start(self) -> None:
        """Start the elapsed-time budget now, at the first attempt."""
        self._started = time.monotonic()

    def delay_after_response(self, response: httpx.Response) -> Optional[float]:
        policy = self._policy
        if policy is None or response.status_code not in policy.statuses:
            return None
        requested = retry_after_seconds(response.headers)
        if policy.needs_retry_after and requested is None:
            return None
        return self._next_delay(requested)

    def delay_after_error(self, error: BaseException) -> Optional[float]:
        policy = self._policy
        if policy is None or not isinstance(error, policy.retry_exceptions):
            return None
        return self._next_delay(None)

    def _next_delay(self, requested: Optional[float]) -> Optional[float]:
        assert self._policy is not None
        backoff = self._policy.backoff
        if requested is not None:
            # The server said when to come back; the elapsed budget below is the only cap.
            delay = requested
        else:
            cap = backoff.max_interval_ms / 1000
            ceiling = min(
                cap, backoff.initial_interval_ms / 1000 * backoff.exponent**self._count
            )
            delay = random.uniform(0, ceiling)
        elapsed = time.monotonic() - self._started
        if elapsed + delay > backoff.max_elapsed_time_ms / 1000:
            return None
        self._count += 1
        return delay


def retry_after_seconds(headers: httpx.Headers) -> Optional[float]:
    """Seconds the server asked to wait: `retry-after-ms`, or `Retry-After` as seconds or a date."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # rare: only for dated Retry-After

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
