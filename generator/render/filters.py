"""The filters templates call: every conversion from IR values to Python or Markdown text."""

from __future__ import annotations

import functools
import html
import keyword
from collections.abc import Callable
from typing import Any

from generator.ir import (
    Api,
    Argument,
    ErrorResponse,
    EventData,
    Field,
    GlobalParameter,
    Model,
    NullableType,
    Operation,
    Primitive,
    Resource,
    SecurityScheme,
    Server,
    ServerVariable,
    Settings,
    SuccessResponse,
    TypeRef,
    UnionType,
    Webhooks,
    unreachable,
)
from generator.ir.code import Code, Import, generic, joined, plain, typing_name
from generator.render.types import (
    field_default,
    field_hint,
    model_hint,
    optional_doc_type,
    typed_dict_hint,
)
from generator.runtime_facts import runtime_facts
from generator.text import (
    docstring,
    md_cell,
    md_code,
    md_escape,
    md_table,
    md_text,
    py_literal,
    seconds,
    spoken_list,
)

# -- Python ---------------------------------------------------------------------------------------


def toml_string(value: str) -> str:
    """A TOML basic string, all ASCII. Not JSON's escapes: TOML has no surrogate pairs, and
    writes a character beyond the BMP as \\UXXXXXXXX."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return "".join(out) + '"'


def argument_hint(argument: Argument) -> Code:
    return field_hint(argument.type, argument.required, "input")


def argument_default(argument: Argument) -> Code:
    if argument.required:
        return plain("")
    if argument.has_default:
        return plain(f" = {py_literal(argument.default)}")
    if isinstance(argument.type, NullableType):
        return plain(" = UNSET", Import(module=".utils.values", name="UNSET"))
    return plain(" = None")


def return_hint(operation: Operation) -> Code:
    """The type of the result read whole (an event stream aside)."""
    if operation.return_type is None:
        return plain("None")
    return operation.return_type.hint("model")


def method_return_hint(operation: Operation, is_async: bool) -> Code:
    """What the method returns: its result, its event stream, or either of them."""
    match operation.shape:
        case "result":
            return return_hint(operation)
        case "events":
            return stream_hint(operation, is_async)
        case "either":
            return generic("Union", return_hint(operation), stream_hint(operation, is_async))
        case _:
            unreachable(operation.shape)


def stream_hint(operation: Operation, is_async: bool) -> Code:
    """`EventStream[data]` (or `AsyncEventStream`) of the operation's event stream."""
    response = operation.event_stream
    assert response is not None and response.events is not None, "an operation that streams"
    name = "AsyncEventStream" if is_async else "EventStream"
    return generic(name, event_hint(response.events), module=".basesdk")


def event_hint(events: EventData) -> Code:
    """The type of one event's data; an open union also admits an UnknownEvent."""
    hint = events.type.hint("model")
    if not events.open:
        return hint
    return generic(
        "Union", hint, plain("UnknownEvent", Import(module=".basesdk", name="UnknownEvent"))
    )


def switch_hint(argument: Argument, choice: str) -> Code:
    """The stream-choosing argument in an overload: `Literal[True]` for the event stream,
    `Literal[False]` (or omitted, where it is optional) for the result, and any `bool` for
    either of them."""
    if choice == "either":
        return argument.type.hint("input")
    literal = generic("Literal", plain(str(choice == "true")))
    if choice == "true" or argument.required:
        return literal
    return generic("Optional", literal).wrapped("", " = None")


def overload_code(operation: Operation) -> list[Code]:
    """What the overloads of a method switched by `stream_switch` need."""
    if operation.stream_switch is None:
        return []
    switch = next(a for a in operation.arguments if a.py_name == operation.stream_switch)
    return [
        plain("", typing_name("overload")),
        *(switch_hint(switch, choice) for choice in ("true", "false", "either")),
    ]


def decoder(response: SuccessResponse) -> Code:
    """The runtime decoder of a response body, as the builder chose it."""
    match response.decode:
        case "json":
            assert response.type is not None, "a JSON body always has a type"
            return _json_decoder(response.type)
        case "text":
            return _runtime("TextBody", "()")
        case "binary":
            return _runtime("StreamBody", "()")
        case "empty":
            return _runtime("NoBody", "()")
        case "events":
            assert response.events is not None, "an event stream always has its events"
            return _events_decoder(response.events)
        case _:
            unreachable(response.decode)


