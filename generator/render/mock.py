"""The SDK's mock server (`<module>/_mock.py`): a fixed server over the spec written as data.

Every value of the route table is a literal made here with `py_literal` (or a call of one of the
mock's NamedTuples whose arguments are such literals): nothing from the spec becomes code. The
mock checks requests against compact JSON schemas made from the IR's types, not against the
SDK's own pydantic models, so that a fault of the SDK cannot hide behind the same fault in the
oracle (a model that drops or renames a field would validate the request it made itself).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import jinja2

from generator.ir import (
    DEFAULT_STYLES,
    AnyType,
    Api,
    ErrorResponse,
    Field,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    Operation,
    Pagination,
    Primitive,
    RequestBody,
    SuccessResponse,
    TypeRef,
    UnionType,
    unreachable,
)
from generator.ir.types import ModelFields, synthesize
from generator.text import docstring, py_literal

_PRIMITIVE_SCHEMAS: dict[str, dict[str, str]] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "bytes": {"type": "string", "format": "binary"},
    "stream": {"type": "string", "format": "binary"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
}
# The cursor the mock's first page hands out; the second page is the last.
NEXT_CURSOR = "page-2"


def mock_path(api: Api) -> str:
    return f"src/{api.settings.module}/_mock.py"


def render_mock(api: Api, environment: jinja2.Environment) -> dict[str, str]:
    """`<module>/_mock.py`, not yet formatted."""
    settings = api.settings
    about = (
        f"A mock of {api.title} on 127.0.0.1: try the SDK without an account, and test code"
        " that uses it.\n\nIt answers every operation of the spec with the spec's example (or"
        " a value made from the schema), checks each request against the spec (parameters,"
        " their types, the JSON body) and answers 400 (unreadable) or 422 (does not fit),"
        " naming what is wrong, or 404 for a route the spec does not have. It records each"
        " request it accepts (`MockServer.requests`). Send the header `X-Mock-Status: <code>`"
        " (or call `MockServer.respond_with`) to get a documented error response.\n\n"
        f"    python -m {settings.module}._mock --port 8080\n\n"
        "It uses only the standard library: the routes at the end are data made from the spec."
    )
    context = {
        "api": api,
        "settings": settings,
        "module_doc": docstring(about),
        "security": _security(api),
        "models": _models(api),
        "base_paths": _tuple(py_literal(path) for path in base_paths(api)),
        "routes": _tuple(_route(api, operation) for operation in api.operations),
    }
    return {mock_path(api): environment.get_template("python/mock.py.j2").render(context)}


def fields_of(api: Api) -> ModelFields:
    fields = {model.name: model.fields for model in api.models}
    return lambda name: fields.get(name, ())


def schema_of(type_ref: TypeRef) -> dict[str, Any]:
    """The compact JSON schema the mock checks a value of this type against."""
    if isinstance(type_ref, Primitive):
        return dict(_PRIMITIVE_SCHEMAS[type_ref.name])
    if isinstance(type_ref, ModelType):
        return {"$ref": type_ref.name}
    if isinstance(type_ref, ListType):
        return {"type": "array", "items": schema_of(type_ref.item)}
    if isinstance(type_ref, MapType):
        return {"type": "object", "additionalProperties": schema_of(type_ref.value)}
    if isinstance(type_ref, UnionType):
        return {"anyOf": [schema_of(option) for option in type_ref.options]}
    if isinstance(type_ref, LiteralType):
        return {"enum": list(type_ref.values)}
    if isinstance(type_ref, AnyType):
        return {}
    if isinstance(type_ref, NullableType):
        return {"anyOf": [schema_of(type_ref.inner), {"type": "null"}]}
    unreachable(type_ref)


def _models(api: Api) -> str:
    """The schema of every model a request can carry, by class name."""
    by_name = {model.name: model for model in api.models}
    wanted = sorted(_request_models(api, by_name))
    entries = []
    for name in wanted:
        model = by_name[name]
        schema = object_schema(model.fields, model.closed)
        entries.append(f"{py_literal(name)}: {py_literal(schema)}")
    return "{" + ", ".join(entries) + "}"


def object_schema(fields: tuple[Field, ...], closed: bool) -> dict[str, Any]:
    """An object of these fields as a request sends it: read-only ones left out."""
    sent = [field for field in fields if not field.read_only]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {field.wire_name: schema_of(field.type) for field in sent},
        "required": [
            field.wire_name for field in sent if field.required or field.required_when_sent
        ],
    }
    if closed:
        schema["closed"] = True
    return schema


def body_schema(body: RequestBody) -> dict[str, Any]:
    """A flattened body's model is not part of the SDK (its fields are arguments): its
    schema comes from its fields."""
    return object_schema(body.fields, False) if body.flattened else schema_of(body.type)


def _request_models(api: Api, by_name: dict[str, Any]) -> set[str]:
    """The models reachable from request bodies and parameters, at any depth."""
    pending: list[str] = []
    for operation in api.operations:
        types = [parameter.type for parameter in operation.parameters]
        if operation.body is not None:
            types.append(operation.body.type)
            types.extend(field.type for field in operation.body.fields)
        for type_ref in types:
            pending.extend(type_ref.models())
    found: set[str] = set()
    while pending:
        name = pending.pop()
        if name in found or name not in by_name:
            continue
        found.add(name)
        for field in by_name[name].fields:
            pending.extend(field.type.models())
    return found


def _security(api: Api) -> str:
    entries = []
    for scheme in api.security:
        name = (
            "authorization"
            if scheme.kind in ("bearer", "basic", "oauth2")
            else scheme.parameter_name
        )
        location = "header" if scheme.kind != "apiKey" else scheme.location
        credential = _call("Credential", kind=scheme.kind, location=location, name=name)
        entries.append(f"{py_literal(scheme.name)}: {credential}")
    return "{" + ", ".join(entries) + "}"


def base_paths(api: Api) -> list[str]:
    """The path part of each server's URL (`/v1`): requests may arrive with it or without."""
    servers = [*api.servers, *(s for operation in api.operations for s in operation.servers)]
    paths = {urlsplit(server.url).path.rstrip("/") for server in servers}
    # The longest first, so that `/v1/files` is tried before `/v1`.
    return sorted((path for path in paths if path), key=lambda path: (-len(path), path))


