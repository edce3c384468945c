"""The SDK's own test suite (`tests/` beside `src/`): each operation called sync and async
against the SDK's mock server, what went on the wire and what came back asserted, each
documented error raised, each paginated operation iterated, each event stream read.

The expected values are computed here, from the same IR the code is rendered from: the
arguments are the spec's examples (or values made from the schema, as the docs' snippets use),
the answers are the mock's table (`render/mock.py`).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

import jinja2

from generator.ir import (
    Api,
    Argument,
    ErrorResponse,
    GlobalParameter,
    ListType,
    LiteralType,
    ModelType,
    NullableType,
    Operation,
    Pagination,
    Primitive,
    SecurityScheme,
    TypeRef,
    UnionType,
)
from generator.ir.types import ModelFields, synthesize
from generator.render.mock import (
    NEXT_CURSOR,
    error_body,
    fields_of,
    first_page,
    paging_facts,
    success_body,
)
from generator.render.snippets import _call_layout, _formatted
from generator.text import docstring, py_literal

# The credentials the tests' client holds, one per scheme kind (basic: a pair).
_SECRETS = {"bearer": "test-{name}", "oauth2": "test-{name}", "apiKey": "test-{name}"}
_BASIC = ("test-user", "test-password")
_PARAM_FIELDS = {
    "path": "path_params",
    "query": "query",
    "header": "header_params",
    "cookie": "cookies",
}
# The JSON values whose Python twin a model field holds unchanged.
_SCALARS = ("str", "int", "float", "bool")


@dataclass
class ErrorTest:
    name: str
    status: int
    error_class: str
    checks: list[str]


@dataclass
class OperationTest:
    """What the template writes for one operation."""

    name: str
    method: str
    async_method: str
    target: str
    arguments: list[str]
    sent: list[str]
    received: list[str]
    result: str  # "value", "none", "binary" or "events"
    deprecated: bool
    errors: list[ErrorTest] = field(default_factory=list)
    paging: dict[str, Any] | None = None
    stream: list[str] | None = None
    stream_switch: str = ""


def render_tests(api: Api, environment: jinja2.Environment) -> dict[str, str]:
    """`tests/conftest.py` and one `tests/test_<resource>.py` per resource (and one for the
    operations on the client itself), not yet formatted."""
    settings = api.settings
    context = {
        "api": api,
        "settings": settings,
        "client_arguments": client_arguments(api),
        "define": define,
        "call": call,
        "fixtures": f"client: {settings.client_class}, mock: MockServer",
    }
    files = {"tests/conftest.py": environment.get_template("tests/conftest.py.j2").render(context)}
    groups: list[tuple[str, str, tuple[Operation, ...]]] = [
        (resource.module, f"client.{resource.attribute}", resource.operations)
        for resource in api.resources
        if resource.operations
    ]
    if api.root_operations:
        groups.append((settings.client_variable, "client", api.root_operations))
    for module, target, operations in groups:
        tests = [_operation_test(api, operation, target) for operation in operations]
        files[f"tests/test_{module}.py"] = environment.get_template(
            "tests/test_resource.py.j2"
        ).render(
            {
                **context,
                "module_doc": docstring(_about(api, operations)),
                "tests": tests,
                "uses_errors": any(test.errors for test in tests),
                "uses_models": any("models." in line for test in tests for line in _lines(test)),
                "uses_pytest": any(test.errors or test.deprecated for test in tests),
                "uses_any": any(test.result != "none" or test.paging for test in tests),
                "uses_deprecated": any(test.deprecated for test in tests),
            }
        )
    return files


_LINE_LENGTH = 88


def define(name: str, parameters: str, returns: str) -> str:
    """A function's `def` line as black lays it out: whole when it fits, else the parameters
    on a line of their own, else one to a line. Written so, the suite of an API of a thousand
    operations needs no formatting pass over its thousands of test functions."""
    whole = f"def {name}({parameters}) -> {returns}:"
    if len(whole) <= _LINE_LENGTH:
        return whole
    if len(f"    {parameters}") <= _LINE_LENGTH:
        return f"def {name}(\n    {parameters}\n) -> {returns}:"
    lines = [f"    {parameter.strip()}," for parameter in parameters.split(",")]
    return "\n".join([f"def {name}(", *lines, f") -> {returns}:"])


def call(head: str, arguments: list[str], indent: str) -> str:
    """`head(arguments)` at `indent`, as black lays out a call (the snippets' layout, and
    black itself for the shapes that layout leaves to it)."""
    laid_out = _call_layout(head, tuple(arguments), indent)
    if laid_out is None:
        # Bytes (repr() quotes them singly), line breaks, wide text: black lays these out.
        return _formatted(f"{head}({', '.join(arguments)})", indent)
    return laid_out


def _about(api: Api, operations: tuple[Operation, ...]) -> str:
    names = ", ".join(f"`{operation.py_name}`" for operation in operations)
    return (
        f"Tests of {names} against the SDK's mock server (`{api.settings.module}._mock`): the"
        " request on the wire, the parsed response, and each documented error. Generated from"
        " the spec; regenerating the SDK rewrites them."
    )


def _lines(test: OperationTest) -> list[str]:
    lines = [*test.sent, *test.received, *(test.stream or [])]
    for error in test.errors:
        lines.extend(error.checks)
    return lines


def client_arguments(api: Api) -> list[str]:
    """`name=value` for the tests' client: each global as the snippets give it, and a test
    credential for every scheme, so that every operation finds the credentials it needs."""
    arguments = [
        f"{g.py_name}={g.type.literal(_global_value(api, g), fields_of(api))}"
        for g in api.globals
        if not g.hidden
    ]
    for scheme in api.security:
        arguments.append(f"{scheme.py_name}={_secret_literal(scheme)}")
    return arguments


def _global_value(api: Api, parameter: GlobalParameter) -> Any:
    """The global's value in the tests: its default, else what the snippets pass."""
    if parameter.default is not None:
        return parameter.default
    plain = parameter.type.inner if isinstance(parameter.type, NullableType) else parameter.type
    if isinstance(plain, Primitive) and plain.name == "str":
        return f"<{parameter.wire_name}>"
    return synthesize(parameter.type, fields_of(api))


