"""Property test: every OpenAPI document a broad grammar can write either becomes an SDK whose
code parses, imports and passes `mypy --strict`, or fails with located problems (`file:
#/pointer: message`, exit code 1, nothing written). Anything else is a generator bug: an
exception escaping the generator, an internal error, or generated code that does not work.

The default run is a fixed, derandomised handful of examples, fast enough for `make test`.
`SDKGEN_PROPERTY_EXAMPLES=N` runs N random examples of each property instead (failures are
kept in .pytest_cache/hypothesis to replay). mypy runs in process with one warm cache, so
each example is checked on its own and hypothesis can shrink a failing one.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import json
import os
import pkgutil
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from generator import cli
from generator.config import Config
from generator.load.source import _Loader
from generator.pipeline import generate
from generator.problems import Level, Problem, SpecError, escape_pointer_token
from tests.support import ROOT, imported

Json = Any
Draw = st.DrawFn

# -- settings -------------------------------------------------------------------------------------

_REQUESTED = os.environ.get("SDKGEN_PROPERTY_EXAMPLES", "").strip()
EXAMPLES = int(_REQUESTED) if _REQUESTED else 20
BROKEN_EXAMPLES = int(_REQUESTED) if _REQUESTED else 20
LONG_RUN = bool(_REQUESTED)

PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # The default run is the same every time (CI must not flake on a new random example); a
    # long run explores, and keeps what it finds where .gitignore already keeps it out of git.
    derandomize=not LONG_RUN,
    database=(
        DirectoryBasedExampleDatabase(str(ROOT / ".pytest_cache" / "hypothesis"))
        if LONG_RUN
        else None
    ),
    print_blob=LONG_RUN,
    # One bug at a time: shrinking each of several distinct failures multiplies the wait.
    report_multiple_bugs=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)

# -- vocabulary -----------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "",
    " ",
    '"""',
    "'''",
    '"; import os; os.system("touch PWNED"); "',
    '\\"""\\',
    "\\",
    "ends with a backslash \\",
    'ends with a quote"',
    "{{ 7 * 7 }}",
    "{% raw %}{% endraw %}{# c #}",
    "```python\nimport os\n```",
    "`code` and ``more``",
    "<script>alert(1)</script>",
    "<b>bold</b> & <i>it</i> | a | b |",
    "line one\nline two\n\nparagraph",
    "tab\there\r\nCRLF",
    "NUL\x00 and escape \x1b[31m",
    "ünïcödé 日本語 Ωmega 🐍",
    "\u2028separator\u2029",
    "%s %(name)s {0} {name}",
    "# heading\n- item",
    "*/ /* -- ;",
]

# Names that stress identifier making: keywords, builtins, names the SDK itself uses, leading
# digits, names that differ only in case or punctuation, non-ASCII and nearly empty ones.
NAMES = [
    *("class", "def", "None", "True", "False", "import", "from", "async", "await", "lambda"),
    *("match", "case", "type", "self", "cls", "list", "dict", "str", "int", "float", "bool"),
    *("bytes", "object", "id", "len", "print", "input", "format", "hash", "iter", "next"),
    *("Any", "Optional", "List", "Dict", "Union", "Literal", "Annotated", "TypedDict", "Field"),
    *("BaseModel", "SDKModel", "UNSET", "Unset", "Nullable", "Endpoint", "Hooks", "RetryConfig"),
    *("BackoffStrategy", "httpx", "typing", "pydantic", "os", "logging", "asyncio", "errors"),
    *("models", "utils", "sdk", "basesdk", "shared", "operations", "model_config", "model_dump"),
    *("json", "schema", "copy", "validate", "construct", "request", "response", "retries"),
    *("server_url", "timeout_ms", "http_headers", "client", "async_client", "debug_logger"),
    *("hooks", "close", "aclose", "main", "res", "data", "Error", "Errors", "Request"),
    *("Response", "Model", "ResponseValidationError", "ClientError", "ClientDefaultError"),
    *("Pet", "pet", "PET", "pet_", "Pet-", "Pet.v1", "Pet_v1", "pet.v1", "Pets", "PetItem"),
    *("PetTypedDict", "Pet2", "Pet_2", "PetRequest", "GetPetResponse", "get_pet", "getPet"),
    *("get-pet", "GetPet", "get pet", "get_pet_async", "getPetAsync", "get_pet_pages"),
    *("_", "-", "__", "___", "_1", "1", "123abc", "1Pet", "9lives", "a b", "a.b", "a-b"),
    *("a_b", "A_B", "aB", "Ab", "ab", "AB", "ünïcode", "Ünïcode", "日本語", "Ωmega", "é"),
    *("x-api-key", "X-Request-ID", "Content-Type", "Accept", "Authorization", "Cookie"),
    *("Idempotency-Key", "page[size]", "filter.name", "$top", "@type", "__init__", "_private"),
    *("__dunder__", "offset", "cursor", "limit", "has_more", "next_cursor", "list", "items"),
]

ENUM_STRINGS = [
    *("", " ", "a", "A", "a b", "a-b", "a_b", "A_B", "A-B", "1a", "123", "-", "_", "--"),
    *("class", "None", "true", "false", "null", "ü", "é", "日本", 'a"b', "a\\b", "{{x}}"),
    *("\n", "value with spaces ", "UPPER_CASE", "lower", "Lower", "mixedCase", "mixed_case"),
]

STRING_FORMATS = [
    *("date-time", "date", "time", "binary", "byte", "uuid", "email", "uri", "password"),
    *("hostname", "ipv4", "decimal", "int64", "x-custom", ""),
]


def one_in(draw: Draw, n: int) -> bool:
    """True about once in n draws. (Hypothesis favours the ends of a range, so `== 0` comes
    up far more often than that.)"""
    return draw(st.integers(0, n - 1)) == n // 2


def text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=24))


def name() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NAMES),
        st.sampled_from(NAMES),
        st.from_regex(r"[A-Za-z0-9._-]{1,12}", fullmatch=True),
        st.text(min_size=1, max_size=10),
    )


def path_param_name() -> st.SearchStrategy[str]:
    # A path template cannot carry these characters inside `{...}`.
    return name().filter(lambda n: n and not set(n) & set("{}/?#%"))


def json_values(max_leaves: int = 6) -> st.SearchStrategy[Json]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        text(),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=3), st.dictionaries(text(), children, max_size=3)
        ),
        max_leaves=max_leaves,
    )


def ref_to(section: str, key: str, raw: bool = False) -> dict[str, str]:
    token = escape_pointer_token(key)
    # URI fragments percent-encode what a URI cannot carry; many specs write UTF-8 as it is.
    encoded = token if raw and "%" not in token else quote(token, safe="~!$&'()*+,;=:@-._")
    return {"$ref": f"#/components/{section}/{encoded}"}


# -- schemas --------------------------------------------------------------------------------------


@dataclass
class Grammar:
    version: str
    schemas: list[str] = field(default_factory=list)
    parameters: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    made: dict[int, st.SearchStrategy[Any]] = field(default_factory=dict)

    @property
    def v31(self) -> bool:
        return self.version.startswith("3.1")


@st.composite
def schema_ref(draw: Draw, g: Grammar) -> dict[str, Any]:
    return ref_to("schemas", draw(st.sampled_from(g.schemas)), raw=draw(st.booleans()))


