"""Fields and arguments as Python annotations (with the imports they need) and as docs text: what
required, optional and nullable add around the hint of their type's kind."""

from __future__ import annotations

from generator.ir import AnyType, Field, NullableType, TypeRef
from generator.ir.code import Code, generic
from generator.ir.types import Mode
from generator.text import py_literal


def field_hint(type_ref: TypeRef, required: bool, mode: Mode = "model") -> Code:
    """The annotation for a keyword argument, by required and nullable."""
    if isinstance(type_ref, NullableType):
        wrapper = "Nullable" if required else "OptionalNullable"
        return generic(wrapper, type_ref.inner.hint(mode), module=".utils.values")
    hint = type_ref.hint(mode)
    return hint if required or isinstance(type_ref, AnyType) else generic("Optional", hint)


def model_hint(field: Field, open_enums: bool = False) -> Code:
    """A pydantic field's annotation: fields left out of a body are None, as are null ones.

    Models that responses carry take enums open, so a value added by a newer server parses;
    a union's discriminator stays closed, as pydantic needs it to be.
    """
    open_enums = open_enums and not field.discriminates
    if isinstance(field.type, NullableType):
        inner = field.type.inner.hint("model", open_enums)
        if field.required:
            return generic("Nullable", inner, module=".utils.values")
        return generic("Optional", inner)
    hint = field.type.hint("model", open_enums)
    return hint if field.required or isinstance(field.type, AnyType) else generic("Optional", hint)


def typed_dict_hint(field: Field) -> Code:
    """A TypedDict key's annotation: NotRequired when the body may leave the key out."""
    hint = field.type.hint("dict")
    return hint if field.required else generic("NotRequired", hint, module="typing_extensions")


def field_default(field: Field) -> str | None:
    """The default of a model field, or None for a required one. Whether an optional field was
    given at all is kept by pydantic (`exclude_unset`), so None is a safe default."""
    if field.required:
        return None
    if field.has_default and field.default is not None:
        return py_literal(field.default)
    return "None"


def optional_doc_type(type_ref: TypeRef, required: bool, models_path: str) -> str:
    shown = type_ref.doc(models_path)
    if required or isinstance(type_ref, NullableType):
        return shown
    if shown.startswith("*") and shown.endswith("*"):
        return f"*Optional[{shown[1:-1]}]*"
    return f"Optional[{shown}]"
