"""A hypothesis grammar of OpenAPI 3.0 and 3.1 documents: hostile text and names, schemas
nesting three levels deep, parameters of every style, bodies and responses of many media
types, security schemes, vendor extensions, and now and then a flaw the validator must
locate."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from generator.problems import escape_pointer_token

Json = Any
Draw = st.DrawFn


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


def float_bounds(low: int | float, high: int | float) -> tuple[float, float]:
    """The closest floats inside [low, high]: hypothesis refuses a bound that no float equals
    (a large integer minimum), and rounding outwards would draw values the schema refuses."""
    low_float, high_float = float(low), float(high)
    if low_float < low:
        low_float = math.nextafter(low_float, math.inf)
    if high_float > high:
        high_float = math.nextafter(high_float, -math.inf)
    return low_float, high_float


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
            fitting |= st.floats(*float_bounds(low, high), allow_nan=False)
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
