"""What generated code declares: each operation once, on its first call, as an `Endpoint`;
the API's servers, security schemes and global values; and the options each call carries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Generic, NamedTuple, Optional, TypeVar

import httpx

from .response import JsonBody, StreamBody, by_status

if TYPE_CHECKING:
    from ..utils.retries import RetryConfig

T = TypeVar("T")


class CallOptions(NamedTuple):
    """The options every method takes besides its own arguments (see defaults.CALL_OPTIONS)."""

    retries: Optional[RetryConfig] = None
    server_url: Optional[str] = None
    timeout_ms: Optional[int] = None
    http_headers: Optional[Mapping[str, str]] = None


class Arguments(NamedTuple):
    """A call's own arguments, by where they go."""

    path_params: Optional[Mapping[str, Any]]
    query: Optional[Mapping[str, Any]]
    headers: Optional[Mapping[str, Any]]
    cookies: Optional[Mapping[str, Any]]
    body: Any


@dataclass(frozen=True)
class ServerTemplate:
    """A server URL with `{variables}`, and each variable's default."""

    url: str
    # `lambda: {}` rather than `dict`: type checkers then infer the empty dict as the field's
    # own type, not as a dict of unknowns.
    defaults: Mapping[str, str] = field(default_factory=lambda: {})

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
    """A parameter the client sends with every call."""

    location: str
    name: str
    value: Any


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
    body_encoding: str = "json"  # "json", "form", "multipart", "text" or "binary"
    # A header the spec declares for idempotency keys: the SDK fills it, and retries the call.
    idempotency_header: Optional[str] = None
    nullable_body_fields: frozenset[str] = frozenset()
    flattened_body: bool = False
    # The operation's own servers: used instead of the client's, unless a call names one.
    servers: tuple[ServerTemplate, ...] = ()
    # Parameters whose `style`/`explode` differ from their location's default, by (in, name).
    styles: Mapping[tuple[str, str], tuple[str, bool]] = field(
        default_factory=lambda: {}
    )
    # Documented error bodies by status ("404", "4XX" or "default"): the class to raise, and
    # how to read the body it carries as `data`.
    errors: Mapping[str, tuple[Callable[..., Exception], JsonBody[Any]]] = field(
        default_factory=lambda: {}
    )

    # Whether a success may be a binary stream, read as the caller wants: decided once here
    # (endpoints are built on their first call), not on every call.
    streams: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        streams = any(isinstance(d, StreamBody) for d in self.responses.values())
        object.__setattr__(self, "streams", streams)

    def decoder_for(self, status: int) -> Optional[Any]:
        return by_status(self.responses, status)

    def hands_over(self, response: httpx.Response) -> bool:
        """Whether this response goes to the caller as an unread stream."""
        return response.is_success and isinstance(
            self.decoder_for(response.status_code), StreamBody
        )

    def error_for(
        self, status: int
    ) -> Optional[tuple[Callable[..., Exception], JsonBody[Any]]]:
        return by_status(self.errors, status) or self.errors.get("default")