def _secret_literal(scheme: SecurityScheme) -> str:
    if scheme.kind == "basic":
        return f"({py_literal(_BASIC[0])}, {py_literal(_BASIC[1])})"
    return py_literal(_secret(scheme))


def _secret(scheme: SecurityScheme) -> Any:
    if scheme.kind == "basic":
        return list(_BASIC)
    return _SECRETS[scheme.kind].format(name=scheme.py_name.replace("_", "-"))


def argument_value(api: Api, argument: Argument) -> Any:
    """The value a test passes: the spec's example where it fits, else one of the type (the
    snippets' choice, so the tests call the SDK as its docs do)."""
    fields = fields_of(api)
    if argument.has_example and argument.type.fits(argument.example, "input", fields):
        return argument.example
    return synthesize(argument.type, fields)


def _passed(argument: Argument) -> bool:
    return argument.required or argument.has_example


def _operation_test(api: Api, operation: Operation, target: str) -> OperationTest:
    fields = fields_of(api)
    passed = [a for a in operation.arguments if _passed(a)]
    values = {a.py_name: argument_value(api, a) for a in passed}
    arguments = [f"{a.py_name}={a.type.literal(values[a.py_name], fields)}" for a in passed]
    if operation.servers:
        # The operation's own server is not the client's: the call names the mock.
        arguments.append("server_url=mock.url")
    result, received = _received(api, operation, fields)
    test = OperationTest(
        name=operation.py_name,
        method=operation.py_name,
        async_method=operation.async_name,
        target=target,
        arguments=arguments,
        sent=_sent(api, operation, values),
        received=received,
        result=result,
        deprecated=operation.deprecated,
    )
    test.errors = [
        _error_test(api, operation, error, fields)
        for error in operation.errors
        if error.data is not None
    ]
    if operation.pagination is not None:
        test.paging = _paging_test(api, operation, operation.pagination)
    if operation.event_stream is not None and (
        operation.shape == "events" or operation.stream_switch
    ):
        test.stream = _stream_checks(api, operation, fields)
        if operation.stream_switch is not None:
            test.stream_switch = operation.stream_switch
            test.arguments = [
                a for a in arguments if not a.startswith(operation.stream_switch + "=")
            ]
    return test