@st.composite
def primitive_schema(draw: Draw, g: Grammar) -> dict[str, Any]:
    kind = draw(st.sampled_from(["string", "integer", "number", "boolean"]))
    schema: dict[str, Any] = {"type": kind}
    if kind == "string" and draw(st.booleans()):
        schema["format"] = draw(st.sampled_from(STRING_FORMATS))
    elif kind == "integer" and draw(st.booleans()):
        schema["format"] = draw(st.sampled_from(["int32", "int64", "uint8"]))
    elif kind == "number" and draw(st.booleans()):
        schema["format"] = draw(st.sampled_from(["float", "double", "decimal"]))
    if kind == "string" and draw(st.integers(0, 4)) == 0:
        schema.update(minLength=0, maxLength=draw(st.integers(0, 100)), pattern="^[a-z]*$")
    if kind in ("integer", "number") and draw(st.integers(0, 4)) == 0:
        schema.update(minimum=draw(st.integers(-10, 0)), maximum=draw(st.integers(1, 10**20)))
    if kind == "string" and g.v31 and draw(st.integers(0, 6)) == 0:
        schema["contentMediaType"] = "application/octet-stream"
    return schema


@st.composite
def enum_schema(draw: Draw, g: Grammar) -> dict[str, Any]:
    kind = draw(st.sampled_from(["string", "integer", "mixed", "untyped"]))
    if kind == "integer":
        values: list[Json] = draw(
            st.lists(
                st.one_of(
                    st.integers(-5, 5),
                    st.sampled_from([2**31, 2**63 - 1, 2**63, -(2**63) - 1, 2**70]),
                ),
                min_size=1,
                max_size=5,
                unique=True,
            )
        )
    elif kind == "mixed" or kind == "untyped":
        values = draw(
            st.lists(
                st.one_of(
                    st.sampled_from(ENUM_STRINGS),
                    st.integers(-3, 3),
                    st.booleans(),
                    st.floats(-2, 2).filter(lambda f: not f.is_integer()),
                ),
                min_size=1,
                max_size=5,
                unique_by=lambda v: (type(v), v),
            )
        )
    else:
        values = draw(
            st.lists(
                st.one_of(st.sampled_from(ENUM_STRINGS), st.text(max_size=6)),
                min_size=1,
                max_size=6,
                unique=True,
            )
        )
    schema: dict[str, Any] = {"enum": values}
    if kind in ("string", "integer"):
        schema["type"] = kind
    if draw(st.integers(0, 5)) == 0:
        # null among the values: 3.1 says so with the type, 3.0 with `nullable`.
        values.append(None)
        if g.v31 and kind in ("string", "integer"):
            schema["type"] = [kind, "null"]
        elif not g.v31:
            schema["nullable"] = True
    return schema


@st.composite
def const_schema(draw: Draw) -> dict[str, Any]:
    value = draw(
        st.one_of(
            st.sampled_from(ENUM_STRINGS), st.integers(-3, 3), st.booleans(), st.none(), text()
        )
    )
    schema: dict[str, Any] = {"const": value}
    if isinstance(value, str) and draw(st.booleans()):
        schema["type"] = "string"
    return schema


def leaf_schema(g: Grammar) -> st.SearchStrategy[Any]:
    options: list[st.SearchStrategy[Any]] = [
        primitive_schema(g),
        primitive_schema(g),
        enum_schema(g),
        st.just({}),
        st.just({"type": "object"}),
        st.just({"type": "string", "format": "binary"}),
    ]
    if g.schemas:
        options += [schema_ref(g), schema_ref(g)]
    if g.v31:
        options += [const_schema(), st.just({"type": "null"}), st.just(True)]
    return st.one_of(options)


@st.composite
def object_schema(draw: Draw, g: Grammar, depth: int) -> dict[str, Any]:
    properties = draw(
        st.dictionaries(
            st.one_of(name(), st.sampled_from(["", "type", "kind"])),
            schemas(g, depth + 1),
            max_size=5,
        )
    )
    schema: dict[str, Any] = {}
    if draw(st.integers(0, 4)):
        schema["type"] = "object"
    if draw(st.booleans()) or properties:
        schema["properties"] = properties
    keys = sorted(properties)
    required = draw(st.lists(st.sampled_from(keys), unique=True)) if keys else []
    if draw(st.integers(0, 30)) == 0:
        required.append("not-a-property")
    if required:
        schema["required"] = required
    extra = draw(st.integers(0, 5))
    if extra == 1:
        schema["additionalProperties"] = True
    elif extra == 2:
        schema["additionalProperties"] = False
    elif extra == 3:
        schema["additionalProperties"] = draw(schemas(g, depth + 1))
    return schema


@st.composite
def union_schema(draw: Draw, g: Grammar, depth: int) -> dict[str, Any]:
    keyword_ = draw(st.sampled_from(["oneOf", "anyOf"]))
    options = draw(st.lists(schemas(g, depth + 1), min_size=1, max_size=4))
    schema: dict[str, Any] = {keyword_: options}
    if draw(st.integers(0, 3)) == 0:
        schema["discriminator"] = {"propertyName": draw(st.sampled_from(["type", "kind", "x"]))}
    if draw(st.integers(0, 5)) == 0:
        schema["type"] = "object"
    return schema


@st.composite
def all_of_schema(draw: Draw, g: Grammar, depth: int) -> dict[str, Any]:
    parts = draw(
        st.lists(
            st.one_of(object_schema(g, depth + 1), schema_ref(g))
            if g.schemas
            else object_schema(g, depth + 1),
            min_size=1,
            max_size=3,
        )
    )
    schema: dict[str, Any] = {"allOf": parts}
    if draw(st.booleans()):
        schema.update(draw(object_schema(g, depth + 1)))
    return schema


