"""Every Python name the SDK uses is made here: valid identifiers, stable, collision-free."""

from __future__ import annotations

import bisect
import keyword
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from generator.runtime_facts import runtime_facts

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
        "AsyncEventStream", "EventStream", "EventsBody", "UnknownEvent",
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

    def take(self, name: str) -> None:
        """Holds `name` as it is (a name an earlier generation gave, which must stay)."""
        self._taken.add(self._fold(name))

    def __contains__(self, name: str) -> bool:
        return self._fold(name) in self._taken or self._fold(name) in self._reserved


def _numbered(base: str, counter: int) -> str:
    """`item_2` for snake_case names, `Customer2` for PascalCase ones."""
    if base.endswith("_"):
        return f"{base}{counter}"
    if base.islower() or base[-1].isdigit():
        return f"{base}_{counter}"
    return f"{base}{counter}"


# -- the SDK's own names --------------------------------------------------------------------------


def _title_words(title: str) -> str:
    """The title without the word `API`: "Autumn API" names `Autumn` and `autumn_sdk`."""
    return re.sub(r"(?i)\bapi\b", "", title).strip() or title


def client_class_name(title: str, configured: str | None, validation_error: str) -> str:
    """The client class; never the validation error's name, which the client module imports
    (a spec titled "Response Validation Error")."""
    name = configured or pascal_case(_title_words(title), "Client")
    if keyword.iskeyword(name) or name in TEMPLATE_NAMES or name == validation_error:
        name += "Client"
    return name


def module_name(title: str, configured: str | None) -> str:
    return configured or snake_case(_title_words(title), "api") + "_sdk"


def package_name(module: str, configured: str | None) -> str:
    return configured or module.replace("_", "-")


def error_base_name(client_class: str, configured: str | None) -> str:
    return configured or f"{client_class}Error"


def default_error_name(client_class: str, configured: str | None) -> str:
    """The error raised for a 4XX or 5XX answer the spec does not document."""
    return configured or f"{client_class}DefaultError"


def validation_error_name(configured: str | None) -> str:
    """The error raised when a 2XX body does not fit its model."""
    return configured or "ResponseValidationError"


def client_variable(client_class: str, module: str) -> str:
    """The variable the snippets bind the client to: `with Autumn() as autumn:`."""
    name = snake_case(client_class, "client")
    if keyword.iskeyword(name) or name in SNIPPET_NAMES or name == module:
        name += "_client"
    return name


def env_prefix(client_class: str) -> str:
    """The prefix of the environment variables the client reads (`AUTUMN_SERVER_URL`)."""
    return snake_case(client_class, "client").upper()


def root_docs_dir(client_class: str) -> str:
    """The docs folder of the operations on the client itself (docs/sdks/<this>/)."""
    return client_class.lower()


# -- names claimed while the builder walks the spec -----------------------------------------------


class TypeHints:
    """The preferred class names of one operation's inline schemas, after its operationId."""

    def __init__(self, operation_id: str) -> None:
        self.base = pascal_case(operation_id, "Operation")

    def parameter(self, wire_name: str) -> str:
        return self.base + pascal_case(wire_name)

    def request(self, title: str) -> str:
        return title or self.base + "Request"

    def response(self, code: str, only: bool) -> str:
        return (
            self.base + "Response"
            if code in ("200", "2XX") or only
            else f"{self.base}Response{code}"
        )

    def error_data(self, code: str) -> str:
        return f"{self.base}{code.title()}ErrorData"


def global_hint(wire_name: str) -> str:
    """The preferred class name of a global parameter's inline schema."""
    return pascal_case(wire_name)


def call_options() -> frozenset[str]:
    """The names a method's own arguments must not take: `self`, and the keyword arguments every
    generated method takes besides the operation's own (the runtime's table of them)."""
    return frozenset({"self", *(option.name for option in runtime_facts().call_options)})


def call_scope() -> NameScope:
    """The keyword arguments of one generated method, beside the options every call takes."""
    return NameScope(call_options())


@dataclass(frozen=True, kw_only=True)
class ResourceNames:
    """The names one tag (or `x-speakeasy-group`) gives its resource."""

    attribute: str
    class_name: str
    module: str
    docs_dir: str
    title: str


@dataclass(frozen=True, kw_only=True)
class WebhookNames:
    """The names of the client's webhooks attribute, its class and module, the union of events,
    the class of events the SDK does not know, the constructor's secret argument, and the errors
    of a delivery that fails verification or does not fit its event's model."""

    module: str
    attribute: str
    class_name: str
    union: str
    unknown: str
    secret_argument: str
    verification_error: str
    payload_error: str