def _route(api: Api, operation: Operation) -> str:
    params = [
        _call(
            "Param",
            name=parameter.wire_name,
            location=parameter.location,
            required=parameter.required,
            style=parameter.style,
            explode=parameter.explode,
            schema=schema_of(parameter.type),
        )
        for parameter in operation.parameters
    ]
    declared = {(parameter.location, parameter.wire_name) for parameter in operation.parameters}
    # The client sends its globals with every call, declared by the operation or not.
    params.extend(
        _call(
            "Param",
            name=parameter.wire_name,
            location=parameter.location,
            required=parameter.required,
            style=DEFAULT_STYLES[parameter.location],
            explode=DEFAULT_STYLES[parameter.location] == "form",
            schema=schema_of(parameter.type),
        )
        for parameter in api.globals
        if (parameter.location, parameter.wire_name) not in declared
    )
    body = operation.body
    body_text = (
        "None"
        if body is None
        else _call(
            "Body",
            content_type=body.content_type,
            encoding=body.encoding,
            required=body.required,
            schema=body_schema(body),
        )
    )
    fields = fields_of(api)
    success = [_success_answer(response, fields) for response in operation.success]
    errors = [_error_answer(error, fields) for error in operation.errors if error.data is not None]
    paging = operation.pagination
    text = [
        f"operation_id={py_literal(operation.operation_id)}",
        f"method={py_literal(operation.method.upper())}",
        f"path={py_literal(operation.path)}",
        f"params={_tuple(params)}",
        f"body={body_text}",
        f"security={_tuple(_tuple(py_literal(n) for n in alt) for alt in operation.security)}",
        f"success={_tuple(success)}",
        f"errors={_tuple(errors)}",
    ]
    if paging is not None:
        text.append(f"paging={_paging(api, operation, paging)}")
    switch = stream_switch_wire_name(operation)
    if switch:
        text.append(f"stream_switch={py_literal(switch)}")
    return "Route(" + ", ".join(text) + ")"


def stream_switch_wire_name(operation: Operation) -> str:
    """The wire name of the body field that asks for an event stream, or ""."""
    if operation.stream_switch is None:
        return ""
    return next(
        (a.wire_name for a in operation.arguments if a.py_name == operation.stream_switch), ""
    )


def example_of(type_ref: TypeRef, fields: ModelFields) -> Any:
    """A value of the type (the snippets' example maker), with the tag of each union that a
    field's value tells apart (a mapping discriminator) set to the option the value is."""
    value = synthesize(type_ref, fields)
    _set_tags(type_ref, value, fields)
    return value