@st.composite
def type_array_schema(draw: Draw, g: Grammar) -> dict[str, Any]:
    kinds = draw(
        st.lists(
            st.sampled_from(["string", "integer", "number", "boolean", "null", "array", "object"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    schema: dict[str, Any] = {"type": kinds}
    if "array" in kinds:
        schema["items"] = draw(leaf_schema(g))
    return schema


def schemas(g: Grammar, depth: int = 0) -> st.SearchStrategy[Any]:
    """Schemas nesting up to three levels, made once per grammar and depth (making strategies
    is costly, drawing from them is not)."""
    if depth not in g.made:
        g.made[depth] = _schemas(g, depth)
    return g.made[depth]


def _schemas(g: Grammar, depth: int) -> st.SearchStrategy[Any]:
    if depth >= 3:
        return decorated(g, leaf_schema(g))
    compound: list[st.SearchStrategy[dict[str, Any]]] = [
        st.builds(lambda items: {"type": "array", "items": items}, schemas(g, depth + 1)),
        object_schema(g, depth),
        object_schema(g, depth),
        st.builds(
            lambda value: {"type": "object", "additionalProperties": value}, schemas(g, depth + 1)
        ),
        union_schema(g, depth),
        all_of_schema(g, depth),
    ]
    if g.v31:
        compound.append(type_array_schema(g))
    return decorated(g, st.one_of(leaf_schema(g), st.one_of(compound)))


@st.composite
def decorated(draw: Draw, g: Grammar, inner: st.SearchStrategy[Any]) -> Any:
    schema = draw(inner)
    if not isinstance(schema, dict) or ("$ref" in schema and not g.v31):
        return schema  # in 3.0 a $ref's siblings are ignored; keep it bare
    schema = dict(schema)
    if draw(st.integers(0, 4)) == 0:
        schema = nullable(draw, g, schema)
    for flag in ("readOnly", "writeOnly", "deprecated"):
        if draw(st.integers(0, 9)) == 0:
            schema[flag] = True
    if draw(st.integers(0, 3)) == 0:
        schema["description"] = draw(text())
    if draw(st.integers(0, 7)) == 0:
        schema["title"] = draw(st.one_of(name(), text()))
    for key, one_in in (("default", 5), ("example", 9)):
        if draw(st.integers(1, one_in)) == 1:
            value = draw(value_for(schema))
            if value is not MISSING:
                schema[key] = value
    return schema


def nullable(draw: Draw, g: Grammar, schema: dict[str, Any]) -> dict[str, Any]:
    if not g.v31:
        return {**schema, "nullable": True}
    kind = schema.get("type")
    if isinstance(kind, str) and kind != "null" and draw(st.booleans()):
        return {**schema, "type": [kind, "null"]}
    if isinstance(kind, list) and "null" not in kind:
        return {**schema, "type": [*kind, "null"]}
    key = draw(st.sampled_from(["oneOf", "anyOf"]))
    options = [schema, {"type": "null"}]
    return {key: options if draw(st.booleans()) else options[::-1]}


FORMAT_VALUES: dict[str, str] = {
    "date-time": "2025-01-01T00:00:00Z",
    "date": "2025-01-01",
    "time": "12:00:00Z",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "email": "a@example.com",
    "uri": "https://example.com/a?b=c",
    "hostname": "example.com",
    "ipv4": "127.0.0.1",
    "byte": "aGk=",
}


def default_for(schema: Any) -> st.SearchStrategy[Json] | None:
    """Values that fit the schema, where one is easy to know; None where it is not."""
    if not isinstance(schema, dict) or {"allOf", "oneOf", "anyOf", "$ref"} & set(schema):
        return None
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    fitting: st.SearchStrategy[Json] | None = None
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        fitting = st.sampled_from(schema["enum"])
    elif "const" in schema:
        fitting = st.just(schema["const"])
    elif "string" in kinds:
        if "pattern" in schema:
            fitting = st.just("")
        elif schema.get("format") in FORMAT_VALUES:
            fitting = st.just(FORMAT_VALUES[schema["format"]])
        else:
            fitting = text()
    elif "integer" in kinds or "number" in kinds:
        low, high = schema.get("minimum", -(10**20)), schema.get("maximum", 10**20)
        fitting = st.integers(low, high)
        if "number" in kinds:
            fitting |= st.floats(low, high, allow_nan=False)
    elif "boolean" in kinds:
        fitting = st.booleans()
    elif "array" in kinds:
        fitting = st.just([])
    elif "object" in kinds and not schema.get("required"):
        fitting = st.just({})
    if "null" in kinds or schema.get("nullable") is True:
        fitting = st.none() if fitting is None else fitting | st.none()
    return fitting


@st.composite
def value_for(draw: Draw, schema: Any) -> Json:
    """A value of the schema (for a default or an example), now and then any value at all:
    specs get this wrong, and the validator must say where. Missing when nothing is known to
    fit."""
    fitting = default_for(schema)
    if one_in(draw, 100):
        return draw(json_values(3))
    if fitting is None:
        return MISSING
    return draw(fitting)


MISSING = object()


@st.composite
def tagged_union(draw: Draw, g: Grammar, union_name: str, variants: list[str]) -> dict[str, Any]:
    """Variant components told apart by one property, and the union of them (with or without
    a discriminator, and its mapping)."""
    tag_property = draw(st.sampled_from(["type", "kind", "object", "class", "@type", "x-y"]))
    tags = draw(
        st.lists(st.sampled_from(ENUM_STRINGS), min_size=len(variants), max_size=len(variants))
    )
    components: dict[str, Any] = {}
    for variant, tag in zip(variants, tags, strict=True):
        tag_schema: dict[str, Any] = (
            {"const": tag} if g.v31 and draw(st.booleans()) else {"type": "string", "enum": [tag]}
        )
        body = draw(object_schema(g, 2))
        body.setdefault("properties", {})[tag_property] = tag_schema
        body["type"] = "object"
        body["required"] = sorted({*body.get("required", []), tag_property})
        components[variant] = body
    refs = [ref_to("schemas", variant) for variant in variants]
    union: dict[str, Any] = {draw(st.sampled_from(["oneOf", "anyOf"])): refs}
    if draw(st.integers(0, 3)):
        union["discriminator"] = {"propertyName": tag_property}
        if draw(st.booleans()):
            union["discriminator"]["mapping"] = {
                tag: ref["$ref"] for tag, ref in zip(tags, refs, strict=True)
            }
    components[union_name] = union
    return components


# -- operations -----------------------------------------------------------------------------------

METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
STYLES = {
    "path": ["simple", "label", "matrix"],
    "query": ["form", "spaceDelimited", "pipeDelimited", "deepObject"],
    "header": ["simple"],
    "cookie": ["form"],
}
REQUEST_TYPES = [
    *("application/json", "application/x-www-form-urlencoded", "multipart/form-data"),
    *("application/octet-stream", "text/plain", "application/vnd.api+json", "application/xml"),
    *("image/png", "*/*", "application/json; charset=utf-8", "text/csv"),
]
RESPONSE_TYPES = [
    *("application/json", "application/problem+json", "application/vnd.foo.v1+json"),
    *("text/plain", "text/html", "application/octet-stream", "image/png", "*/*"),
    *("application/json; charset=utf-8", "application/x-ndjson", "text/event-stream"),
]
STATUS_CODES = [
    *("200", "201", "202", "204", "206", "2XX", "301", "400", "401", "403", "404", "409"),
    *("422", "429", "4XX", "500", "503", "5XX", "default"),
]


@st.composite
def parameter(
    draw: Draw, g: Grammar, where: str | None = None, param_name: str | None = None
) -> dict[str, Any]:
    where = where or draw(st.sampled_from(["query", "query", "header", "cookie"]))
    param: dict[str, Any] = {"name": param_name or draw(name()), "in": where}
    if where == "path":
        param["required"] = True
    elif draw(st.booleans()):
        param["required"] = draw(st.booleans())
    if draw(st.integers(0, 9)) == 0:
        param["content"] = {"application/json": {"schema": draw(schemas(g, 1))}}
    else:
        param["schema"] = draw(schemas(g, 1))
    if "schema" in param and draw(st.integers(0, 3)) == 0:
        param["style"] = draw(st.sampled_from(STYLES[where]))
    if "schema" in param and draw(st.integers(0, 3)) == 0:
        param["explode"] = draw(st.booleans())
    if draw(st.integers(0, 3)) == 0:
        param["description"] = draw(text())
    if draw(st.integers(0, 9)) == 0:
        param["deprecated"] = True
    if "schema" in param and draw(st.integers(0, 5)) == 0:
        value = draw(value_for(param["schema"]))
        if value is not MISSING:
            param["example"] = value
    return param


@st.composite
def media(draw: Draw, g: Grammar, content_type: str) -> dict[str, Any]:
    media_type = content_type.split(";")[0]
    if media_type in ("application/octet-stream", "image/png") and draw(st.booleans()):
        schema: Any = {"type": "string", "format": "binary"}
    elif media_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        schema = draw(object_schema(g, 1))
        if media_type == "multipart/form-data" and draw(st.booleans()):
            schema.setdefault("properties", {})["file"] = {"type": "string", "format": "binary"}
    else:
        schema = draw(schemas(g))
    entry: dict[str, Any] = {}
    if draw(st.integers(0, 9)):
        entry["schema"] = schema
    value = draw(value_for(schema)) if draw(st.integers(0, 3)) == 0 else MISSING
    if value is not MISSING:
        if draw(st.booleans()):
            entry["example"] = value
        else:
            entry["examples"] = {draw(name()): {"value": value}}
    return entry


@st.composite
def request_body(draw: Draw, g: Grammar) -> dict[str, Any]:
    if g.bodies and draw(st.integers(0, 3)) == 0:
        return ref_to("requestBodies", draw(st.sampled_from(g.bodies)))
    types = draw(st.lists(st.sampled_from(REQUEST_TYPES), min_size=1, max_size=2, unique=True))
    body: dict[str, Any] = {"content": {t: draw(media(g, t)) for t in types}}
    if draw(st.booleans()):
        body["required"] = draw(st.booleans())
    if draw(st.integers(0, 3)) == 0:
        body["description"] = draw(text())
    return body


@st.composite
def response(draw: Draw, g: Grammar, status: str) -> dict[str, Any]:
    if g.responses and draw(st.integers(0, 4)) == 0:
        return ref_to("responses", draw(st.sampled_from(g.responses)))
    answer: dict[str, Any] = {"description": draw(text())}
    if status != "204" and draw(st.integers(0, 4)):
        types = draw(st.lists(st.sampled_from(RESPONSE_TYPES), min_size=1, max_size=2, unique=True))
        answer["content"] = {t: draw(media(g, t)) for t in types}
    if draw(st.integers(0, 7)) == 0:
        answer["headers"] = {draw(name()): {"schema": {"type": "string"}}}
    return answer


@dataclass
class Names:
    """Operation ids taken so far: ids must be unique, but may collide once made snake_case."""

    operation_ids: set[str] = field(default_factory=set)


@st.composite
def operation(
    draw: Draw,
    g: Grammar,
    ids: Names,
    path_params: list[str],
    tags: list[str],
    schemes: list[str],
) -> dict[str, Any]:
    op: dict[str, Any] = {}
    if draw(st.integers(0, 3)):
        wanted = draw(name())
        if wanted not in ids.operation_ids:
            ids.operation_ids.add(wanted)
            op["operationId"] = wanted
    if draw(st.integers(0, 3)) and tags:
        op["tags"] = draw(st.lists(st.sampled_from(tags), min_size=1, max_size=2, unique=True))
    if draw(st.integers(0, 2)) == 0:
        op["summary"] = draw(text())
    if draw(st.integers(0, 2)) == 0:
        op["description"] = draw(text())
    if draw(st.integers(0, 9)) == 0:
        op["deprecated"] = True
    parameters: list[Any] = [draw(parameter(g, "path", p)) for p in path_params]
    others = draw(st.lists(parameter(g), max_size=4, unique_by=lambda p: (p["name"], p["in"])))
    parameters += [p for p in others if p["name"] not in path_params or p["in"] != "path"]
    if g.parameters and draw(st.integers(0, 3)) == 0:
        parameters.append(ref_to("parameters", draw(st.sampled_from(g.parameters))))
    if parameters:
        op["parameters"] = parameters
    if draw(st.integers(0, 2)) == 0:
        op["requestBody"] = draw(request_body(g))
    codes = draw(st.lists(st.sampled_from(STATUS_CODES), min_size=1, max_size=4, unique=True))
    op["responses"] = {code: draw(response(g, code)) for code in codes}
    if schemes and draw(st.integers(0, 3)) == 0:
        op["security"] = draw(
            st.lists(st.dictionaries(st.sampled_from(schemes), st.just([]), max_size=2), max_size=2)
        )
    extension = draw(st.integers(0, 12))
    if extension == 0:
        op["x-speakeasy-name-override"] = draw(name())
    elif extension == 1:
        op["x-speakeasy-group"] = draw(st.one_of(name(), st.sampled_from(tags or ["g"])))
    elif extension == 2:
        op["x-speakeasy-ignore"] = True
    return op


@st.composite
def path_template(draw: Draw) -> tuple[str, list[str]]:
    segments: list[str] = []
    params: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.integers(0, 2)) == 0:
            param = draw(path_param_name())
            if param in params:
                continue
            params.append(param)
            prefix = draw(st.sampled_from(["", "", "v.", "item-"]))
            segments.append(prefix + "{" + param + "}")
        else:
            segments.append(
                draw(
                    st.one_of(
                        st.sampled_from(
                            ["pets", "v1", "a.b", "a-b", "a_b", "ü", "~", "%20", "x:y"]
                        ),
                        st.from_regex(r"[A-Za-z0-9._~-]{1,8}", fullmatch=True),
                        st.text(
                            alphabet=st.characters(exclude_characters="/{}?#%"),
                            min_size=1,
                            max_size=6,
                        ),
                    )
                )
            )
    path = "/" + "/".join(segments)
    if draw(st.integers(0, 9)) == 0:
        path += "/"
    return path, params


@st.composite
def security_scheme(draw: Draw) -> dict[str, Any]:
    kind = draw(st.sampled_from(["bearer", "basic", "apiKey", "oauth2", "openIdConnect", "digest"]))
    if kind in ("bearer", "basic", "digest"):
        scheme: dict[str, Any] = {"type": "http", "scheme": kind}
        if kind == "bearer" and draw(st.booleans()):
            scheme["bearerFormat"] = "JWT"
    elif kind == "apiKey":
        scheme = {
            "type": "apiKey",
            "in": draw(st.sampled_from(["header", "query", "cookie"])),
            "name": draw(name()),
        }
    elif kind == "oauth2":
        scheme = {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {"tokenUrl": "https://example.com/token", "scopes": {}},
            },
        }
    else:
        scheme = {"type": "openIdConnect", "openIdConnectUrl": "https://example.com/.well-known"}
    if draw(st.booleans()):
        scheme["description"] = draw(text())
    return scheme


COMPONENT_KEY = re.compile(r"^[a-zA-Z0-9._-]+$")


def component_name() -> st.SearchStrategy[str]:
    """Component keys must match COMPONENT_KEY; now and then one does not (the validator says
    so, and where)."""
    conforming = st.one_of(
        st.sampled_from([n for n in NAMES if COMPONENT_KEY.match(n)]),
        st.from_regex(r"[A-Za-z0-9._-]{1,12}", fullmatch=True),
    )
    return st.integers(0, 29).flatmap(lambda n: name() if n == 15 else conforming)


def unique_names(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(component_name(), min_size=min_size, max_size=max_size, unique=True)


@st.composite
def documents(draw: Draw) -> dict[str, Any]:
    version = draw(st.sampled_from(["3.0.3", "3.1.0", "3.0.0", "3.1.1"]))
    g = Grammar(version)
    doc: dict[str, Any] = {
        "openapi": version,
        "info": {"title": draw(st.one_of(text(), name())), "version": draw(text())},
    }
    if draw(st.booleans()):
        doc["info"]["description"] = draw(text())
    if draw(st.booleans()):
        doc["servers"] = [
            {"url": draw(st.sampled_from(["https://api.example.com/v1/", "/", "{scheme}://x"]))}
        ]
        if "{scheme}" in doc["servers"][0]["url"]:
            doc["servers"][0]["variables"] = {"scheme": {"default": "https"}}
    components: dict[str, Any] = {}
    # Names first, so that any schema may refer to any component, itself included.
    g.schemas = draw(unique_names(0, 5))
    union_parts = draw(unique_names(0, 3)) if draw(st.integers(0, 2)) == 0 else []
    union_parts = [n for n in union_parts if n not in g.schemas]
    if len(union_parts) >= 2:
        g.schemas += union_parts
    g.parameters = draw(unique_names(0, 2))
    g.bodies = draw(unique_names(0, 1))
    g.responses = draw(unique_names(0, 2))
    schemas_block: dict[str, Any] = {}
    for schema_name in g.schemas:
        if schema_name not in union_parts:
            schema = draw(schemas(g))
            if isinstance(schema, dict) and "$ref" in schema and draw(st.integers(0, 5)):
                # Aliases of aliases often make cycles of bare references; some stay.
                schema = draw(object_schema(g, 1))
            schemas_block[schema_name] = schema
    if len(union_parts) >= 2:
        schemas_block.update(draw(tagged_union(g, union_parts[0], union_parts[1:])))
    if draw(st.booleans()) or schemas_block:
        components["schemas"] = schemas_block
    if g.parameters:
        components["parameters"] = {p: draw(parameter(g)) for p in g.parameters}
    if g.bodies:
        g_without = Grammar(version, g.schemas)
        components["requestBodies"] = {b: draw(request_body(g_without)) for b in g.bodies}
    if g.responses:
        g_without = Grammar(version, g.schemas)
        components["responses"] = {r: draw(response(g_without, "200")) for r in g.responses}
    scheme_names = draw(unique_names(0, 3))
    if scheme_names:
        components["securitySchemes"] = {s: draw(security_scheme()) for s in scheme_names}
        if draw(st.booleans()):
            doc["security"] = [{draw(st.sampled_from(scheme_names)): []}]
    if components:
        doc["components"] = components
    tag_names = draw(st.lists(st.one_of(name(), st.sampled_from(g.schemas or ["x"])), max_size=3))
    if draw(st.booleans()) and tag_names:
        doc["tags"] = [{"name": t, "description": draw(text())} for t in dict.fromkeys(tag_names)]
    paths: dict[str, Any] = {}
    ids = Names()
    for _ in range(draw(st.integers(1, 4))):
        path, params = draw(path_template())
        if path in paths:
            continue
        item: dict[str, Any] = {}
        for method in draw(st.lists(st.sampled_from(METHODS), min_size=1, max_size=3, unique=True)):
            item[method] = draw(operation(g, ids, params, tag_names, scheme_names))
        if draw(st.integers(0, 5)) == 0:
            item["summary"] = draw(text())
        paths[path] = item
    doc["paths"] = paths
    if draw(st.integers(0, 9)) == 0:
        doc["x-speakeasy-globals"] = {
            "parameters": [draw(parameter(g, draw(st.sampled_from(["query", "header"]))))]
        }
    return doc


# -- running one document -------------------------------------------------------------------------

LABEL = "specs/property.yaml"
LOCATED = re.compile(r"^(?P<file>.+?): (?P<pointer>#(?:/.*?)?)(?: \(line \d+\))?: (?P<message>.+)$")


@dataclass
class Written:
    spec: Path
    label: str


def write_spec(doc: Json, folder: Path, as_yaml: bool) -> Written:
    """The document as YAML (when YAML 1.2 reads it back unchanged) or as JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    if as_yaml:
        text_ = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
        try:
            same = yaml.load(text_, Loader=_Loader) == doc
        except yaml.YAMLError:
            same = False
        if same:
            spec = folder / "spec.yaml"
            spec.write_text(text_, encoding="utf-8")
            return Written(spec, LABEL)
    spec = folder / "spec.json"
    spec.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return Written(spec, LABEL.replace(".yaml", ".json"))


def assert_located(problems: list[Problem], label: str) -> None:
    assert problems, "a SpecError without problems"
    for problem in problems:
        shown = str(problem)
        assert problem.file == label, shown
        assert problem.pointer == "#" or problem.pointer.startswith("#/"), shown
        assert problem.message.strip(), shown
        assert "internal error" not in problem.message, shown
        assert "Traceback" not in problem.message, shown
        assert LOCATED.match(shown), shown


class Tally:
    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.seconds: dict[str, float] = {}
        self.started = time.perf_counter()

    @contextlib.contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.seconds[phase] = self.seconds.get(phase, 0.0) + elapsed

    def summary(self, what: str) -> str:
        parts = ", ".join(f"{count} {kind}" for kind, count in sorted(self.outcomes.items()))
        total = sum(self.outcomes.values())
        phases = ", ".join(f"{phase} {s:.1f} s" for phase, s in sorted(self.seconds.items()))
        elapsed = time.perf_counter() - self.started
        return f"property test ({what}): {total} examples run in {elapsed:.1f} s: {parts}" + (
            f" ({phases})" if phases else ""
        )


def mypy_in_process(targets: list[str], cache: Path) -> tuple[str, int]:
    from mypy import api

    args = ["--strict", "--config-file", os.devnull, "--cache-dir", str(cache)]
    args += ["--no-error-summary", "--hide-error-context", "--show-error-codes"]
    limit = sys.getrecursionlimit()
    try:
        stdout, stderr, status = api.run([*args, *targets])
    finally:
        sys.setrecursionlimit(limit)  # mypy raises it for good; hypothesis warns about that
    return stdout + stderr, status


def snippets_of(sdk: Path) -> list[str]:
    """Every Python block in the SDK's Markdown."""
    blocks: list[str] = []
    for page in sorted(sdk.rglob("*.md")):
        blocks += re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
    return blocks


UNSATISFIABLE = "no value can have all its required properties"


def check_generated_sdk(
    out: Path, mypy_cache: Path, tally: Tally, typed_snippets: bool = True
) -> None:
    """The generated package parses, compiles, imports module by module, and passes mypy,
    and so do its docs' snippets (unless the generator warned that a schema has no value)."""
    src = out / "src"
    [package] = [p for p in src.iterdir() if p.is_dir()]
    module = package.name
    for source in sorted(src.rglob("*.py")):
        compile(source.read_text(encoding="utf-8"), str(source), "exec", dont_inherit=True)
    import tomllib

    tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    samples = yaml.safe_load((out / "codeSamples.yaml").read_text(encoding="utf-8"))
    assert isinstance(samples, dict)
    targets = [str(package)]
    for index, block in enumerate(snippets_of(out)):
        snippet = src / f"_snippet_{index}.py"
        snippet.write_text(block, encoding="utf-8")
        compile(block, str(snippet), "exec", dont_inherit=True)
        if typed_snippets:
            targets.append(str(snippet))
    with imported(src, module) as sdk:
        for info in pkgutil.walk_packages(sdk.__path__, module + "."):
            import_module(info.name)
        for exported in ("models", "errors", "utils"):
            namespace = getattr(sdk, exported)
            for attribute in getattr(namespace, "__all__", ()):
                getattr(namespace, attribute)
        [client_name] = [n for n in sdk.__all__ if n[:1].isupper()]
        client_class = getattr(sdk, client_name)
        required = [
            name
            for name, parameter in inspect.signature(client_class).parameters.items()
            if parameter.default is parameter.empty
        ]
        client = client_class(**dict.fromkeys(required, "x"))  # required globals
        with client:
            for attribute in dir(type(client)):
                if not attribute.startswith("_"):
                    getattr(client, attribute)
    with tally.timed("mypy"):
        report, status = mypy_in_process(targets, mypy_cache)
    assert status == 0, f"mypy --strict fails on the generated SDK:\n{report}"


@contextlib.contextmanager
def example_folder(root: Path, counter: Iterator[int]) -> Iterator[Path]:
    folder = root / f"example{next(counter)}"
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def counter() -> Iterator[int]:
    index = 0
    while True:
        yield index
        index += 1


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def report_tally(capsys: pytest.CaptureFixture[str], tally: Tally, what: str) -> None:
    with capsys.disabled():
        print(f"\n{tally.summary(what)}")


# -- the properties -------------------------------------------------------------------------------


def test_any_document_generates_working_code_or_located_errors(
    tmp_path: Path,
    mypy_cache: Path,
    capsys: pytest.CaptureFixture[str],
    record_property: Callable[[str, object], None],
) -> None:
    tally = Tally()
    numbers = counter()

    @PROPERTY_SETTINGS
    @given(doc=documents(), as_yaml=st.booleans(), explicit_names=st.booleans())
    def check(doc: dict[str, Any], as_yaml: bool, explicit_names: bool) -> None:
        with example_folder(tmp_path, numbers) as folder:
            written = write_spec(doc, folder, as_yaml)
            note(f"spec: {written.spec.read_text(encoding='utf-8')}")
            out = folder / "sdk"
            names = "prop" if explicit_names else None
            config = Config(
                spec=written.spec,
                output=out,
                package_name=names and f"{names}-sdk",
                module=names and f"{names}_sdk",
                client_class=names and names.title(),
            )
            try:
                with tally.timed("generate"):
                    outcome = generate(config, written.label)
            except SpecError as error:
                assert_located(error.problems, written.label)
                assert not out.exists(), "a failed run wrote its output"
                tally.outcomes["located errors"] += 1
                return
            for warning in outcome.warnings:
                assert_located([warning], written.label)
            unsatisfiable = any(UNSATISFIABLE in w.message for w in outcome.warnings)
            check_generated_sdk(out, mypy_cache, tally, typed_snippets=not unsatisfiable)
            kind = "generated (a schema has no value)" if unsatisfiable else "generated"
            tally.outcomes[kind] += 1

    check()
    record_property("examples", sum(tally.outcomes.values()))
    report_tally(capsys, tally, "documents")


# -- deliberately broken documents ----------------------------------------------------------------


@dataclass(frozen=True)
class Breakage:
    """A mutation of a valid document, and where its problem is (a pointer, or None when the
    problem belongs to the whole file)."""

    name: str
    pointer: str | None


def walk(value: Json, parts: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Json]]:
    yield parts, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, (*parts, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, (*parts, index))


def pointer(parts: tuple[Any, ...]) -> str:
    return "#" + "".join("/" + escape_pointer_token(str(part)) for part in parts)


def schema_positions(doc: Json) -> list[tuple[Any, ...]]:
    """Where a schema sits: what `schema`, `items`, `additionalProperties` and each property
    hold."""
    found = []
    for parts, value in walk(doc):
        if not isinstance(value, dict) or not parts:
            continue
        parent = parts[-2] if len(parts) >= 2 else None
        if parts[-1] in ("schema", "items") or (
            parent in ("properties", "schemas") and parts[-3:-2] != ("discriminator",)
        ):
            found.append(parts)
    return found


def operation_positions(doc: Json) -> list[tuple[Any, ...]]:
    return [
        ("paths", path, method)
        for path, item in doc["paths"].items()
        for method in item
        if method in METHODS
    ]


def put(doc: Json, parts: tuple[Any, ...], value: Json) -> None:
    target = doc
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value


@st.composite
def broken_documents(draw: Draw) -> tuple[Json | str, Breakage, Json]:
    """A mutated document, what was broken, and the document before (which may have had
    problems of its own)."""
    base = draw(documents())
    doc, breakage = mutated(draw, json.loads(json.dumps(base)))
    return doc, breakage, base


def mutated(draw: Draw, doc: Json) -> tuple[Json | str, Breakage]:
    kind = draw(
        st.sampled_from(
            [
                "wrong type",
                "missing ref",
                "malformed ref",
                "ref to a missing file",
                "ref cycle",
                "no openapi field",
                "unsupported version",
                "swagger 2",
                "not a mapping",
                "syntax error",
                "undeclared path parameter",
                "duplicate operationId",
                "missing responses",
                "no info",
                "parameter without in",
                "path not starting with a slash",
                "lone surrogate",
            ]
        )
    )
    schemas_at = schema_positions(doc)
    operations_at = operation_positions(doc)
    if kind == "missing ref" and schemas_at:
        where = draw(st.sampled_from(schemas_at))
        put(doc, where, {"$ref": "#/components/schemas/NoSuchSchema"})
        return doc, Breakage(kind, pointer((*where, "$ref")))
    if kind == "malformed ref" and schemas_at:
        where = draw(st.sampled_from(schemas_at))
        put(doc, where, {"$ref": draw(st.sampled_from(["#components/schemas/X", "#x", "#/"]))})
        return doc, Breakage(kind, pointer(where))
    if kind == "ref to a missing file" and schemas_at:
        where = draw(st.sampled_from(schemas_at))
        put(doc, where, {"$ref": draw(st.sampled_from(["other.yaml#/Pet", "Pet", "./x.json"]))})
        return doc, Breakage(kind, pointer((*where, "$ref")))
    if kind == "ref cycle":
        cycle = draw(st.integers(1, 3))
        names = [f"Loop{i}" for i in range(cycle)]
        block = doc.setdefault("components", {}).setdefault("schemas", {})
        for index, loop_name in enumerate(names):
            block[loop_name] = {"$ref": f"#/components/schemas/{names[(index + 1) % cycle]}"}
        if draw(st.booleans()) and schemas_at:
            put(doc, draw(st.sampled_from(schemas_at)), {"$ref": "#/components/schemas/Loop0"})
        return doc, Breakage(kind, "#/components/schemas")
    if kind == "wrong type":
        choices: list[tuple[tuple[Any, ...], Json]] = [
            (("info",), draw(st.sampled_from(["x", [], 5]))),
            (("info", "title"), draw(st.sampled_from([5, [], {}, None]))),
            (("paths",), draw(st.sampled_from([[], "x", 5]))),
            (("openapi",), 3.1),
            (("servers",), {"url": "x"}),
            (("tags",), "x"),
            (("security",), {"a": []}),
            (("components",), []),
            (("components", "schemas"), []),
        ]
        for op in operations_at:
            choices += [
                ((*op, "responses"), draw(st.sampled_from(["ok", [], 200]))),
                ((*op, "parameters"), draw(st.sampled_from([{"a": 1}, "x", [5]]))),
                ((*op, "operationId"), draw(st.sampled_from([5, [], {}]))),
                ((*op, "tags"), "x"),
                ((*op, "requestBody"), draw(st.sampled_from(["x", [], {"content": []}]))),
            ]
        for at in schemas_at:
            choices += [
                ((*at, "type"), draw(st.sampled_from([5, "strng", {}, "Object"]))),
                ((*at, "required"), draw(st.sampled_from(["yes", 5, {}]))),
                ((*at, "properties"), draw(st.sampled_from([[], "x", 5]))),
                ((*at, "enum"), draw(st.sampled_from(["a", 5, {}]))),
            ]
        where, value = draw(st.sampled_from(choices))
        if where[0] == "components" and len(where) > 1:
            doc.setdefault("components", {})
        put(doc, where, value)
        return doc, Breakage(kind, pointer(where))
    if kind == "no openapi field":
        del doc["openapi"]
        return doc, Breakage(kind, None)
    if kind == "unsupported version":
        doc["openapi"] = draw(st.sampled_from(["2.0", "4.0.0", "3", "", "3.2.0x"]))
        return doc, Breakage(kind, None)
    if kind == "swagger 2":
        del doc["openapi"]
        doc["swagger"] = "2.0"
        return doc, Breakage(kind, None)
    if kind == "not a mapping":
        return draw(st.sampled_from([[doc], "just text", 5, None])), Breakage(kind, None)
    if kind == "lone surrogate":
        # JSON can escape half of a surrogate pair alone; no file can hold such text.
        spot: tuple[Any, ...] = ("info", "title")
        if draw(st.booleans()) and operations_at:
            spot = (*draw(st.sampled_from(operations_at)), "description")
        put(doc, spot, draw(st.sampled_from(["lone \ud800 half", "\udc00"])))
        return json.dumps(doc), Breakage(kind, pointer(spot))
    if kind == "syntax error":
        return (
            draw(st.sampled_from(["{", '{"openapi": ', "a: [1,\n", "a: b: c", "\t- x\n  y: ]"])),
            Breakage(kind, None),
        )
    if kind == "undeclared path parameter" and operations_at:
        path = draw(st.sampled_from(list(doc["paths"])))
        doc["paths"][path.rstrip("/") + "/{undeclared}"] = doc["paths"].pop(path)
        return doc, Breakage(kind, pointer(("paths",)))
    if kind == "duplicate operationId" and len(operations_at) >= 2:
        first, second = draw(
            st.lists(st.sampled_from(operations_at), min_size=2, max_size=2, unique=True)
        )
        for op in (first, second):
            put(doc, (*op, "operationId"), "sameId")
        return doc, Breakage(kind, pointer(("paths",)))
    if kind == "missing responses" and operations_at:
        doc["openapi"] = "3.0.3"
        op = draw(st.sampled_from(operations_at))
        item = doc["paths"][op[1]][op[2]]
        item.pop("responses", None)
        return doc, Breakage(kind, pointer(op))
    if kind == "no info":
        del doc["info"]
        return doc, Breakage(kind, None)
    if kind == "parameter without in" and operations_at:
        op = draw(st.sampled_from(operations_at))
        item = doc["paths"][op[1]][op[2]]
        bad = {"name": "p", "schema": {"type": "string"}}
        if draw(st.booleans()):
            bad["in"] = "body"
        item["parameters"] = [*item.get("parameters", []), bad]
        return doc, Breakage(kind, pointer(op))
    # Otherwise (and for mutations that found nothing to mutate): a path without its slash.
    path = next(iter(doc["paths"]))
    doc["paths"]["no-slash" + path] = doc["paths"].pop(path)
    return doc, Breakage("path not starting with a slash", pointer(("paths",)))


def related(found: str, expected: str) -> bool:
    """Whether a problem's pointer is the expected place, inside it, or one of its parents
    (as printed: what a terminal would not show plainly is escaped)."""
    expected = "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in expected
    )
    return (
        found == expected
        or found.startswith(expected + "/")
        or expected.startswith(found + "/")
        or found == "#"
    )


def test_broken_documents_fail_with_located_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    record_property: Callable[[str, object], None],
) -> None:
    """Through the CLI: exit code 1, every line of stderr a located problem, nothing written."""
    tally = Tally()
    numbers = counter()
    (tmp_path / "pyproject.toml").write_text("[tool.sdkgen]\n")

    @settings(PROPERTY_SETTINGS, max_examples=BROKEN_EXAMPLES)
    @given(case=broken_documents(), as_yaml=st.booleans())
    def check(case: tuple[Json | str, Breakage, Json], as_yaml: bool) -> None:
        doc, breakage, base = case
        with example_folder(tmp_path, numbers) as folder:
            if isinstance(doc, str):
                folder.mkdir()
                suffix = ".yaml" if as_yaml and breakage.name != "lone surrogate" else ".json"
                spec = folder / f"spec{suffix}"
                spec.write_text(doc, encoding="utf-8")
            else:
                spec = write_spec(doc, folder, as_yaml).spec
            note(f"{breakage}; spec: {spec.read_text(encoding='utf-8')}")
            out = folder / "sdk"
            label = spec.relative_to(tmp_path).as_posix()
            stdout, stderr = io.StringIO(), io.StringIO()
            argv = ["generate", "--spec", str(spec), "--out", str(out), "--quiet"]
            argv += ["--config", str(tmp_path / "pyproject.toml")]
            redirect = contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr)
            with redirect[0], redirect[1], tally.timed("sdkgen"):
                try:
                    status = cli.main(argv)
                except SystemExit as exit_:  # argparse's usage errors
                    status = int(exit_.code or 0)
            errors = stderr.getvalue()
            note(f"exit {status}; stderr:\n{errors}")
            assert status == 1, f"{breakage.name}: exit {status}, expected 1\n{errors}"
            assert not out.exists(), "a failed run wrote its output"
            lines = errors.splitlines()
            assert lines
            pointers = []
            for line in lines:
                match = LOCATED.match(line)
                assert match, f"not a located problem: {line!r}"
                assert match["file"] == label, line
                assert "internal error" not in line, line
                if not match["message"].startswith("warning: "):
                    pointers.append(match["pointer"])
            assert pointers, f"{breakage.name}: only warnings\n{errors}"
            if breakage.pointer is not None and not any(
                related(p, breakage.pointer) for p in pointers
            ):
                # Loading stops at the first stage with problems: an accidental $ref cycle in
                # the document before the mutation can hide a later stage's problem.
                before = write_spec(base, folder / "before", False)
                with pytest.raises(SpecError):
                    generate(Config(spec=before.spec, output=folder / "sdk2"), before.label)
                tally.outcomes["masked by an earlier problem"] += 1
            tally.outcomes[breakage.name] += 1

    check()
    record_property("examples", sum(tally.outcomes.values()))
    report_tally(capsys, tally, "broken documents")


