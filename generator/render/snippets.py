"""Usage snippets: complete programs, shared by the docs pages, README and USAGE."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.ir import (
    AnyType,
    Api,
    Argument,
    GlobalParameter,
    NullableType,
    Operation,
    Primitive,
    Resource,
    SecurityScheme,
)
from generator.ir.types import ModelFields, synthesize
from generator.pyformat import format_text
from generator.text import py_literal

_LINE_LENGTH = 88
_PLACEHOLDERS = {
    "bearer": "<YOUR_BEARER_TOKEN_HERE>",
    "apiKey": "<YOUR_API_KEY_HERE>",
    "oauth2": "<YOUR_ACCESS_TOKEN_HERE>",
}
_BASIC_PLACEHOLDER = ("<YOUR_USERNAME_HERE>", "<YOUR_PASSWORD_HERE>")


def constructor_arguments(api: Api) -> list[str]:
    """`name=value` for each global and each credential, as a user would first write them."""
    arguments = []
    for parameter in api.globals:
        value = parameter.default
        if value is None:
            value = _global_example(api, parameter)
        arguments.append(f"{parameter.py_name}={parameter.type.literal(value, _fields_of(api))}")
    for scheme in _snippet_schemes(api.security):
        if scheme.kind == "basic":
            pair = ", ".join(py_literal(part) for part in _BASIC_PLACEHOLDER)
            arguments.append(f"{scheme.py_name}=({pair})")
        else:
            arguments.append(f"{scheme.py_name}={py_literal(_PLACEHOLDERS[scheme.kind])}")
    return arguments


def required_arguments(api: Api) -> list[str]:
    """`name=value` for each global the constructor cannot do without."""
    required = [g.py_name for g in api.globals if g.required and g.default is None]
    return [a for a in constructor_arguments(api) if a.split("=", 1)[0] in required]


def _snippet_schemes(schemes: tuple[SecurityScheme, ...]) -> tuple[SecurityScheme, ...]:
    return schemes[:1]


def opening(api: Api, indent: str, is_async: bool, extra: tuple[str, ...] = ()) -> str:
    """The `with Client(...) as client:` line(s)."""
    arguments = [*constructor_arguments(api), *extra]
    keyword = "async with" if is_async else "with"
    client_class = api.settings.client_class
    variable = api.settings.client_variable
    if not arguments:
        return f"{indent}{keyword} {client_class}() as {variable}:"
    lines = [f"{indent}{keyword} {client_class}("]
    lines.extend(f"{indent}    {argument}," for argument in arguments)
    lines.append(f"{indent}) as {variable}:")
    return "\n".join(lines)


def call_statement(
    api: Api,
    operation: Operation,
    indent: str,
    is_async: bool,
    extra: tuple[str, ...] = (),
    wrapper: str = "",
) -> str:
    """The call, and `print(res)` after it when the operation returns something; with a
    `wrapper` (such as with_raw_response), the wrapped call alone, its result in `res`."""
    head, arguments = _statement_parts(api, operation, is_async, extra, wrapper)
    laid_out = _call_layout(head, arguments, indent)
    if laid_out is None:
        laid_out = _formatted(f"{head}({', '.join(arguments)})", indent)
    laid_out = _acknowledged(laid_out, operation)
    if wrapper or operation.return_type is None:
        return laid_out
    return laid_out + f"\n{indent}print(res)"


def _statement_parts(
    api: Api, operation: Operation, is_async: bool, extra: tuple[str, ...], wrapper: str
) -> tuple[str, tuple[str, ...]]:
    """`_call_parts`, the result assigned to `res` where there is one to print."""
    head, arguments = _call_parts(api, operation, is_async, extra, wrapper)
    if wrapper or operation.return_type is not None:
        head = f"res = {head}"
    return head, arguments


def prepare_usage_snippets(api: Api) -> None:
    """Lay out, in one run of the formatter, the call of every operation's usage snippet that
    the direct layout leaves to it: one run per snippet was most of the rendering time on a
    large API (Microsoft Graph: 20,000 of them)."""
    wanted: list[tuple[str, str]] = []
    for operation in api.operations:
        head, arguments = _statement_parts(api, operation, False, (), "")
        if _call_layout(head, arguments, _USAGE_INDENT) is None:
            wanted.append((f"{head}({', '.join(arguments)})", _USAGE_INDENT))
    _lay_out(wanted)


def with_statement(
    api: Api, operation: Operation, wrapper: str, name: str, indent: str = "    "
) -> str:
    """`with wrapper(method)(arguments) as name:`, as the formatter lays it out."""
    call = _call(api, operation, False, (), wrapper)
    block = _formatted(f"with {call} as {name}:\n    pass", indent)
    return _acknowledged(block.rsplit("\n", 1)[0], operation)


def _call(
    api: Api, operation: Operation, is_async: bool, extra: tuple[str, ...], wrapper: str
) -> str:
    """The call expression, with an example value for each argument a user would pass."""
    head, arguments = _call_parts(api, operation, is_async, extra, wrapper)
    return f"{head}({', '.join(arguments)})"


def _call_parts(
    api: Api, operation: Operation, is_async: bool, extra: tuple[str, ...], wrapper: str
) -> tuple[str, tuple[str, ...]]:
    """What is called (with `await` where async) and its arguments, apart."""
    target = api.settings.client_variable
    resource = _lookups(api).resources.get(id(operation))
    if resource is not None:
        target += "." + resource.attribute
    method = operation.async_name if is_async else operation.py_name
    arguments = [
        f"{a.py_name}={_argument_example(api, a)}" for a in operation.arguments if _shown(a)
    ]
    arguments.extend(extra)
    function = f"{wrapper}({target}.{method})" if wrapper else f"{target}.{method}"
    return f"{'await ' if is_async else ''}{function}", tuple(arguments)


def _call_layout(head: str, arguments: tuple[str, ...], indent: str) -> str | None:
    """The formatter's layout of the call `head(arguments)` (black's, which ruff's formatter
    follows), made directly for the shapes it lays out predictably; None for the rest, which
    the formatter lays out. Most snippets of an API take this way, without a formatter run.

    The shapes: the call on one line; else split at the call's own brackets with the
    arguments on one indented line; else one argument per line with a trailing comma. Each
    only where every line fits. Text with a single quote (bytes, written by repr()), with
    a line break, or beyond ASCII (the formatter measures East Asian width) goes to the
    formatter."""
    text = head + "".join(arguments)
    if "'" in text or "\n" in text or not text.isascii():
        return None
    one_line = f"{indent}{head}({', '.join(arguments)})"
    if len(one_line) <= _LINE_LENGTH:
        return one_line
    opening = f"{indent}{head}("
    if not arguments or len(opening) > _LINE_LENGTH:
        return None
    body = f"{indent}    {', '.join(arguments)}"
    if len(body) <= _LINE_LENGTH:
        return f"{opening}\n{body}\n{indent})"
    lines = [f"{indent}    {argument}," for argument in arguments]
    if any(len(line) > _LINE_LENGTH for line in lines):
        return None
    return "\n".join([opening, *lines, f"{indent})"])


# pyright's strict mode (Pylance's too) reports every use of a deprecated method as an error:
# the snippet of one says it knows, on the line that names the method, so that it still
# type-checks as it is copied. The docs page says the operation is deprecated above it.
_DEPRECATED_CALL = "  # pyright: ignore[reportDeprecated]"


def _acknowledged(statement: str, operation: Operation) -> str:
    if not operation.deprecated:
        return statement
    first, newline, rest = statement.partition("\n")
    return first + _DEPRECATED_CALL + newline + rest


def _shown(argument: Argument) -> bool:
    return argument.required or argument.has_example


def _argument_example(api: Api, argument: Argument) -> str:
    value = argument.example
    if not argument.type.fits(value, "input", _fields_of(api)):
        value = synthesize(argument.type, _fields_of(api))
    return argument.type.literal(value, _fields_of(api))


def _fields_of(api: Api) -> ModelFields:
    return _lookups(api).fields_of


@dataclass(frozen=True)
class _Lookups:
    """What a snippet looks up in the whole API, made once per API: made per call, the model
    table and the search for an operation's resource (by deep equality) grew with the square
    of the API's size, minutes on Microsoft Graph's 11,422 operations."""

    fields_of: ModelFields
    resources: dict[int, Resource]


# One API at a time, held so that its objects' ids stay its own while the entry is used.
_LOOKUPS: dict[int, tuple[Api, _Lookups]] = {}


def _lookups(api: Api) -> _Lookups:
    held = _LOOKUPS.get(id(api))
    if held is not None and held[0] is api:
        return held[1]
    fields = {model.name: model.fields for model in api.models}
    made = _Lookups(
        fields_of=lambda name: fields.get(name, ()),
        resources={
            id(operation): resource
            for resource in api.resources
            for operation in resource.operations
        },
    )
    _LOOKUPS.clear()
    _LOOKUPS[id(api)] = (api, made)
    return made


def _global_example(api: Api, parameter: GlobalParameter) -> object:
    """A placeholder where the global is text; elsewhere a value of its type."""
    plain = parameter.type.inner if isinstance(parameter.type, NullableType) else parameter.type
    if isinstance(plain, AnyType) or (isinstance(plain, Primitive) and plain.name == "str"):
        return f"<{parameter.wire_name}>"
    return synthesize(parameter.type, _fields_of(api))


def _formatted(statement: str, indent: str) -> str:
    if "\n" not in statement and "'" not in statement and len(indent + statement) <= _LINE_LENGTH:
        # A call that fits on its line is already the formatter's layout: its literals are
        # written as it writes them (no trailing commas; text in double quotes, while bytes,
        # which repr() quotes singly, go to the formatter).
        return indent + statement
    key = (statement, indent)
    if key not in _LAYOUTS:
        _lay_out([key])
    return _LAYOUTS[key]


# (statement, indent) to its layout. What is laid out depends on nothing else, so the table
# serves every API; it is emptied when it grows past any one API's needs.
_LAYOUTS: dict[tuple[str, str], str] = {}
_LAYOUTS_KEPT = 100_000
_MARK = "# sdkgen-snippet "
_MARKED = re.compile(r"^# sdkgen-snippet (\d+)$")


def _lay_out(requests: Iterable[tuple[str, str]]) -> None:
    """Lay out the statements, each at its indent, in one run of the formatter: each is
    formatted in its own function (one nested function per level of indent, so that its lines
    are measured with the indent they will have), after a comment that marks where it starts.
    A top-level statement is laid out alone, so its neighbours cannot change its layout."""
    missing = [key for key in dict.fromkeys(requests) if key not in _LAYOUTS]
    if not missing:
        return
    if len(_LAYOUTS) + len(missing) > _LAYOUTS_KEPT:
        _LAYOUTS.clear()
    source: list[str] = []
    for number, (statement, indent) in enumerate(missing):
        depth = _depth(indent)
        source.append(f"{_MARK}{number}")
        source.extend("    " * level + "async def _():" for level in range(depth))
        source.extend(indent + line if line else line for line in statement.splitlines())
    pieces: list[list[str]] = []
    for line in format_text("\n".join(source) + "\n").splitlines():
        if _MARKED.match(line):
            pieces.append([])
        elif pieces:
            pieces[-1].append(line)
    for (statement, indent), lines in zip(missing, pieces, strict=True):
        body = lines[_depth(indent) :]
        while body and not body[-1]:
            body.pop()
        _LAYOUTS[(statement, indent)] = "\n".join(body)


def _depth(indent: str) -> int:
    depth = len(indent) // 4
    if indent != "    " * depth:
        raise ValueError(f"a snippet's indent is whole levels of four spaces, not {indent!r}")
    return depth


def _seed_layout(call: str, indent: str) -> str:
    """The docs pages put a comment between the call and its result handling."""
    printed = f"\n{indent}print(res)"
    if call.endswith(printed):
        return call[: -len(printed)] + f"\n\n{indent}# Handle response{printed}"
    return call


_USAGE_INDENT = "    "


def usage_snippet(api: Api, operation: Operation) -> str:
    """The sync example, in the layout of the seed docs page."""
    statement = call_statement(api, operation, _USAGE_INDENT, False)
    return _program(api, _seed_layout(statement, _USAGE_INDENT))


def async_usage_snippet(api: Api, operation: Operation) -> str:
    statement = call_statement(api, operation, "        ", True)
    return _async_program(api, _seed_layout(statement, "        "))


def _program(api: Api, statement: str) -> str:
    """A whole example: the import, the client opened with `with`, and `statement` in it."""
    module, client_class = api.settings.module, api.settings.client_class
    lines = [
        f"from {module} import {client_class}",
        "",
        "",
        opening(api, "", False),
        "",
        statement,
        "",
    ]
    return "\n".join(lines)


def _async_program(api: Api, statement: str) -> str:
    """The async twin of `_program`: the client opened with `async with` in a coroutine."""
    module, client_class = api.settings.module, api.settings.client_class
    lines = [
        "import asyncio",
        "",
        f"from {module} import {client_class}",
        "",
        "",
        "async def main() -> None:",
        opening(api, "    ", True),
        "",
        statement,
        "",
        "",
        "asyncio.run(main())",
    ]
    return "\n".join(lines)


def stream_statement(api: Api, operation: Operation, indent: str, is_async: bool) -> str:
    """The call that opens the operation's event stream, and the loop over its events."""
    extra = () if operation.stream_switch is None else (f"{operation.stream_switch}=True",)
    call = _acknowledged(
        _formatted("stream = " + _call(api, operation, is_async, extra, ""), indent), operation
    )
    asynchronous = "async " if is_async else ""
    return "\n".join(
        [
            call,
            "",
            f"{indent}{asynchronous}with stream:",
            f"{indent}    {asynchronous}for event in stream:",
            f"{indent}        # Each event as it arrives, its data parsed",
            f"{indent}        print(event)",
        ]
    )