def _sent(api: Api, operation: Operation, values: dict[str, Any]) -> list[str]:
    """Assertions on `request`, the mock's record of what the call sent."""
    checks = [
        f"assert request.operation_id == {py_literal(operation.operation_id)}",
        f"assert request.method == {py_literal(operation.method.upper())}",
    ]
    if not any(p.location == "path" for p in operation.parameters):
        checks.append(f"assert request.path == {py_literal(operation.path)}")
    checks.extend(_credential_checks(api, operation))
    expected: dict[str, dict[str, Any]] = {location: {} for location in _PARAM_FIELDS}
    for g in api.globals:
        expected[g.location][g.wire_name] = _global_value(api, g)
    for argument in operation.arguments:
        if argument.source not in _PARAM_FIELDS:
            continue
        if argument.py_name in values:
            expected[argument.source][argument.wire_name] = values[argument.py_name]
        elif argument.has_default and argument.default is not None:
            expected[argument.source][argument.wire_name] = argument.default
    declared = {(p.location, p.wire_name) for p in operation.parameters}
    fresh = operation.idempotency_header
    for location, found in expected.items():
        if not found and all(loc != location for loc, _ in declared):
            continue
        seen = f"request.{_PARAM_FIELDS[location]}"
        if location == "header" and fresh and ("header", fresh) in declared:
            # The SDK makes a fresh idempotency key for each call: there is one, whatever it is.
            name = py_literal(fresh)
            checks.append(f"assert {seen}[{name}]")
            seen = f"{{k: v for k, v in {seen}.items() if k != {name}}}"
            found.pop(fresh, None)
        checks.append(f"assert {seen} == {py_literal(found)}")
    checks.extend(_body_checks(operation, values))
    return checks


def _credential_checks(api: Api, operation: Operation) -> list[str]:
    if not operation.security:
        return []
    schemes = {scheme.name: scheme for scheme in api.security}
    checks = []
    for name in operation.security[0]:
        scheme = schemes[name]
        secret = _secret(scheme)
        if scheme.kind in ("bearer", "oauth2"):
            checks.append(
                f'assert request.headers["authorization"] == {py_literal("Bearer " + secret)}'
            )
        elif scheme.kind == "basic":
            pair = base64.b64encode(":".join(secret).encode()).decode()
            checks.append(
                f'assert request.headers["authorization"] == {py_literal("Basic " + pair)}'
            )
        elif scheme.location == "query":
            pair = f"({py_literal(scheme.parameter_name)}, {py_literal(secret)})"
            checks.append(f"assert {pair} in request.raw_query")
        elif scheme.location == "cookie":
            cookie = py_literal(f"{scheme.parameter_name}={secret}")
            checks.append(f'assert {cookie} in request.headers["cookie"]')
        else:
            header = py_literal(scheme.parameter_name.lower())
            checks.append(f"assert request.headers[{header}] == {py_literal(secret)}")
    return checks


def _body_checks(operation: Operation, values: dict[str, Any]) -> list[str]:
    body = operation.body
    if body is None:
        return []
    if body.flattened:
        sent: dict[str, Any] = {}
        for argument in operation.arguments:
            if argument.source != "body":
                continue
            if argument.py_name in values:
                sent[argument.wire_name] = values[argument.py_name]
            elif argument.has_default and argument.default is not None:
                sent[argument.wire_name] = argument.default
        if body.encoding == "json":
            return [f"assert request.body == {py_literal(sent)}"]
        return ["assert request.body is not None"] if body.encoding == "form" else []
    request = next((a for a in operation.arguments if a.source == "request"), None)
    if request is None or request.py_name not in values:
        return ["assert request.body is None"]
    value = values[request.py_name]
    if body.encoding == "json":
        return [f"assert request.body == {py_literal(value)}"]
    if body.encoding == "text":
        return [f"assert request.body == {py_literal(value)}"]
    if body.encoding == "binary" and isinstance(value, str):
        return [f"assert request.content == {bytes_literal(value)}"]
    return ["assert request.content"]


def bytes_literal(text: str) -> str:
    """Text as the bytes literal of its UTF-8, in black's double quotes where it can be."""
    if text.isascii():
        return "b" + py_literal(text)
    return repr(text.encode("utf-8"))


def _received(api: Api, operation: Operation, fields: ModelFields) -> tuple[str, list[str]]:
    """What a call returns, and the assertions on it (`res`)."""
    response = next(iter(operation.answers), None)
    if response is None or response.decode == "empty" or response.type is None:
        return ("events" if operation.shape == "events" else "none"), []
    body = success_body(response, fields)
    if operation.pagination is not None:
        body = first_page(body, paging_facts(api, operation, operation.pagination))
    if response.decode == "binary":
        return "binary", [f"assert res == {bytes_literal(str(body))}"]
    if response.decode == "text":
        return "value", [f"assert res == {py_literal(str(body))}"]
    return "value", value_checks("res", response.type, body, fields)


