"""The fixed runtime every generated method calls: request building, retries, logging, decoding.

Generated resource methods stay thin: they describe an endpoint once, at import, and hand their
arguments to `ClientCore.send` or `ClientCore.send_async`.
"""

from __future__ import annotations

import base64
import json
import logging
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, NamedTuple, Optional, TypeVar, Union
from urllib.parse import quote, urlencode

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from .utils import params
from .utils.files import FileUpload, file_parts
from .utils.hooks import Hooks
from .utils.oauth2 import ClientCredentials
from .utils.raw import record as record_response
from .utils.retries import IDEMPOTENT_METHODS, Attempts, RetryConfig, RetryPolicy
from .utils.values import UNSET, Unset, compact, to_jsonable

T = TypeVar("T")

DEFAULT_TIMEOUT_MS = 60_000
Secret = Union[str, Callable[[], str]]


class CallOptions(NamedTuple):
    """The options every method takes besides its own arguments."""

    retries: Optional[RetryConfig] = None
    server_url: Optional[str] = None
    timeout_ms: Optional[int] = None
    http_headers: Optional[Mapping[str, str]] = None


class UnexpectedContentType(Exception):
    pass


class JsonBody(Generic[T]):
    """Decodes a JSON response into a model or any other type pydantic can validate."""

    def __init__(self, target: Any) -> None:
        self._target = target
        self._adapter: Optional[TypeAdapter[T]] = None

    def decode(self, response: httpx.Response) -> T:
        content_type = response.headers.get("content-type", "")
        if "json" not in content_type.lower():
            raise UnexpectedContentType(content_type or "no content type")
        target = self._target
        if isinstance(target, type) and issubclass(target, BaseModel):
            result: T = target.model_validate_json(response.content)  # type: ignore[assignment]
            return result
        if self._adapter is None:
            # Built on first use, so importing a module of many endpoints stays cheap.
            self._adapter = TypeAdapter(target)
        return self._adapter.validate_json(response.content)


class TextBody:
    def decode(self, response: httpx.Response) -> str:
        return response.text


class StreamBody:
    """A binary body, handed over unread: iterate it (`iter_bytes`, `aiter_bytes`) or `read`
    it, then `close` (or `aclose`) it, as `contextlib.closing` does."""

    def decode(self, response: httpx.Response) -> httpx.Response:
        return response


class NoBody:
    def decode(self, response: httpx.Response) -> None:
        return None


Decoder = Union[JsonBody[T], TextBody, StreamBody, NoBody]


@dataclass(frozen=True)
class Endpoint(Generic[T]):
    """One operation: where it goes, how its body is sent, how its answers are read."""

    operation_id: str
    method: str
    path: str
    responses: Mapping[str, Any]
    # Alternatives, in the spec's order: each is a set of schemes sent together.
    security: tuple[tuple[str, ...], ...] = ()
    body_content_type: Optional[str] = None
    body_encoding: str = "json"
    # A header the spec declares for idempotency keys: the SDK fills it, and retries the call.
    idempotency_header: Optional[str] = (
        None  # "json", "form", "multipart", "text" or "binary"
    )
    nullable_body_fields: frozenset[str] = frozenset()
    flattened_body: bool = False
    # The operation's own servers: used instead of the client's, unless a call names one.
    servers: tuple[ServerTemplate, ...] = ()
    # Parameters whose `style`/`explode` differ from their location's default, by (in, name).
    styles: Mapping[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)
    # Documented error bodies by status ("404", "4XX" or "default"): the class to raise, and
    # how to read the body it carries as `data`.
    errors: Mapping[str, tuple[Callable[..., Exception], JsonBody[Any]]] = field(
        default_factory=dict
    )

    def decoder_for(self, status: int) -> Optional[Any]:
        return _by_status(self.responses, status)

    @property
    def streams(self) -> bool:
        return any(isinstance(d, StreamBody) for d in self.responses.values())

    def hands_over(self, response: httpx.Response) -> bool:
        """Whether this response goes to the caller as an unread stream."""
        return response.is_success and isinstance(
            self.decoder_for(response.status_code), StreamBody
        )

    def error_for(
        self, status: int
    ) -> Optional[tuple[Callable[..., Exception], JsonBody[Any]]]:
        return _by_status(self.errors, status) or self.errors.get("default")


