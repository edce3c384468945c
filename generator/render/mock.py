"""The SDK's mock server: `<module>/_mock.py`, a fixed server, over `<module>/_mock_spec.json`,
the spec's routes, models and answers as JSON data: nothing from the spec becomes code (and a
data file costs no formatting: black on a route table written as Python took over a minute on
GitHub's 1,200 operations). The
mock checks requests against compact JSON schemas made from the IR's types, not against the
SDK's own pydantic models, so that a fault of the SDK cannot hide behind the same fault in the
oracle (a model that drops or renames a field would validate the request it made itself).
"""

from __future__ import annotations

import json
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
from generator.text import docstring

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


DATA_FILE = "_mock_spec.json"


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
        "next_cursor": NEXT_CURSOR,
        "data_file": DATA_FILE,
    }
    data = {
        "title": api.title,
        "server_env": f"{settings.env_prefix}_SERVER_URL",
        "security": _security(api),
        "models": _models(api),
        "base_paths": base_paths(api),
        "routes": [_route(api, operation) for operation in api.operations],
    }
    package = f"src/{settings.module}"
    return {
        mock_path(api): environment.get_template("python/mock.py.j2").render(context),
        f"{package}/{DATA_FILE}": data_text(data),
    }


def data_text(data: dict[str, Any]) -> str:
    """The data as JSON (ASCII, so any text is safe), one model and one route a line: a spec
    change shows as a change of the lines of what it touched."""
    lines = ["{"]
    keys = list(data)
    for index, key in enumerate(keys):
        value = data[key]
        end = "," if index < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            items = [json.dumps(item) for item in value]
            lines.append(f"  {json.dumps(key)}: [")
            lines.extend(f"    {item}," for item in items[:-1])
            lines.extend([f"    {items[-1]}", f"  ]{end}"])
        elif isinstance(value, dict) and value:
            entries = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in value.items()]
            lines.append(f"  {json.dumps(key)}: {{")
            lines.extend(f"    {entry}," for entry in entries[:-1])
            lines.extend([f"    {entries[-1]}", f"  }}{end}"])
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}{end}")
    lines.append("}")
    return "\n".join(lines) + "\n"


# The model table of the API last asked about: made once per API, not once per operation
# (which grew with the square of the API's size on specs of thousands of operations).
_FIELDS: list[tuple[Api, ModelFields]] = []


def fields_of(api: Api) -> ModelFields:
    """The fields of a model, by class name."""
    if _FIELDS and _FIELDS[0][0] is api:
        return _FIELDS[0][1]
    fields = {model.name: model.fields for model in api.models}
    found: ModelFields = lambda name: fields.get(name, ())  # noqa: E731
    _FIELDS[:] = [(api, found)]
    return found


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


def _models(api: Api) -> dict[str, Any]:
    """The schema of every model a request can carry, by class name."""
    by_name = {model.name: model for model in api.models}
    return {
        name: object_schema(by_name[name].fields, by_name[name].closed)
        for name in sorted(_request_models(api, by_name))
    }


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


def _security(api: Api) -> dict[str, Any]:
    """Where each scheme's credential travels: the Authorization header, or its key's place."""
    found = {}
    for scheme in api.security:
        header = scheme.kind in ("bearer", "basic", "oauth2")
        found[scheme.name] = {
            "kind": scheme.kind,
            "location": "header" if header else scheme.location,
            "name": "authorization" if header else scheme.parameter_name,
        }
    return found


def base_paths(api: Api) -> list[str]:
    """The path part of each server's URL (`/v1`): requests may arrive with it or without."""
    servers = [*api.servers, *(s for operation in api.operations for s in operation.servers)]
    paths = {urlsplit(server.url).path.rstrip("/") for server in servers}
    # The longest first, so that `/v1/files` is tried before `/v1`.
    return sorted((path for path in paths if path), key=lambda path: (-len(path), path))


def _param(
    wire_name: str, location: str, required: bool, style: str, explode: bool, type_ref: TypeRef
) -> dict[str, Any]:
    return {
        "name": wire_name,
        "location": location,
        "required": required,
        "style": style,
        "explode": explode,
        "schema": schema_of(type_ref),
    }


def _route(api: Api, operation: Operation) -> dict[str, Any]:
    params = [
        _param(p.wire_name, p.location, p.required, p.style, p.explode, p.type)
        for p in operation.parameters
    ]
    declared = {(parameter.location, parameter.wire_name) for parameter in operation.parameters}
    # The client sends its globals with every call, declared by the operation or not.
    params.extend(
        _param(
            g.wire_name,
            g.location,
            g.required,
            DEFAULT_STYLES[g.location],
            DEFAULT_STYLES[g.location] == "form",
            g.type,
        )
        for g in api.globals
        if (g.location, g.wire_name) not in declared
    )
    body = operation.body
    fields = fields_of(api)
    return {
        "operation_id": operation.operation_id,
        "method": operation.method.upper(),
        "path": operation.path,
        "params": params,
        "body": None
        if body is None
        else {
            "content_type": body.content_type,
            "encoding": body.encoding,
            "required": body.required,
            "schema": body_schema(body),
        },
        "security": [list(alternative) for alternative in operation.security],
        "success": [_success_answer(response, fields) for response in operation.success],
        "errors": [
            _error_answer(error, fields) for error in operation.errors if error.data is not None
        ],
        "paging": None
        if operation.pagination is None
        else paging_facts(api, operation, operation.pagination),
        "stream_switch": stream_switch_wire_name(operation),
    }


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


def _success_answer(response: SuccessResponse, fields: ModelFields) -> dict[str, Any]:
    return {
        "statuses": [response.status],
        "content_type": response.content_type,
        "decode": response.decode,
        "body": success_body(response, fields),
    }


def _error_answer(error: ErrorResponse, fields: ModelFields) -> dict[str, Any]:
    return {
        "statuses": list(error.status_codes),
        "content_type": error.content_type,
        "decode": error.decode,
        "body": error_body(error, fields),
    }


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