def value_checks(name: str, type_ref: TypeRef, value: Any, fields: ModelFields) -> list[str]:
    """Assertions that `name` holds `value` (JSON) parsed as `type_ref`: the model's class, and
    each field the JSON gave that holds a plain value, a model or a list."""
    plain = type_ref.inner if isinstance(type_ref, NullableType) else type_ref
    if value is None:
        return [f"assert {name} is None"]
    if isinstance(plain, ModelType) and isinstance(value, dict):
        checks = [f"assert isinstance({name}, models.{plain.name})"]
        by_wire = {f.wire_name: f for f in fields(plain.name)}
        for key, item in value.items():
            known = by_wire.get(key)
            if known is None:
                continue
            checks.extend(_field_check(f"{name}.{known.py_name}", known.type, item, fields))
        return checks
    if isinstance(plain, ListType) and isinstance(value, list):
        return [f"assert len({name}) == {len(value)}"]
    if isinstance(plain, UnionType) and isinstance(value, dict):
        option = _option_of(plain, value, fields)
        if option is not None:
            return value_checks(name, option, value, fields)
    return _field_check(name, plain, value, fields)


def _option_of(union: UnionType, value: dict[str, Any], fields: ModelFields) -> ModelType | None:
    """The model option a JSON object is: the first whose fields hold all its keys and whose
    required fields it has (the mock's value comes from the first option, tag set)."""
    for option in union.options:
        if not isinstance(option, ModelType):
            continue
        known = {f.wire_name: f for f in fields(option.name)}
        required = {wire for wire, f in known.items() if f.required}
        if set(value) <= set(known) and required <= set(value):
            return option
    return None


def _field_check(name: str, type_ref: TypeRef, value: Any, fields: ModelFields) -> list[str]:
    plain = type_ref.inner if isinstance(type_ref, NullableType) else type_ref
    if value is None:
        return [f"assert {name} is None"]
    if isinstance(value, bool):
        return [f"assert {name} is {py_literal(value)}"]
    if (isinstance(plain, Primitive) and plain.name in _SCALARS) or isinstance(plain, LiteralType):
        return [f"assert {name} == {py_literal(value)}"]
    if isinstance(plain, ModelType) and isinstance(value, dict):
        return [f"assert isinstance({name}, models.{plain.name})"]
    if isinstance(plain, ListType) and isinstance(value, list):
        return [f"assert {name} is not None and len({name}) == {len(value)}"]
    return []


def _error_test(
    api: Api, operation: Operation, error: ErrorResponse, fields: ModelFields
) -> ErrorTest:
    code = error.status_codes[0]
    status = int(code) if code.isdigit() else (400 if code.startswith("4") else 500)
    assert error.data is not None
    data = error_body(error, fields)
    checks = [f"assert raised.value.status_code == {status}"]
    checks.extend(value_checks("raised.value.data", error.data, data, fields))
    return ErrorTest(
        name=f"{operation.py_name}_raises_{_snake(error.error_class)}_on_{status}",
        status=status,
        error_class=error.error_class,
        checks=checks,
    )


def _snake(name: str) -> str:
    out = []
    for index, char in enumerate(name):
        if char.isupper() and index:
            out.append("_")
        out.append(char.lower())
    return "".join(out)


def _paging_test(api: Api, operation: Operation, pagination: Pagination) -> dict[str, Any]:
    """The pages the mock serves (two of one item; an empty third where no flag says the
    second is the last) and the offset or cursor each request asks for."""
    facts = paging_facts(api, operation, pagination)
    if pagination.kind == "cursor":
        asked: list[Any] = [None, NEXT_CURSOR]
        sizes = [1, 1]
    elif facts["has_more"]:
        asked, sizes = [0, 1], [1, 1]
    else:
        asked, sizes = [0, 1, 2], [1, 1, 0]
    parameter = py_literal(facts["parameter"])
    asked_for = (
        f"request.query.get({parameter})"
        if facts["location"] == "query"
        else f"request.body.get({parameter}) if request.body else None"
    )
    return {
        "method": pagination.method,
        "async_method": pagination.async_method,
        "items": pagination.items_field,
        "sizes": py_literal(sizes),
        "asked": py_literal(asked),
        "asked_for": asked_for,
    }


def _stream_checks(api: Api, operation: Operation, fields: ModelFields) -> list[str]:
    stream = operation.event_stream
    assert stream is not None and stream.events is not None
    data = success_body(stream, fields)
    # The sentinel ends the stream and is not an event.
    events = [
        item for item in data if stream.events.sentinel is None or item != stream.events.sentinel
    ]
    checks = [f"assert len(events) == {len(events)}"]
    if stream.events.text:
        checks.append(f"assert events[0] == {py_literal(events[0])}")
    else:
        checks.extend(value_checks("events[0]", stream.events.type, events[0], fields))
    return checks


__all__ = ["render_tests"]
