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

from ..utils.raw import hand_over, wants_unread
from ..utils.raw import record as record_response
from ..utils.retries import IDEMPOTENT_METHODS, Attempts, RetryPolicy
from .endpoint import Arguments, CallOptions, Endpoint
from .events import AsyncEventStream, EventsBody, EventStream
from .logs import log_failure, log_response
from .request import build_request
from .response import decode, refusal
from .security import credentials, credentials_async, forget_refused_tokens

if TYPE_CHECKING:
    from ..basesdk import ClientCore

T = TypeVar("T")
E = TypeVar("E")


def send(
    core: ClientCore, endpoint: Endpoint[T], options: CallOptions, arguments: Arguments
) -> T:
    exchange = Exchange(core, endpoint, options, arguments)
    return exchange.result(_answer(core, exchange))


async def send_async(
    core: ClientCore, endpoint: Endpoint[T], options: CallOptions, arguments: Arguments
) -> T:
    exchange = Exchange(core, endpoint, options, arguments)
    return exchange.result(await _answer_async(core, exchange))


def stream(
    core: ClientCore,
    endpoint: Endpoint[Any],
    events: EventsBody[E],
    options: CallOptions,
    arguments: Arguments,
) -> EventStream[E]:
    """A call answered only by an event stream; any other answer raises."""
    exchange = Exchange(core, endpoint, options, arguments, events="only")
    response = _answer(core, exchange)
    if exchange.is_event_stream(response):
        record_response(response)
        return EventStream(response, events, core.errors)
    raise exchange.refusal(response)


async def stream_async(
    core: ClientCore,
    endpoint: Endpoint[Any],
    events: EventsBody[E],
    options: CallOptions,
    arguments: Arguments,
) -> AsyncEventStream[E]:
    exchange = Exchange(core, endpoint, options, arguments, events="only")
    response = await _answer_async(core, exchange)
    if exchange.is_event_stream(response):
        record_response(response)
        return AsyncEventStream(response, events, core.errors)
    raise exchange.refusal(response)


def send_or_stream(
    core: ClientCore,
    endpoint: Endpoint[T],
    events: EventsBody[E],
    options: CallOptions,
    arguments: Arguments,
) -> Union[T, EventStream[E]]:
    """A call answered by JSON or by an event stream: the response's content type decides."""
    exchange = Exchange(core, endpoint, options, arguments, events="either")
    response = _answer(core, exchange)
    if exchange.is_event_stream(response):
        record_response(response)
        return EventStream(response, events, core.errors)
    return exchange.result(response)


async def send_or_stream_async(
    core: ClientCore,
    endpoint: Endpoint[T],
    events: EventsBody[E],
    options: CallOptions,
    arguments: Arguments,
) -> Union[T, AsyncEventStream[E]]:
    exchange = Exchange(core, endpoint, options, arguments, events="either")
    response = await _answer_async(core, exchange)
    if exchange.is_event_stream(response):
        record_response(response)
        return AsyncEventStream(response, events, core.errors)
    return exchange.result(response)


def _answer(core: ClientCore, exchange: Exchange[Any]) -> httpx.Response:
    """The final response of a call, after any retries. Retries happen only before the body:
    a body handed over unread (a stream, a download) is never read here."""
    client = core.sync_client()
    exchange.start()
    while True:
        # Built for each attempt, so a credential function is asked again before a retry.
        request = exchange.request(client, credentials(core, *exchange.security))
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
            exchange.hand_over_unread(response)
            return response
        response.close()
        time.sleep(delay)


async def _answer_async(core: ClientCore, exchange: Exchange[Any]) -> httpx.Response:
    client = core.async_http_client()
    exchange.start()
    while True:
        request = exchange.request(
            client, await credentials_async(core, *exchange.security)
        )
        hooks = core.hooks
        if hooks.any_before():
            request = await hooks.run_before_request_async(request)
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
        if hooks.any_after():
            await hooks.run_after_async(response, None)
        if delay is None:
            exchange.hand_over_unread(response)
            return response
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
        events: Optional[str] = None,
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
        # "only" or "either": whether the operation answers with an event stream alone or
        # beside JSON; None when it never streams events.
        self._events = events
        # with_streaming_response: a successful response goes to the caller unread.
        self._unread = wants_unread()
        self.streams = endpoint.streams or events is not None or self._unread

    def start(self) -> None:
        """The first attempt begins: the retry budget counts from here, not from before the
        SDK's own client (made on its first call, which loads httpcore and reads the CA
        certificates) existed."""
        self._attempts.start()

    @property
    def security(self) -> tuple[Endpoint[T], CallOptions]:
        """What choosing the call's credentials depends on."""
        return self._endpoint, self._options

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
        return self.streams and not (
            self._endpoint.hands_over(response)
            or self.is_event_stream(response)
            or (self._unread and response.is_success)
        )

    def is_event_stream(self, response: httpx.Response) -> bool:
        """Whether this answer is the operation's event stream: a success whose content type
        says so (or, where the operation answers with nothing else, says nothing)."""
        if self._events is None or not response.is_success:
            return False
        media = response.headers.get("content-type", "").split(";", 1)[0]
        media = media.strip().lower()
        return media == "text/event-stream" or (self._events == "only" and not media)

    def hand_over_unread(self, response: httpx.Response) -> None:
        """Under with_streaming_response, give a successful response to the caller unread."""
        if self._unread and response.is_success:
            hand_over(response)

    def refusal(self, response: httpx.Response) -> Exception:
        """The error for an answer that is no event stream, where only one will do."""
        return refusal(self._endpoint, response, self._core.errors)

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
