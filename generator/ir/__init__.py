"""The intermediate representation: frozen dataclasses the renderers read, and nothing else.

Wire names (as the API spells them) and Python names (as the SDK spells them) travel side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal as TypingLiteral
from typing import NoReturn

# The schema kinds, re-exported: the stages import every IR name from here.
from generator.ir.types import AnyType as AnyType
from generator.ir.types import JsonValue as JsonValue
from generator.ir.types import ListType as ListType
from generator.ir.types import LiteralType as LiteralType
from generator.ir.types import MapType as MapType
from generator.ir.types import ModelType as ModelType
from generator.ir.types import NullableType as NullableType
from generator.ir.types import Primitive as Primitive
from generator.ir.types import PrimitiveName as PrimitiveName
from generator.ir.types import TypeRef as TypeRef
from generator.ir.types import UnionType as UnionType


@dataclass(frozen=True, kw_only=True)
class Field:
    wire_name: str
    py_name: str
    type: TypeRef
    required: bool
    description: str
    default: JsonValue = None
    has_default: bool = False
    deprecated: bool = False
    # A union's discriminator keeps its enum closed even in responses: pydantic needs a Literal.
    discriminates: bool = False
    # readOnly fields are never sent (no argument, no TypedDict key); writeOnly ones never
    # come back. Both are optional in the model, which serves requests and responses alike.
    read_only: bool = False
    write_only: bool = False
    # A required writeOnly field: optional in the model, a required argument when sent.
    required_when_sent: bool = False

    @property
    def nullable(self) -> bool:
        return isinstance(self.type, NullableType)


@dataclass(frozen=True, kw_only=True)
class Model:
    name: str
    module: str
    description: str
    fields: tuple[Field, ...]
    typed_dict: str
    is_input: bool = False
    is_output: bool = False
    # additionalProperties: false. Unknown fields are dropped rather than kept (and never
    # rejected: a response from a newer server must still parse).
    closed: bool = False


@dataclass(frozen=True, kw_only=True)
class ModelAlias:
    """A class name an earlier SDK exported for a schema that has since moved (an inline
    schema made a component, same properties): kept importable, in the module of the model it
    now names, so code written against the old name still runs."""

    name: str
    target: str
    typed_dict: str
    target_typed_dict: str
    module: str
    # Whether the target has a TypedDict (models only requests send have one).
    is_input: bool


@dataclass(frozen=True, kw_only=True)
class Release:
    """One entry of the SDK's changelog: a version, the day it was made (empty for the first
    version, which no bump made), and its changes under headings, worst first."""

    version: str
    date: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]


ParamLocation = TypingLiteral["path", "query", "header", "cookie"]
BodyEncoding = TypingLiteral["json", "form", "multipart", "text", "binary"]
DEFAULT_STYLES: dict[str, str] = {
    "path": "simple",
    "query": "form",
    "header": "simple",
    "cookie": "form",
}
# The styles OpenAPI allows in each location.
ALLOWED_STYLES: dict[str, frozenset[str]] = {
    "path": frozenset({"simple", "label", "matrix"}),
    "query": frozenset({"form", "spaceDelimited", "pipeDelimited", "deepObject"}),
    "header": frozenset({"simple"}),
    "cookie": frozenset({"form"}),
}


@dataclass(frozen=True, kw_only=True)
class Parameter:
    wire_name: str
    py_name: str
    location: ParamLocation
    type: TypeRef
    required: bool
    description: str
    style: str
    explode: bool
    example: JsonValue = None
    has_example: bool = False
    default: JsonValue = None
    has_default: bool = False

    @property
    def custom_style(self) -> bool:
        """Whether the runtime must be told this parameter's style: it is not its location's
        default (path and header `simple`, query and cookie `form` with explode)."""
        default = DEFAULT_STYLES[self.location]
        return self.style != default or self.explode != (default == "form")


@dataclass(frozen=True, kw_only=True)
class RequestBody:
    content_type: str
    required: bool
    model: str | None
    fields: tuple[Field, ...]
    type: TypeRef
    example: JsonValue = None
    has_example: bool = False
    encoding: BodyEncoding = "json"

    @property
    def flattened(self) -> bool:
        """Required object bodies become keyword arguments; others are passed whole."""
        return self.required and self.model is not None


# How the SDK reads a response body: decoded from JSON into its type, read as text, handed over
# unread as a stream of bytes, parsed as server-sent events as they arrive, or not read at all.
# Each kind has its decoder in the runtime.
ResponseDecode = TypingLiteral["json", "text", "binary", "empty", "events"]


def unreachable(value: NoReturn) -> NoReturn:
    """Ends a dispatch over a closed set such as ResponseDecode (typing.assert_never, which
    Python 3.10 lacks): a new member fails mypy at every dispatch that does not handle it."""
    raise AssertionError(f"unhandled: {value!r}")


@dataclass(frozen=True, kw_only=True)
class EventData:
    """How each event of a `text/event-stream` response is read: its `data` as JSON of a type,
    or as text; the data that ends the stream (OpenAI's `[DONE]`); and, for a union told apart
    by a field of the data, that field's wire name and the values the spec knows, so that an
    event with another value (from a newer server) is kept untyped instead of failing."""

    type: TypeRef
    text: bool
    sentinel: str | None = None
    discriminator: str | None = None
    known: tuple[str, ...] = ()

    @property
    def open(self) -> bool:
        """Whether an event the spec does not know is kept: its type then admits it."""
        return self.discriminator is not None


@dataclass(frozen=True, kw_only=True)
class SuccessResponse:
    status: str
    content_type: str | None
    # For "events", the type of one event's data (as `events.type`).
    type: TypeRef | None
    decode: ResponseDecode
    description: str
    events: EventData | None = None
    # The spec's example of the body, where it fits the schema: what the SDK's mock answers.
    example: JsonValue = None
    has_example: bool = False


@dataclass(frozen=True, kw_only=True)
class ErrorResponse:
    """A row of an operation's errors: which class is raised for which statuses."""

    status_codes: tuple[str, ...]
    error_class: str
    content_type: str
    decode: ResponseDecode
    data: ModelType | None = None
    # The spec's example of the error body, where it fits the schema (for the SDK's mock).
    example: JsonValue = None
    has_example: bool = False


@dataclass(frozen=True, kw_only=True)
class ErrorClass:
    """A documented error body: raised as its own subclass of the SDK's error, body as `data`."""

    name: str
    data: ModelType
    description: str


@dataclass(frozen=True, kw_only=True)
class Argument:
    """One keyword argument of a generated method, in signature order."""

    py_name: str
    wire_name: str
    source: TypingLiteral["path", "query", "header", "cookie", "body", "request"]
    type: TypeRef
    required: bool
    description: str
    example: JsonValue
    has_example: bool
    default: JsonValue = None
    has_default: bool = False


PaginationKind = TypingLiteral["offset", "cursor"]
OperationShape = TypingLiteral["result", "events", "either"]


@dataclass(frozen=True, kw_only=True)
class Pagination:
    """Offset or cursor pagination: the argument (or request-body key) that takes the offset
    or cursor, and the response fields holding the page's items, whether more follow, and, for
    cursors, the next cursor."""

    kind: PaginationKind
    offset_argument: str
    offset_in_request: bool
    items_field: str
    has_more_field: str
    method: str = ""
    async_method: str = ""
    next_cursor_field: str = ""


@dataclass(frozen=True, kw_only=True)
class Operation:
    operation_id: str
    py_name: str
    async_name: str
    method: str
    path: str
    summary: str
    description: str
    resource: str | None
    arguments: tuple[Argument, ...]
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    success: tuple[SuccessResponse, ...]
    errors: tuple[ErrorResponse, ...]
    # Alternatives: the client sends the first whose credentials it has, all schemes together.
    security: tuple[tuple[str, ...], ...]
    deprecated: bool = False
    idempotency_header: str | None = None
    pagination: Pagination | None = None
    # The operation's (or its path's) own servers, which the client's servers do not replace.
    servers: tuple[Server, ...] = ()
    # For an operation answering with JSON or an event stream: the boolean argument (python
    # name) that chooses, so that its methods are overloaded on it. None otherwise.
    stream_switch: str | None = None

    @property
    def constant_name(self) -> str:
        return "_" + self.py_name.upper()

    @property
    def events_constant_name(self) -> str:
        return "_" + self.py_name.upper() + "_EVENTS"

    @property
    def event_stream(self) -> SuccessResponse | None:
        """The response read as server-sent events, if the operation has one."""
        return next((r for r in self.success if r.decode == "events"), None)

    @property
    def answers(self) -> tuple[SuccessResponse, ...]:
        """The responses read whole (or handed over as bytes): all but the event stream."""
        return tuple(r for r in self.success if r.decode != "events")

    @property
    def shape(self) -> OperationShape:
        """What a call returns: a result, an event stream only, or either of the two (chosen
        by `stream_switch` when there is one, else by the answer's content type)."""
        if self.event_stream is None:
            return "result"
        if not any(r.type is not None for r in self.answers):
            return "events"
        return "either"

    @property
    def return_type(self) -> TypeRef | None:
        """The type of the result read whole; an event stream's events are not part of it."""
        typed = [response.type for response in self.answers if response.type is not None]
        if not typed:
            return None
        if len(typed) == 1:
            return typed[0]
        return UnionType(options=tuple(dict.fromkeys(typed)))


@dataclass(frozen=True, kw_only=True)
class Resource:
    wire_name: str
    attribute: str
    class_name: str
    module: str
    docs_dir: str
    title: str
    description: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True, kw_only=True)