def _by_status(table: Mapping[str, T], status: int) -> Optional[T]:
    exact = table.get(str(status))
    return exact if exact is not None else table.get(f"{str(status)[0]}XX")


@dataclass(frozen=True)
class ServerTemplate:
    """A server URL with `{variables}`, and each variable's default."""

    url: str
    defaults: Mapping[str, str] = field(default_factory=dict)

    def resolve(self, values: Mapping[str, Optional[str]]) -> str:
        url = self.url
        for name, default in self.defaults.items():
            value = values.get(name)
            url = url.replace(
                "{" + name + "}", default if value is None else str(value)
            )
        return url.rstrip("/")


def select_server(
    servers: Sequence[ServerTemplate], index: int, values: Mapping[str, Optional[str]]
) -> str:
    """The URL of the server at `index`, its variables filled by `values` or their defaults."""
    if not servers:
        return ""
    if not 0 <= index < len(servers):
        raise ValueError(
            f"server_idx {index} is out of range: the API has {len(servers)} server(s)"
        )
    return servers[index].resolve(values)


@dataclass(frozen=True)
class AuthScheme:
    """How one security scheme's credential travels on the wire."""

    kind: str  # "bearer", "basic", "apiKey" or "oauth2"
    location: str  # "header", "query" or "cookie"
    name: str  # header, query or cookie name
    # For OAuth 2 client credentials: where tokens come from (may be relative to the server).
    token_url: str = ""


@dataclass(frozen=True)
class GlobalValue:
    location: str
    name: str
    value: Any


@dataclass(frozen=True)
class ErrorTypes:
    """The SDK's own error classes, so this module needs no generated names."""

    default: Callable[..., Exception]
    validation: Callable[..., Exception]


