"""Reading a response: the body decoders an endpoint names per status, and the mapping of
error statuses to the SDK's exceptions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, TypeVar, cast

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError
from typing_extensions import TypeGuard

from ..utils.raw import record as record_response

if TYPE_CHECKING:
    from .endpoint import Endpoint

T = TypeVar("T")

# How much of an error body goes into the exception's message.
_BODY_IN_MESSAGE = 2_000


class UnexpectedContentType(Exception):
    pass


class JsonBody(Generic[T]):
    """Decodes a JSON response into a model or any other type pydantic can validate."""

    def __init__(self, target: Any) -> None:
        self._target: Any = target
        self._adapter: Optional[TypeAdapter[Any]] = None
        self._is_model = _is_model_class(target)

    def decode(self, response: httpx.Response) -> T:
        content_type = response.headers.get("content-type", "")
        if "json" not in content_type.lower():
            raise UnexpectedContentType(content_type or "no content type")
        # `target` is the class or type this body was declared with, so the value is a T.
        return cast(T, self._validate(response.content))

    def _validate(self, content: bytes) -> Any:
        target = self._target
        if self._is_model:
            return target.model_validate_json(content)
        adapter = self._adapter
        if adapter is None:
            # Built on first use, so importing a module of many endpoints stays cheap.
            adapter = self._adapter = TypeAdapter(target)
        return adapter.validate_json(content)


def _is_model_class(target: object) -> TypeGuard[type[BaseModel]]:
    return isinstance(target, type) and issubclass(target, BaseModel)


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


@dataclass(frozen=True)
class ErrorTypes:
    """The SDK's own error classes, so the runtime needs no generated names."""

    default: Callable[..., Exception]
    validation: Callable[..., Exception]


def by_status(table: Mapping[str, T], status: int) -> Optional[T]:
    """The entry for the exact status, else for its class ("4XX")."""
    exact = table.get(str(status))
    return exact if exact is not None else table.get(f"{str(status)[0]}XX")


def decode(endpoint: Endpoint[T], response: httpx.Response, errors: ErrorTypes) -> T:
    """The call's result from a final response, or the exception it stands for."""
    status = response.status_code
    if not 200 <= status < 300:
        raise _error(endpoint, response, errors)
    decoder = endpoint.decoder_for(status)
    if decoder is None:
        raise errors.default(_status_message(response), response)
    record_response(response)
    try:
        result: T = decoder.decode(response)
        return result
    except ValidationError as error:
        raise errors.validation(
            f"Response validation failed: {error.error_count()} problem(s) with the {status} body",
            response,
            error,
        ) from error
    except UnexpectedContentType as error:
        raise errors.default(
            f"Unexpected response content type: {error}", response
        ) from None


def refusal(
    endpoint: Endpoint[Any], response: httpx.Response, errors: ErrorTypes
) -> Exception:
    """The error for a read answer that is not the event stream the call expects: the
    documented error of an error status, else the default error naming the content type.
    """
    if not response.is_success:
        return _error(endpoint, response, errors)
    content_type = response.headers.get("content-type", "") or "no content type"
    return errors.default(
        f"Unexpected response content type: {content_type}, not an event stream",
        response,
    )


def _error(
    endpoint: Endpoint[Any], response: httpx.Response, errors: ErrorTypes
) -> Exception:
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
    return errors.default(_status_message(response), response)


def _status_message(response: httpx.Response) -> str:
    text = response.text
    if len(text) > _BODY_IN_MESSAGE:
        text = text[:_BODY_IN_MESSAGE] + "..."
    content_type = response.headers.get("content-type", "")
    message = f"API error occurred: Status {response.status_code}"
    if content_type:
        message += f" Content-Type {content_type!r}"
    return f"{message}. Body: {text}" if text else message