# -- regressions the property test found ----------------------------------------------------------


def generated(tmp_path: Path, spec_text: str, suffix: str = ".yaml") -> Path:
    spec = tmp_path / f"spec{suffix}"
    spec.write_text(spec_text, encoding="utf-8")
    out = tmp_path / "sdk"
    generate(
        Config(spec=spec, output=out, package_name="reg-sdk", module="reg_sdk", client_class="Reg"),
        spec.name,
    )
    return out


def problems_of(tmp_path: Path, spec_text: str, suffix: str = ".yaml") -> list[str]:
    with pytest.raises(SpecError) as caught:
        generated(tmp_path, spec_text, suffix)
    assert not (tmp_path / "sdk").exists()
    return [str(problem) for problem in caught.value.problems]


HEAD = "openapi: 3.1.0\ninfo: {title: Reg, version: '1'}\n"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("'#x'", "'#x' is not a JSON pointer reference"),
        ("'#/components/schemas/Nope'", "$ref '#/components/schemas/Nope' points nowhere"),
    ],
)
def test_a_ref_that_leads_to_a_broken_ref_is_a_located_error(
    tmp_path: Path, ref: str, message: str
) -> None:
    """Was an internal KeyError: the check that every chain of refs reaches a value followed
    the alias into the broken ref."""
    spec = (
        HEAD
        + f"""\
paths: {{}}
components:
  schemas:
    Broken: {{$ref: {ref}}}
    Alias: {{$ref: '#/components/schemas/Broken'}}
"""
    )
    assert problems_of(tmp_path, spec) == [
        f"spec.yaml: #/components/schemas/Broken/$ref (line 6): {message}"
    ]