@dataclass
class ClientCore:
    """Configuration and connections shared by the client and all of its resources."""

    server_url: str
    user_agent: str
    errors: ErrorTypes
    auth_schemes: Mapping[str, AuthScheme] = field(default_factory=dict)
    credentials: Mapping[str, Any] = field(default_factory=dict)
    global_values: Sequence[GlobalValue] = ()
    client: Optional[httpx.Client] = None
    async_client: Optional[httpx.AsyncClient] = None
    timeout_ms: Optional[int] = None
    retry_config: Optional[RetryConfig] = None
    debug_logger: Optional[logging.Logger] = None
    hooks: Hooks = field(default_factory=Hooks)
    # Sent with a fresh key on every POST/PATCH call when set, making those calls retryable.
    idempotency_header: Optional[str] = None
    # Values for the `{variables}` of operations' own servers.
    server_variables: Mapping[str, Optional[str]] = field(default_factory=dict)
    _owns_client: bool = field(default=False, init=False)
    _owns_async_client: bool = field(default=False, init=False)
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False
    )

    # -- connections ----------------------------------------------------------------------------

    def sync_client(self) -> httpx.Client:
        if self.client is None:
            with self._lock:
                if self.client is None:
                    self.client = httpx.Client(timeout=self._default_timeout())
                    self._owns_client = True
        return self.client

    def async_http_client(self) -> httpx.AsyncClient:
        if self.async_client is None:
            with self._lock:
                if self.async_client is None:
                    self.async_client = httpx.AsyncClient(
                        timeout=self._default_timeout()
                    )
                    self._owns_async_client = True
        return self.async_client

    def close(self) -> None:
        """Close the connections this SDK opened; clients the caller passed in stay open."""
        if self._owns_client and self.client is not None:
            self.client.close()
            self.client = None
            self._owns_client = False

    async def aclose(self) -> None:
        if self._owns_async_client and self.async_client is not None:
            await self.async_client.aclose()
            self.async_client = None
            self._owns_async_client = False
        self.close()

    def _default_timeout(self) -> httpx.Timeout:
        timeout_ms = (
            self.timeout_ms if self.timeout_ms is not None else DEFAULT_TIMEOUT_MS
        )
        return httpx.Timeout(timeout_ms / 1000)

    # -- sending --------------------------------------------------------------------------------

    def send(
        self,
        endpoint: Endpoint[T],
        options: CallOptions,
        *,
        path_params: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, Any]] = None,
        cookies: Optional[Mapping[str, Any]] = None,
        body: Any = UNSET,
    ) -> T:
        client = self.sync_client()
        headers = self._with_idempotency_key(endpoint, headers, options)
        keyed = self._idempotency_header(endpoint) is not None
        attempts = Attempts(
            RetryPolicy.choose(self._retries(options), endpoint.method, keyed)
        )
        while True:
            # Built for each attempt, so a credential function is asked again before a retry.
            credentials = self._credentials(endpoint, options)
            request = self._build_request(
                client,
                endpoint,
                options,
                credentials,
                path_params,
                query,
                headers,
                cookies,
                body,
            )
            request = self.hooks.run_before_request(request)
            started = time.monotonic()
            try:
                response = client.send(request, stream=endpoint.streams)
                if endpoint.streams and not endpoint.hands_over(response):
                    response.read()
            except httpx.TransportError as error:
                self._log_failure(request, error)
                self.hooks.run_after(None, error)
                delay = attempts.delay_after_error(error)
                if delay is None:
                    raise
                time.sleep(delay)
                continue
            self._log_response(response, time.monotonic() - started)
            self._forget_refused_tokens(endpoint, response)
            self.hooks.run_after(response, None)
            delay = attempts.delay_after_response(response)
            if delay is None:
                return self._decode(endpoint, response)
            response.close()
            time.sleep(delay)

    async def send_async(
        self,
        endpoint: Endpoint[T],
        options: CallOptions,
        *,
        path_params: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, Any]] = None,
        cookies: Optional[Mapping[str, Any]] = None,
        body: Any = UNSET,
    ) -> T:
        client = self.async_http_client()
        headers = self._with_idempotency_key(endpoint, headers, options)
        keyed = self._idempotency_header(endpoint) is not None
        attempts = Attempts(
            RetryPolicy.choose(self._retries(options), endpoint.method, keyed)
        )
        while True:
            credentials = await self._credentials_async(endpoint, options)
            request = self._build_request(
                client,
                endpoint,
                options,
                credentials,
                path_params,
                query,
                headers,
                cookies,
                body,
            )
            request = await self.hooks.run_before_request_async(request)
            started = time.monotonic()
            try:
                response = await client.send(request, stream=endpoint.streams)
                if endpoint.streams and not endpoint.hands_over(response):
                    await response.aread()
            except httpx.TransportError as error:
                self._log_failure(request, error)
                await self.hooks.run_after_async(None, error)
                delay = attempts.delay_after_error(error)
                if delay is None:
                    raise
                await _sleep(delay)
                continue
            self._log_response(response, time.monotonic() - started)
            self._forget_refused_tokens(endpoint, response)
            await self.hooks.run_after_async(response, None)
            delay = attempts.delay_after_response(response)
            if delay is None:
                return self._decode(endpoint, response)
            await response.aclose()
            await _sleep(delay)

    def _idempotency_header(self, endpoint: Endpoint[Any]) -> Optional[str]:
        """The header the spec declares for idempotency keys, or the one the client was told
        to send with every call of a method that is not idempotent by itself."""
        if endpoint.idempotency_header is not None:
            return endpoint.idempotency_header
        if self.idempotency_header and endpoint.method not in IDEMPOTENT_METHODS:
            return self.idempotency_header
        return None

    def _with_idempotency_key(
        self,
        endpoint: Endpoint[Any],
        headers: Optional[Mapping[str, Any]],
        options: CallOptions,
    ) -> Optional[Mapping[str, Any]]:
        """The call's headers with an idempotency key made once, so every retry of the call
        carries the same one; a key the caller passed is kept."""
        name = self._idempotency_header(endpoint)
        if name is None:
            return headers
        given = {
            key.lower() for key, value in (headers or {}).items() if value is not None
        }
        given.update(key.lower() for key in (options.http_headers or {}))
        if name.lower() in given:
            return headers
        return {**(headers or {}), name: uuid.uuid4().hex}

    def _retries(self, options: CallOptions) -> Optional[RetryConfig]:
        return options.retries if options.retries is not None else self.retry_config

    # -- requests -------------------------------------------------------------------------------

    def _build_request(
        self,
        client: Union[httpx.Client, httpx.AsyncClient],
        endpoint: Endpoint[Any],
        options: CallOptions,
        credentials: Mapping[str, Any],
        path_params: Optional[Mapping[str, Any]],
        query: Optional[Mapping[str, Any]],
        headers: Optional[Mapping[str, Any]],
        cookies: Optional[Mapping[str, Any]],
        body: Any,
    ) -> httpx.Request:
        base = (
            options.server_url
            or (
                endpoint.servers[0].resolve(self.server_variables)
                if endpoint.servers
                else self.server_url
            )
        ).rstrip("/")
        if not base:
            raise ValueError(
                "No server URL: pass server_url= to the client or to the call"
            )
        url = base + _fill_path(endpoint.path, path_params or {}, endpoint.styles)
        query_pairs: list[tuple[str, str]] = []
        header_values: dict[str, str] = {
            "user-agent": self.user_agent,
            "accept": "application/json",
        }
        cookie_values: dict[str, str] = {}
        for item in self.global_values:
            _place(
                item.location,
                item.name,
                item.value,
                None,
                query_pairs,
                header_values,
                cookie_values,
            )
        self._apply_security(credentials, query_pairs, header_values, cookie_values)
        for name, value in (query or {}).items():
            style = endpoint.styles.get(("query", name))
            _place(
                "query", name, value, style, query_pairs, header_values, cookie_values
            )
        for name, value in (headers or {}).items():
            style = endpoint.styles.get(("header", name))
            _place(
                "header", name, value, style, query_pairs, header_values, cookie_values
            )
        for name, value in (cookies or {}).items():
            style = endpoint.styles.get(("cookie", name))
            _place(
                "cookie", name, value, style, query_pairs, header_values, cookie_values
            )
        content: Optional[bytes] = None
        files: Optional[list[tuple[str, tuple[str, bytes, str]]]] = None
        form: Optional[dict[str, Any]] = None
        if body is not None and not isinstance(body, Unset):
            if endpoint.flattened_body and isinstance(body, Mapping):
                body = compact(body, endpoint.nullable_body_fields)
            if endpoint.body_encoding == "multipart":
                # httpx writes the multipart body and its boundary into the content type.
                form, files = _multipart(body)
            else:
                content = _encode_body(endpoint.body_encoding, body)
                header_values["content-type"] = (
                    body.content_type
                    if isinstance(body, FileUpload) and body.content_type
                    else endpoint.body_content_type or "application/json"
                )
        if cookie_values:
            header_values["cookie"] = "; ".join(
                f"{name}={value}" for name, value in cookie_values.items()
            )
        for name, value in (options.http_headers or {}).items():
            header_values[name.lower()] = value
        timeout_ms = (
            options.timeout_ms if options.timeout_ms is not None else self.timeout_ms
        )
        timeout: Any = (
            httpx.Timeout(timeout_ms / 1000)
            if timeout_ms is not None
            else httpx.USE_CLIENT_DEFAULT
        )
        request = client.build_request(
            endpoint.method,
            url,
            params=tuple(query_pairs) if query_pairs else None,
            headers=header_values,
            content=content,
            data=form,
            files=files,
            timeout=timeout,
        )
        self._log_request(request)
        return request

    # -- security -------------------------------------------------------------------------------

    def _chosen_schemes(self, endpoint: Endpoint[Any]) -> tuple[str, ...]:
        """The first of the operation's alternatives whose credentials were all given; none
        when no alternative is complete (the server then answers for itself, usually 401).
        """
        for alternative in endpoint.security:
            if all(self.credentials.get(name) is not None for name in alternative):
                return alternative
        return ()

    def _credentials(
        self, endpoint: Endpoint[Any], options: CallOptions
    ) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name in self._chosen_schemes(endpoint):
            secret = self.credentials[name]
            if isinstance(secret, ClientCredentials):
                scheme = self.auth_schemes[name]
                server = options.server_url or self.server_url
                found[name] = secret.token(self.sync_client(), scheme.token_url, server)
            else:
                found[name] = secret() if callable(secret) else secret
        return found

    async def _credentials_async(
        self, endpoint: Endpoint[Any], options: CallOptions
    ) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name in self._chosen_schemes(endpoint):
            secret = self.credentials[name]
            if isinstance(secret, ClientCredentials):
                scheme = self.auth_schemes[name]
                server = options.server_url or self.server_url
                client = self.async_http_client()
                found[name] = await secret.token_async(client, scheme.token_url, server)
            else:
                found[name] = secret() if callable(secret) else secret
        return found

    def _forget_refused_tokens(
        self, endpoint: Endpoint[Any], response: httpx.Response
    ) -> None:
        if response.status_code != 401:
            return
        for name in self._chosen_schemes(endpoint):
            secret = self.credentials.get(name)
            if isinstance(secret, ClientCredentials):
                secret.invalidate()

    def _apply_security(
        self,
        credentials: Mapping[str, Any],
        query_pairs: list[tuple[str, str]],
        header_values: dict[str, str],
        cookie_values: dict[str, str],
    ) -> None:
        for scheme_name, value in credentials.items():
            scheme = self.auth_schemes[scheme_name]
            if scheme.kind in ("bearer", "oauth2"):
                value = (
                    value if value.lower().startswith("bearer ") else f"Bearer {value}"
                )
            elif scheme.kind == "basic":
                username, password = value if isinstance(value, tuple) else (value, "")
                value = (
                    "Basic "
                    + base64.b64encode(f"{username}:{password}".encode()).decode()
                )
            _place(
                scheme.location,
                scheme.name,
                value,
                None,
                query_pairs,
                header_values,
                cookie_values,
            )

    # -- responses ------------------------------------------------------------------------------

    def _decode(self, endpoint: Endpoint[T], response: httpx.Response) -> T:
        status = response.status_code
        if not 200 <= status < 300:
            raise self._error(endpoint, response)
        decoder = endpoint.decoder_for(status)
        if decoder is None:
            raise self.errors.default(_status_message(response), response)
        record_response(response)
        try:
            result: T = decoder.decode(response)
            return result
        except ValidationError as error:
            raise self.errors.validation(
                f"Response validation failed: {error.error_count()} problem(s) with the {status} body",
                response,
                error,
            ) from error
        except UnexpectedContentType as error:
            raise self.errors.default(
                f"Unexpected response content type: {error}", response
            ) from None

    def _error(self, endpoint: Endpoint[Any], response: httpx.Response) -> Exception:
        """The documented error class with its parsed body, or the default error when the status
        is undocumented or the body does not match."""
        typed = endpoint.error_for(response.status_code)
        if typed is not None:
            error_type, body = typed
            try:
                data = body.decode(response)
            except (ValidationError, UnexpectedContentType):
                pass
            else:
                return error_type(_status_message(response), response, data)
        return self.errors.default(_status_message(response), response)

    # -- logging --------------------------------------------------------------------------------

    def _sensitive_headers(self) -> set[str]:
        names = {"authorization", "cookie", "set-cookie", "proxy-authorization"}
        names.update(
            s.name.lower() for s in self.auth_schemes.values() if s.location == "header"
        )
        return names

    def _redact(self, headers: httpx.Headers) -> dict[str, str]:
        hidden = self._sensitive_headers()
        return {
            k: ("[REDACTED]" if k.lower() in hidden else v) for k, v in headers.items()
        }

    def _redact_url(self, url: httpx.URL) -> str:
        hidden = {s.name for s in self.auth_schemes.values() if s.location == "query"}
        if not hidden or not url.params:
            return str(url)
        params = [
            (k, "[REDACTED]" if k in hidden else v) for k, v in url.params.multi_items()
        ]
        return str(url.copy_with(params=params))

    def _log_request(self, request: httpx.Request) -> None:
        logger = self.debug_logger
        if logger is None or not logger.isEnabledFor(logging.DEBUG):
            return
        logger.debug(
            "Request: %s %s headers=%s body=%s",
            request.method,
            self._redact_url(request.url),
            self._redact(request.headers),
            request.content.decode("utf-8", "replace"),
        )

    def _log_response(self, response: httpx.Response, seconds: float) -> None:
        logger = self.debug_logger
        if logger is None or not logger.isEnabledFor(logging.DEBUG):
            return
        logger.debug(
            "Response: %s %s -> %s in %.1f ms headers=%s body=%s",
            response.request.method,
            self._redact_url(response.request.url),
            response.status_code,
            seconds * 1000,
            self._redact(response.headers),
            response.text if response.is_stream_consumed else "<stream>",
        )

    def _log_failure(self, request: httpx.Request, error: BaseException) -> None:
        if self.debug_logger is not None:
            self.debug_logger.debug(
                "Request failed: %s %s: %r",
                request.method,
                self._redact_url(request.url),
                error,
            )