def _events_decoder(events: EventData) -> Code:
    """`EventsBody[hint](target, ...)`: the target is the data's own type, which pydantic
    validates; the hint may add UnknownEvent, which events of unknown types become."""
    options = []
    if events.text:
        options.append("text=True")
    if events.sentinel is not None:
        options.append(f"sentinel={py_literal(events.sentinel)}")
    if events.discriminator is not None:
        options.append(f"discriminator={py_literal(events.discriminator)}")
        options.append(f"known={py_tuple(events.known)}")
    rest = "".join(", " + option for option in options)
    return joined(
        [
            _runtime("EventsBody", "["),
            event_hint(events),
            plain("]("),
            events.type.hint("model"),
            plain(rest + ")"),
        ],
        "",
    )


def events_body_hint(response: SuccessResponse) -> Code:
    """The type of an event stream's decoder: `EventsBody[event hint]`."""
    assert response.events is not None, "an event stream always has its events"
    return generic("EventsBody", event_hint(response.events), module=".basesdk")


def error_decoder(error: ErrorResponse) -> Code:
    assert error.data is not None, "only errors with a documented body are decoded"
    return _json_decoder(error.data)


def _json_decoder(type_ref: TypeRef) -> Code:
    hint = type_ref.hint("model")
    return joined([_runtime("JsonBody", "["), hint, plain("]("), hint, plain(")")], "")


def _runtime(name: str, rest: str) -> Code:
    """A class of the SDK's runtime module, and the text that follows its name."""
    return plain(name + rest, Import(module=".basesdk", name=name))


def typed_dict_definition(model: Model) -> Code:
    """The TypedDict twin of an input model, keyed by wire names.

    Class syntax where every wire name is an identifier; the functional form otherwise, with
    quoted annotations so that keys may refer to TypedDicts defined further down.
    """
    fields = [f for f in model.fields if not f.read_only]  # a caller never sends these
    hints = [typed_dict_hint(f) for f in fields]
    imports = frozenset({Import(module="typing_extensions", name="TypedDict")}).union(
        *(hint.imports for hint in hints)
    )
    summary = docstring(model.description, "    ") if model.description else ""
    if all(f.wire_name.isidentifier() and not keyword.iskeyword(f.wire_name) for f in fields):
        lines = [f"class {model.typed_dict}(TypedDict):"]
        if summary:
            lines.append(f"    {summary}")
            if fields:
                lines.append("")
        for f, hint in zip(fields, hints, strict=True):
            lines.append(f"    {f.wire_name}: {hint.text}")
            if f.description:
                lines.append(f"    {docstring(f.description, '    ')}")
        if len(lines) == 1:
            lines.append("    pass")
        return Code(text="\n".join(lines), imports=imports)
    entries = ", ".join(
        f"{py_literal(f.wire_name)}: {py_literal(hint.text)}"
        for f, hint in zip(fields, hints, strict=True)
    )
    text = f"{model.typed_dict} = TypedDict({py_literal(model.typed_dict)}, {{{entries}}})"
    return Code(text=text, imports=imports)


def model_field_default(field: Field) -> Code:
    default = field_default(field)
    if field.py_name == field.wire_name:
        return plain("" if default is None else f" = {default}")
    alias = py_literal(field.wire_name)
    pydantic_field = Import(module="pydantic", name="Field")
    if default is None:
        return plain(f" = Field(alias={alias})", pydantic_field)
    return plain(f" = Field(default={default}, alias={alias})", pydantic_field)


def global_hint(parameter: GlobalParameter) -> Code:
    hint = parameter.type.hint("input")
    if parameter.default is not None:
        return hint.wrapped("", f" = {py_literal(parameter.default)}")
    if parameter.required:
        return hint
    return generic("Optional", hint).wrapped("", " = None")


_SECRET_HINTS = {
    "basic": "Union[tuple[str, str], Callable[[], tuple[str, str]]]",
    "oauth2": "Union[str, Callable[[], str], ClientCredentials]",
}


