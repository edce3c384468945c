"""Every Python name the SDK uses is made here: valid identifiers, stable, collision-free."""

from __future__ import annotations

import keyword
import re
import unicodedata

_WORD_BOUNDARY = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

# Attributes pydantic's BaseModel already has: a field with one of these names would shadow it.
MODEL_RESERVED = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj", "parse_raw",
        "schema", "schema_json", "update_forward_refs", "validate", "model_config", "model_fields",
        "model_computed_fields", "model_extra", "model_fields_set", "model_construct", "model_copy",
        "model_dump", "model_dump_json", "model_json_schema", "model_parametrized_name",
        "model_post_init", "model_rebuild", "model_validate", "model_validate_json",
        "model_validate_strings",
        # The lowercase names a model's annotations use (field names are always snake_case, so
        # the PascalCase ones cannot clash): builtins, and the helper of tagged unions.
        *("str", "int", "float", "bool", "bytes"), "field_tag",
    }
)  # fmt: skip

# Keyword arguments every generated method takes besides the operation's own.
CALL_OPTIONS = frozenset({"retries", "server_url", "timeout_ms", "http_headers", "self"})

# The class names the modules that hold models, resources and the client import or define
# besides them (tests/test_reserved_names.py checks this against every golden record); a
# schema, tag or title must never take one. Lowercase names are left out: no class has one.
TEMPLATE_NAMES = frozenset(
    {
        # typing, collections.abc, typing_extensions and pydantic, as the hints use them.
        "Annotated", "Any", "Callable", "Dict", "IO", "List", "Literal", "Optional",
        "TYPE_CHECKING", "Union", "AsyncIterator", "Iterator", "Mapping", "NotRequired",
        "TypedDict", "Field",
        # The SDK's runtime and utils.
        "AuthScheme", "BaseResource", "CallOptions", "ClientCore", "Endpoint", "ErrorTypes",
        "GlobalValue", "JsonBody", "NoBody", "ServerTemplate", "StreamBody", "TextBody",
        "ClientCredentials", "FileUpload", "Hooks", "Nullable", "OptionalNullable", "RetryConfig",
        "SDKModel", "UNSET",
        # Defined in sdk.py.
        "SERVERS", "SERVER_URL",
    }
)  # fmt: skip

# Constructor arguments every client takes besides its globals and credentials.
CONSTRUCTOR_OPTIONS = frozenset(
    {
        *("self", "server_url", "client", "async_client", "timeout_ms", "retry_config"),
        *("debug_logger", "hooks", "idempotency_header", "server_idx"),
        # What the constructor's body refers to, which an argument of that name would hide.
        *("os", "server_variables", "select_server", "default_user_agent", "init_hooks"),
        *("str", "dict"),
    }
)

# Names the snippets bind or import beside the client variable.
SNIPPET_NAMES = frozenset(
    {"asyncio", "errors", "logging", "httpx", "http_client", "res", "main", "models", "utils"}
)

# Method names that would shadow, inside the class body, a name the annotations there use.
METHOD_RESERVED = frozenset({"str", "int", "float", "bool", "bytes", "httpx", "deprecated"})
# The client class also refers to these modules and helpers in its own body.
CLIENT_RESERVED = METHOD_RESERVED | {"close", "aclose", "os", "logging", "httpx", "cached_property"}


def words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    found: list[str] = []
    for chunk in _WORD_BOUNDARY.split(ascii_text):
        found.extend(part for part in _CAMEL.split(chunk) if part)
    return found


def snake_case(text: str, fallback: str = "value") -> str:
    name = "_".join(word.lower() for word in words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    return name


def pascal_case(text: str, fallback: str = "Model") -> str:
    name = "".join(word[0].upper() + word[1:] for word in words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    return name


class NameScope:
    """Hands out unique names within one namespace; the first claimant keeps the plain name.

    Keywords and reserved names get a trailing underscore; later clashes get a number.
    """

    def __init__(
        self, reserved: frozenset[str] = frozenset(), fold_case: bool = False, python: bool = True
    ) -> None:
        # Names that also become file names (model pages, modules) must differ in more than case.
        self._fold = str.lower if fold_case else str
        self._python = python
        self._reserved = frozenset(self._fold(name) for name in reserved)
        self._taken: set[str] = set()

    def claim(self, preferred: str) -> str:
        base = preferred
        while (self._python and keyword.iskeyword(base)) or self._fold(base) in self._reserved:
            base += "_"
        name = base
        counter = 2
        while self._fold(name) in self._taken:
            name = _numbered(base, counter)
            counter += 1
        self._taken.add(self._fold(name))
        return name

    def __contains__(self, name: str) -> bool:
        return self._fold(name) in self._taken or self._fold(name) in self._reserved


def _numbered(base: str, counter: int) -> str:
    """`item_2` for snake_case names, `Customer2` for PascalCase ones."""
    if base.endswith("_"):
        return f"{base}{counter}"
    if base.islower() or base[-1].isdigit():
        return f"{base}_{counter}"
    return f"{base}{counter}"
