"""TypeRefs as Python annotations (with the imports they need) and as Markdown for the docs."""

from __future__ import annotations

from generator.ir import (
    AnyType,
    Field,
    ListType,
    LiteralType,
    MapType,
    Model,
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
    "date": "_dt.date",
    "datetime": "_dt.datetime",
}
_PRIMITIVE_DOCS = {
    "str": "*str*",
    "int": "*int*",
    "float": "*float*",
    "bool": "*bool*",
    "bytes": "*bytes*",
    "date": "[datetime.date](https://docs.python.org/3/library/datetime.html#date-objects)",
    "datetime": "[datetime.datetime](https://docs.python.org/3/library/datetime.html#datetime-objects)",
}


def type_hint(type_ref: TypeRef) -> str:
    """The annotation for a value of this type; null shows as Optional.

    typing.List and typing.Dict, not the builtins: a method or field called `list` must not
    shadow the type in annotations beside it.
    """
    if isinstance(type_ref, Primitive):
        return _PRIMITIVE_HINTS[type_ref.name]
    if isinstance(type_ref, ModelType):
        return type_ref.name
    if isinstance(type_ref, ListType):
        return f"List[{type_hint(type_ref.item)}]"
    if isinstance(type_ref, MapType):
        return f"Dict[str, {type_hint(type_ref.value)}]"
    if isinstance(type_ref, UnionType):
        return "Union[" + ", ".join(type_hint(option) for option in type_ref.options) + "]"
    if isinstance(type_ref, LiteralType):
        return "Literal[" + ", ".join(py_literal(value) for value in type_ref.values) + "]"
    if isinstance(type_ref, NullableType):
        return f"Optional[{type_hint(type_ref.inner)}]"
    return "Any"


def field_hint(type_ref: TypeRef, required: bool) -> str:
    """The annotation for a model field or a keyword argument, by required and nullable."""
    if isinstance(type_ref, NullableType):
        inner = type_hint(type_ref.inner)
        return f"Nullable[{inner}]" if required else f"OptionalNullable[{inner}]"
    hint = type_hint(type_ref)
    return hint if required or hint == "Any" else f"Optional[{hint}]"


def model_hint(field: Field) -> str:
    """A model field's annotation: fields left out of a body are None, as are null ones."""
    if field.required or not isinstance(field.type, NullableType):
        return field_hint(field.type, field.required)
    return f"Optional[{type_hint(field.type.inner)}]"


def field_default(field: Field) -> str | None:
    """The default of a model field, or None for a required one. Whether an optional field was
    given at all is kept by pydantic (`exclude_unset`), so None is a safe default."""
    if field.required:
        return None
    if field.has_default and field.default is not None:
        return py_literal(field.default)
    return "None"


def models_used(type_ref: TypeRef | None) -> set[str]:
    found: set[str] = set()
    stack: list[TypeRef] = [type_ref] if type_ref is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, ModelType):
            found.add(current.name)
        elif isinstance(current, ListType):
            stack.append(current.item)
        elif isinstance(current, MapType):
            stack.append(current.value)
        elif isinstance(current, UnionType):
            stack.extend(current.options)
        elif isinstance(current, NullableType):
            stack.append(current.inner)
    return found


def uses_dates(type_refs: list[TypeRef]) -> bool:
    return any(type_hint(type_ref).find("_dt.") >= 0 for type_ref in type_refs)


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


def model_by_name(models: tuple[Model, ...]) -> dict[str, Model]:
    return {model.name: model for model in models}