def _encode_body(encoding: str, body: Any) -> bytes:
    if encoding == "binary":
        if isinstance(body, FileUpload):
            body = body.content
        return body.read() if hasattr(body, "read") else bytes(body)
    if encoding == "text":
        return str(body).encode("utf-8")
    if encoding == "form":
        pairs: list[tuple[str, str]] = []
        for name, value in to_jsonable(body).items():
            values = value if isinstance(value, list) else [value]
            pairs.extend(
                (name, _text(item, ",")) for item in values if item is not None
            )
        return urlencode(pairs).encode()
    return json.dumps(
        to_jsonable(body), separators=(",", ":"), ensure_ascii=False
    ).encode()


def _multipart(
    body: Any,
) -> tuple[dict[str, Any], list[tuple[str, tuple[str, bytes, str]]]]:
    """Form fields and files: bytes and file objects are files, named after the file when the
    object has a name."""
    fields: dict[str, Any] = {}
    files: list[tuple[str, tuple[str, bytes, str]]] = []
    items = (
        body.model_dump(by_alias=True, exclude_unset=True)
        if isinstance(body, BaseModel)
        else body
    )
    for name, value in items.items():
        if isinstance(value, (bytes, bytearray, FileUpload)) or hasattr(value, "read"):
            files.append((name, file_parts(name, value)))
        elif value is not None and not isinstance(value, Unset):
            plain = to_jsonable(value)
            fields[name] = (
                plain
                if isinstance(plain, str)
                else (
                    json.dumps(plain)
                    if isinstance(plain, (dict, list))
                    else _text(plain, ",")
                )
            )
    return fields, files