def secret_hint(scheme: SecurityScheme) -> Code:
    imports = [typing_name("Union"), typing_name("Callable")]
    if scheme.kind == "oauth2":
        imports.append(Import(module=".utils.oauth2", name="ClientCredentials"))
    return plain(_SECRET_HINTS.get(scheme.kind, "Union[str, Callable[[], str]]"), *imports)


def server_env(settings: Settings) -> str:
    return f"{settings.env_prefix}_SERVER_URL"


def secret_env(scheme: SecurityScheme, settings: Settings) -> str:
    return f"{settings.env_prefix}_{scheme.py_name.upper()}"


def webhook_secret_env(settings: Settings) -> str:
    """The environment variable the webhooks' signing secret is read from, beside the others."""
    return f"{settings.env_prefix}_WEBHOOK_SECRET"


def webhooks_docstring(webhooks: Webhooks, settings: Settings) -> str:
    about = (
        "Verify and parse the webhooks the API sends to your server: the Standard Webhooks"
        " signature is checked with the signing secret, then the payload becomes its event's"
        " model. Nothing here touches the network."
        if webhooks.verify
        else "Parse the webhooks the API sends to your server into their events' models. This"
        " SDK does not check their signatures: verify each delivery before you parse it."
    )
    return docstring(about, "    ")


def default_server_url(api: Api) -> str:
    return api.servers[0].url if api.servers else ""


def py_tuple(items: Any) -> str:
    """A tuple expression (nested sequences too), where py_literal would write lists."""
    parts = [
        py_tuple(item) if isinstance(item, (list, tuple)) else py_literal(item) for item in items
    ]
    return _tuple_of(parts)


def _tuple_of(parts: list[str]) -> str:
    """Tuple syntax without a trailing comma black would take as a sign to split the lines."""
    return f"({parts[0]},)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def upload_operations(api: Api) -> list[Operation]:
    """Operations that send a file: a binary body, or a multipart body with a binary field."""
    return [
        operation
        for operation in api.operations
        if operation.body is not None
        and (
            operation.body.encoding == "binary"
            or any(_is_bytes(field.type) for field in operation.body.fields)
        )
    ]


def download_operations(api: Api) -> list[Operation]:
    """Operations whose response body is handed over as a stream."""
    return [
        operation
        for operation in api.operations
        if any(response.decode == "binary" for response in operation.success)
    ]


def _is_bytes(type_ref: Any) -> bool:
    plain = type_ref.inner if isinstance(type_ref, NullableType) else type_ref
    return isinstance(plain, Primitive) and plain.name == "bytes"


def server_template(server: Server) -> str:
    defaults = ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in server.defaults)
    return f"ServerTemplate({py_literal(server.template)}, {{{defaults}}})"


def server_templates(servers: tuple[Server, ...]) -> str:
    """A tuple of ServerTemplate expressions on one line; black splits it if it is too long."""
    return _tuple_of([server_template(server) for server in servers])


def server_variable_hint(variable: ServerVariable) -> Code:
    if not variable.enum:
        return plain("str")
    return generic("Literal", *(plain(py_literal(value)) for value in variable.enum))


def servers_docstring(api: Api) -> str:
    lines = ["The API's servers, chosen by the client's `server_idx`:", ""]
    for index, server in enumerate(api.servers):
        about = " ".join(server.description.split())
        lines.append(f"{index}. {server.template}" + (f": {about}" if about else ""))
    return docstring("\n".join(lines))


def method_docstring(operation: Operation, is_async: bool) -> str:
    text = (
        operation.description
        or operation.summary
        or operation.py_name.replace("_", " ").capitalize()
    )
    if is_async:
        text = f"{text}\n\nThe async twin of `{operation.py_name}`."
    described = [a for a in operation.arguments if a.description]
    if described:
        text += "\n\n" + "\n".join(
            f":param {a.py_name}: {' '.join(a.description.split())}" for a in described
        )
    text += "".join(
        f"\n:param {option.name}: {option.description}" for option in runtime_facts().call_options
    )
    return docstring(text, "        ")


