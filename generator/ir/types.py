"""The schema kinds: every type a field, argument or response can have.

Each kind is the one home of everything the stages ask of it: its Python hint in each mode (with
the imports the hint needs), its docs text, an example value, whether a JSON value fits it, a
value written as a literal of it, and the models it mentions. The questions are the abstract
methods of `Kind`; every kind is final, so mypy --strict rejects a kind that leaves one open.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, final
from typing import Literal as TypingLiteral

from generator.ir.code import Code, Import, generic, plain, typing_name
from generator.text import md_escape, py_literal

if TYPE_CHECKING:
    from generator.ir import Field

# Example and default values stay as the spec gave them (JSON-like data); renderers turn them into
# Python or Markdown literals.
JsonValue = Any

# "stream" is a binary response body, handed to the caller unread.
PrimitiveName = TypingLiteral["str", "int", "float", "bool", "bytes", "date", "datetime", "stream"]

# Where a hint is written: "model" names models (pydantic fields, responses); "input" also
# accepts their TypedDict (a caller's plain dict) and text for dates and uploads; "dict" names
# only the TypedDict, inside another TypedDict.
Mode = TypingLiteral["model", "input", "dict"]

# The fields of a model, by class name: examples and fits look inside the models they meet.
ModelFields = Callable[[str], "tuple[Field, ...]"]

# Lists and maps in synthesized examples stop growing at this depth.
_EXAMPLE_DEPTH = 3


class _Cycle:
    """The example of a type whose every value would need a model inside itself."""


_CYCLE = _Cycle()


class Kind(ABC):
    """The questions every schema kind answers."""

    @abstractmethod
    def hint(self, mode: Mode, open_enums: bool = False) -> Code:
        """The annotation for a value of this type; null shows as Optional. With `open_enums`,
        an enum also admits values a newer server may add. typing.List and typing.Dict, not
        the builtins: a method or field called `list` must not shadow the type beside it."""

    @abstractmethod
    def doc(self, models_path: str) -> str:
        """The type as the docs show it, with links to model pages under `models_path`."""

    @abstractmethod
    def example(self, fields_of: ModelFields, depth: int, building: frozenset[str]) -> Any:
        """A value, or _CYCLE where every value would need a model inside itself (`building`
        holds the models on the way here): null, an empty list or another union option ends
        such a chain, however deep the models nest."""

    @abstractmethod
    def fits(self, value: JsonValue, mode: Mode, fields_of: ModelFields) -> bool:
        """Whether a JSON value, written as a literal of this type (`literal`), is a value the
        hint of `mode` accepts. A spec's default or example can fit its schema and not the type
        (a schema's keywords for objects say nothing about an array); generated code must
        type-check."""

    @abstractmethod
    def literal(self, value: JsonValue, fields_of: ModelFields) -> str:
        """The value as a Python literal of the type: JSON has no bytes, so text where the type
        holds bytes (an upload, at any depth) is written as its UTF-8 bytes."""

    @abstractmethod
    def models(self) -> frozenset[str]:
        """The names of the models the type mentions, at any depth of lists, maps and unions."""


_DATETIME = Import(module="datetime", alias="_dt")
_PRIMITIVE_HINTS: dict[str, Code] = {
    "str": plain("str"),
    "int": plain("int"),
    "float": plain("float"),
    "bool": plain("bool"),
    "bytes": plain("bytes"),
    "stream": plain("httpx.Response", Import(module="httpx")),
    "date": plain("_dt.date", _DATETIME),
    "datetime": plain("_dt.datetime", _DATETIME),
}
# An upload: the content, an open file, or either with a name and content type.
_UPLOAD_HINT = plain(
    "Union[bytes, IO[bytes], FileUpload]",
    typing_name("Union"),
    typing_name("IO"),
    Import(module=".utils.files", name="FileUpload"),
)
_PRIMITIVE_DOCS = {
    "str": "*str*",
    "int": "*int*",
    "float": "*float*",
    "bool": "*bool*",
    "bytes": "*bytes*",
    "stream": "[httpx.Response](https://www.python-httpx.org/api/#response) (streamed)",
    "date": "[datetime.date](https://docs.python.org/3/library/datetime.html#date-objects)",
    "datetime": "[datetime.datetime](https://docs.python.org/3/library/datetime.html#datetime-objects)",
}
_PRIMITIVE_EXAMPLES: dict[str, Any] = {
    "str": "<value>",
    "int": 0,
    "float": 0,
    "bool": False,
    "bytes": "<binary>",
    "stream": "<binary>",
    "date": "2025-01-01",
    "datetime": "2025-01-01T00:00:00Z",
}
# The JSON values a primitive's Python type holds as they are; the others (dates, bytes) are
# only text the input side converts.
_JSON_VALUES: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "float": (int, float)}


@final
@dataclass(frozen=True, kw_only=True)
class Primitive(Kind):
    name: PrimitiveName
    format: str | None = None

    def hint(self, mode: Mode, open_enums: bool = False) -> Code:
        if self.name == "bytes" and mode == "input":
            return _UPLOAD_HINT
        if self.name in ("date", "datetime") and mode != "model":
            # Sent as ISO 8601 text, which a caller (and every docs example) may give as it is.
            return generic("Union", _PRIMITIVE_HINTS[self.name], plain("str"))
        return _PRIMITIVE_HINTS[self.name]

    def doc(self, models_path: str) -> str:
        return _PRIMITIVE_DOCS[self.name]

    def example(self, fields_of: ModelFields, depth: int, building: frozenset[str]) -> Any:
        return _PRIMITIVE_EXAMPLES[self.name]

    def fits(self, value: JsonValue, mode: Mode, fields_of: ModelFields) -> bool:
        if self.name == "bool" or isinstance(value, bool):
            return self.name == "bool" and isinstance(value, bool)
        if self.name in _JSON_VALUES:
            return isinstance(value, _JSON_VALUES[self.name])
        # A date, bytes or a stream is never a JSON literal; the input side takes text for it,
        # a model field (whose default pydantic leaves as it is) does not.
        return mode != "model" and isinstance(value, str)

    def literal(self, value: JsonValue, fields_of: ModelFields) -> str:
        if self.name == "bytes" and isinstance(value, str):
            # repr() of bytes is plain ASCII with escapes: nothing in it can end the literal.
            return repr(value.encode("utf-8"))
        return py_literal(value)

    def models(self) -> frozenset[str]:
        return frozenset()


def model_page(name: str) -> str:
    """The file name of a model's docs page."""
    return name.lower() + ".md"


@final
@dataclass(frozen=True, kw_only=True)
class ModelType(Kind):
    name: str
    # The TypedDict twin that lets callers pass a plain dict where the model is accepted.
    typed_dict: str
    # The module of the SDK's models package that defines both.
    module: str

    def hint(self, mode: Mode, open_enums: bool = False) -> Code:
        if mode == "dict":
            return self._named(self.typed_dict)
        if mode == "input":
            return generic("Union", *self.input_options())
        return self._named(self.name)

    def input_options(self) -> tuple[Code, Code]:
        """The model and its TypedDict: what a caller may pass."""
        return self._named(self.name), self._named(self.typed_dict)

    def _named(self, name: str) -> Code:
        return plain(name, Import(module=f".models.{self.module}", name=name))

    def doc(self, models_path: str) -> str:
        return f"[models.{self.name}]({models_path}{model_page(self.name)})"

    def example(self, fields_of: ModelFields, depth: int, building: frozenset[str]) -> Any:
        if self.name in building:
            return _CYCLE
        inside = building | {self.name}
        found = {}
        for field in fields_of(self.name):
            if field.required:
                found[field.wire_name] = field.type.example(fields_of, depth + 1, inside)
                if found[field.wire_name] is _CYCLE:
                    return _CYCLE
        return found

    def fits(self, value: JsonValue, mode: Mode, fields_of: ModelFields) -> bool:
        # A model's instance is never a literal; its TypedDict is, where the input side has one.
        if mode == "model" or not isinstance(value, dict):
            return False
        fields = {f.wire_name: f for f in fields_of(self.name) if not f.read_only}
        return (
            set(value) <= set(fields)
            and all(f.wire_name in value for f in fields.values() if f.required)
            and all(fields[key].type.fits(item, mode, fields_of) for key, item in value.items())
        )

    def literal(self, value: JsonValue, fields_of: ModelFields) -> str:
        if not isinstance(value, dict):
            return py_literal(value)
        types: dict[object, TypeRef] = {f.wire_name: f.type for f in fields_of(self.name)}
        return _dict_literal(value, lambda key: types.get(key, AnyType()), fields_of)

    def models(self) -> frozenset[str]:
        return frozenset({self.name})


@final
@dataclass(frozen=True, kw_only=True)
class ListType(Kind):
    item: TypeRef

    def hint(self, mode: Mode, open_enums: bool = False) -> Code:
        return generic("List", self.item.hint(mode, open_enums))

    def doc(self, models_path: str) -> str:
        return f"List[{self.item.doc(models_path)}]"

    def example(self, fields_of: ModelFields, depth: int, building: frozenset[str]) -> Any:
        if depth > _EXAMPLE_DEPTH:
            return []
        item = self.item.example(fields_of, depth + 1, building)
        return [] if item is _CYCLE else [item]

    def fits(self, value: JsonValue, mode: Mode, fields_of: ModelFields) -> bool:
        return isinstance(value, list) and all(
            self.item.fits(item, mode, fields_of) for item in value
        )

    def literal(self, value: JsonValue, fields_of: ModelFields) -> str:
        if not isinstance(value, list):
            return py_literal(value)
        return "[" + ", ".join(self.item.literal(item, fields_of) for item in value) + "]"

    def models(self) -> frozenset[str]:
        return self.item.models()


@final
@dataclass(frozen=True, kw_only=True)
class MapType(Kind):
    value: TypeRef

    def hint(self, mode: Mode, open_enums: bool = False) -> Code:
        return generic("Dict", plain("str"), self.value.hint(mode, open_enums))

    def doc(self, models_path: str) -> str:
        return f"Dict[str, {self.value.doc(models_path)}]"

    def example(self, fields_of: ModelFields, depth: int, building: frozenset[str]) -> Any:
        if depth > _EXAMPLE_DEPTH or isinstance(self.value, AnyType):
            return {}
        value = self.value.example(fields_of, depth + 1, building)
        return {} if value is _CYCLE else {"key": value}

    def fits(self, value: JsonValue, mode: Mode, fields_of: ModelFields) -> bool:
        return isinstance(value, dict) and all(
            self.value.fits(item, mode, fields_of) for item in value.values()
        )

    def literal(self, value: JsonValue, fields_of: ModelFields) -> str:
        if not isinstance(value, dict):
            return py_literal(value)
        return _dict_literal(value, lambda key: self.value, fields_of)

    def models(self) -> frozenset[str]:
        return self.value.models()


def _dict_literal(
    value: dict[Any, Any], type_of: Callable[[object], TypeRef], fields_of: ModelFields
) -> str:
    items = (
        f"{py_literal(str(key))}: {type_of(key).literal(item, fields_of)}"
        for key, item in value.items()
    )
    return "{" + ", ".join(items) + "}"


@final
@dataclass(frozen=True, kw_only=True)
class UnionType(Kind):
    options: tuple[TypeRef, ...]
    # The Python name of the field whose literal value tells the model options apart.
    discriminator: str | None = None
    # A stated discriminator whose fields are not literals: the property (wire name), and which
    # of its values means which option model (by class name), from the mapping or the names.
    tag_field: str = ""
    tags: tuple[tuple[str, str], ...] = ()

    def hint(self, mode: Mode, open_enums: bool = False) -> Code:
        parts: list[Code] = []
        for option in self.options:
            if isinstance(option, ModelType) and mode == "input":
                parts.extend(option.input_options())
            else:
                parts.append(option.hint(mode, open_enums))
        union = generic("Union", *parts)
        if self.discriminator and mode == "model":
            tag = py_literal(self.discriminator)
            return union.wrapped(
                "Annotated[",
                f", Field(discriminator={tag})]",
                typing_name("Annotated"),
                Import(module="pydantic", name="Field"),
            )
        if self.tags and mode == "model":
            return self._tagged(open_enums)
        return union

    def _tagged(self, open_enums: bool) -> Code:
        """Each option under its class name as a pydantic Tag; `field_tag` reads the wire value
        and maps it to that name. Underscored aliases: a spec may have a `Tag` schema."""
        options = [
            option.hint("model", open_enums).wrapped(
                "Annotated[", f", _Tag({py_literal(option.name)})]", typing_name("Annotated")
            )
            for option in self.options
            if isinstance(option, ModelType)
        ]
        tags = "{" + ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in self.tags) + "}"
        field = py_literal(self.tag_field)
        return generic("Union", *options).wrapped(
            "Annotated[",
            f", _Discriminator(field_tag({field}, {tags}))]",
            typing_name("Annotated"),
            Import(module="pydantic", name="Discriminator", alias="_Discriminator"),
            Import(module="pydantic", name="Tag", alias="_Tag"),
            Import(module=".utils.basemodel", name="field_tag"),
        )

    def doc(self, models_path: str) -> str:
        return "Union[" + ", ".join(option.doc(models_path) for option in self.options) + "]"

    def example(self, fields_of: ModelFields, depth: int, building: frozenset[str]) -> Any:
        for option in self.options:
            value = option.example(fields_of, depth, building)
            if value is not _CYCLE:
                return value
        return _CYCLE

    def fits(self, value: JsonValue, mode: Mode, fields_of: ModelFields) -> bool:
        return any(option.fits(value, mode, fields_of) for option in self.options)

    def literal(self, value: JsonValue, fields_of: ModelFields) -> str:
        # Written as the first option it fits, so that text inside an upload option is bytes.
        option = next((o for o in self.options if o.fits(value, "input", fields_of)), None)
        return py_literal(value) if option is None else option.literal(value, fields_of)

    def models(self) -> frozenset[str]:
        return frozenset().union(*(option.models() for option in self.options))