def offset_pages(
    fetch: Callable[[int], T], start: Any, items: str, has_more: str
) -> Iterator[T]:
    """Pages from `fetch(offset)`, the offset moving past each page's items, until the server
    says there are no more (`has_more`, where the response has such a flag) or sends an empty
    page."""
    offset = int(start or 0)
    while True:
        page = fetch(offset)
        yield page
        count = len(getattr(page, items) or ())
        if count == 0 or (has_more and not getattr(page, has_more)):
            return
        offset += count


async def offset_pages_async(
    fetch: Callable[[int], Awaitable[T]],
    start: Optional[float],
    items: str,
    has_more: str,
) -> AsyncIterator[T]:
    offset = int(start or 0)
    while True:
        page = await fetch(offset)
        yield page
        count = len(getattr(page, items) or ())
        if count == 0 or (has_more and not getattr(page, has_more)):
            return
        offset += count


def cursor_pages(
    fetch: Callable[[Any], T], start: Any, next_cursor: str, has_more: str = ""
) -> Iterator[T]:
    """Pages from `fetch(cursor)`, each asking for the cursor the last one returned, until a
    page returns none (or says there are no more)."""
    cursor = start
    while True:
        page = fetch(cursor)
        yield page
        cursor = getattr(page, next_cursor)
        if not cursor or (has_more and not getattr(page, has_more)):
            return