def pages_docstring(operation: Operation, is_async: bool) -> str:
    paging = operation.pagination
    assert paging is not None
    base = operation.async_name if is_async else operation.py_name
    more = paging.has_more_field
    match paging.kind:
        case "offset":
            steps = f"each call moves the offset past the `{paging.items_field}` it got, " + (
                f"until `{more}` is false" if more else "until a page comes back empty"
            )
        case "cursor":
            steps = (
                f"each call asks for the `{paging.next_cursor_field}` the last page returned,"
                " until a page returns none" + (f" or `{more}` is false" if more else "")
            )
        case _:
            unreachable(paging.kind)
    text = (
        f"Every page of `{base}`, fetched as you iterate: {steps}. Takes the same arguments as"
        f" `{base}`."
    )
    return docstring(text, "        ")


def resource_docstring(resource: Resource) -> str:
    return docstring(resource.description or f"Operations on {resource.wire_name}.", "    ")


def client_docstring(api: Api) -> str:
    text = api.title or api.settings.client_class
    if api.description:
        text += "\n\n" + api.description
    return docstring(text, "    ")


def constructor_docstring(api: Api) -> str:
    lines = [f"Create a client for {api.title or 'the API'}."]
    lines.append("")
    for parameter in api.globals:
        about = (
            " ".join(parameter.description.split())
            or f"The `{parameter.wire_name}` {parameter.location} sent with every call"
        )
        lines.append(f":param {parameter.py_name}: {about}.".replace("..", "."))
    for scheme in api.security:
        env = secret_env(scheme, api.settings)
        lines.append(
            f":param {scheme.py_name}: The {scheme.name} credential, or a function returning it;"
            f" defaults to ${env}."
        )
    lines.append(
        f":param server_url: The server to call; defaults to ${server_env(api.settings)},"
        " then the spec's server at server_idx."
    )
    if api.servers:
        lines.append(
            ":param server_idx: Which of the spec's servers to call when no server_url is given"
            " (see SERVERS)."
        )
    for variable in api.server_variables:
        about = " ".join(variable.description.split()) or f"The `{{{variable.wire_name}}}` part"
        choices = f" one of {', '.join(variable.enum)};" if variable.enum else ""
        lines.append(
            f":param {variable.py_name}: {about.rstrip('.')} in the server URL;{choices}"
            f" defaults to {variable.default!r}."
        )
    lines.append(
        ":param client: Your own httpx.Client; the SDK uses it as it is and never closes it."
    )
    lines.append(":param async_client: Your own httpx.AsyncClient; the SDK never closes it.")
    lines.append(
        ":param timeout_ms: Timeout for each request in milliseconds"
        f" (default {runtime_facts().timeout_ms})."
    )
    lines.append(":param retry_config: How failed calls are retried; see utils.RetryConfig.")
    lines.append(
        ":param debug_logger: A logger that receives each request and response, secrets redacted."
    )
    lines.append(
        ":param hooks: Hooks around every request, besides those of hooks_registration.py."
    )
    lines.append(
        ":param idempotency_header: Send a fresh key in this header (e.g. Idempotency-Key) with"
        " every call of a non-idempotent method, so that those calls can be retried safely."
    )
    if api.webhooks and api.webhooks.verify:
        lines.append(
            f":param {api.webhooks.secret_argument}: The signing secret (`whsec_...`) webhooks"
            f" are verified with; defaults to ${webhook_secret_env(api.settings)}. Never sent."
        )
    return docstring("\n".join(lines), "        ")


def package_docstring(api: Api) -> str:
    return docstring(f"Python SDK for {api.title or api.settings.client_class}.")


def project_description(api: Api) -> str:
    return f"Python SDK for {api.title or api.settings.client_class}"


# -- Markdown -------------------------------------------------------------------------------------


def md_line(text: str) -> str:
    # A trailing backslash would turn the line break after it into a hard break.
    return " ".join(md_text(text).split()).replace("\\", "\\\\")


def html_attr(text: str) -> str:
    return html.escape(text, quote=True).replace("--", "&#45;&#45;")