@final
@dataclass(frozen=True, kw_only=True)
class LiteralType(Kind):
    """An enum or const: the allowed wire values, in spec order."""

    values: tuple[str | int | float | bool, ...]

    def hint(self, mode: Mode, open_enums: bool = False) -> Code:
        closed = generic("Literal", *(plain(py_literal(value)) for value in self.values))
        return generic("Union", closed, self._open_base()) if open_enums else closed

    def _open_base(self) -> Code:
        kinds = {type(value) for value in self.values}
        if kinds <= {str}:
            return plain("str")
        if kinds <= {int}:
            return plain("int")
        return plain("Any", typing_name("Any"))

    def doc(self, models_path: str) -> str:
        shown = ", ".join(py_literal(value) for value in self.values)
        return f"*Literal[{md_escape(shown)}]*"

    def example(self, fields_of: ModelFields, depth: int, building: frozenset[str]) -> Any:
        return self.values[0]

    def fits(self, value: JsonValue, mode: Mode, fields_of: ModelFields) -> bool:
        return any(type(value) is type(option) and value == option for option in self.values)

    def literal(self, value: JsonValue, fields_of: ModelFields) -> str:
        return py_literal(value)

    def models(self) -> frozenset[str]:
        return frozenset()


@final
@dataclass(frozen=True, kw_only=True)
class AnyType(Kind):
    def hint(self, mode: Mode, open_enums: bool = False) -> Code:
        return plain("Any", typing_name("Any"))

    def doc(self, models_path: str) -> str:
        return "*Any*"

    def example(self, fields_of: ModelFields, depth: int, building: frozenset[str]) -> Any:
        return "<value>"

    def fits(self, value: JsonValue, mode: Mode, fields_of: ModelFields) -> bool:
        return True

    def literal(self, value: JsonValue, fields_of: ModelFields) -> str:
        return py_literal(value)

    def models(self) -> frozenset[str]:
        return frozenset()