# The key of the webhooks' models module among the groups' ones; no tag can be this string.
_WEBHOOK_FAMILY = "\x00webhooks"

# Module names the SDK's own files take beside the resources' modules.
_SDK_MODULES = frozenset({"sdk", "basesdk", "models", "errors", "utils", "_version"})


class KeyedScope:
    """A NameScope whose claims are keyed and locked like the API-wide ones (see `ApiNames`):
    the fields of one model, the arguments of one method."""

    def __init__(self, names: ApiNames, prefix: str, scope: NameScope) -> None:
        self._names = names
        self._prefix = prefix
        self._scope = scope
        names.hold(scope, prefix)

    def claim(self, key: str, preferred: str) -> str:
        return self._names.keyed(self._scope, self._prefix + key, preferred)


def _made_from(name: str, preferred: str) -> bool:
    r"""Whether NameScope.claim could have made `name` from `preferred`: as it is, with trailing
    underscores (a keyword or reserved name), a number (a clash), or a `Resource` suffix: the
    pattern `preferred(Resource)?_*(_?\d+)?`, matched by hand (a pattern per name filled the
    regex cache, and compiling them was most of a build holding Graph's lock)."""
    if not name.startswith(preferred):
        return False
    rest = name[len(preferred) :]
    return _clash_suffix(rest) or (
        rest.startswith("Resource") and _clash_suffix(rest[len("Resource") :])
    )


def _clash_suffix(text: str) -> bool:
    r"""`_*(_?\d+)?`, which is underscores then digits (`\d` being any decimal digit)."""
    digits = text.lstrip("_")
    return not digits or digits.isdecimal()


# The namespaces a name lock covers, by the prefix of its keys (see `ApiNames`).
# The lock's keys of old class names kept as aliases of the classes that replaced them.
ALIAS_KEY = "alias-of:"
_CLASS_KEYS = ("model:", "typeddict:", "resource-class:", ALIAS_KEY, "webhooks-class:")