class GlobalParameter:
    wire_name: str
    py_name: str
    location: ParamLocation
    type: TypeRef
    required: bool
    description: str
    default: JsonValue
    hidden: bool


SecurityKind = TypingLiteral["bearer", "basic", "apiKey", "oauth2"]


@dataclass(frozen=True, kw_only=True)
class SecurityScheme:
    name: str
    py_name: str
    kind: SecurityKind
    location: ParamLocation
    parameter_name: str
    description: str
    # OAuth 2 client credentials: the token endpoint, as the spec gives it.
    token_url: str = ""


@dataclass(frozen=True, kw_only=True)
class ServerVariable:
    """A `{name}` in server URLs: a client argument that defaults to each server's own value."""

    wire_name: str
    py_name: str
    default: str
    enum: tuple[str, ...]
    description: str


@dataclass(frozen=True, kw_only=True)
class Server:
    # The URL with every variable at its default, and the template the variables fill.
    url: str
    description: str
    template: str = ""
    defaults: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Settings:
    package_name: str
    module: str
    client_class: str
    version: str
    error_base: str
    default_error: str
    validation_error: str
    generator_version: str
    spec_label: str
    # Names the docs and snippets use: the prefix of the environment variables the client
    # reads, the variable the snippets bind the client to, and the docs folder of the
    # operations on the client itself.
    env_prefix: str
    client_variable: str
    root_docs_dir: str
    # Standard Webhooks signature verification for the spec's webhooks (`webhook-verification`).
    webhook_verification: bool = True