@final
@dataclass(frozen=True, kw_only=True)
class NullableType(Kind):
    inner: TypeRef

    def hint(self, mode: Mode, open_enums: bool = False) -> Code:
        return generic("Optional", self.inner.hint(mode, open_enums))

    def doc(self, models_path: str) -> str:
        inner = self.inner.doc(models_path)
        if isinstance(self.inner, Primitive):
            return f"*Nullable[{inner.strip('*')}]*"
        return f"Nullable[{inner}]"

    def example(self, fields_of: ModelFields, depth: int, building: frozenset[str]) -> Any:
        value = self.inner.example(fields_of, depth, building)
        return None if value is _CYCLE else value

    def fits(self, value: JsonValue, mode: Mode, fields_of: ModelFields) -> bool:
        return value is None or self.inner.fits(value, mode, fields_of)

    def literal(self, value: JsonValue, fields_of: ModelFields) -> str:
        return self.inner.literal(value, fields_of)

    def models(self) -> frozenset[str]:
        return self.inner.models()


TypeRef = (
    Primitive | ModelType | ListType | MapType | UnionType | LiteralType | AnyType | NullableType
)


def synthesize(type_ref: TypeRef, fields_of: ModelFields) -> Any:
    """A value of the given type, for snippets where the spec has no example."""
    value = type_ref.example(fields_of, 0, frozenset())
    # Required properties that lead back to their own model, with no null, list or other
    # option on the way, have no finite value; an empty object is the nearest.
    return {} if value is _CYCLE else value


def has_finite_value(type_ref: TypeRef, fields_of: ModelFields) -> bool:
    return type_ref.example(fields_of, 0, frozenset()) is not _CYCLE


def no_models(name: str) -> tuple[Field, ...]:
    """The fields of no model: for values that a model never fits (mode "model")."""
    return ()