class ApiNames:
    """The namespaces that span the whole API, claimed in the order the builder meets the spec:
    the first claimant keeps the plain name.

    Adding to a spec must never rename what an earlier generation exported, and the walk order
    alone cannot promise that (a new schema or operation met first would take a name). So every
    name is claimed under a key saying where it comes from (`model:<pointer>`,
    `method:<group>:<METHOD path>`, ...), and the names of an earlier build (its `lock`) are
    held before anything else is claimed: a part of the spec that had a name keeps it, and a
    newcomer whose preferred name is held yields and takes a number. Every claim is recorded, so
    the build's own lock is `recorded`."""

    def __init__(self, lock: Mapping[str, str] | None = None) -> None:
        self._lock = dict(lock or {})
        # The locked names of each model's fields and each method's arguments, by the prefix
        # (up to `|`) of their keys: there are thousands, and each scope needs only its own.
        self._scoped: dict[str, list[str]] = {}
        self._scoped_keys: dict[str, list[str]] = {}
        # Sorted once: the keys under a prefix are a run of this list, found by bisection
        # (Microsoft Graph's lock has 120,000 keys, and a scope is held per resource).
        self._sorted_keys = sorted(self._lock)
        for key in self._sorted_keys:
            if "|" in key:
                prefix = key[: key.index("|") + 1]
                self._scoped.setdefault(prefix, []).append(self._lock[key])
                self._scoped_keys.setdefault(prefix, []).append(key)
        self.recorded: dict[str, str] = {}
        # Models, resource classes and the client class, imported side by side.
        self.classes = NameScope(TEMPLATE_NAMES, fold_case=True)
        # Globals, credentials and server variables share the constructor's keyword arguments.
        self._constructor = NameScope(CONSTRUCTOR_OPTIONS)
        self._errors = NameScope(frozenset({"Any", "Optional", "httpx"}))
        self._family_scope = NameScope(frozenset({"shared"}), fold_case=True)
        self._families: dict[str | None, str] = {}
        self._methods: dict[str | None, NameScope] = {}
        # The client's attributes and the SDK's modules, kept from `resources` so that the
        # webhooks, named after every resource, take only what is left.
        self._attributes = NameScope(CLIENT_RESERVED)
        self._modules = NameScope(_SDK_MODULES)

    def hold(self, scope: NameScope, *prefixes: str) -> None:
        """Holds, in `scope`, the locked names whose keys start with one of `prefixes`."""
        if len(prefixes) == 1 and prefixes[0].endswith("|"):
            held = self._scoped.get(prefixes[0], [])
        else:
            held = [self._lock[key] for key in self._keys_under(prefixes)]
        for name in held:
            if name not in scope:
                scope.take(name)

    def _keys_under(self, prefixes: tuple[str, ...]) -> list[str]:
        """The lock's keys that start with one of `prefixes`, in sorted order."""
        keys = self._sorted_keys
        found: set[str] = set()
        for prefix in prefixes:
            start = bisect.bisect_left(keys, prefix)
            end = start
            while end < len(keys) and keys[end].startswith(prefix):
                end += 1
            found.update(keys[start:end])
        return sorted(found)

    def keyed(self, scope: NameScope, key: str, preferred: str) -> str:
        """The locked name of `key` (already held), or a new claim of `preferred`. A locked
        name made from another preferred name (an operationId or a name override changed) is
        a deliberate rename: the new name is claimed, and the old one stays held."""
        locked = self._lock.get(key)
        name = (
            locked
            if locked is not None and key not in self.recorded and _made_from(locked, preferred)
            else None
        )
        if name is None:
            name = scope.claim(preferred)
        self.recorded[key] = name
        return name

    def moved_models(self, built: Mapping[str, frozenset[str]]) -> list[tuple[str, str, str]]:
        """The old class names to keep as aliases, as (old class, old TypedDict, target key).

        `built` maps the key of each model this build made to its properties' wire names. A
        model of the lock whose schema is gone is taken to have moved where a schema this build
        adds has the same properties: an inline schema made a component, with the inline
        schemas inside it (a component first, then in key order; several old copies of one
        shape all name the one new model). An alias made earlier stays while its target does."""
        found: list[tuple[str, str, str]] = []
        for key in sorted(self._lock):
            if key.startswith(ALIAS_KEY) and "|class:" in key:
                kept, old = key[len(ALIAS_KEY) :].split("|class:", 1)
                if kept in built:
                    typed = self._lock.get(f"{ALIAS_KEY}{kept}|typeddict:{old}", old + "TypedDict")
                    found.append((old, typed, kept))
        gone = [key for key in sorted(self._lock) if key.startswith("model:") and key not in built]
        added = sorted(
            (key for key in built if key not in self._lock),
            key=lambda key: ("#/components/schemas/" not in key, key),
        )
        for key in gone:
            shape = frozenset(
                held.split("|", 1)[1] for held in self._scoped_keys.get(f"field:{key}|", [])
            )
            moved_to = next((new for new in added if built[new] == shape and shape), None)
            typed_dict = self._lock.get(f"typeddict:{key[len('model:') :]}")
            if moved_to is not None and typed_dict is not None:
                found.append((self._lock[key], typed_dict, moved_to))
        for old, typed_dict, target in found:
            self.recorded[f"{ALIAS_KEY}{target}|class:{old}"] = old
            self.recorded[f"{ALIAS_KEY}{target}|typeddict:{old}"] = typed_dict
        return found

    def scope(self, prefix: str, reserved: frozenset[str]) -> KeyedScope:
        """A namespace of its own (a model's fields, a method's arguments) whose keys start
        with `prefix`, locked like the others."""
        return KeyedScope(self, prefix, NameScope(reserved))

    def hold_locked(self) -> None:
        """Holds every locked name, before the spec's own names are claimed (and after the SDK's
        own, which the settings fix)."""
        self.hold(self.classes, *_CLASS_KEYS)
        self.hold(self._constructor, "argument:")
        self.hold(self._errors, "error:")
        self.hold(self._family_scope, "family:")

    def class_name(self, key: str, preferred: str) -> str:
        """A model's (or its TypedDict's) class name; `key` says where its schema is."""
        return self.keyed(self.classes, key, preferred)

    def claim_sdk(self, client_class: str, error_classes: tuple[str, ...]) -> None:
        self.classes.claim(client_class)
        for name in error_classes:
            self._errors.claim(name)

    def constructor_argument(self, key: str, wire_name: str, fallback: str = "value") -> str:
        """A global, credential or server variable; `key` says which (`global:X-Api-Key`)."""
        return self.keyed(self._constructor, f"argument:{key}", snake_case(wire_name, fallback))

    def family_module(self, group: str | None) -> str:
        """The models module of one resource's inline schemas; `shared` holds the components."""
        if group not in self._families:
            preferred = (
                "operations"
                if group is None
                else "webhooks"
                if group == _WEBHOOK_FAMILY
                else snake_case(group, "resource")
            )
            self._families[group] = self.keyed(
                self._family_scope, f"family:{group or ''}", preferred
            )
        return self._families[group]

    def _method_scope(self, group: str | None) -> NameScope:
        if group not in self._methods:
            scope = NameScope(CLIENT_RESERVED if group is None else METHOD_RESERVED)
            self.hold(scope, f"method:{group or ''}:")
            self._methods[group] = scope
        return self._methods[group]

    def operation(self, group: str | None, key: str, preferred: str) -> tuple[str, str]:
        """The method and its async twin, on the client (group None) or on a resource; the
        twin's name is claimed too, so no other operation can take it. `key` is the
        operation's wire method and path."""
        scope = self._method_scope(group)
        prefix = f"method:{group or ''}:{key}"
        method = self.keyed(scope, prefix, snake_case(preferred, "call"))
        return method, self.keyed(scope, f"{prefix}:async", method.rstrip("_") + "_async")

    def pages(self, group: str | None, key: str, method: str) -> tuple[str, str]:
        """The page iterators of a paginated method, beside it on its class."""
        scope = self._method_scope(group)
        prefix = f"method:{group or ''}:{key}"
        pages = self.keyed(scope, f"{prefix}:pages", f"{method.rstrip('_')}_pages")
        return pages, self.keyed(scope, f"{prefix}:pages-async", f"{pages}_async")

    def error_class(self, data_model: str) -> str:
        """`NotFound` raises `NotFoundError`, an inline body of createThing's 404
        (`CreateThing404ErrorData`) raises `CreateThing404Error`."""
        if data_model.endswith("ErrorData"):
            preferred = data_model.removesuffix("Data")
        else:
            preferred = data_model if data_model.endswith("Error") else f"{data_model}Error"
        return self.keyed(self._errors, f"error:{data_model}", preferred)

    def resources(
        self, tags: list[str], root_methods: set[str], root_docs: str
    ) -> dict[str, ResourceNames]:
        """The names of each resource, in `tags` order; attributes must not shadow the client's
        own methods, and no docs folder may take the root operations' one."""
        attributes = self._attributes = NameScope(CLIENT_RESERVED | root_methods)
        modules = self._modules
        docs_dirs = NameScope(frozenset({root_docs}), fold_case=True, python=False)
        for scope, prefixes in (
            (attributes, ("resource:", "webhooks-attribute:")),
            (modules, ("resource-module:", "webhooks-module:")),
            (docs_dirs, ("resource-docs:",)),
        ):
            self.hold(scope, *prefixes)
        found: dict[str, ResourceNames] = {}
        for tag in tags:
            attribute = self.keyed(attributes, f"resource:{tag}", snake_case(tag, "resource"))
            found[tag] = ResourceNames(
                attribute=attribute,
                class_name=self._resource_class(tag, pascal_case(tag, "Resource")),
                module=self.keyed(modules, f"resource-module:{tag}", attribute),
                docs_dir=self.keyed(docs_dirs, f"resource-docs:{tag}", attribute.replace("_", "")),
                title=pascal_case(tag, "Resource"),
            )
        return found

    def webhooks(self) -> WebhookNames:
        """The names webhooks bring, claimed after every other name of the API so that adding
        webhooks to a spec renames nothing the SDK already exported (and, locked, kept)."""
        return WebhookNames(
            module=self.keyed(self._modules, "webhooks-module:", "webhooks"),
            attribute=self.keyed(self._attributes, "webhooks-attribute:", "webhooks"),
            class_name=self.keyed(self.classes, "webhooks-class:class", "Webhooks"),
            union=self.keyed(self.classes, "webhooks-class:union", "WebhookEvent"),
            unknown=self.keyed(self.classes, "webhooks-class:unknown", "UnknownWebhookEvent"),
            secret_argument=self.keyed(
                self._constructor, "argument:webhook-secret", "webhook_secret"
            ),
            verification_error=self.keyed(
                self._errors, "error:\x00verification", "WebhookVerificationError"
            ),
            payload_error=self.keyed(self._errors, "error:\x00payload", "WebhookPayloadError"),
        )

    def webhook_family(self) -> str:
        """The models module of the webhooks' and callbacks' payloads."""
        return self.family_module(_WEBHOOK_FAMILY)

    def _resource_class(self, tag: str, preferred: str) -> str:
        """Resource classes share a namespace with the client class and the models, which the
        client module imports beside them; a clash takes a `Resource` suffix."""
        key = f"resource-class:{tag}"
        if key not in self._lock and preferred in self.classes:
            preferred += "Resource"
        return self.keyed(self.classes, key, preferred)