# The value of the field that tells one webhook event from another.
EventTag = str | int | bool


@dataclass(frozen=True, kw_only=True)
class Webhook:
    """One event the API sends to its users' servers: a `webhooks` entry (OpenAPI 3.1) or an
    operation's callback, with the type its JSON payload parses into."""

    key: str
    method: str
    summary: str
    description: str
    payload: TypeRef
    # The payload's values of the event field (several where the payload is a union).
    tags: tuple[EventTag, ...] = ()
    example: JsonValue = None
    has_example: bool = False
    # A callback's operation (its operationId) and runtime expression; empty for webhooks.
    operation_id: str = ""
    expression: str = ""


@dataclass(frozen=True, kw_only=True)
class Webhooks:
    """The spec's webhooks, parsed into one union of their payloads: `client.<attribute>`,
    an instance of `class_name` in the SDK's module `module`."""

    events: tuple[Webhook, ...]
    # The wire name of the payload field whose constant value names the event; "" when no
    # field tells every event apart (then the first event whose model fits is chosen).
    tag_field: str
    union_name: str
    unknown_name: str
    class_name: str
    module: str
    attribute: str
    # Standard Webhooks signature verification, and the client's keyword for its secret;
    # off (and "") when the spec's sender uses another scheme.
    verify: bool
    secret_argument: str
    # The errors of a delivery that fails verification, and of a payload that verifies but does
    # not fit its event's model (a subclass of the SDK's response validation error).
    verification_error: str
    payload_error: str

    @property
    def models(self) -> tuple[ModelType, ...]:
        """The event models the union lists: a payload that is a union lists each option."""
        found: list[ModelType] = []
        for event in self.events:
            options = (
                event.payload.options if isinstance(event.payload, UnionType) else (event.payload,)
            )
            found.extend(o for o in options if isinstance(o, ModelType) and o not in found)
        return tuple(found)


@dataclass(frozen=True, kw_only=True)
class Api:
    title: str
    api_version: str
    description: str
    settings: Settings
    servers: tuple[Server, ...]
    security: tuple[SecurityScheme, ...]
    globals: tuple[GlobalParameter, ...]
    resources: tuple[Resource, ...]
    root_operations: tuple[Operation, ...]
    models: tuple[Model, ...]
    error_classes: tuple[ErrorClass, ...] = ()
    server_variables: tuple[ServerVariable, ...] = ()
    webhooks: Webhooks | None = None
    # Operations' callbacks: typed payload models, no verifier (the spec names no scheme).
    callbacks: tuple[Webhook, ...] = ()
    # Every Python name the build gave, by where it comes from (`model:<module>:#/<pointer>`,
    # `method:<group>:<METHOD path>`, ...): the next build of a changed spec holds these names,
    # so that additions never rename what this SDK exported (builder/names.py, ApiNames).
    name_lock: tuple[tuple[str, str], ...] = ()
    aliases: tuple[ModelAlias, ...] = ()
    # The operations x-speakeasy-ignore hides, as "METHOD /path".
    hidden_operations: tuple[str, ...] = ()
    # The SDK's changelog, newest first (set by the pipeline from what earlier runs recorded).
    releases: tuple[Release, ...] = ()

    @property
    def operations(self) -> tuple[Operation, ...]:
        found = list(self.root_operations)
        for resource in self.resources:
            found.extend(resource.operations)
        return tuple(found)

    @property
    def model_modules(self) -> tuple[str, ...]:
        return tuple(sorted({model.module for model in self.models}))