def test_a_lone_surrogate_escape_in_json_is_a_located_error(tmp_path: Path) -> None:
    """Was an internal UnicodeEncodeError when the text was written out."""
    spec = '{"openapi": "3.1.0", "info": {"title": "a\\ud800", "version": "1"}, "paths": {}}'
    assert problems_of(tmp_path, spec, ".json") == [
        "spec.json: #/info/title (line 1): \\ud800 is half of a surrogate pair, alone: "
        "not a character"
    ]


def test_problems_print_on_one_line_with_no_terminal_control() -> None:
    problem = Problem(Level.ERROR, "a.yaml", "#/paths/~1a\nb\x1b[31m", "bad \u2028 ü", 3)
    assert str(problem) == "a.yaml: #/paths/~1a\\nb\\x1b[31m (line 3): bad \\u2028 ü"


def test_a_title_beyond_the_bmp_makes_valid_toml(tmp_path: Path) -> None:
    """JSON's surrogate-pair escapes are not TOML: pyproject.toml did not parse."""
    import tomllib

    out = generated(tmp_path, HEAD.replace("Reg", 'Snakes 🐍 𐀀 \\" ü') + "paths: {}\n")
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert 'Snakes 🐍 𐀀 \\" ü' in project["description"]


DEFAULTS_SPEC = (
    HEAD
    + """\
x-speakeasy-globals:
  parameters:
    - {name: count, in: query, required: true, schema: {type: integer}}
    - {name: day, in: query, schema: {type: string, format: date, default: "2025-01-01"}}
    - {name: blob, in: header, schema: {type: string, format: binary, default: abc}}
    - {name: os, in: header, schema: {type: string}}
paths:
  /things:
    post:
      operationId: addThing
      parameters:
        - {name: since, in: query, required: true, schema: {type: string, format: date-time}}
        - name: blobs
          in: query
          required: true
          schema: {type: [array, boolean], items: {type: string, format: binary}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [files, meta]
              properties:
                files: {type: array, items: {type: string, format: binary}}
                meta: {$ref: '#/components/schemas/Meta'}
      responses:
        "200":
          description: A stream of things
          content:
            application/x-ndjson: {schema: {type: object, properties: {a: {type: string}}}}
components:
  securitySchemes:
    str: {type: http, scheme: bearer}
  schemas:
    Meta:
      type: object
      required: [photo]
      properties:
        photo: {type: string, format: binary}
        f: {type: string, format: binary, default: abc}
        d: {type: string, format: date, default: "2025-01-01"}
        t: {type: string, format: date-time, default: "2025-01-01T00:00:00Z"}
        o: {type: object, properties: {x: {type: string}}, default: {}}
        lo:
          type: array
          items: {type: object, properties: {x: {type: string}}}
          default: [{x: a}]
        li: {type: array, items: {type: integer}, default: [1, 2]}
        e: {enum: [a, b], default: b}
"""
)


