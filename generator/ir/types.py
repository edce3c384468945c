"""The schema kinds: every type a field, argument or response can have."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from typing import Literal as TypingLiteral

# Example and default values stay as the spec gave them (JSON-like data); renderers turn them into
# Python or Markdown literals.
JsonValue = Any

# "stream" is a binary response body, handed to the caller unread.
PrimitiveName = TypingLiteral["str", "int", "float", "bool", "bytes", "date", "datetime", "stream"]


@dataclass(frozen=True)
class Primitive:
    name: PrimitiveName
    format: str | None = None


@dataclass(frozen=True)
class ModelType:
    name: str
    # The TypedDict twin that lets callers pass a plain dict where the model is accepted.
    typed_dict: str = ""


@dataclass(frozen=True)
class ListType:
    item: TypeRef


@dataclass(frozen=True)
class MapType:
    value: TypeRef


@dataclass(frozen=True)
class UnionType:
    options: tuple[TypeRef, ...]
    # The Python name of the field whose literal value tells the model options apart.
    discriminator: str | None = None
    # A stated discriminator whose fields are not literals: the property (wire name), and which
    # of its values means which option model (by class name), from the mapping or the names.
    tag_field: str = ""
    tags: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LiteralType:
    """An enum or const: the allowed wire values, in spec order."""

    values: tuple[str | int | float | bool, ...]


@dataclass(frozen=True)
class AnyType:
    pass


@dataclass(frozen=True)
class NullableType:
    inner: TypeRef


TypeRef = (
    Primitive | ModelType | ListType | MapType | UnionType | LiteralType | AnyType | NullableType
)


def models_in(type_ref: TypeRef) -> set[str]:
    """The names of the models a type mentions, at any depth of lists, maps and unions."""
    found: set[str] = set()
    stack = [type_ref]
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