async def cursor_pages_async(
    fetch: Callable[[Any], Awaitable[T]],
    start: Any,
    next_cursor: str,
    has_more: str = "",
) -> AsyncIterator[T]:
    cursor = start
    while True:
        page = await fetch(cursor)
        yield page
        cursor = getattr(page, next_cursor)
        if not cursor or (has_more and not getattr(page, has_more)):
            return


def request_value(request: Any, key: str) -> Any:
    """The value (an offset, a cursor) a request body (a model, a dict, or None) starts from."""
    if request is None:
        return None
    return (
        request.get(key)
        if isinstance(request, Mapping)
        else getattr(request, key, None)
    )


def with_request_value(request: Any, key: str, value: Any) -> Any:
    """A copy of the request body with the value set; the caller's object is left as it was."""
    if request is None:
        return {key: value}
    if isinstance(request, BaseModel):
        return request.model_copy(update={key: value})
    return {**request, key: value}


async def _sleep(seconds: float) -> None:
    # asyncio is imported on the first async retry, not when the SDK loads: it is a tenth of a
    # serverless cold start on its own, and sync users never need it.
    import asyncio

    await asyncio.sleep(seconds)


def default_user_agent(package: str, version: str) -> str:
    return f"{package}/{version} python/{sys.version_info[0]}.{sys.version_info[1]}"