def test_defaults_globals_uploads_and_streams_type_check(tmp_path: Path, mypy_cache: Path) -> None:
    """What the property test found in generated code, in one SDK, snippets included:
    - defaults no Python literal of the field's type can state (bytes, dates, models) were
      written anyway (`f: Optional[bytes] = "abc"`); they stay with the server now;
    - snippets passed `"<count>"` to an int global, and text to date and nested bytes
      arguments; dates now take ISO 8601 text too, and bytes are written as bytes;
    - a JSON-like content type that is not JSON (x-ndjson) got a JSON decoder typed as a
      stream, and the module did not import;
    - a global called `os` hid the module the constructor reads the environment with, and a
      security scheme called `str` the type its body annotates with."""
    out = generated(tmp_path, DEFAULTS_SPEC)
    check_generated_sdk(out, mypy_cache, Tally())
    models = (out / "src" / "reg_sdk" / "models" / "shared.py").read_text()
    for kept in ("li: Optional[List[int]] = [1, 2]", 'e: Optional[Literal["a", "b"]] = "b"'):
        assert kept in models
    for dropped in ("f", "d", "t", "o", "lo"):
        assert re.search(rf"\n    {dropped}: Optional\[.*\] = None\n", models), dropped
    assert '"200": StreamBody()' in (out / "src" / "reg_sdk" / "sdk.py").read_text()
    readme = (out / "README.md").read_text()
    assert "count=0," in readme and 'files=[b"<binary>"]' in readme
    assert 'blobs=[b"<binary>"]' in readme  # bytes inside a union too
    client = (out / "src" / "reg_sdk" / "sdk.py").read_text()
    assert "os_: Optional[str] = None," in client and "str_: Optional[" in client