def stream_snippet(api: Api, operation: Operation) -> str:
    """The sync example of an operation that streams events: iterate them."""
    return _program(api, stream_statement(api, operation, "    ", False))


def async_stream_snippet(api: Api, operation: Operation) -> str:
    return _async_program(api, stream_statement(api, operation, "        ", True))


def streaming_operations(api: Api) -> list[Operation]:
    return [operation for operation in api.operations if operation.event_stream is not None]


def stream_example(api: Api) -> Operation | None:
    """The operation the README's streaming example calls: the first whose call is sure to
    return a stream (one answered by JSON or events with nothing to choose is not)."""
    return next(
        (
            operation
            for operation in streaming_operations(api)
            if operation.shape == "events" or operation.stream_switch is not None
        ),
        None,
    )


def example_operation(api: Api) -> Operation | None:
    """The operation the README leads with: the first one a reader meets in the docs."""
    for resource in api.resources:
        if resource.operations:
            return resource.operations[0]
    return api.root_operations[0] if api.root_operations else None


def webhook_handler_snippet(api: Api) -> str:
    """A complete handler: a plain function taking the body and headers a web framework hands
    over, answering 200 once the event is handled and 400 when the delivery is not genuine."""
    webhooks = api.webhooks
    assert webhooks is not None, "only SDKs with webhooks document a handler"
    settings = api.settings
    variable = settings.client_variable
    arguments = ", ".join(required_arguments(api))
    lines = ["from collections.abc import Mapping", ""]
    lines.append(f"from {settings.module} import {settings.client_class}, errors, models")
    lines.append("")
    if webhooks.verify:
        lines.append(
            f"# The signing secret comes from ${settings.env_prefix}_WEBHOOK_SECRET"
            f' (or pass {webhooks.secret_argument}="whsec_...").'
        )
    lines.extend([f"{variable} = {settings.client_class}({arguments})", "", ""])
    lines.append("def handle(body: bytes, headers: Mapping[str, str]) -> int:")
    lines.append('    """Answer a delivery: 200 once it is handled, 400 when it is not genuine."""')
    lines.append("    try:")
    if webhooks.verify:
        lines.append(f"        event = {variable}.{webhooks.attribute}.unwrap(body, headers)")
        lines.append(f"    except errors.{webhooks.verification_error}:")
    else:
        lines.append("        # Verify the delivery first: this SDK does not check signatures.")
        lines.append(f"        event = {variable}.{webhooks.attribute}.unwrap(body)")
        lines.append(f"    except errors.{webhooks.payload_error}:")
    lines.append("        return 400")
    branches = _event_branches(api)
    lines.extend(branches)
    keyword = "elif" if branches else "if"
    lines.append(f"    {keyword} isinstance(event, models.{webhooks.unknown_name}):")
    lines.append('        print("an event this SDK does not know:", event.type)')
    lines.append("    return 200")
    return "\n".join(lines) + "\n"


def _event_branches(api: Api) -> list[str]:
    """`if isinstance(event, models.X): print(...)` for the first event a model types, printing
    the field that names the event (or the event itself where none does)."""
    webhooks = api.webhooks
    assert webhooks is not None
    fields = _fields_of(api)
    for model in webhooks.models:
        tag = next((f for f in fields(model.name) if f.wire_name == webhooks.tag_field), None)
        shown = f"event.{tag.py_name}" if tag is not None else "event"
        return [
            f"    if isinstance(event, models.{model.name}):",
            f"        print({shown})",
        ]
    return []
