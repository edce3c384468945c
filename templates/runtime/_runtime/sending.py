"""Sending a call, with retries. `Exchange` holds everything the sync and async loops decide
alike (the idempotency key, the retry policy, building and logging each attempt, whether to
retry, the result), so the two loops differ only in how they send, run hooks and wait.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, Optional, TypeVar, Union

import httpx

from ..utils.retries import IDEMPOTENT_METHODS, Attempts, RetryPolicy
from .endpoint import CallOptions, Endpoint
from .logs import log_failure, log_response
from .request import Arguments, build_request
from .response import decode
from .security import credentials, credentials_async, forget_refused_tokens

if TYPE_CHECKING:
    from ..basesdk import ClientCore

T = TypeVar("T")


def send(
    core: ClientCore, endpoint: Endpoint[T], options: CallOptions, arguments: Arguments
) -> T:
    client = core.sync_client()
    exchange = Exchange(core, endpoint, options, arguments)
    while True:
        # Built for each attempt, so a credential function is asked again before a retry.
        request = exchange.request(client, credentials(core, endpoint, options))
        request = core.hooks.run_before_request(request)
        started = time.monotonic()
        try:
            response = client.send(request, stream=exchange.streams)
            if exchange.must_read(response):
                response.read()
        except httpx.TransportError as error:
            delay = exchange.delay_after_error(request, error)
            core.hooks.run_after(None, error)
            if delay is None:
                raise
            time.sleep(delay)
            continue
        delay = exchange.delay_after_response(response, started)
        core.hooks.run_after(response, None)
        if delay is None:
            return exchange.result(response)
        response.close()
        time.sleep(delay)


async def send_async(
    core: ClientCore, endpoint: Endpoint[T], options: CallOptions, arguments: Arguments
) -> T:
    client = core.async_http_client()
    exchange = Exchange(core, endpoint, options, arguments)
    while True:
        request = exchange.request(
            client, await credentials_async(core, endpoint, options)
        )
        request = await core.hooks.run_before_request_async(request)
        started = time.monotonic()
        try:
            response = await client.send(request, stream=exchange.streams)
            if exchange.must_read(response):
                await response.aread()
        except httpx.TransportError as error:
            delay = exchange.delay_after_error(request, error)
            await core.hooks.run_after_async(None, error)
            if delay is None:
                raise
            await _sleep(delay)
            continue
        delay = exchange.delay_after_response(response, started)
        await core.hooks.run_after_async(response, None)
        if delay is None:
            return exchange.result(response)
        await response.aclose()
        await _sleep(delay)


class Exchange(Generic[T]):
    """One call over all of its attempts."""

    def __init__(
        self,
        core: ClientCore,
        endpoint: Endpoint[T],
        options: CallOptions,
        arguments: Arguments,
    ) -> None:
        self._core = core
        self._endpoint = endpoint
        self._options = options
        header = _idempotency_header(core, endpoint)
        self._arguments = (
            arguments
            if header is None
            else arguments._replace(
                headers=_with_idempotency_key(header, arguments.headers, options)
            )
        )
        retries = options.retries if options.retries is not None else core.retry_config
        # A call that carries an idempotency key is retried like an idempotent one: the
        # server applies it once however often it arrives.
        self._attempts = Attempts(
            RetryPolicy.choose(retries, endpoint.method, header is not None)
        )
        self.streams = endpoint.streams

    def request(
        self,
        client: Union[httpx.Client, httpx.AsyncClient],
        credentials: Mapping[str, Any],
    ) -> httpx.Request:
        return build_request(
            self._core,
            client,
            self._endpoint,
            self._options,
            self._arguments,
            credentials,
        )

    def must_read(self, response: httpx.Response) -> bool:
        """Whether a streamed response is read before it is decoded: all but the bodies handed
        to the caller unread."""
        return self.streams and not self._endpoint.hands_over(response)

    def delay_after_error(
        self, request: httpx.Request, error: BaseException
    ) -> Optional[float]:
        """Seconds to wait before retrying after a network failure; None to raise it."""
        log_failure(self._core.debug_logger, self._core.auth_schemes, request, error)
        return self._attempts.delay_after_error(error)

    def delay_after_response(
        self, response: httpx.Response, started: float
    ) -> Optional[float]:
        """Seconds to wait before retrying after this response; None when it is the answer."""
        core = self._core
        log_response(
            core.debug_logger, core.auth_schemes, response, time.monotonic() - started
        )
        forget_refused_tokens(core, self._endpoint, response)
        return self._attempts.delay_after_response(response)

    def result(self, response: httpx.Response) -> T:
        return decode(self._endpoint, response, self._core.errors)


def _idempotency_header(core: ClientCore, endpoint: Endpoint[Any]) -> Optional[str]:
    """The header the spec declares for idempotency keys, or the one the client was told to
    send with every call of a method that is not idempotent by itself."""
    if endpoint.idempotency_header is not None:
        return endpoint.idempotency_header
    if core.idempotency_header and endpoint.method not in IDEMPOTENT_METHODS:
        return core.idempotency_header
    return None


def _with_idempotency_key(
    name: str, headers: Optional[Mapping[str, Any]], options: CallOptions
) -> Optional[Mapping[str, Any]]:
    """The call's headers with an idempotency key made once, so every retry of the call
    carries the same one; a key the caller passed is kept."""
    given = {key.lower() for key, value in (headers or {}).items() if value is not None}
    given.update(key.lower() for key in (options.http_headers or {}))
    if name.lower() in given:
        return headers
    return {**(headers or {}), name: uuid.uuid4().hex}


async def _sleep(seconds: float) -> None:
    # asyncio is imported on the first async retry, not when the SDK loads: it is a tenth of a
    # serverless cold start on its own, and sync users never need it.
    import asyncio

    await asyncio.sleep(seconds)