def test_a_schema_whose_oneof_leads_back_to_itself_is_a_problem_not_a_crash(
    tmp_path: Path,
) -> None:
    """The validator recursed through its own default until the C stack overflowed: the
    process died of a segmentation fault (`sdkgen validate` exited with -11, no message)."""
    spec = HEAD + "paths: {}\ncomponents:\n  schemas:\n    A:\n"
    spec += "      oneOf: [{$ref: '#/components/schemas/A'}]\n      default: 1\n"
    [problem] = problems_of(tmp_path, spec)
    assert problem.startswith("spec.yaml: #: the document's structure could not be validated")


NESTED_SPEC = (
    HEAD
    + """\
paths:
  /deep:
    post:
      operationId: deep
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/L1'}}}
      responses: {"204": {description: Done}}
components:
  schemas:
"""
    + "".join(
        f"    L{i}: {{type: object, required: [next], properties: {{next: "
        f"{{$ref: '#/components/schemas/L{i + 1}'}}}}}}\n"
        for i in range(1, 7)
    )
    + "    L7: {type: object, required: [end], properties: {end: {type: string}}}\n"
)


def test_snippet_values_nest_required_models_to_the_end(tmp_path: Path, mypy_cache: Path) -> None:
    """Snippet values stopped at depth 4 with `{}`, which lacks the required keys; now they
    stop only where a model would contain itself."""
    out = generated(tmp_path, NESTED_SPEC)
    readme = (out / "README.md").read_text()
    assert '{"next": {"next": {"next": {"next": {"next": {"end": "<value>"}}}}}}' in readme
    check_generated_sdk(out, mypy_cache, Tally())


