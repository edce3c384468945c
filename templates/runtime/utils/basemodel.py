"""The base of every generated model, and the tag reader of unions a mapping discriminates."""

from typing import Any, Callable, Mapping, Optional

from pydantic import BaseModel, ConfigDict

from .values import is_dict


class SDKModel(BaseModel):
    """Accepts wire names and Python names alike, and keeps fields a newer server adds."""

    model_config = ConfigDict(
        populate_by_name=True, extra="allow", protected_namespaces=()
    )


def field_tag(
    wire_name: str, tags: Mapping[str, str]
) -> Callable[[Any], Optional[str]]:
    """For a pydantic Discriminator: the option a wire dict's `wire_name` value selects, or
    the class name of an option already built."""

    def tag_of(value: Any) -> Optional[str]:
        if is_dict(value):
            found = value.get(wire_name)
            return tags.get(found) if isinstance(found, str) else None
        return type(value).__name__

    return tag_of
