"""TypeRefs as Python annotations (with the imports they need) and as Markdown for the docs."""

from __future__ import annotations

from typing import Literal

from generator.ir import (
    AnyType,
    Field,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    Primitive,
    TypeRef,
    UnionType,
)
from generator.render.literals import md_escape, py_literal

_PRIMITIVE_HINTS = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "bytes": "bytes",
    "stream": "httpx.Response",
    "date": "_dt.date",
    "datetime": "_dt.datetime",
}
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


Mode = Literal["model", "input", "dict"]


def type_hint(type_ref: TypeRef, mode: Mode = "model", open_enums: bool = False) -> str:
    """The annotation for a value of this type; null shows as Optional.

    mode "model" names models; "input" also accepts their TypedDict (a caller's plain dict);
    "dict" names only the TypedDict, inside another TypedDict. With `open_enums`, an enum also
    admits values a newer server may add. typing.List and typing.Dict, not the builtins: a
    method or field called `list` must not shadow the type in annotations beside it.
    """
    if isinstance(type_ref, Primitive):
        if type_ref.name == "bytes" and mode == "input":
            # An upload: the content, an open file, or either with a name and content type.
            return "Union[bytes, IO[bytes], FileUpload]"
        if type_ref.name in ("date", "datetime") and mode != "model":
            # Sent as ISO 8601 text, which a caller (and every docs example) may give as it is.
            return f"Union[{_PRIMITIVE_HINTS[type_ref.name]}, str]"
        return _PRIMITIVE_HINTS[type_ref.name]
    if isinstance(type_ref, ModelType):
        if mode == "dict":
            return type_ref.typed_dict
        if mode == "input":
            return f"Union[{type_ref.name}, {type_ref.typed_dict}]"
        return type_ref.name
    if isinstance(type_ref, ListType):
        return f"List[{type_hint(type_ref.item, mode, open_enums)}]"
    if isinstance(type_ref, MapType):
        return f"Dict[str, {type_hint(type_ref.value, mode, open_enums)}]"
    if isinstance(type_ref, UnionType):
        parts: list[str] = []
        for option in type_ref.options:
            if isinstance(option, ModelType) and mode == "input":
                parts.extend((option.name, option.typed_dict))
            else:
                parts.append(type_hint(option, mode, open_enums))
        options = ", ".join(parts)
        if type_ref.discriminator and mode == "model":
            tag = py_literal(type_ref.discriminator)
            return f"Annotated[Union[{options}], Field(discriminator={tag})]"
        if type_ref.tags and mode == "model":
            return _tagged_union(type_ref, open_enums)
        return f"Union[{options}]"
    if isinstance(type_ref, LiteralType):
        closed = "Literal[" + ", ".join(py_literal(value) for value in type_ref.values) + "]"
        return f"Union[{closed}, {_open_base(type_ref)}]" if open_enums else closed
    if isinstance(type_ref, NullableType):
        return f"Optional[{type_hint(type_ref.inner, mode, open_enums)}]"
    return "Any"


def _tagged_union(type_ref: UnionType, open_enums: bool) -> str:
    """Each option under its class name as a pydantic Tag; `field_tag` reads the wire value
    and maps it to that name. Underscored aliases: a spec may have a `Tag` schema."""
    options = ", ".join(
        f"Annotated[{type_hint(option, 'model', open_enums)}, _Tag({py_literal(option.name)})]"
        for option in type_ref.options
        if isinstance(option, ModelType)
    )
    tags = "{" + ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in type_ref.tags) + "}"
    field = py_literal(type_ref.tag_field)
    return f"Annotated[Union[{options}], _Discriminator(field_tag({field}, {tags}))]"


def _open_base(type_ref: LiteralType) -> str:
    kinds = {type(value) for value in type_ref.values}
    if kinds <= {str}:
        return "str"
    if kinds <= {int}:
        return "int"
    return "Any"


def field_hint(type_ref: TypeRef, required: bool, mode: Mode = "model") -> str:
    """The annotation for a keyword argument, by required and nullable."""
    if isinstance(type_ref, NullableType):
        inner = type_hint(type_ref.inner, mode)
        return f"Nullable[{inner}]" if required else f"OptionalNullable[{inner}]"
    hint = type_hint(type_ref, mode)
    return hint if required or hint == "Any" else f"Optional[{hint}]"


def model_hint(field: Field, open_enums: bool = False) -> str:
    """A pydantic field's annotation: fields left out of a body are None, as are null ones.

    Models that responses carry take enums open, so a value added by a newer server parses;
    a union's discriminator stays closed, as pydantic needs it to be.
    """
    open_enums = open_enums and not field.discriminates
    if isinstance(field.type, NullableType):
        inner = type_hint(field.type.inner, "model", open_enums)
        return f"Nullable[{inner}]" if field.required else f"Optional[{inner}]"
    hint = type_hint(field.type, "model", open_enums)
    return hint if field.required or hint == "Any" else f"Optional[{hint}]"


def typed_dict_hint(field: Field) -> str:
    """A TypedDict key's annotation: NotRequired when the body may leave the key out."""
    hint = type_hint(field.type, "dict")
    return hint if field.required else f"NotRequired[{hint}]"


def field_default(field: Field) -> str | None:
    """The default of a model field, or None for a required one. Whether an optional field was
    given at all is kept by pydantic (`exclude_unset`), so None is a safe default."""
    if field.required:
        return None
    if field.has_default and field.default is not None:
        return py_literal(field.default)
    return "None"


def doc_type(type_ref: TypeRef, models_path: str) -> str:
    """The type as the docs show it, with links to model pages under `models_path`."""
    if isinstance(type_ref, Primitive):
        return _PRIMITIVE_DOCS[type_ref.name]
    if isinstance(type_ref, ModelType):
        return f"[models.{type_ref.name}]({models_path}{model_page(type_ref.name)})"
    if isinstance(type_ref, ListType):
        return f"List[{doc_type(type_ref.item, models_path)}]"
    if isinstance(type_ref, MapType):
        return f"Dict[str, {doc_type(type_ref.value, models_path)}]"
    if isinstance(type_ref, UnionType):
        return (
            "Union[" + ", ".join(doc_type(option, models_path) for option in type_ref.options) + "]"
        )
    if isinstance(type_ref, LiteralType):
        shown = ", ".join(py_literal(value) for value in type_ref.values)
        return f"*Literal[{md_escape(shown)}]*"
    if isinstance(type_ref, NullableType):
        return (
            f"*Nullable[{doc_type(type_ref.inner, models_path).strip('*')}]*"
            if isinstance(type_ref.inner, Primitive)
            else f"Nullable[{doc_type(type_ref.inner, models_path)}]"
        )
    if isinstance(type_ref, AnyType):
        return "*Any*"
    raise TypeError(type_ref)


def optional_doc_type(type_ref: TypeRef, required: bool, models_path: str) -> str:
    shown = doc_type(type_ref, models_path)
    if required or isinstance(type_ref, NullableType):
        return shown
    if shown.startswith("*") and shown.endswith("*"):
        return f"*Optional[{shown[1:-1]}]*"
    return f"Optional[{shown}]"


def model_page(name: str) -> str:
    return name.lower() + ".md"
