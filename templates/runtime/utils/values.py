"""Values that travel between the caller and the wire: the UNSET sentinel and JSON conversion."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from typing import Any, Final, Optional, TypeVar, Union

from pydantic import BaseModel
from typing_extensions import TypeGuard

T = TypeVar("T")


class Unset:
    """The type of UNSET: an argument that was not given, as opposed to None (JSON null)."""

    _instance: Optional["Unset"] = None

    def __new__(cls) -> "Unset":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()

# A required value that may be null.
Nullable = Union[T, None]
# An optional value that may be null: UNSET leaves it out, None sends null.
OptionalNullable = Union[Optional[T], Unset]


def is_list(value: object) -> TypeGuard[list[Any]]:
    """`isinstance(value, list)`, telling type checkers the items may be anything (a bare
    isinstance leaves them unknown, which pyright's strict mode rejects)."""
    return isinstance(value, list)


def is_dict(value: object) -> TypeGuard[dict[Any, Any]]:
    """`isinstance(value, dict)`, its keys and values typed as anything (see `is_list`)."""
    return isinstance(value, dict)


def is_array(value: object) -> TypeGuard[Union[list[Any], tuple[Any, ...]]]:
    """A list or a tuple (both go on the wire as JSON arrays), items typed as anything."""
    return isinstance(value, (list, tuple))


def is_mapping(value: object) -> TypeGuard[Mapping[Any, Any]]:
    """`isinstance(value, Mapping)`, its keys and values typed as anything (see `is_list`)."""
    return isinstance(value, Mapping)


# Types whose values are already plain JSON: checked by exact type first, the common case.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def to_jsonable(value: Any) -> Any:
    """Plain JSON data from models, mappings, sequences, dates and enums; UNSET entries are dropped."""
    # `__class__` rather than type(): checking it leaves `value`'s type (Any) as it is.
    kind = value.__class__
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {
            key if type(key) is str else str(key): to_jsonable(item)
            for key, item in value.items()
            if not isinstance(item, Unset)
        }
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if is_mapping(value):
        return {
            str(key): to_jsonable(item)
            for key, item in value.items()
            if not isinstance(item, Unset)
        }
    if is_array(value):
        return [to_jsonable(item) for item in value]
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def compact(values: Mapping[str, Any], nullable: frozenset[str]) -> dict[str, Any]:
    """Arguments that were given: UNSET is always left out, None only where null is not allowed."""
    return {
        key: value
        for key, value in values.items()
        if not isinstance(value, Unset) and (value is not None or key in nullable)
    }