def _set_tags(type_ref: TypeRef, value: Any, fields: ModelFields) -> None:
    if isinstance(type_ref, NullableType):
        _set_tags(type_ref.inner, value, fields)
    elif isinstance(type_ref, ListType) and isinstance(value, list):
        for item in value:
            _set_tags(type_ref.item, item, fields)
    elif isinstance(type_ref, MapType) and isinstance(value, dict):
        for item in value.values():
            _set_tags(type_ref.value, item, fields)
    elif isinstance(type_ref, ModelType) and isinstance(value, dict):
        for field in fields(type_ref.name):
            if field.wire_name in value:
                _set_tags(field.type, value[field.wire_name], fields)
    elif isinstance(type_ref, UnionType) and isinstance(value, dict):
        # synthesize() takes the first option that has a value.
        option = next((o for o in type_ref.options if isinstance(o, ModelType)), None)
        if option is None:
            return
        if type_ref.tag_field:
            tag = next((k for k, name in type_ref.tags if name == option.name), None)
            if tag is not None:
                value[type_ref.tag_field] = tag
        _set_tags(option, value, fields)


def success_body(response: SuccessResponse, fields: ModelFields) -> Any:
    """What the mock answers a success with: the spec's example, else a value of the type; for
    an event stream, the data of each of two events (and the stream's end, if it has one)."""
    if response.decode == "events":
        assert response.events is not None
        if response.events.text:
            data: list[Any] = ["<event>", "<event>"]
        else:
            value = example_of(response.events.type, fields)
            data = [value, value]
        if response.events.sentinel is not None:
            data.append(response.events.sentinel)
        return data
    if response.decode == "empty" or response.type is None:
        return None
    if response.has_example:
        return response.example
    if response.decode in ("text", "binary"):
        return "<binary>" if response.decode == "binary" else "<text>"
    return example_of(response.type, fields)


def error_body(error: ErrorResponse, fields: ModelFields) -> Any:
    assert error.data is not None
    return error.example if error.has_example else example_of(error.data, fields)


def _success_answer(response: SuccessResponse, fields: ModelFields) -> str:
    return _call(
        "Answer",
        statuses=(response.status,),
        content_type=response.content_type,
        decode=response.decode,
        body=success_body(response, fields),
    )


def _error_answer(error: ErrorResponse, fields: ModelFields) -> str:
    return _call(
        "Answer",
        statuses=error.status_codes,
        content_type=error.content_type,
        decode=error.decode,
        body=error_body(error, fields),
    )


def paging_facts(api: Api, operation: Operation, paging: Pagination) -> dict[str, Any]:
    """The pagination as the wire spells it: where the offset or cursor travels and under what
    name, the response's items, has-more and next-cursor fields, and one item."""
    fields = fields_of(api)
    if paging.offset_in_request:
        # The offset or cursor is a key of the request body the caller passes whole.
        body_fields = operation.body.fields if operation.body is not None else ()
        key = next((f for f in body_fields if f.py_name == paging.offset_argument), None)
        location, parameter = "body", key.wire_name if key else paging.offset_argument
    else:
        argument = next(a for a in operation.arguments if a.py_name == paging.offset_argument)
        location, parameter = argument.source, argument.wire_name
    page_type = operation.return_type
    assert isinstance(page_type, ModelType), "pagination needs a model page"
    by_py = {field.py_name: field for field in fields(page_type.name)}
    items = by_py[paging.items_field]
    item_type = items.type.inner if isinstance(items.type, NullableType) else items.type
    assert isinstance(item_type, ListType), "a page's items are a list"
    item = example_of(item_type.item, fields)
    example = next((r.example for r in operation.success if r.has_example), None)
    if isinstance(example, dict) and example.get(items.wire_name):
        item = example[items.wire_name][0]
    return {
        "kind": paging.kind,
        "location": location,
        "parameter": parameter,
        "items": items.wire_name,
        "has_more": by_py[paging.has_more_field].wire_name if paging.has_more_field else "",
        "next_cursor": (
            by_py[paging.next_cursor_field].wire_name if paging.next_cursor_field else ""
        ),
        "item": item,
    }


def first_page(body: Any, facts: dict[str, Any]) -> Any:
    """The mock's first page: the answer with one item, more to come (the mock's `_page`)."""
    if not isinstance(body, dict):
        return body
    page = {**body, facts["items"]: [facts["item"]]}
    if facts["has_more"]:
        page[facts["has_more"]] = True
    if facts["next_cursor"]:
        page[facts["next_cursor"]] = NEXT_CURSOR
    return page


def _paging(api: Api, operation: Operation, paging: Pagination) -> str:
    return _call("Paging", **paging_facts(api, operation, paging))


def _call(constructor: str, **values: Any) -> str:
    """`Name(key=literal, ...)`: tuples of text stay tuples, everything else is a literal."""
    parts = []
    for key, value in values.items():
        text = (
            _tuple(py_literal(v) for v in value) if isinstance(value, tuple) else py_literal(value)
        )
        parts.append(f"{key}={text}")
    return f"{constructor}({', '.join(parts)})"


def _tuple(items: Any) -> str:
    listed = list(items)
    if len(listed) == 1:
        return f"({listed[0]},)"
    return "(" + ", ".join(listed) + ")"