def test_a_schema_no_value_can_satisfy_is_named(tmp_path: Path) -> None:
    """Where every way on is required (a Node needs a Node), no value exists, nor a snippet
    that type-checks: the generator says so, at the schema."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD
        + """\
paths:
  /loop:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}
      responses:
        "200":
          description: A tree, which ends where a list of children is empty
          content: {application/json: {schema: {$ref: '#/components/schemas/Tree'}}}
components:
  schemas:
    Node:
      type: object
      required: [child]
      properties: {child: {$ref: '#/components/schemas/Node'}}
    Tree:
      type: object
      required: [children]
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
""",
        encoding="utf-8",
    )
    outcome = generate(Config(spec=spec, output=tmp_path / "sdk"), "spec.yaml")
    assert [str(w) for w in outcome.warnings] == [
        "spec.yaml: #/components/schemas/Node (line 15): warning: no value can have all its"
        " required properties: they lead back to this schema, with no null, list or"
        " alternative on the way"
    ]


@pytest.mark.parametrize("name", ["a!b", "a!", "a:b"])
def test_path_parameters_are_read_as_openapi_templates(tmp_path: Path, name: str) -> None:
    """The validator read the path as a Python format string: `{a!b}` named `a` (so `a!b`
    was "not resolved"), and `{a!}` stopped the whole validation with a ValueError."""
    out = generated(
        tmp_path,
        HEAD
        + f"""\
paths:
  /x/{{{name}}}:
    get:
      parameters: [{{name: '{name}', in: path, required: true, schema: {{type: string}}}}]
      responses: {{"204": {{description: Done}}}}
""",
    )
    assert f'path="/x/{{{name}}}"' in (out / "src" / "reg_sdk" / "sdk.py").read_text()