def parameters_table(operation: Operation, models_path: str) -> str:
    rows = [
        [
            f"`{argument.py_name}`",
            optional_doc_type(argument.type, argument.required, models_path),
            ":heavy_check_mark:" if argument.required else ":heavy_minus_sign:",
            md_cell(argument.description),
        ]
        for argument in operation.arguments
    ]
    rows.extend(
        [
            f"`{option.name}`",
            f"[{option.docs_type}]({models_path}{option.docs_page})",
            ":heavy_minus_sign:",
            option.description,
        ]
        for option in runtime_facts().call_options
        if option.docs_type is not None
    )
    return md_table(["Parameter", "Type", "Required", "Description"], rows)


def response_doc(operation: Operation, models_path: str) -> str:
    """The Response line of an operation's page, in bold."""
    result = "None" if operation.return_type is None else operation.return_type.doc(models_path)
    match operation.shape:
        case "result":
            return f"**{result}**"
        case "events":
            return f"**{_stream_doc(operation, models_path)}**"
        case "either":
            switch = operation.stream_switch
            when = f"when `{switch}` is true" if switch else "when the answer is one"
            return f"**{result}**, or **{_stream_doc(operation, models_path)}** {when}"
        case _:
            unreachable(operation.shape)


def _stream_doc(operation: Operation, models_path: str) -> str:
    response = operation.event_stream
    assert response is not None and response.events is not None, "an operation that streams"
    data = response.events.type
    options = list(data.options) if isinstance(data, UnionType) else [data]
    docs = [option.doc(models_path) for option in options]
    if response.events.open:
        docs.append("UnknownEvent")
    return f"EventStream[{docs[0] if len(docs) == 1 else 'Union[' + ', '.join(docs) + ']'}]"


def errors_table(operation: Operation) -> str:
    rows = [
        [
            f"errors.{error.error_class}",
            ", ".join(error.status_codes),
            md_escape(error.content_type),
        ]
        for error in operation.errors
    ]
    return md_table(["Error Type", "Status Code", "Content Type"], rows)


def fields_table(model: Model) -> str:
    rows = [
        [
            f"`{field.py_name}`",
            optional_doc_type(field.type, field.required, ""),
            ":heavy_check_mark:" if field.required else ":heavy_minus_sign:",
            md_cell(field.description) + (" :warning: **Deprecated**" if field.deprecated else ""),
        ]
        for field in model.fields
    ]
    return md_table(["Field", "Type", "Required", "Description"], rows)


def _text(piece: Callable[..., Code]) -> Callable[..., str]:
    """A filter that places the piece's text; the code renderer collects its imports."""

    @functools.wraps(piece)
    def text(*arguments: Any) -> str:
        return piece(*arguments).text

    return text


FILTERS = {
    "py": py_literal,
    "toml": toml_string,
    "docstring": docstring,
    "argument_hint": _text(argument_hint),
    "argument_default": _text(argument_default),
    "return_hint": _text(return_hint),
    "method_return_hint": _text(method_return_hint),
    "switch_hint": _text(switch_hint),
    "stream_hint": _text(stream_hint),
    "decoder": _text(decoder),
    "error_decoder": _text(error_decoder),
    "events_body_hint": _text(events_body_hint),
    "model_field_hint": _text(model_hint),
    "typed_dict_definition": _text(typed_dict_definition),
    "model_field_default": _text(model_field_default),
    "global_hint": _text(global_hint),
    "secret_hint": _text(secret_hint),
    "server_env": server_env,
    "secret_env": secret_env,
    "default_server_url": default_server_url,
    "server_templates": server_templates,
    "upload_operations": upload_operations,
    "download_operations": download_operations,
    "py_tuple": py_tuple,
    "server_variable_hint": _text(server_variable_hint),
    "servers_docstring": servers_docstring,
    "method_docstring": method_docstring,
    "resource_docstring": resource_docstring,
    "pages_docstring": pages_docstring,
    "client_docstring": client_docstring,
    "constructor_docstring": constructor_docstring,
    "webhook_secret_env": webhook_secret_env,
    "webhooks_docstring": webhooks_docstring,
    "package_docstring": package_docstring,
    "project_description": project_description,
    "spoken_list": spoken_list,
    "seconds": seconds,
    "md": md_text,
    "md_line": md_line,
    "md_cell": md_cell,
    "md_code": md_code,
    "html_attr": html_attr,
    "parameters_table": parameters_table,
    "response_doc": response_doc,
    "errors_table": errors_table,
    "fields_table": fields_table,
}