_BODY_IN_MESSAGE = 2_000


def _status_message(response: httpx.Response) -> str:
    text = response.text
    if len(text) > _BODY_IN_MESSAGE:
        text = text[:_BODY_IN_MESSAGE] + "..."
    content_type = response.headers.get("content-type", "")
    message = f"API error occurred: Status {response.status_code}"
    if content_type:
        message += f" Content-Type {content_type!r}"
    return f"{message}. Body: {text}" if text else message


def _fill_path(
    template: str,
    values: Mapping[str, Any],
    styles: Mapping[tuple[str, str], tuple[str, bool]],
) -> str:
    path = template
    for name, value in values.items():
        style, explode = styles.get(("path", name)) or params.default_style("path")
        filled = params.path_value(name, to_jsonable(value), style, explode)
        path = path.replace("{" + name + "}", filled)
    return path


def _place(
    location: str,
    name: str,
    value: Any,
    style: Optional[tuple[str, bool]],
    query_pairs: list[tuple[str, str]],
    header_values: dict[str, str],
    cookie_values: dict[str, str],
) -> None:
    if value is None or isinstance(value, Unset):
        return
    value = to_jsonable(value)
    style_name, explode = style or params.default_style(location)
    if location == "query":
        query_pairs.extend(params.query_pairs(name, value, style_name, explode))
    elif location == "header":
        header_values[name.lower()] = params.header_value(value, explode)
    elif location == "cookie":
        cookie_values[name] = quote(
            params.header_value(value, False), safe=_COOKIE_SAFE
        )


# RFC 6265 cookie-octets that need no escaping; anything else is percent-encoded.
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"


def _text(value: Any, separator: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return separator.join(_text(item, separator) for item in value)
    if isinstance(value, dict):
        return separator.join(
            f"{key}{separator}{_text(item, separator)}" for key, item in value.items()
        )
    return str(value)


class BaseResource:
    """What every resource class holds: the client's shared core."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core
