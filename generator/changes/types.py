"""How a type changed, for the side that sends it (input) or the side that reads it (output).

A type is compared by the values it holds: the new type `covers` the old one when every value of
the old fits the new. An input that covers more accepts more (a feature); an output that covers
more may hand the caller values it did not expect (a type-level change).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from generator.ir import (
    AnyType,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    Primitive,
    TypeRef,
    UnionType,
)
from generator.text import py_literal

Side = Literal["input", "output"]

_NONE: Mapping[str, str] = {}

# Which primitive's values another primitive's values include (int fits a float).
_WIDER = {("float", "int")}


def covers(wide: TypeRef, narrow: TypeRef, aliases: Mapping[str, str] = _NONE) -> bool:
    """Whether every value of `narrow` is a value of `wide`. Models compare by name (an old
    name kept as an alias of a new one is that one): their fields are compared model by model,
    not here."""
    if isinstance(wide, AnyType) or wide == narrow:
        return True
    if isinstance(narrow, NullableType):
        return isinstance(wide, NullableType) and covers(wide.inner, narrow.inner, aliases)
    if isinstance(wide, NullableType):
        return covers(wide.inner, narrow, aliases)
    if isinstance(narrow, UnionType):
        return all(covers(wide, option, aliases) for option in narrow.options)
    if isinstance(wide, UnionType):
        return any(covers(option, narrow, aliases) for option in wide.options)
    if isinstance(wide, LiteralType):
        return isinstance(narrow, LiteralType) and set(narrow.values) <= set(wide.values)
    if isinstance(wide, Primitive):
        if isinstance(narrow, LiteralType):
            return all(_primitive_holds(wide, value) for value in narrow.values)
        return isinstance(narrow, Primitive) and (
            wide.name == narrow.name or (wide.name, narrow.name) in _WIDER
        )
    if isinstance(wide, ListType):
        return isinstance(narrow, ListType) and covers(wide.item, narrow.item, aliases)
    if isinstance(wide, MapType):
        return isinstance(narrow, MapType) and covers(wide.value, narrow.value, aliases)
    if isinstance(wide, ModelType):
        return isinstance(narrow, ModelType) and aliases.get(wide.name, wide.name) == aliases.get(
            narrow.name, narrow.name
        )
    return False


def _primitive_holds(primitive: Primitive, value: object) -> bool:
    if isinstance(value, bool):
        return primitive.name == "bool"
    if isinstance(value, int):
        return primitive.name in ("int", "float")
    return isinstance(value, str) and primitive.name == "str"


# A rule triggered, with the old and the new value as the SDK spells them ("" where none).
Finding = tuple[str, str, str]


def type_changes(
    old: TypeRef, new: TypeRef, side: Side, closed: bool, aliases: Mapping[str, str] = _NONE
) -> list[Finding]:
    """The rules a type change triggers. `closed` says whether an output enum is closed (a
    discriminator, or a whole return value): the SDK's response fields otherwise admit values
    newer servers add (`Literal[...] | str`)."""
    if old == new:
        return []
    found: list[Finding] = []
    old_null, new_null = isinstance(old, NullableType), isinstance(new, NullableType)
    if old_null != new_null:
        found.append((f"{side}-nullable-{'added' if new_null else 'removed'}", "", ""))
    old_inner = old.inner if isinstance(old, NullableType) else old
    new_inner = new.inner if isinstance(new, NullableType) else new
    if old_inner == new_inner:
        return found
    if isinstance(old_inner, LiteralType) and isinstance(new_inner, LiteralType):
        return found + _enum_changes(old_inner, new_inner, side, closed)
    if (
        isinstance(old_inner, UnionType)
        and isinstance(new_inner, UnionType)
        and set(old_inner.options) == set(new_inner.options)
    ):
        return [*found, ("union-reordered", _shown(old_inner), _shown(new_inner))]
    widened = covers(new_inner, old_inner, aliases)
    narrowed = covers(old_inner, new_inner, aliases)
    shown = (_shown(old_inner), _shown(new_inner))
    if widened and not narrowed:
        found.append((f"{side}-type-widened", *shown))
    elif narrowed and not widened:
        found.append((f"{side}-type-narrowed", *shown))
    elif not (widened and narrowed):
        found.append(("type-changed", *shown))
    return found


def _enum_changes(old: LiteralType, new: LiteralType, side: Side, closed: bool) -> list[Finding]:
    added = [py_literal(value) for value in new.values if value not in old.values]
    removed = [py_literal(value) for value in old.values if value not in new.values]
    found: list[Finding] = []
    for value in added:
        if side == "input":
            found.append(("input-enum-value-added", "", value))
        else:
            found.append((f"output-enum-value-added-{'closed' if closed else 'open'}", "", value))
    found.extend((f"{side}-enum-value-removed", value, "") for value in removed)
    return found


def _shown(type_ref: TypeRef) -> str:
    return type_ref.hint("model").text
