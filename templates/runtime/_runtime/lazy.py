"""The module-level `__getattr__` of every SDK module that imports what it names on first use
(the package's models, utils and the base module's send loop): one way to load and keep them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def first_use_getattr(
    namespace: dict[str, Any], modules: Mapping[str, str], anchor: str, prefix: str = ""
) -> Callable[[str], Any]:
    """A `__getattr__` for the module whose globals are `namespace`: it imports a name from its
    module in `modules` (`prefix` before it, relative to the package `anchor`) and keeps it in
    `namespace`, where the next read finds it without coming here again."""

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            owner = namespace["__name__"]
            raise AttributeError(f"module {owner!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(prefix + module, anchor), name)
        namespace[name] = value
        return value

    return __getattr__
